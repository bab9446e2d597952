"""`where` with a condition shaped unlike x, against MXNet 1.9.1: imperative calls accept only a 1-D per-row
condition; symbol graphs and hybridized blocks (MXNet's graph shape inference) also take any shape holding one
value per row or one per element; `Symbol.infer_shape` prints its arguments when it fails."""
import numpy as np
import pytest

from tests.oracle import check

SHAPES = [(3, 1), (1, 3), (3, 1, 1), (1, 1, 3), (6, 1), (2, 3), (1, 6), (3, 2, 1), (3,), (6,), (12,), (2, 1)]


def _cond(mx, shape):
    return mx.nd.array(np.arange(int(np.prod(shape))).reshape(shape) % 2)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_where_symbol_eval(shape):
    def run(mx):
        x = mx.nd.arange(6).reshape((3, 2))
        s = mx.sym.where(mx.sym.var("c"), mx.sym.var("x"), mx.sym.var("y"))
        return s.eval(c=_cond(mx, shape), x=x, y=-x)[0]
    if shape in ((2, 1),):  # MXNet reads past the condition's end (garbage): refused here
        import torch2gluon
        with pytest.raises(torch2gluon.base.MXNetError):
            run(torch2gluon)
        return
    check(run)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_where_imperative(shape):
    check(lambda mx: mx.nd.where(_cond(mx, shape), mx.nd.ones((3, 2)), mx.nd.zeros((3, 2))))


@pytest.mark.parametrize("shape", [(3, 1), (1, 3), (6, 1), (2, 3)], ids=str)
def test_where_hybridized_with_grad(shape):
    def run(mx):
        class Sel(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, c, x, y):
                return F.where(c, x, y) * 2

        net = Sel()
        net.hybridize()
        x = mx.nd.arange(6).reshape((3, 2))
        y = -x
        x.attach_grad()
        y.attach_grad()
        with mx.autograd.record():
            out = net(_cond(mx, shape), x, y)
        out.backward()
        return out, x.grad, y.grad
    check(run)


def test_where_non_hybridized_block_refuses():
    def run(mx):
        class Sel(mx.gluon.HybridBlock):
            def hybrid_forward(self, F, c, x, y):
                return F.where(c, x, y)
        x = mx.nd.ones((3, 2))
        return Sel()(_cond(mx, (3, 1)), x, x).asnumpy()
    check(run)


@pytest.mark.parametrize("shape", [(3, 1), (6,), (2, 3)], ids=str)
def test_where_simple_bind_backward(shape):
    def run(mx):
        s = mx.sym.where(mx.sym.var("c"), mx.sym.var("x"), mx.sym.var("y"))
        ex = s.simple_bind(mx.cpu(), c=shape, x=(3, 2), y=(3, 2))
        ex.arg_dict["c"][:] = _cond(mx, shape)
        ex.arg_dict["x"][:] = mx.nd.arange(6).reshape((3, 2))
        ex.arg_dict["y"][:] = 7
        ex.forward(is_train=True)
        ex.backward(mx.nd.ones((3, 2)) * 2)
        return ex.outputs[0], ex.grad_dict["c"], ex.grad_dict["x"], ex.grad_dict["y"]
    check(run)


@pytest.mark.parametrize("shape", [(3, 1), (6,), (2, 3)], ids=str)
def test_where_infer_shape_and_error_print(shape, capfd):
    def run(mx):
        s = mx.sym.where(mx.sym.var("c"), mx.sym.var("x"), mx.sym.var("y"))
        return s.infer_shape(c=shape, x=(3, 2), y=(3, 2))
    import mxnet
    import torch2gluon
    outs = []
    for mod in (mxnet, torch2gluon):
        try:
            res = ("ok", run(mod))
        except mod.base.MXNetError:
            res = ("err", None)
        outs.append((res, capfd.readouterr().out.replace("\r", "")))
    assert outs[0] == outs[1]
    if shape == (6,):
        assert "infer_shape error. Arguments:\n  c: (6,)\n" in outs[1][1]
