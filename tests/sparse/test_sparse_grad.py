"""row_sparse gradients (attach_grad, Embedding(sparse_grad=True)) and lazy optimizer updates vs MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check
from tests.sparse.test_sparse_ndarray import sp

W0 = (np.arange(18, dtype=np.float32).reshape(6, 3) - 7) / 10


def test_attach_grad_row_sparse_dense_op():
    def f(mx):
        x = mx.nd.array([[1, 2], [0, 0], [3, 4]])
        x.attach_grad(stype='row_sparse')
        before = sp(x.grad)
        with mx.autograd.record():
            y = (x * mx.nd.array([[1, 1], [0, 0], [2, 2]])).sum()
        y.backward()
        return before, sp(x.grad)
    check(f)


@pytest.mark.parametrize("req", ["write", "add"])
def test_embedding_sparse_grad(req):
    def f(mx):
        w = mx.nd.array(W0)
        w.attach_grad(req, stype='row_sparse')
        outs = []
        for idx in ([3, 1, 3], [0, 3]):
            with mx.autograd.record():
                z = mx.nd.Embedding(mx.nd.array(idx), w, input_dim=6, output_dim=3, sparse_grad=True)
                loss = (z * mx.nd.array(np.arange(len(idx) * 3).reshape(len(idx), 3))).sum()
            loss.backward()
            outs.append(sp(w.grad))
        with mx.autograd.record():
            z = mx.nd.Embedding(mx.nd.array([2]), w, input_dim=6, output_dim=3, sparse_grad=True)
            (z * 0).sum().backward()
        outs.append(sp(w.grad))
        return outs
    check(f)


def test_embedding_sparse_grad_needs_sparse_buffer():
    def f(mx):
        w = mx.nd.array(W0)
        w.attach_grad()
        with mx.autograd.record():
            z = mx.nd.Embedding(mx.nd.array([1]), w, input_dim=6, output_dim=3, sparse_grad=True)
        z.backward()
        mx.nd.waitall()
        return w.grad
    check(f)


def _train(mx, opt, kw, steps=3, hybridize=False):
    net = mx.gluon.nn.Embedding(6, 3, sparse_grad=True)
    net.initialize(mx.init.Constant(mx.nd.array(W0)))
    if hybridize:
        net.hybridize()
    tr = mx.gluon.Trainer(net.collect_params(), opt, kw)
    grads = []
    for i in range(steps):
        x = mx.nd.array([[1, 4], [4, 4]] if i % 2 == 0 else [[0, 1]])
        with mx.autograd.record():
            out = net(x)
            loss = (out * out).sum()
        loss.backward()
        grads.append(sp(net.weight.grad()))
        tr.step(2)
    return net.weight.data(), grads, net.weight.grad_stype, net.weight.stype


@pytest.mark.parametrize("opt,kw", [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.1, "wd": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1, "lazy_update": False}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "clip_gradient": 0.5}),
    ("adam", {"learning_rate": 0.1, "wd": 0.1}),
    ("adam", {"learning_rate": 0.1, "wd": 0.1, "lazy_update": False}),
    ("rmsprop", {"learning_rate": 0.1, "wd": 0.1}),
    ("nag", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1}),
    ("adagrad", {"learning_rate": 0.1}),
    ("adagrad", {"learning_rate": 0.1, "wd": 0.1}),
])
def test_trainer_sparse_grad(opt, kw):
    check(lambda mx: _train(mx, opt, kw), atol=1e-5)


def test_trainer_sparse_grad_hybridized():
    check(lambda mx: _train(mx, "sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1}, hybridize=True),
          atol=1e-5)


def test_parameter_grad_stype(mx):
    p = mx.gluon.Parameter("w", shape=(4, 2), grad_stype="row_sparse")
    p.initialize(mx.init.One())
    assert p.grad().stype == "row_sparse"
    assert p.grad().indices.shape == (0,)
    p.zero_grad()
    assert p.grad().stype == "row_sparse"


def test_optimizer_update_lazy_rows():
    def f(mx):
        g = mx.nd.sparse.row_sparse_array((np.array([[1., 1, 1], [0, 0, 0]], np.float32), [1, 3]), shape=(6, 3))
        res = []
        for name, kw in [("sgd", {"momentum": 0.9}), ("adam", {}), ("sgd", {"lazy_update": False})]:
            opt = mx.optimizer.create(name, learning_rate=0.1, wd=0.1, **kw)
            upd = mx.optimizer.get_updater(opt)
            w = mx.nd.array(W0)
            for _ in range(2):
                upd(0, g, w)
            res.append(w)
        return res
    check(f)


CSR_X = np.array([[0., 2, 0, 0, 1], [0, 0, 0, 0, 0], [3, 0, 0, 0, 0], [0, 0, 0, 0.5, 0]], dtype=np.float32)


@pytest.mark.parametrize("grad_stype", ["row_sparse", "default"])
@pytest.mark.parametrize("transpose", [False, True])
def test_sparse_dot_weight_gradient(grad_stype, transpose):
    def f(mx):
        x = mx.nd.array(CSR_X if not transpose else CSR_X.T).tostype("csr")
        w = mx.nd.array(np.arange(10, dtype=np.float32).reshape(5, 2) / 10)
        w.attach_grad(stype=grad_stype)
        with mx.autograd.record():
            y = mx.nd.sparse.dot(x, w, transpose_a=transpose)
            loss = (y * y).sum() * 0 + y.sum()
        loss.backward()
        return y.asnumpy(), sp(w.grad)
    check(f)


@pytest.mark.parametrize("opt,kw", [("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
                                    ("adam", {"learning_rate": 0.05, "wd": 0.01}),
                                    ("sgd", {"learning_rate": 0.1, "wd": 0.01, "lazy_update": False})])
def test_sparse_linear_regression_gluon(opt, kw):
    """The tutorial's flow: csr batches, a weight with a row_sparse gradient, lazy updates."""
    rng = np.random.RandomState(0)
    feats = (rng.rand(12, 6) * (rng.rand(12, 6) < 0.3)).astype(np.float32)
    labels = feats @ np.arange(6, dtype=np.float32)

    def f(mx):
        w = mx.gluon.Parameter("w", shape=(6, 1), grad_stype="row_sparse", init=mx.init.Zero())
        w.initialize()
        tr = mx.gluon.Trainer([w], opt, kw, kvstore=None)
        loss_fn = mx.gluon.loss.L2Loss()
        for b in range(3):
            x = mx.nd.sparse.csr_matrix(feats[b * 4:(b + 1) * 4])
            y = mx.nd.array(labels[b * 4:(b + 1) * 4])
            with mx.autograd.record():
                loss = loss_fn(mx.nd.sparse.dot(x, w.data()), y)
            loss.backward()
            tr.step(4)
        return w.data(), sp(w.grad())
    check(f, atol=1e-5)


