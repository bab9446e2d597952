"""Sparse operators in symbolic executors, dot(forward_stype=), cast_storage under autograd, gamma/cbrt
gradients and the sparse test_utils helpers, compared with MXNet 1.9.1 (found by sweeping MXNet's own
test_sparse_operator.py)."""
import numpy as np
import pytest

from tests.oracle import check

A = (np.arange(20, dtype=np.float32).reshape(4, 5) - 7) * (np.arange(20).reshape(4, 5) % 3 == 0) / 10
B = (np.arange(15, dtype=np.float32).reshape(5, 3) - 4) * (np.arange(15).reshape(5, 3) % 2 == 0) / 10
STYPES = ["default", "csr", "row_sparse"]


def sv(x):
    """Storage type, shape and dense values (MXNet may store explicit zeros: values, not parts)."""
    return (x.stype, x.shape, x.asnumpy())


@pytest.mark.parametrize("fs", [None, "default", "csr", "row_sparse"])
@pytest.mark.parametrize("ta,tb", [(False, False), (True, True)])
def test_dot_forward_stype(fs, ta, tb):
    def f(mx):
        out = []
        for la in STYPES:
            for lb in STYPES:
                a = mx.nd.array(A.T.copy() if ta else A).tostype(la)
                b = mx.nd.array(B.T.copy() if tb else B).tostype(lb)
                kw = {} if fs is None else {"forward_stype": fs}
                out.append(sv(mx.nd.dot(a, b, transpose_a=ta, transpose_b=tb, **kw)))
                out.append(sv(mx.nd.sparse.dot(a, b, transpose_a=ta, transpose_b=tb, **kw)))
        return out
    check(f)


@pytest.mark.parametrize("frm", STYPES)
@pytest.mark.parametrize("to", STYPES)
def test_cast_storage_recorded(frm, to):
    def f(mx):
        x = mx.nd.array([[0, 1.], [2, 0], [0, 0]]).tostype(frm)
        x.attach_grad(stype=to)
        with mx.autograd.record():
            y = mx.nd.cast_storage(x, stype=to)
        y.backward(mx.nd.array([[1, 2.], [3, 4], [5, 6]]).tostype(to))
        return y.asnumpy(), x.grad.stype, x.grad.asnumpy()
    check(f)


def test_tostype_csr_row_sparse_errors():
    x = "mx.nd.array([[0, 1.], [2, 0]])"
    check(lambda mx: mx.nd.cast_storage(eval(x).tostype("csr"), stype="row_sparse"))     # MXNetError
    check(lambda mx: mx.nd.cast_storage(eval(x).tostype("row_sparse"), stype="csr"))
    check(lambda mx: eval(x).tostype("csr").tostype("row_sparse"))                      # ValueError
    check(lambda mx: eval(x).tostype("row_sparse").tostype("csr"))


@pytest.mark.parametrize("op", ["gamma", "gammaln", "cbrt"])
def test_special_function_grads(op):
    def f(mx):
        x = mx.nd.array([0, -1, -2.5, 1, 0.5, -0.5, -1.5, -3.5, 3, 8])
        x.attach_grad()
        with mx.autograd.record():
            y = getattr(mx.nd, op)(x)
        y.backward()
        return y, x.grad
    check(f, rtol=1e-4)


def _bind_case(mx, make, stype, grad_stype, train):
    x = mx.nd.array([[0, 1.5, 0], [0, 0, 0], [2, 0, .5], [0, 0, 0]]).tostype(stype)
    g = mx.nd.zeros((4, 3)) if grad_stype == "default" else mx.nd.sparse.zeros(grad_stype, (4, 3))
    s = make(mx, mx.sym.Variable("data", stype=stype))
    e = s.bind(mx.cpu(), args=[x], args_grad=[g])
    before = e.outputs[0].stype
    e.forward(is_train=train)
    out = sv(e.outputs[0])
    e.backward(mx.nd.array(np.arange(12, dtype=np.float32).reshape(4, 3) - 5).tostype(out[0]))
    return before, out, sv(g)


