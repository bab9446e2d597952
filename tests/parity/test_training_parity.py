"""Training-stack parity with MXNet 1.9.1 (from the sweep of MXNet's test_optimizer/test_init/test_loss files)."""
import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check


def _fc_pair(mx):
    data = mx.sym.Variable("data")
    bias = mx.sym.Variable("fc1_bias", lr_mult=1.0)
    fc1 = mx.sym.FullyConnected(data=data, bias=bias, name="fc1", num_hidden=10, lr_mult=0)
    return mx.sym.FullyConnected(data=fc1, name="fc2", num_hidden=10, wd_mult=0.5)


def test_sym_op_hidden_keys_and_created_variable_attrs():
    """lr_mult/wd_mult/ctx_group on an op become __key__ attrs, copied (with the op's attrs) onto the
    variables the op creates; attr_dict/list_attr also list them under the plain key."""
    def snippet(mx):
        d = mx.sym.Variable("data")
        act = mx.sym.Activation(data=d, act_type="relu", lr_mult=2, name="a0")
        fc = mx.sym.FullyConnected(d, num_hidden=3, ctx_group="g", name="f0")
        return (_fc_pair(mx).attr_dict(), act.list_attr(), fc.attr_dict(), fc.list_arguments())
    check(snippet)


def test_sym_hidden_keys_json_matches():
    """The JSON stores only the __key__ form, on the op node and on its created variables."""
    import json

    def snippet(mx):
        return [(n["name"], n.get("attrs")) for n in json.loads(_fc_pair(mx).tojson())["nodes"]]
    check(snippet)


def test_module_optimizer_reads_symbol_lr_wd_mult():
    """Module.init_optimizer takes lr_mult/wd_mult from the variables' attributes; lr_mult=0 freezes."""
    def snippet(mx):
        mx.random.seed(3)
        mod = mx.mod.Module(symbol=_fc_pair(mx), label_names=None)
        mod.bind(data_shapes=[("data", (5, 10))])
        mod.init_params(initializer=mx.init.Uniform(1.0))
        mod.init_optimizer(optimizer_params={"learning_rate": 1.0})
        before = {k: v.copy() for k, v in mod.get_params()[0].items()}
        x = mx.nd.array(np.random.RandomState(0).uniform(-1, 1, (5, 10)))
        mod.forward(mx.io.DataBatch(data=[x], label=None), is_train=True)
        mod.backward(mod.get_outputs())
        mod.update()
        after = mod.get_params()[0]
        moved = {k: bool((before[k] != after[k]).sum().asscalar() > 0) for k in sorted(after)}
        return mod._optimizer.lr_mult, mod._optimizer.wd_mult, moved
    check(snippet)


def test_prelu_creates_gamma_with_constant_init():
    """sym.LeakyReLU(act_type='prelu') creates '<name>_gamma' initialised to 0.25 (a given gamma gets
    the same __init__ attribute); other act_types have no gamma input."""
    def snippet(mx):
        d = mx.sym.Variable("data")
        s = mx.sym.LeakyReLU(d, act_type="prelu", name="p0")
        g = mx.sym.Variable("g")
        s2 = mx.sym.LeakyReLU(d, gamma=g, act_type="prelu", name="p1")
        leaky = mx.sym.LeakyReLU(d, act_type="leaky", name="p2")
        mod = mx.mod.Module(s, label_names=None)
        mod.bind(data_shapes=[("data", (4, 5))])
        mod.init_params()
        return (s.list_arguments(), s.attr_dict(), s2.attr_dict(), leaky.list_arguments(),
                mod.get_params()[0]["p0_gamma"])
    check(snippet)


def test_prelu_variable_init_wins():
    """A gamma variable with its own init keeps it."""
    def snippet(mx):
        d = mx.sym.Variable("data")
        s = mx.sym.LeakyReLU(d, gamma=mx.sym.Variable("gamma", init=mx.init.One()), act_type="prelu")
        mod = mx.mod.Module(s, label_names=None)
        mod.bind(data_shapes=[("data", (10, 10))])
        mod.init_params()
        return mod.get_params()[0]["gamma"]
    check(snippet)


@pytest.mark.parametrize("name,kw,dtype", [
    ("sgd", {"momentum": 0.9, "wd": 0.03, "clip_gradient": 0.4}, np.float32),
    ("adam", {"rescale_grad": 0.14}, np.float64),
    ("nag", {"momentum": 0.9, "multi_precision": True}, np.float16),
    ("rmsprop", {"centered": True, "clip_weights": 0.01}, np.float32),
])
def test_compare_optimizer_same_optimizer_passes(name, kw, dtype):
    """test_utils.compare_optimizer on two identical optimizers returns None on both (dense inputs)."""
    check(lambda mx: mx.test_utils.compare_optimizer(mx.optimizer.create(name, **kw),
                                                     mx.optimizer.create(name, **kw), (3, 4), dtype))


