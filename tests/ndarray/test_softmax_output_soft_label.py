"""SoftmaxOutput with a soft (probability) label shaped like the data, against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check, check_grad

RNG = np.random.RandomState(7)
SHAPES = [(3, 4), (2, 3, 4), (2, 3, 2, 2), (5,)]
KWARGS = [{}, {"normalization": "batch"}, {"normalization": "valid"},
          {"normalization": "valid", "use_ignore": True, "ignore_label": 0},
          {"grad_scale": 2.5}, {"multi_output": True}, {"multi_output": True, "normalization": "batch"},
          {"multi_output": True, "normalization": "valid", "use_ignore": True, "grad_scale": 0.5},
          {"preserve_shape": True}, {"preserve_shape": True, "normalization": "valid"},
          {"out_grad": True}, {"out_grad": True, "grad_scale": 2.0}, {"smooth_alpha": 0.1}]


def _label(shape):
    lab = RNG.rand(*shape)
    return lab / lab.sum(axis=-1, keepdims=True) if len(shape) > 1 else lab


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("kw", KWARGS, ids=str)
def test_soft_label_forward_backward(shape, kw):
    x, lab = RNG.randn(*shape), _label(shape)
    check_grad(lambda mx, d: mx.nd.SoftmaxOutput(d, mx.nd.array(lab), **kw), x)


@pytest.mark.parametrize("kw", [{}, {"out_grad": True}], ids=str)
def test_soft_label_ignores_head_gradient(kw):
    x, lab = RNG.randn(3, 4), _label((3, 4))
    check_grad(lambda mx, d: mx.nd.SoftmaxOutput(d, mx.nd.array(lab), **kw), x, out_grad=np.full((3, 4), 3.0))


def test_soft_label_forward_without_record():
    x, lab = RNG.randn(2, 3, 4), _label((2, 3, 4))
    check(lambda mx: mx.nd.SoftmaxOutput(mx.nd.array(x), mx.nd.array(lab), multi_output=True))


@pytest.mark.parametrize("code", [
    "mx.nd.SoftmaxOutput(mx.nd.ones((3, 4)), mx.nd.ones((3, 4), dtype='float64'))",
    "mx.nd.SoftmaxOutput(mx.nd.ones((3, 4)), mx.nd.ones((3,), dtype='int32'))",
    "mx.nd.SoftmaxOutput(mx.nd.ones((3, 4)), mx.nd.ones((12,)))",
    "mx.nd.SoftmaxOutput(mx.nd.ones((3, 4)), mx.nd.ones((4, 3)))",
    "mx.nd.SoftmaxOutput(mx.nd.ones(4), mx.nd.ones(4), multi_output=True)",
    "mx.nd.SoftmaxOutput(mx.nd.ones((3, 4)), mx.nd.ones((3, 4)), normalization='bogus')",
])
def test_soft_label_errors(code):
    check(lambda mx: eval(code, {"mx": mx}))  # pylint: disable=eval-used


def test_sym_soft_label_executor():
    x, lab = RNG.randn(3, 4), _label((3, 4))

    def run(mx):
        out = mx.sym.SoftmaxOutput(mx.sym.var("data"), mx.sym.var("label"), grad_scale=2.0, normalization="batch")
        exe = out.bind(mx.cpu(), {"data": mx.nd.array(x), "label": mx.nd.array(lab)},
                       args_grad={"data": mx.nd.zeros((3, 4)), "label": mx.nd.zeros((3, 4))})
        y = exe.forward(is_train=True)[0]
        exe.backward()
        return y, exe.grad_dict["data"]
    check(run)


def test_sym_soft_label_infer_shape():
    check(lambda mx: mx.sym.SoftmaxOutput(mx.sym.var("data"), mx.sym.var("label")).infer_shape(
        data=(3, 4), label=(3, 4)))