@pytest.mark.parametrize("w_stype", ["default", "row_sparse"])
@pytest.mark.parametrize("name,kw", [("sgd", {"momentum": 0.9}), ("adam", {}), ("sgd", {"lazy_update": False}),
                                     ("sgd", {"multi_precision": True, "momentum": 0.9})])
def test_optimizer_update_direct(w_stype, name, kw):
    """Optimizer.update / update_multi_precision called directly (as MXNet's compare_optimizer does)."""
    def f(mx):
        g = mx.nd.sparse.row_sparse_array((np.array([[1., 1, 1], [0, 0, 0]], np.float32), [1, 3]), shape=(6, 3))
        opt = mx.optimizer.create(name, learning_rate=0.1, wd=0.1, **kw)
        dtype = "float16" if kw.get("multi_precision") else "float32"
        w = mx.nd.array(W0 + 1, dtype=dtype)
        if w_stype != "default":
            w = w.tostype(w_stype)
        st = opt.create_state_multi_precision(0, w)
        for _ in range(2):
            opt.update_multi_precision(0, w, g.astype(dtype), st)
        return w.asnumpy(), w.stype
    check(f, atol=1e-3)


@pytest.mark.parametrize("kvstore,kw", [("device", {}), ("local", {}), ("device", {"update_on_kvstore": True})])
def test_trainer_sparse_grad_two_contexts(kvstore, kw):
    def f(mx):
        ctxs = [mx.cpu(0), mx.cpu(1)]
        net = mx.gluon.nn.Embedding(6, 3, sparse_grad=True)
        net.initialize(mx.init.Constant(mx.nd.array(W0)), ctx=ctxs)
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1},
                              kvstore=kvstore, **kw)
        for step in range(2):
            xs = [mx.nd.array([[1, 4]], ctx=ctxs[0]), mx.nd.array([[4, 0]], ctx=ctxs[1])]
            with mx.autograd.record():
                losses = [(net(x) ** 2).sum() for x in xs]
            mx.autograd.backward(losses)
            tr.step(2)
        return [w.asnumpy() for w in net.weight.list_data()], tr._update_on_kvstore
    check(f, atol=1e-5)


