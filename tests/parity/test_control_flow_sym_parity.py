"""Symbolic control flow (`sym.contrib.foreach` / `while_loop` / `cond`): MXNet 1.9.1's `_foreach`,
`_while_loop` and `_cond` nodes (JSON with nested subgraphs), their execution and gradients through
executors, shape inference through the subgraphs, and graphs crossing between MXNet and torch2gluon."""
import json
from collections import defaultdict

import numpy as np
import pytest

import mxnet
import torch2gluon
from tests.oracle import check

R = np.random.RandomState(7)
DATA, STATE, W = R.randn(4, 3).astype("f"), R.randn(3).astype("f"), R.randn(3).astype("f")
OG0, OG1, OG5 = R.randn(4, 3).astype("f"), R.randn(3).astype("f"), R.randn(5, 3).astype("f")
EX = [R.randn(*s) for s in ((4, 2, 5), (2, 6), (2, 6))]


def _fresh(mx):
    mx.attribute.AttrScope._subgraph_names = defaultdict(int)
    return mx.name.NameManager()


def _foreach_graph(mx, computed_closure=True):
    def step(x, states):
        h = mx.sym.tanh(x * mx.sym.var("w") + states[0] * 0.5)   # `w` made inside: an input of the node
        return h, [h + pre]
    data = mx.sym.var("data")
    # an outer symbol the body closes over is cut into an input (MXNet's backward fails through a cut
    # operator output, so the gradient tests close over a variable)
    pre = mx.sym.var("bias") * 0.1 if computed_closure else mx.sym.var("bias")
    outs, states = mx.sym.contrib.foreach(step, data, [mx.sym.var("state")])
    return mx.sym.Group([outs * 2, states[0]])


def _bind_run(mx, sym, args, out_grads, grad_names, extra_grads=()):
    """Forward+backward through an executor; the gradients of `grad_names` (`extra_grads` are computed,
    not returned)."""
    args = {k: mx.nd.array(v) for k, v in args.items()}
    grads = {k: mx.nd.zeros(args[k].shape) for k in list(grad_names) + list(extra_grads)}
    ex = sym.bind(mx.cpu(), args=args, args_grad=grads)
    outs = [o.copy() for o in ex.forward(is_train=True)]
    ex.backward([mx.nd.array(g) for g in out_grads])
    return outs, [grads[k] for k in grad_names]


def test_foreach_json_matches_mxnet():
    def fn(mx):
        with _fresh(mx):
            return json.loads(_foreach_graph(mx).tojson())
    check(fn)


def test_foreach_forward_backward():
    def fn(mx):
        with _fresh(mx):
            sym = _foreach_graph(mx, computed_closure=False)
        return sym.list_arguments(), sym.list_outputs(), _bind_run(
            mx, sym, {"data": DATA, "w": W, "state": STATE, "bias": OG1}, [OG0, OG1], ["data", "w", "state"], ["bias"])
    check(fn)


def test_foreach_gradient_of_closed_over_variable():
    """MXNet 1.9.1 keeps only part of the gradient of a variable the body closes over (cut into the node);
    here it sums over all steps, as finite differences confirm."""
    mx = torch2gluon
    sym = _foreach_graph(mx, computed_closure=False)
    vals = {"data": DATA, "w": W, "state": STATE, "bias": OG1.astype("f8")}

    def total(v):
        args = {k: mx.nd.array(x) for k, x in v.items()}
        return sum(o.asnumpy().sum() for o in sym.eval(**args))
    _, grads = _bind_run(mx, sym, vals, [np.ones((4, 3)), np.ones(3)], ["bias"])
    eps, base = 1e-3, total(vals)
    for j in range(3):
        b = vals["bias"].copy()
        b[j] += eps
        num = (total(dict(vals, bias=b)) - base) / eps
        assert abs(grads[0].asnumpy()[j] - num) < 2e-2 * max(1.0, abs(num))


def test_foreach_json_roundtrip_runs():
    def fn(mx):
        with _fresh(mx):
            sym = mx.sym.load_json(_foreach_graph(mx).tojson())
        return sym.eval(data=mx.nd.array(DATA), w=mx.nd.array(W), state=mx.nd.array(STATE), bias=mx.nd.array(W))
    check(fn)


def _while_graph(mx):
    i, s = mx.sym.var("i"), mx.sym.var("s")
    scale = mx.sym.var("scale")
    outs, (i2, s2) = mx.sym.contrib.while_loop(
        cond=lambda i, s: i < 3,
        func=lambda i, s: ([s * scale, s + 1], (i + 1, mx.sym.sin(s) * scale)),
        loop_vars=(i, s), max_iterations=5)
    return mx.sym.Group(outs + [i2, s2 * 3])


def test_while_loop_json_and_values():
    def fn(mx):
        with _fresh(mx):
            sym = _while_graph(mx)
        js = json.loads(sym.tojson())
        outs, grads = _bind_run(mx, sym, {"i": np.zeros(1, "f"), "s": STATE, "scale": W},
                                [OG5] * 2 + [np.ones(1, "f"), OG1], ["s", "scale"])
        return js, [o[:3] for o in outs[:2]] + outs[2:], grads   # rows past the last step are undefined in MXNet
    check(fn)


def test_while_loop_no_step_keeps_vars():
    """No step runs: the loop vars come out unchanged, the outputs are max_iterations rows of zeros (MXNet
    cannot evaluate this graph: its outputs' shape is unknown)."""
    mx = torch2gluon
    s = mx.sym.var("s")
    outs, final = mx.sym.contrib.while_loop(lambda s: s.sum() > 100, lambda s: (s * 2, s + 1), s, max_iterations=3)
    o, f = mx.sym.Group([outs, final]).eval(s=mx.nd.array([1, 2]))
    assert o.shape == (3, 2) and not o.asnumpy().any()
    np.testing.assert_array_equal(f.asnumpy(), [1, 2])