SYM_OPS = {
    "sqrt": lambda mx, v: mx.sym.sparse.sqrt(v),
    "square": lambda mx, v: mx.sym.sparse.square(v),
    "negative": lambda mx, v: mx.sym.sparse.negative(v),
    "mul_scalar": lambda mx, v: v * 3,
    "plus_scalar": lambda mx, v: v + 3,
    "add_self": lambda mx, v: mx.sym.sparse.elemwise_add(v, v),
    "exp": lambda mx, v: mx.sym.exp(v),
    "sum": lambda mx, v: mx.sym.sum(v, axis=1, keepdims=True),
}


@pytest.mark.parametrize("name", sorted(SYM_OPS))
@pytest.mark.parametrize("stype,grad_stype", [("row_sparse", "row_sparse"), ("row_sparse", "default"),
                                              ("csr", "csr"), ("csr", "default")])
@pytest.mark.parametrize("train", [True, False])
def test_bind_sparse_args_and_grads(name, stype, grad_stype, train):
    if name == "sum":  # a (4, 1) head gradient
        def f(mx):
            x = mx.nd.array([[0, 1.5, 0], [0, 0, 0], [2, 0, .5], [0, 0, 0]]).tostype(stype)
            g = mx.nd.zeros((4, 3)) if grad_stype == "default" else mx.nd.sparse.zeros(grad_stype, (4, 3))
            e = SYM_OPS[name](mx, mx.sym.Variable("data", stype=stype)).bind(mx.cpu(), args=[x], args_grad=[g])
            e.forward(is_train=train)
            e.backward(mx.nd.array([[1.], [2], [3], [4]]))
            return sv(e.outputs[0]), sv(g)
        check(f)
        return
    check(lambda mx: _bind_case(mx, SYM_OPS[name], stype, grad_stype, train))


SIMPLE_BIND = {
    "emb_sg": ("mx.sym.Embedding(data=V('data'), weight=V('w'), input_dim=5, output_dim=3, sparse_grad=True)",
               {"data": (4,)}),
    "emb_rsp_weight": ("mx.sym.Embedding(data=V('data'), weight=V('w', stype='row_sparse'), input_dim=5, "
                       "output_dim=3)", {"data": (4,)}),
    "rsp_add": ("mx.sym.sparse.elemwise_add(V('a', stype='row_sparse'), V('b', stype='row_sparse'))",
                {"a": (4, 3), "b": (4, 3)}),
    "rsp_sqrt": ("mx.sym.sqrt(V('a', stype='row_sparse'))", {"a": (4, 3)}),
    "rsp_mul2": ("V('a', stype='row_sparse') * 2", {"a": (4, 3)}),
    "csr_sqrt": ("mx.sym.sqrt(V('a', stype='csr'))", {"a": (4, 3)}),
    "csr_exp": ("mx.sym.exp(V('a', stype='csr'))", {"a": (4, 3)}),
    "dot_csr_w": ("mx.sym.sparse.dot(V('x', stype='csr'), V('w'))", {"x": (4, 3), "w": (3, 2)}),
    "dot_csrT_w": ("mx.sym.sparse.dot(V('x', stype='csr'), V('w'), transpose_a=True)",
                   {"x": (4, 3), "w": (4, 2)}),
    "dot_dns_csr": ("mx.sym.sparse.dot(V('x'), V('w', stype='csr'))", {"x": (4, 3), "w": (3, 2)}),
    "where": ("mx.sym.where(V('c', stype='csr'), V('x'), V('y'))", {"c": (4, 3), "x": (4, 3), "y": (4, 3)}),
    "rsp_fc": ("mx.sym.FullyConnected(V('a', stype='row_sparse'), num_hidden=2)", {"a": (4, 3)}),
    "csr_sum": ("mx.sym.sum(V('a', stype='csr'))", {"a": (4, 3)}),
}