@pytest.mark.parametrize("opt,kw", [("sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01}),
                                    ("adam", {"learning_rate": 0.05})])
@pytest.mark.parametrize("kvstore", ["device", "local"])
def test_row_sparse_weight_training(opt, kw, kvstore):
    """The sparse Gluon tutorial's flow: a row_sparse weight pulled by row_sparse_data, updated in the kvstore."""
    rng = np.random.RandomState(1)
    feats = (rng.rand(12, 6) * (rng.rand(12, 6) < 0.4)).astype(np.float32)
    labels = feats @ np.arange(6, dtype=np.float32)

    def f(mx):
        class SparseLinear(mx.gluon.Block):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                with self.name_scope():
                    self.weight = self.params.get("weight", shape=(6, 1), stype="row_sparse",
                                                  grad_stype="row_sparse", init=mx.init.Constant(0.5))

            def forward(self, x):
                w = self.weight.row_sparse_data(x.indices)
                return mx.nd.sparse.dot(x, w)

        net = SparseLinear()
        net.initialize()
        tr = mx.gluon.Trainer(net.collect_params(), opt, kw, kvstore=kvstore)
        loss_fn = mx.gluon.loss.L2Loss()
        out = []
        for b in range(3):
            x = mx.nd.sparse.csr_matrix(feats[b * 4:(b + 1) * 4])
            y = mx.nd.array(labels[b * 4:(b + 1) * 4])
            with mx.autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            out.append(sp(net.weight.grad()))
            tr.step(4)
        w = net.weight.row_sparse_data(mx.nd.arange(6))
        return sp(w), out, tr._update_on_kvstore
    check(f, atol=1e-5)


def test_row_sparse_parameter_accessors():
    def f(mx):
        p = mx.gluon.Parameter("w", shape=(4, 2), stype="row_sparse", init=mx.init.One())
        p.initialize()
        errs = []
        for call in (lambda: p.data(), lambda: p.list_data(), lambda: p.row_sparse_data(mx.nd.array([1])),
                     lambda: p.row_sparse_data([1])):
            try:
                call()
                errs.append(None)
            except Exception as e:  # noqa: BLE001
                errs.append(type(e).__name__)
        tr = mx.gluon.Trainer([p], "sgd", kvstore="local")
        return errs, sp(p.row_sparse_data(mx.nd.array([2, 0]))), [sp(x) for x in p.list_row_sparse_data(mx.nd.array([3]))]
    check(f)


def test_contrib_sparse_embedding_training():
    def f(mx):
        net = mx.gluon.contrib.nn.SparseEmbedding(6, 3, weight_initializer=mx.init.Constant(mx.nd.array(W0)))
        net.initialize()
        tr = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9, "wd": 0.1})
        grads = []
        for i in range(3):
            x = mx.nd.array([[1, 4], [4, 4]] if i % 2 == 0 else [[0, 1]])
            with mx.autograd.record():
                loss = (net(x) ** 2).sum()
            loss.backward()
            grads.append(sp(net.weight.grad()))
            tr.step(2)
        return sp(net.weight.row_sparse_data(mx.nd.arange(6))), grads, repr(net)
    check(f, atol=1e-5)


