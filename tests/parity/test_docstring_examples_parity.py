"""Calls from the `>>>` examples in MXNet 1.9.1's own docstrings that torch2gluon answered differently
(found by running every docstring example on both libraries)."""
import pytest

from tests.oracle import check


@pytest.mark.parametrize("code", [
    "mx.nd.random.poisson(1)",
    "mx.nd.random.exponential(1)",
    "mx.nd.random.gamma(1, 1)",
    "mx.nd.random.negative_binomial(10, 0.5)",
    "mx.nd.random.generalized_negative_binomial(10, 0.5)",
    "mx.nd.random.exponential(2.0, dtype='float64')",
])
def test_scalar_samplers_without_shape_draw_one_value(code):
    """Leaving `shape` out draws one sample (MXNet's default is _Null, not None): shape (1,) float32."""
    check(lambda mx: eval(code, {"mx": mx}).shape)
    check(lambda mx: eval(code, {"mx": mx}).dtype)


def test_scalar_sampler_explicit_shape_none_is_an_error():
    check(lambda mx: mx.nd.random.poisson(1, shape=None).asnumpy())


@pytest.mark.parametrize("code", ["np.tile(2, 3)", "np.tile(2.5, (2, 2))", "np.tile(True, 2)",
                                  "np.tile([1, 2], 2)", "np.tile(np.array([1, 2]), 2)"])
def test_np_tile_of_a_scalar_is_numpys(code):
    """mx.np.tile of a python scalar is numpy's own result (a numpy array); a list is MXNet's TypeError."""
    def f(mx):
        mx.npx.set_np()
        try:
            r = eval(code, {"np": mx.np})
            return r if isinstance(r, mx.nd.NDArray) else (type(r).__module__, r)
        finally:
            mx.npx.reset_np()
    check(f)


def test_base_ctypes_helpers():
    """mx.base's ctypes helpers (c_array, c_array_buf, c_str, c_str_array, ctypes2numpy_shared, ctypes2buffer)."""
    import array
    import ctypes

    def f(mx):
        b = mx.base
        x = b.c_array(b.mx_float, [1, 2, 3])
        y = b.c_array_buf(b.mx_float, array.array("f", [4, 5]))
        s = b.c_str("Hello, World")
        shared = b.ctypes2numpy_shared(ctypes.cast(x, b.mx_float_p), (3,))
        shared[0] = 7  # shares x's memory
        return (type(x).__name__, list(x), list(y), s.value, list(b.c_str_array(["a", "bc"])),
                bytes(b.ctypes2buffer(ctypes.cast(s, ctypes.POINTER(ctypes.c_char)), 5)),
                [c.__name__ for c in (b.mx_uint, b.mx_int, b.mx_int64, b.mx_float)])
    check(f)


@pytest.mark.parametrize("bad", ["mx.base.ctypes2numpy_shared(mx.base.c_str('x'), (1,))",
                                 "mx.base.ctypes2buffer(ctypes.cast(mx.base.c_array(mx.base.mx_float, [1]), "
                                 "mx.base.mx_float_p), 1)",
                                 "mx.base.c_str(b'x')"])
def test_base_ctypes_helpers_bad_input(bad):
    import ctypes
    check(lambda mx: eval(bad, {"mx": mx, "ctypes": ctypes}))


@pytest.mark.parametrize("code", [
    "mx.sym.Custom(mx.sym.var('x'), op_type='h115_not_registered').list_outputs()",
    "mx.sym.Custom(mx.sym.var('x')).list_outputs()",
    "mx.nd.Custom(mx.nd.ones(2), op_type='h115_not_registered')",
    "mx.nd.Custom(mx.nd.ones(2))",
])
def test_custom_unknown_op_type_fails_when_made(code):
    """An unregistered or missing `op_type` is MXNet's error as soon as the Custom node is made."""
    check(lambda mx: eval(code, {"mx": mx}))


def test_custom_unknown_op_type_fails_when_loaded():
    def f(mx):
        class Prop(mx.operator.CustomOpProp):
            def list_outputs(self):
                return ["output"]
        mx.operator.register("h115_known")(Prop)
        s = mx.sym.Custom(mx.sym.var("x"), op_type="h115_known", name="c")
        ok = mx.sym.load_json(s.tojson()).list_outputs()
        return ok, mx.sym.load_json(s.tojson().replace("h115_known", "h115_unknown"))
    check(f)


@pytest.mark.parametrize("ograd_shape", [(2, 3), (4,), (2, 2)])
def test_executor_backward_head_gradient_shape(ograd_shape):
    """A head gradient of another shape than its output is MXNet's MXNetError (it is copied into the output's
    gradient buffer); extra head gradients are ignored."""
    def f(mx):
        s = mx.sym.var("a") * 2 + mx.sym.var("b")
        ex = s.bind(mx.cpu(), {"a": mx.nd.ones((2, 2)), "b": mx.nd.ones((2, 2))},
                    args_grad={"a": mx.nd.zeros((2, 2)), "b": mx.nd.zeros((2, 2))})
        ex.forward(is_train=True)
        ex.backward([mx.nd.ones(ograd_shape), mx.nd.ones((3,))])
        return ex.grad_arrays
    check(f)


def test_executor_backward_loss_head_ignores_head_gradient():
    def f(mx):
        s = mx.sym.SoftmaxOutput(mx.sym.var("a"), mx.sym.var("l"))
        ex = s.bind(mx.cpu(), {"a": mx.nd.ones((2, 3)), "l": mx.nd.array([0, 1])},
                    args_grad={"a": mx.nd.zeros((2, 3))}, grad_req={"a": "write", "l": "null"})
        ex.forward(is_train=True)
        ex.backward([mx.nd.ones((5,))])
        return ex.grad_arrays[0]
    check(f)


@pytest.mark.parametrize("ograd_shape", [(2, 3), (2, 2)])
def test_check_symbolic_backward_head_gradient_shape(ograd_shape):
    """MXNet's docstring example of check_symbolic_backward feeds a (2, 3) head gradient to a (2, 2) output."""
    import numpy as np

    def f(mx):
        s = mx.sym.elemwise_add(mx.sym.var("lhs"), mx.sym.var("rhs"))
        m1, m2 = np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]])
        g = np.ones(ograd_shape)
        return mx.test_utils.check_symbolic_backward(s, [m1, m2], [mx.nd.ones(ograd_shape)], [g, g])
    check(f)