def test_compare_optimizer_different_optimizers_fail():
    """Different update rules: both sides raise AssertionError."""
    check(lambda mx: mx.test_utils.compare_optimizer(mx.optimizer.SGD(learning_rate=0.1),
                                                     mx.optimizer.SGD(learning_rate=0.2), (3, 4), np.float32),
          raises=AssertionError)


def test_compare_optimizer_multi_tensor():
    """A list of shapes runs opt2 as one multi-tensor update and opt1 tensor by tensor."""
    def snippet(mx):
        o1 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
        o2 = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
        o2.aggregate_num = 2
        return mx.test_utils.compare_optimizer(o1, o2, [(3, 4), (2,)], np.float32, ntensors=2)
    check(snippet)


def test_optimizer_has_no_2x_constructor_arguments():
    """aggregate_num / use_fused_step are not 1.9.1 constructor arguments (TypeError on both)."""
    check(lambda mx: mx.optimizer.SGD(aggregate_num=2), raises=TypeError)
    check(lambda mx: mx.optimizer.Adam(use_fused_step=False), raises=TypeError)


@pytest.mark.parametrize("w_stype", ["default", "row_sparse"])
def test_compare_optimizer_sparse(w_stype):
    """opt2 gets sparse arrays (row_sparse grad: lazy update, equal to dense without wd/momentum)."""
    for mod in (mxnet, torch2gluon):
        mod.test_utils.compare_optimizer(mod.optimizer.SGD(), mod.optimizer.SGD(), (3, 4), np.float32,
                                         w_stype=w_stype, g_stype="row_sparse")


def test_compare_optimizer_bad_stype():
    tu = torch2gluon.test_utils
    with pytest.raises(Exception, match="type not supported yet"):
        tu.compare_optimizer(torch2gluon.optimizer.SGD(), torch2gluon.optimizer.SGD(), (3, 4), np.float32,
                             w_stype="bogus")


def test_bce_pos_weight_on_symbols():
    """SigmoidBCELoss takes a Symbol pos_weight when called on Symbols, evaluated like the NDArray path."""
    rs = np.random.RandomState(1)
    pred, label, pw = rs.uniform(-3, 3, (4, 5)), rs.randint(0, 2, (4, 5)), rs.uniform(0, 5, (4, 5))

    def snippet(mx):
        for from_sigmoid in (False, True):
            loss = mx.gluon.loss.SigmoidBCELoss(from_sigmoid=from_sigmoid)
            p = pred if not from_sigmoid else 1 / (1 + np.exp(-pred))
            out = loss(mx.sym.var("p"), mx.sym.var("l"), None, mx.sym.var("w"))
            yield out.eval(p=mx.nd.array(p), l=mx.nd.array(label), w=mx.nd.array(pw))[0]
            yield loss(mx.nd.array(p), mx.nd.array(label), None, mx.nd.array(pw))
    check(lambda mx: list(snippet(mx)))


def test_bce_pos_weight_scalar_is_assertion_error():
    """A python-scalar pos_weight is an AssertionError, as MXNet's broadcast_mul check."""
    check(lambda mx: mx.gluon.loss.SigmoidBCELoss()(mx.nd.ones((2, 3)), mx.nd.ones((2, 3)), None, 2.0),
          raises=AssertionError)


def test_base_py_str_and_as_list():
    """mxnet.base.py_str decodes bytes; _as_list wraps non-sequences."""
    check(lambda mx: (mx.base.py_str(b"key"), mx.base._as_list(3), mx.base._as_list((1, 2)),
                      mx.base._as_list([4])))


@pytest.mark.parametrize("scale", [0.0, float("nan"), float("inf"), 10.0])
@pytest.mark.parametrize("mp", [False, True])
def test_adamw_update_skips_on_zero_or_nonfinite_rescale(scale, mp):
    """contrib.(mp_)adamw_update and the multi_ forms leave weight, mean and var untouched when the
    rescale_grad array is 0, nan or inf (MXNet's kernel skips the step); a finite scale updates."""
    rs = np.random.RandomState(0)
    w0, g0, m0, v0 = (rs.uniform(-1, 1, (3, 4)) for _ in range(4))
    v0 = np.abs(v0)

    def snippet(mx):
        w, g, m, v = (mx.nd.array(a) for a in (w0, g0, m0, v0))
        r = mx.nd.array([scale])
        kw = dict(epsilon=1e-8, beta1=0.9, beta2=0.999, clip_gradient=10.0)
        if mp:
            w16, g16 = w.astype("float16"), g.astype("float16")
            mx.nd.contrib.mp_adamw_update(w16, g16, m, v, w, r, out=w16, eta=0.9, lr=0.9, wd=0.09, **kw)
            mx.nd.contrib.multi_mp_adamw_update([w16], [g16], [m], [v], [w], r, out=[w16], etas=[0.9],
                                                lrs=[0.9], wds=[0.09], **kw)
            return w16, w, m, v
        mx.nd.contrib.adamw_update(w, g, m, v, r, out=w, eta=0.9, lr=0.9, wd=0.09, **kw)
        mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, out=[w], etas=[0.9], lrs=[0.9], wds=[0.09], **kw)
        return w, m, v
    check(snippet, atol=1e-3 if mp else 1e-5, rtol=1e-3 if mp else 1e-5)