@pytest.mark.parametrize("name", sorted(SIMPLE_BIND))
def test_simple_bind_storage_types(name):
    code, shapes = SIMPLE_BIND[name]

    def f(mx):
        V = mx.sym.Variable  # noqa: F841 (used by the code string)
        e = eval(code).simple_bind(mx.cpu(), **shapes)
        return ({n: a.stype for n, a in e.arg_dict.items()},
                {n: (g.stype if g is not None else None) for n, g in e.grad_dict.items()},
                [o.stype for o in e.outputs])
    check(f)


def test_simple_bind_stype_dict():
    check(lambda mx: {n: a.stype for n, a in mx.sym.sqrt(mx.sym.Variable("a")).simple_bind(
        mx.cpu(), stype_dict={"a": "row_sparse"}, a=(4, 3)).arg_dict.items()})


@pytest.mark.parametrize("sparse_grad", [True, False])
@pytest.mark.parametrize("weight_stype", ["default", "row_sparse"])
def test_simple_bind_embedding_run(sparse_grad, weight_stype):
    def f(mx):
        data = mx.sym.Variable("data")
        weight = mx.sym.Variable("embed_weight", stype=weight_stype)
        embed = mx.sym.sparse.Embedding(data=data, weight=weight, input_dim=6, output_dim=3,
                                        sparse_grad=sparse_grad, name="embed")
        e = embed.simple_bind(mx.cpu(), grad_req={"data": "null", "embed_weight": "write"}, data=(4,))
        e.arg_dict["data"][:] = np.array([3, 1, 3, 0])
        w = (np.arange(18, dtype=np.float32).reshape(6, 3) - 5) * (np.arange(6) % 2 == 1)[:, None]
        e.arg_dict["embed_weight"][:] = mx.nd.array(w).tostype(weight_stype)
        e.forward(is_train=True)
        out = e.outputs[0].asnumpy()
        e.backward([mx.nd.array(np.arange(12, dtype=np.float32).reshape(4, 3))])
        return out, sv(e.grad_dict["embed_weight"]), e.arg_dict["embed_weight"].stype
    check(f)


def test_bind_reshape_into_sparse_dot_grad():
    def f(mx):
        x = mx.nd.array([[0.], [1.5], [0], [2]]).tostype("csr")
        w = mx.nd.array(np.arange(48, dtype=np.float32).reshape(12, 4) / 10)
        out = mx.sym.sparse.dot(mx.sym.Variable("x", stype="csr"),
                                mx.sym.reshape(mx.sym.Variable("w"), (1, 48)))
        g = mx.nd.sparse.zeros("row_sparse", (12, 4))
        e = out.bind(mx.cpu(), args={"x": x, "w": w}, args_grad={"w": g})
        e.forward(is_train=True)
        e.backward(mx.nd.ones((4, 48)))
        return sv(e.outputs[0]), sv(g)
    check(f)


def test_bind_add_n_mixed_storage():
    def f(mx):
        vals = [np.arange(12, dtype=np.float32).reshape(4, 3) * (i + 1) * (np.arange(4) % 2 == i % 2)[:, None]
                for i in range(3)]
        arr = [mx.nd.array(v).tostype(s) for v, s in zip(vals, ["row_sparse", "csr", "default"])]
        grads = [mx.nd.sparse.zeros("row_sparse", (4, 3)), mx.nd.zeros((4, 3)), mx.nd.zeros((4, 3))]
        out = mx.sym.sparse.add_n(*[mx.sym.Variable("a%d" % i) for i in range(3)])
        e = out.bind(mx.cpu(), args=arr, args_grad=grads)
        e.forward(is_train=True)
        e.backward([mx.nd.array(np.arange(12, dtype=np.float32).reshape(4, 3))])
        return sv(e.outputs[0]), [sv(g) for g in grads]
    check(f)


def test_nd_op_registry_keeps_storage():
    check(lambda mx: [sv(mx.nd.op.sqrt(mx.nd.array([[0, 4.], [0, 0]]).tostype(st))) for st in ("csr", "row_sparse")])


