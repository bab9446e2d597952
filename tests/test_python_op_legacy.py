"""MXNet's deprecated python operators mx.operator.NumpyOp / NDArrayOp (get_symbol, forward/backward in
place, infer_shape, list_arguments/list_outputs) in bound executors, against MXNet 1.9.1."""
import warnings

import numpy as np
import pytest

from tests.oracle import check

X = np.arange(12, dtype=np.float32).reshape(3, 4) / 10


def _classes(mx):
    class Identity(mx.operator.NumpyOp):
        pass

    class ScaleAdd(mx.operator.NumpyOp):  # out = 2*a + b, and the row sums of a
        def list_arguments(self):
            return ["a", "b"]

        def list_outputs(self):
            return ["out", "rows"]

        def infer_shape(self, in_shape):
            return [in_shape[0], in_shape[0]], [in_shape[0], [in_shape[0][0]]]

        def forward(self, in_data, out_data):
            out_data[0][:] = 2 * in_data[0] + in_data[1]
            out_data[1][:] = in_data[0].sum(axis=1)

        def backward(self, out_grad, in_data, out_data, in_grad):
            in_grad[0][:] = 2 * out_grad[0] + out_grad[1][:, None]
            in_grad[1][:] = out_grad[0]

    class Square(mx.operator.NDArrayOp):
        def forward(self, in_data, out_data):
            out_data[0][:] = in_data[0] * in_data[0]

        def backward(self, out_grad, in_data, out_data, in_grad):
            in_grad[0][:] = 2 * in_data[0] * out_grad[0]
    return Identity, ScaleAdd, Square


def test_default_numpy_op():
    def run(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = _classes(mx)[0]().get_symbol(mx.sym.Variable("X"), name="numpy_op")
        dx = mx.nd.zeros(4)
        ex = s.bind(mx.cpu(), args=[mx.nd.arange(4) * 3], args_grad={"X": dx})
        ex.forward(is_train=True)
        ex.backward(mx.nd.ones(4) * 5)
        return s.list_arguments(), s.list_outputs(), ex.outputs[0], dx  # the default backward writes ones
    check(run)


def test_two_inputs_two_outputs():
    def run(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = _classes(mx)[1]()(mx.sym.Variable("a"), mx.sym.Variable("b"), name="sa")
        shapes = s.infer_shape(a=(3, 4), b=(3, 4))
        ex = s.simple_bind(mx.cpu(), a=(3, 4), b=(3, 4))
        ex.forward(is_train=True, a=X, b=X * 0 + 1)
        ex.backward([mx.nd.ones((3, 4)), mx.nd.array([1.0, 2.0, 3.0])])
        return s.list_arguments(), s.list_outputs(), shapes, ex.outputs, ex.grad_dict["a"], ex.grad_dict["b"]
    check(run)


def test_ndarray_op():
    def run(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = _classes(mx)[2]().get_symbol(mx.sym.Variable("data"), name="sq")
        ex = s.simple_bind(mx.cpu(), data=(3, 4))
        ex.forward(is_train=True, data=X)
        ex.backward(mx.nd.ones((3, 4)))
        return ex.outputs[0], ex.grad_dict["data"]
    check(run)


@pytest.mark.parametrize("cls", ["PythonOp", "NumpyOp", "NDArrayOp"])
def test_deprecation_warning(cls):
    def run(mx):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            getattr(mx.operator, cls)()
        return [str(m.message) for m in w]
    check(run)


def test_custom_output_names():
    """Custom nodes name their outputs after the prop's list_outputs, one output each (MXNet)."""
    def run(mx):
        class One(mx.operator.CustomOpProp):
            def list_outputs(self):
                return ["out"]

            def infer_shape(self, s):
                return s, [s[0]], []

        class Two(One):
            def list_outputs(self):
                return ["o1", "o2"]

            def infer_shape(self, s):
                return s, [s[0], s[0]], []
        mx.operator.register("t2g_test_one")(One)
        mx.operator.register("t2g_test_two")(Two)
        c = mx.sym.Custom(mx.sym.Variable("x"), op_type="t2g_test_one", name="c")
        d = mx.sym.Custom(mx.sym.Variable("x"), op_type="t2g_test_two", name="d")
        return c.list_outputs(), d.list_outputs(), d[1].list_outputs(), d.get_internals().list_outputs(), len(d)
    check(run)