@pytest.mark.parametrize("clip", [5.0, -1.0])
def test_adamw_update_leaves_rescaled_grad_in_grad(clip):
    """The single-array adamw_update writes clip(rescale_grad * grad) into `grad` (MXNet's kernel); the
    multi-precision and multi_ forms leave `grad` alone. Two chained steps therefore match too."""
    rs = np.random.RandomState(1)
    w0, g0, m0, v0 = (rs.uniform(-1, 1, (3, 4)) for _ in range(4))
    v0 = np.abs(v0)

    def snippet(mx):
        kw = dict(eta=0.9, lr=0.9, wd=0.09, clip_gradient=clip)
        w, g, m, v = (mx.nd.array(a) for a in (w0, g0, m0, v0))
        mx.nd.contrib.adamw_update(w, g, m, v, mx.nd.array([10.0]), out=w, **kw)
        mx.nd.contrib.adamw_update(w, g, m, v, mx.nd.array([10.0]), out=w, **kw)
        w2, g2, m2, v2 = (mx.nd.array(a) for a in (w0, g0, m0, v0))
        w16, g16 = w2.astype("float16"), g2.astype("float16")
        mx.nd.contrib.mp_adamw_update(w16, g16, m2, v2, w2, mx.nd.array([10.0]), out=w16, **kw)
        mx.nd.contrib.multi_adamw_update([w2], [g2], [m2], [v2], mx.nd.array([10.0]), out=[w2], etas=[0.9],
                                         lrs=[0.9], wds=[0.09], clip_gradient=clip)
        return w, g, m, v, g16, g2
    check(snippet, atol=1e-3, rtol=1e-3)


def test_multi_adamw_update_unknown_keyword():
    """An unknown keyword of multi_adamw_update is MXNetError."""
    def snippet(mx):
        a = [mx.nd.ones(2)]
        return mx.nd.contrib.multi_adamw_update(a, a, a, a, mx.nd.array([1.0]), out=a, etas=[1], lrs=[1],
                                                wds=[0], foo=1)
    check(snippet)


_RS = np.random.RandomState(0)
_P, _L = _RS.uniform(-1, 1, (4, 5)), _RS.uniform(-1, 1, (4, 5))
_C, _S, _W = _RS.randint(0, 5, (4,)), np.sign(_RS.uniform(-1, 1, (4, 5))), _RS.uniform(0, 1, (4, 1))
_SYM_LOSSES = [
    ("L1Loss", {}, [_P, _L]), ("L2Loss", {}, [_P, _L]), ("SoftmaxCrossEntropyLoss", {}, [_P, _C]),
    ("SoftmaxCrossEntropyLoss", {"sparse_label": False}, [_P, np.abs(_L)]),
    ("SigmoidBinaryCrossEntropyLoss", {}, [_P, (_L > 0) * 1.0]), ("KLDivLoss", {}, [_P, np.abs(_L)]),
    ("HuberLoss", {"rho": 0.5}, [_P, _L]), ("HingeLoss", {}, [_P, _S]), ("SquaredHingeLoss", {}, [_P, _S]),
    ("LogisticLoss", {}, [_P, _S]), ("TripletLoss", {}, [_P, _L, _L * 0.5]),
    ("PoissonNLLLoss", {}, [_P, np.abs(_L)]), ("CosineEmbeddingLoss", {}, [_P, _L, np.sign(_C - 2.5)]),
    ("CosineEmbeddingLoss", {"margin": 0.2}, [_P, _L, np.sign(_C - 2.5), _W]),
]


@pytest.mark.parametrize("name,kw,arrays", _SYM_LOSSES)
def test_losses_on_symbols(name, kw, arrays):
    """Every gluon loss called on Symbols (as Module users do) builds a graph that evaluates like MXNet's."""
    def snippet(mx):
        loss = getattr(mx.gluon.loss, name)(**kw)
        syms = [mx.sym.var("x%d" % i) for i in range(len(arrays))]
        out = loss(*syms)
        return out.eval(**{"x%d" % i: mx.nd.array(a) for i, a in enumerate(arrays)})[0], out.list_arguments()
    check(snippet, atol=1e-5, rtol=1e-4)