def test_check_symbolic_backward_grad_stypes():
    def f(mx):
        from importlib import import_module
        tu = import_module(mx.__name__ + ".test_utils")
        lhs, rhs = mx.sym.Variable("lhs", stype="row_sparse"), mx.sym.Variable("rhs", stype="row_sparse")
        loc = {"lhs": mx.nd.array([[1., 0], [0, 0], [2, 3]]).tostype("row_sparse"),
               "rhs": mx.nd.array([[0., 0], [4, 0], [0, 5]]).tostype("row_sparse")}
        og = np.arange(6, dtype=np.float32).reshape(3, 2)
        grads = tu.check_symbolic_backward(mx.sym.sparse.elemwise_add(lhs, rhs), loc, [og], [og, og],
                                           grad_stypes={"lhs": "row_sparse", "rhs": "row_sparse"})
        tu.check_numeric_gradient(mx.sym.sparse.elemwise_add(lhs, rhs), loc,
                                  grad_stype_dict={"lhs": "row_sparse", "rhs": "row_sparse"})
        return {k: (v.stype, v.asnumpy()) for k, v in grads.items()}
    check(f)


def test_create_sparse_array_signature():
    def f(mx):
        from importlib import import_module
        tu = import_module(mx.__name__ + ".test_utils")
        r = tu.create_sparse_array((5, 3), "row_sparse", data_init=2.0, rsp_indices=[3, 1],
                                   modifier_func=lambda a: a + 1)
        np.random.seed(3)
        z = tu.create_sparse_array_zd((5, 3), "row_sparse", density=0.9, rsp_indices=[4])
        e = tu.create_sparse_array_zd((5, 3), "row_sparse", density=0.9)
        return sv(r), r.indices, sv(z), z.indices, sv(e)
    check(f)


@pytest.mark.parametrize("op", ["_maximum", "_minimum", "_hypot", "_power", "_mod"])
def test_internal_binary_storage(op):
    a = np.array([[0, -1.5, 0], [0, 0, 0], [2, 0, -.5], [0, 0, 0]], dtype=np.float32)
    b = np.array([[0, 1.5, -2], [0, 0, 0], [0, 0, 0], [-1, 0, 3]], dtype=np.float32)

    def f(mx):
        fn = getattr(mx.nd._internal, op)
        return [sv(fn(mx.nd.array(a).tostype(sa), mx.nd.array(b).tostype(sb)))
                for sa, sb in [("row_sparse", "row_sparse"), ("csr", "csr"), ("row_sparse", "default"),
                               ("default", "csr"), ("csr", "row_sparse")]]
    check(f)


def test_hypot_internal_ops():
    check(lambda mx: (mx.nd._internal._hypot(mx.nd.array([[3., -4], [0, 1]]), mx.nd.array([[4., 3], [0, -1]])),
                      mx.nd._internal._hypot_scalar(mx.nd.array([[3., -4], [0, 1]]), scalar=4)))
    check(lambda mx: mx.nd._internal._hypot(mx.nd.ones((2, 2)), mx.nd.ones((2, 1))))


def test_retain_recorded_gradient():
    def f(mx):
        x = mx.nd.array([[1., 2], [0, 0], [3, 4], [5, 6]]).tostype("row_sparse")
        x.attach_grad(stype="row_sparse")
        with mx.autograd.record():
            y = mx.nd.sparse.retain(x, indices=mx.nd.array([0, 3], dtype="int64"))
        y.backward(mx.nd.array(np.arange(8, dtype=np.float32).reshape(4, 2)))
        return y.asnumpy(), sv(x.grad)
    check(f)


def test_dot_recorded_csr_operands():
    def f(mx):
        a = mx.nd.array([[1., 2], [3, 4]])
        b = mx.nd.array([[0, 1.], [2, 0]]).tostype("csr")
        a.attach_grad()
        b.attach_grad(stype="csr")
        with mx.autograd.record():
            y = mx.nd.sparse.dot(a, b, forward_stype="csr")
        y.backward(mx.nd.ones((2, 2)))
        c = mx.nd.array([[0, 1.], [2, 0]]).tostype("csr")
        c.attach_grad()
        with mx.autograd.record():
            z = mx.nd.sparse.dot(c, a, transpose_a=True)
        z.backward(mx.nd.ones((2, 2)))
        return y.asnumpy(), sv(b.grad), a.grad, z.asnumpy(), c.grad
    check(f)


