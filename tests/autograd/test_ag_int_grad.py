"""Gradients of integer and bool arrays (attach_grad on int32/int64/int8/uint8/bool), against MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check

DTYPES = ["int32", "int64", "int8", "uint8"]

# (name, function of the namespace `M` (mx.nd or mx.np) and two int arrays) whose gradients MXNet computes
LEGACY = {
    "add": lambda M, a, b: a + b,
    "sub": lambda M, a, b: a - b,
    "mul": lambda M, a, b: a * b,
    "int_div": lambda M, a, b: a / b,           # MXNet: the true quotient's gradient, truncated
    "rdiv": lambda M, a, b: 12 / a,
    "mod": lambda M, a, b: a % b,
    "pow": lambda M, a, b: a ** b,
    "maximum": lambda M, a, b: M.maximum(a, b),
    "square": lambda M, a, b: M.square(a) + b,
    "cube": lambda M, a, b: a * a * a,
    "sum_axis": lambda M, a, b: M.sum(a * b, axis=0),
    "mean_axis": lambda M, a, b: M.mean(a * b, axis=0),   # 1 // 2 == 0 at the integer node
    "reshape": lambda M, a, b: (a * b).reshape(-1),
    "clip": lambda M, a, b: M.clip(a * b, 2, 8),          # the bounds pass the gradient
    "sqrt": lambda M, a, b: M.sqrt(a * b),
    "log": lambda M, a, b: M.log(a * b),
    "exp": lambda M, a, b: M.exp(a),
    "floor": lambda M, a, b: M.floor(a),
    "sign": lambda M, a, b: M.sign(a),
    "cast": lambda M, a, b: a.astype("float32") * 1.5,
    "prod": lambda M, a, b: M.prod(a, axis=0),
    "max": lambda M, a, b: M.max(a, axis=1),
    "concat": lambda M, a, b: M.concat(a, b, dim=0),
    "stack": lambda M, a, b: M.stack(a, b),
    "slice": lambda M, a, b: a[1:],
    "transpose": lambda M, a, b: a.T * b.T,
    "one_hot": lambda M, a, b: M.one_hot(a, 7),            # zero gradients, no error
    "relu": lambda M, a, b: M.relu(a - b),
}


def _run(mx, M, fn, dt, grad_req="write"):
    a = M.array([[1, 2, 3], [4, 5, 6]], dtype=dt)
    b = M.array([[2, 1, 2], [1, 3, 1]], dtype=dt)
    a.attach_grad(grad_req)
    b.attach_grad(grad_req)
    if grad_req == "add":
        a.grad[:] = 1
    with mx.autograd.record():
        y = fn(M, a, b)
    y.backward()
    return y, a.grad, b.grad


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_int_grad(name, dt):
    if dt == "uint8" and name in ("relu", "sub"):
        pytest.skip("uint8 wrap-around of a - b: the float shadow does not wrap (documented difference)")
    check(lambda mx: _run(mx, mx.nd, LEGACY[name], dt))


NUMPY = {
    "add": lambda M, a, b: a + b,
    "mul": lambda M, a, b: a * b,
    "mod": lambda M, a, b: a % b,                          # MXNet's integer mod has zero gradient
    "square": lambda M, a, b: M.square(a) + b,
    "sum_dtype": lambda M, a, b: M.sum(a * b, axis=1, dtype=a.dtype),
    "mean": lambda M, a, b: M.mean(a * b, axis=0),
    "sin": lambda M, a, b: M.sin(a),                       # an integer result: truncated values and gradient
    "sqrt": lambda M, a, b: M.sqrt(a * b),
    "floor": lambda M, a, b: M.floor(a),
    "cumsum": lambda M, a, b: M.cumsum(a * b),
    "tile": lambda M, a, b: M.tile(a, 2),
    "concatenate": lambda M, a, b: M.concatenate([a, b]),
    "getitem": lambda M, a, b: a[1:, ::2],
    "expand_dims": lambda M, a, b: M.expand_dims(a, 0),
    "astype": lambda M, a, b: a.astype("float32") * 1.5,
}


@pytest.mark.parametrize("dt", ["int32", "int8"])
@pytest.mark.parametrize("name", sorted(NUMPY))
def test_numpy_int_grad(name, dt):
    def fn(mx):
        mx.npx.set_np()
        try:
            y, ga, gb = _run(mx, mx.np, NUMPY[name], dt)
            return y.as_nd_ndarray(), ga.as_nd_ndarray(), gb.as_nd_ndarray()
        finally:
            mx.npx.reset_np()
    check(fn)


@pytest.mark.parametrize("dt", ["int32", "int64"])
def test_int_grad_req_add(dt):
    check(lambda mx: _run(mx, mx.nd, LEGACY["cube"], dt, "add"))


def test_autograd_grad_of_int_variable():
    def fn(mx):
        x = mx.nd.array([1, 2, 3], dtype="int32")
        x.attach_grad()
        with mx.autograd.record():
            y = x * x * 3
        return mx.autograd.grad(y, [x])[0], x.grad
    check(fn)


def test_int_variable_with_float_weights():
    def fn(mx):
        x = mx.nd.array([[1, 2], [3, 4]], dtype="int32")
        w = mx.nd.array([[0.5, -1.0], [2.0, 0.25]])
        x.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            y = mx.nd.dot(x.astype("float32"), w)
        y.backward()
        return y, x.grad, w.grad
    check(fn)


def test_bool_variable_shape_ops_and_where():
    def fn(mx):
        mx.npx.set_np()
        try:
            c = mx.np.array([[True, False], [False, True]], dtype=bool)
            v = mx.np.array([[1., 2.], [3., 4.]])
            c.attach_grad()
            v.attach_grad()
            with mx.autograd.record():
                y = mx.np.expand_dims(c, 0)
            y.backward()
            g1 = c.grad.copy()
            with mx.autograd.record():
                z = mx.np.where(c, v, v * 2)   # the condition gets zero gradient
            z.backward()
            return g1.as_nd_ndarray(), c.grad.as_nd_ndarray(), v.grad.as_nd_ndarray()
        finally:
            mx.npx.reset_np()
    check(fn)


def test_int_variable_changed_in_place_between_passes():
    def fn(mx):
        x = mx.nd.array([1, 2, 3], dtype="int32")
        x.attach_grad()
        out = []
        for _ in range(2):
            with mx.autograd.record():
                y = x * x
            y.backward()
            out.append(x.grad.copy())
            x[:] = x + 1
        return out
    check(fn)


def test_float_programs_unaffected_after_int_variables_die():
    import torch
    import torch2gluon as mx
    x = mx.nd.array([1, 2], dtype="int32")
    x.attach_grad()
    del x
    w = mx.nd.ones((2,))
    w.attach_grad()
    with mx.autograd.record():
        y = (w * 3).sum()
    y.backward()
    assert w.grad.asnumpy().tolist() == [3.0, 3.0]
    assert torch._C._len_torch_function_stack() == 0  # the shadow mode was popped  # pylint: disable=protected-access


@pytest.mark.parametrize("src,dst", [("int32", "float32"), ("float32", "int32"), ("int32", "int32"),
                                     ("float16", "int32"), ("int32", "float16")])
def test_executor_cast_gradients_with_integer_arguments(src, dst):
    x = np.random.RandomState(0).uniform(-10, 10, size=(4, 5))

    def fn(mx):
        v = mx.sym.Variable("x", dtype=src)
        exe = mx.sym.Cast(v, dtype=dst).simple_bind(ctx=mx.cpu(), x=(4, 5))
        exe.arg_arrays[0][:] = x
        exe.forward(is_train=True)
        exe.backward(mx.nd.array(x, dtype=dst))
        return exe.outputs[0], exe.grad_arrays[0]
    check(fn)


def test_executor_integer_argument_arithmetic():
    def fn(mx):
        a, b = mx.sym.Variable("a", dtype="int32"), mx.sym.Variable("b", dtype="int32")
        exe = (a * b + a).simple_bind(ctx=mx.cpu(), a=(2, 3), b=(2, 3))
        exe.arg_dict["a"][:] = mx.nd.array([[1, 2, 3], [4, 5, 6]], dtype="int32")
        exe.arg_dict["b"][:] = mx.nd.array([[2, 1, 2], [1, 3, 1]], dtype="int32")
        exe.forward(is_train=True)
        exe.backward(mx.nd.ones((2, 3), dtype="int32"))
        return exe.outputs[0], exe.grad_dict["a"], exe.grad_dict["b"]
    check(fn)


@pytest.mark.parametrize("dtype", ["int32", "float32"])
def test_gather_nd_gradient_and_backward_gather_nd(dtype):
    def fn(mx):
        data = mx.nd.arange(60, dtype=dtype).reshape((3, 4, 5))
        idx = mx.nd.array([[1, 1, 2, 1], [3, 3, 0, 3]], dtype="int32")  # a repeated index accumulates
        data.attach_grad()
        with mx.autograd.record():
            y = mx.nd.gather_nd(data, idx)
        y.backward(y)
        return y, data.grad, mx.nd._internal._backward_gather_nd(y, idx, shape=(3, 4, 5))
    check(fn)


@pytest.mark.parametrize("mode", ["nd", "np"])
@pytest.mark.parametrize("key", ["whole", "empty_tuple", "part"])
def test_recorded_float_copied_into_integer_array(mode, key):
    keys = {"whole": slice(None), "empty_tuple": (), "part": slice(1, 2)}

    def fn(mx):
        if mode == "np":
            mx.npx.set_np()
        try:
            M = mx.np if mode == "np" else mx.nd
            if mode == "nd" and key == "empty_tuple":
                return None
            x = M.array(np.arange(6).reshape(2, 3), dtype="int32")
            y = M.array(np.linspace(0.5, 3.0, 6).reshape(2, 3)[keys[key]])
            y.attach_grad()
            with mx.autograd.record():
                x[keys[key]] = y
                x.backward()   # MXNet: the copy's gradient passes into y (a part write is refused)
            out = (x, y.grad)
            return tuple(o.as_nd_ndarray() for o in out) if mode == "np" else out
        finally:
            mx.npx.reset_np()
    check(fn)


@pytest.mark.parametrize("hybridize", [False, True])
def test_integer_input_through_gluon_block(hybridize):
    def fn(mx):
        net = mx.gluon.nn.HybridSequential()
        net.add(mx.gluon.nn.Dense(4, in_units=5), mx.gluon.nn.Dense(2, in_units=4))
        net.initialize(mx.init.Constant(1.5))
        if hybridize:
            net.hybridize()
        xi = mx.nd.array([[1, 2, 3, 4, 5]], dtype="int32")
        xi.attach_grad()
        with mx.autograd.record():
            y = net(xi.astype("float32"))
        y.backward()
        return y, xi.grad, net[0].weight.grad()
    check(fn)