def _cond_graph(mx):
    a, b = mx.sym.var("a"), mx.sym.var("b")
    return mx.sym.contrib.cond((a * b).sum() < 0.5, lambda: [a + b, a * b], lambda: [a * 2 - b, b])


@pytest.mark.parametrize("shift", [0.0, 5.0])   # both branches
def test_cond_json_and_values(shift):
    def fn(mx):
        with _fresh(mx):
            sym = mx.sym.Group(_cond_graph(mx))
        outs, grads = _bind_run(mx, sym, {"a": DATA[0] + shift, "b": W}, [OG1, OG1 * 2], ["a", "b"])
        return json.loads(sym.tojson()), sym.list_outputs(), outs, grads
    check(fn)


def test_nested_foreach():
    def fn(mx):
        def inner(x, states):
            out = x * 2 + states[0]
            return out, [out]

        def outer(x, states):
            out, _ = mx.sym.contrib.foreach(inner, x, states)
            res = mx.sym.broadcast_add(out, states[0])
            return res, [mx.sym.squeeze(mx.sym.slice(res, begin=(0, 0), end=(1, 2)))]
        with _fresh(mx):
            out, states = mx.sym.contrib.foreach(outer, mx.sym.var("v1"), [mx.sym.var("v2")])
            sym = mx.sym.Group([out, states[0]])
        outs, grads = _bind_run(mx, sym, {"v1": np.arange(8.0).reshape(2, 2, 2), "v2": np.arange(2.0)},
                                [np.ones((2, 2, 2)), np.ones(2)], ["v1", "v2"])
        return json.loads(sym.tojson()), outs, grads
    check(fn)


def test_shape_inference_through_subgraph():
    def fn(mx):
        step = lambda data, states: (data + states[0], [states[0] * 2])   # noqa: E731
        with _fresh(mx):
            outs, states = mx.sym.contrib.foreach(step, mx.sym.var("data", shape=(0, 3, 4)), [mx.sym.var("state")])
            g = mx.sym.Group([outs] + states)
        return (outs.infer_shape_partial(), g.infer_shape(data=(2, 3, 4)), g.infer_type(data="float32"))
    check(fn)


def test_errors_match():
    def unused_state(mx):
        with _fresh(mx):
            return mx.sym.contrib.foreach(lambda x, s: (x, [mx.sym.var("z")]), mx.sym.var("d"), [mx.sym.var("s")])

    def loop_var_unused(mx):
        return mx.sym.contrib.while_loop(lambda a, b: a < 1, lambda a, b: (a, [a + 1, a]),
                                         [mx.sym.var("a"), mx.sym.var("b")], max_iterations=2)

    def no_max(mx):
        return mx.sym.contrib.while_loop(lambda a: a < 1, lambda a: (a, [a + 1]), [mx.sym.var("a")])

    def branches_differ(mx):
        a = mx.sym.var("a")
        return mx.sym.contrib.cond(a.sum() > 0, lambda: [a, a], lambda: [a])
    for fn in (unused_state, loop_var_unused, no_max, branches_differ):
        check(fn)


def test_mxnet_graph_runs_here_and_back():
    with _fresh(mxnet):
        js_mx = _foreach_graph(mxnet).tojson()
    with _fresh(torch2gluon):
        js_ours = _foreach_graph(torch2gluon).tojson()
    args = {"data": DATA, "w": W, "state": STATE, "bias": OG1}
    ref = [o.asnumpy() for o in mxnet.sym.load_json(js_mx).eval(**{k: mxnet.nd.array(v) for k, v in args.items()})]
    for mod, js in ((torch2gluon, js_mx), (mxnet, js_ours)):
        got = mod.sym.load_json(js).eval(**{k: mod.nd.array(v) for k, v in args.items()})
        for r, g in zip(ref, got):
            np.testing.assert_allclose(g.asnumpy(), r, rtol=1e-5, atol=1e-6)


def _export_net(mx, prefix):
    from mxnet import gluon  # noqa: F401  (the alias is not installed here: pick the module's own)
    gl = mx.gluon

    class Net(gl.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.cell = gl.rnn.LSTMCell(6, input_size=5)
                self.dense = gl.nn.Dense(3, flatten=False, in_units=6)

        def hybrid_forward(self, F, x, h, c):
            out, states = F.contrib.foreach(self.cell, x, [h, c])
            return F.contrib.cond(x.sum() > 0, lambda: self.dense(out), lambda: self.dense(out) * 2), states[1]
    net = Net(prefix="cf_")
    net.initialize(mx.init.Xavier())
    net.hybridize()
    ins = [mx.nd.array(x) for x in EX]
    res = net(*ins)
    net.export(prefix)
    return [r.asnumpy() for r in res], ins


def test_exported_gluon_foreach_loads_in_mxnet(tmp_path):
    """A hybridized Gluon block using F.contrib.foreach/cond, exported here, runs in real MXNet."""
    prefix = str(tmp_path / "cfnet")
    ref, ins = _export_net(torch2gluon, prefix)
    net = mxnet.gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data0", "data1", "data2"], prefix + "-0000.params")
    got = net(*[mxnet.nd.array(x.asnumpy()) for x in ins])
    for r, g in zip(ref, got):
        np.testing.assert_allclose(g.asnumpy(), r, rtol=1e-5, atol=1e-6)


def test_scalar_comparison_node_names():
    check(lambda mx: [s.name for s in (mx.sym.var("a") < 1, mx.sym.var("a") >= 2, mx.sym.var("a") != 0,
                                       2 ** mx.sym.var("a"), -mx.sym.var("a"), mx.sym.var("a") * 2)])