@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_square_sum(axis, keepdims):
    def f(mx):
        x = mx.nd.array([[0, 1., 2], [0, 0, 0], [3, 0, 0], [0, -1, 0]]).tostype("row_sparse")
        out = sv(mx.nd._internal._square_sum(x, axis=axis, keepdims=keepdims))
        x.attach_grad(stype="row_sparse")
        with mx.autograd.record():
            y = mx.nd._internal._square_sum(x, axis=axis, keepdims=keepdims)
        y.backward(mx.nd.ones(y.shape))
        return out, y.asnumpy(), sv(x.grad)
    check(f)


def test_quadratic_storage():
    def f(mx):
        x = mx.nd.array([[0, 1., 2], [0, 0, 0], [-3, 0, 0]])
        return [sv(mx.nd.contrib.quadratic(x.tostype(st), a=0.5, b=2, c=c))
                for st in ("csr", "row_sparse") for c in (0.0, 1.0)]
    check(f)


def test_batchnorm_fix_gamma_sparse_refused():
    def f(mx, fix_gamma, sparse_gamma):
        data = mx.nd.array([[1., 2, 3], [4, 5, 7]])
        g = mx.nd.ones(3)
        args = (data, g.tostype("row_sparse") if sparse_gamma else g, mx.nd.zeros(3), mx.nd.zeros(3), mx.nd.ones(3))
        return mx.nd.BatchNorm(*args, fix_gamma=fix_gamma)
    for fix_gamma in (True, False):
        for sparse_gamma in (True, False):
            check(lambda mx: f(mx, fix_gamma, sparse_gamma), atol=1e-4)


def test_blockgrad_and_loss_storage_in_graphs():
    def f(mx):
        v = mx.sym.Variable("a", stype="row_sparse")
        x = mx.nd.array([[1., 0], [0, 0], [0, 2]]).tostype("row_sparse")
        outs = []
        for s in (mx.sym.stop_gradient(v), mx.sym.BlockGrad(v), mx.sym.make_loss(v), mx.sym.MakeLoss(v)):
            e = s.bind(mx.cpu(), args=[x])
            o = e.forward()[0]
            outs.append((sv(o), o is x))
        return outs, sv(mx.nd.BlockGrad(x)), sv(mx.nd.MakeLoss(x)), sv(mx.nd.stop_gradient(x))
    check(f)


W_OPT = np.arange(12, dtype=np.float32).reshape(4, 3) / 10 - .3
G_OPT = np.zeros((4, 3), np.float32)
G_OPT[1] = [1, -2, .5]
G_OPT[3] = [.3, 0, -1]


@pytest.mark.parametrize("wst", ["default", "row_sparse"])
@pytest.mark.parametrize("name,kw,states", [("sgd_update", dict(lr=.1, wd=0.01), ()),
                                            ("sgd_mom_update", dict(lr=.1, momentum=.9, wd=0.01), (.5,)),
                                            ("adam_update", dict(lr=.1, wd=0.01), (.5, .5)),
                                            ("ftrl_update", dict(lr=.1, lamda1=0.01, beta=1), (0., 1.))])
def test_optimizer_ops_row_sparse_grad_and_weight(wst, name, kw, states):
    def f(mx):
        w = mx.nd.array(W_OPT).tostype(wst)
        st = [(mx.nd.ones((4, 3)) * v).tostype(wst) for v in states]
        getattr(mx.nd, name)(w, mx.nd.array(G_OPT).tostype("row_sparse"), *st, out=w, **kw)
        return w.stype, w.asnumpy(), [s.asnumpy() for s in st]
    check(f, rtol=1e-4)


def test_ftrl_dense_weight_without_out():
    def f(mx):
        w, z, n = mx.nd.ones((3, 2)), mx.nd.zeros((3, 2)), mx.nd.ones((3, 2))
        g = mx.nd.array([[0, 0], [1., 2], [0, 0]]).tostype("row_sparse")
        return mx.nd.ftrl_update(w, g, z, n, lr=0.1), w
    check(f)