def test_nd_contrib_sparse_embedding():
    def f(mx):
        w = mx.nd.array(W0)
        w.attach_grad(stype="row_sparse")
        with mx.autograd.record():
            y = mx.nd.contrib.SparseEmbedding(mx.nd.array([2, 5, 2]), w, input_dim=6, output_dim=3)
        y.backward()
        return y, sp(w.grad)
    check(f)


def test_sparse_parameter_single_trainer():
    def f(mx):
        x = mx.gluon.Parameter("x", shape=(10,), stype="row_sparse")
        x.initialize()
        t0 = mx.gluon.Trainer([x], "sgd")
        x._set_trainer(None)
        unset = x._trainer is None
        x._set_trainer(t0)
        mx.gluon.Trainer([x], "sgd")
        return unset
    check(f)


@pytest.mark.parametrize("kv", ["local", "device"])
@pytest.mark.parametrize("stype,grad_stype,update_on_kv", [("default", "row_sparse", None), ("default", "row_sparse", True),
                                                           ("default", "row_sparse", False),
                                                           ("row_sparse", "row_sparse", None),
                                                           ("row_sparse", "row_sparse", False)])
def test_trainer_sparse_kvstore_choice(kv, stype, grad_stype, update_on_kv):
    def f(mx):
        params = mx.gluon.ParameterDict()
        x = params.get("x", shape=(10, 1), lr_mult=1.0, stype=stype, grad_stype=grad_stype)
        params.initialize(ctx=[mx.cpu(0), mx.cpu(1)], init="zeros")
        trainer = mx.gluon.Trainer(params, "sgd", {"learning_rate": 0.1}, kvstore=kv, update_on_kvstore=update_on_kv)
        rows = mx.nd.arange(0, 10, ctx=mx.cpu(0))
        ws = x.list_data() if stype == "default" else x.list_row_sparse_data(rows)
        with mx.autograd.record():
            for w in ws:
                (w + 1).backward()
        trainer.step(1)
        mx.nd.waitall()
        w = x.data(mx.cpu(0)) if stype == "default" else x.row_sparse_data(rows)
        return trainer._kvstore.type, trainer._update_on_kvstore, w.asnumpy()
    check(f)


@pytest.mark.parametrize("array_stype", ["default", "csr", "row_sparse"])
@pytest.mark.parametrize("grad_stype", [None, "default", "csr", "row_sparse"])
def test_attach_grad_stypes(array_stype, grad_stype):
    def f(mx):
        x = mx.nd.zeros((1, 1), stype=array_stype)
        x.attach_grad(stype=grad_stype)
        return x.grad.stype, x.detach().stype
    check(f)


@pytest.mark.parametrize("weight_stype", ["row_sparse", "default"])
def test_dot_grad_of_sparse_variable(weight_stype):
    def f(mx):
        lhs = mx.nd.array(CSR_X[:, :5]).tostype("csr")
        rhs = mx.nd.ones((5, 3))
        if weight_stype == "row_sparse":
            rhs = rhs.tostype("row_sparse")
            rhs.attach_grad()
        else:
            rhs.attach_grad(stype="row_sparse")
        with mx.autograd.record():
            y = mx.nd.dot(lhs, rhs)
        y.backward()
        return y, sp(rhs.grad)
    check(f)


def test_sparse_embedding_leaf_marks_die_with_the_leaf():
    """A weight an Embedding(sparse_grad=True) used is remembered by identity, not by a reusable id(): once it is
    gone, a later dense-gradient variable (which may get the same id) backpropagates a sparse dot normally."""
    import gc
    import torch
    from torch2gluon.ndarray import _sparse_grad
    w = torch.zeros(3, 2, requires_grad=True)
    _sparse_grad.note_sparse_embedding(w)
    assert _sparse_grad.is_sparse_embedding_leaf(w)
    assert not _sparse_grad.is_sparse_embedding_leaf(torch.zeros(3, 2, requires_grad=True))
    gc.collect()  # leaves of earlier tests still in reference cycles die now, not in the count below
    n = len(_sparse_grad._EMBEDDING_LEAVES)
    del w
    gc.collect()
    assert len(_sparse_grad._EMBEDDING_LEAVES) == n - 1
