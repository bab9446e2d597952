"""mx.autograd against the MXNet 1.9.1 oracle: scopes/flags, grad_req, heads, retain_graph, leaves, grad()."""
import numpy as np
import pytest

from tests.oracle import check, check_code, check_grad

A = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], dtype=np.float32)
B = np.array([[2.0, 1.0, -1.0], [3.0, 0.25, 2.0]], dtype=np.float32)

FLAGS = [
    "out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record():\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record(train_mode=False):\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.train_mode():\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.predict_mode():\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record():\n    with mx.autograd.pause():\n        out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record():\n    with mx.autograd.pause(train_mode=True):\n        out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record():\n    with mx.autograd.predict_mode():\n        out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.record():\n    with mx.autograd.pause():\n        pass\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "with mx.autograd.train_mode():\n    with mx.autograd.record(train_mode=False):\n        pass\n    out = (mx.autograd.is_recording(), mx.autograd.is_training())",
    "a = mx.autograd.set_recording(True); b = mx.autograd.set_recording(False); "
    "c = mx.autograd.set_training(True); d = mx.autograd.set_training(False); out = (a, b, c, d)",
]


@pytest.mark.parametrize("code", FLAGS)
def test_flags(code):
    check_code(code)


def test_flags_restored_after_exception(mx):
    with pytest.raises(KeyError):
        with mx.autograd.record():
            raise KeyError("x")
    assert (mx.autograd.is_recording(), mx.autograd.is_training()) == (False, False)


GRADS = [
    # attach_grad gives zeros of the dtype; re-attaching resets
    "x = mx.nd.array([1, 2], dtype='float64'); x.attach_grad(); out = x.grad",
    "x = mx.nd.array([1, 2]); out = x.grad is None",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(); x.attach_grad(); out = x.grad",
    # write overwrites, add accumulates
    "x = mx.nd.array([1, 2]); x.attach_grad()\nfor i in range(2):\n    with mx.autograd.record():\n"
    "        y = (x * x).sum()\n    y.backward()\nout = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad('add')\nfor i in range(3):\n    with mx.autograd.record():\n"
    "        y = (x * x).sum()\n    y.backward()\nout = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad('null')\nwith mx.autograd.record():\n    y = x * 2\n"
    "y.backward(); out = x.grad",
    "x = mx.nd.array([1, 2]); z = mx.nd.array([3, 4]); x.attach_grad(); z.attach_grad('null')\n"
    "with mx.autograd.record():\n    y = x * z\ny.backward(); out = (x.grad, z.grad)",
    # non-scalar heads and out_grad
    "x = mx.nd.array([[1, 2], [3, 4]]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(); out = x.grad",
    "x = mx.nd.array([[1, 2], [3, 4]]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(mx.nd.array([[1, 0], [2, -1]])); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    a = x * 2\n    b = x * x\n"
    "mx.autograd.backward([a, b]); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    a = x * 2\n    b = x * x\n"
    "mx.autograd.backward([a, b], [mx.nd.array([1, 1]), mx.nd.array([10, 0])]); out = x.grad",
    # backward twice / retain_graph / outside record
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\ny.backward(); y.backward()",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(retain_graph=True); y.backward(); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad('add')\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(retain_graph=True); y.backward(); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad(); y = x * x; y.backward()",
    "x = mx.nd.array([1, 2]); y = x * 2; y.backward()",
    # pause constants
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    with mx.autograd.pause():\n"
    "        c = x * 3\n    y = x * c\ny.backward(); out = x.grad",
    # attach_grad on an intermediate: new leaf
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    h = x * 2\n    h.attach_grad()\n"
    "    y = (h * h).sum()\ny.backward(); out = (x.grad, h.grad)",
    # detach / BlockGrad / stop_gradient
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x.detach()\n"
    "y.backward(); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * mx.nd.BlockGrad(x * 5)\n"
    "y.backward(); out = x.grad",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x + mx.nd.stop_gradient(x)\n"
    "y.backward(); out = x.grad",
    # variables outside the graph keep their grad under 'write'
    "x = mx.nd.array([1, 2]); z = mx.nd.array([5, 6]); x.attach_grad(); z.attach_grad()\n"
    "with mx.autograd.record():\n    y = x * z\ny.backward()\nwith mx.autograd.record():\n    y2 = x * 3\n"
    "y2.backward(); out = (x.grad, z.grad)",
    # mark_variables, grad identity, grad of non-leaf
    "x = mx.nd.array([1, 2]); g = mx.nd.zeros(2); mx.autograd.mark_variables([x], [g])\n"
    "with mx.autograd.record():\n    y = x * x\ny.backward(); out = g",
    "x = mx.nd.array([1, 2]); x.attach_grad(); g = x.grad\nwith mx.autograd.record():\n    y = x * x\n"
    "y.backward(); out = (g, x.grad is x.grad)",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\ny.backward(); out = y.grad is None",
    # autograd.grad
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * x\n"
    "out = (mx.autograd.grad(y, [x]), x.grad)",
    "x = mx.nd.array([1, 2]); z = mx.nd.array([3, 4]); x.attach_grad(); z.attach_grad()\n"
    "with mx.autograd.record():\n    y = x * z\nout = mx.autograd.grad([y], [x, z])",
    "x = mx.nd.array([0.5, 1.0]); x.attach_grad()\nwith mx.autograd.record():\n    y = mx.nd.sin(x)\n"
    "    g = mx.autograd.grad(y, [x], create_graph=True)[0]\ng.backward(); out = (g, x.grad)",
    # in-place inside record on a graph array
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * 2\n    y += 1",
    "x = mx.nd.array([1, 2]); x.attach_grad()\nwith mx.autograd.record():\n    y = x * 2\n    y[0] = 1",
]


@pytest.mark.parametrize("code", GRADS)
def test_autograd_semantics(code):
    check_code(code)


def test_backward_without_any_variable_raises():
    check_code("x = mx.nd.array([1, 2])\nwith mx.autograd.record():\n    y = x * 2\ny.backward()")


@pytest.mark.parametrize("expr", ["x * y", "x / y", "x - y * x", "mx.nd.sin(x) * mx.nd.exp(y)", "(x * y).sum()",
                                  "mx.nd.dot(x, y.T)", "x.reshape((3, 2)) * 2", "x[1] * y[0]", "x[:, 1:] + y[:, :2]",
                                  "mx.nd.relu(x) + mx.nd.sigmoid(y)", "mx.nd.tanh(x).mean(axis=1)",
                                  "x.max(axis=0) + y.min()", "mx.nd.softmax(x) * y", "mx.nd.log_softmax(x, axis=0)",
                                  "mx.nd.square(x) + mx.nd.sqrt(mx.nd.abs(y))", "x ** 2 + 2 ** y",
                                  "mx.nd.concat(x, y, dim=0)", "mx.nd.broadcast_mul(x, y[0:1])",
                                  "mx.nd.FullyConnected(x, y, num_hidden=2, no_bias=True)"])
def test_gradients_match_oracle(expr):
    check_grad(lambda mx, x, y: eval(expr), A, B, atol=1e-5)


def test_gradient_out_grad_and_add():
    check_grad(lambda mx, x, y: x * y, A, B, out_grad=B)
    check_grad(lambda mx, x, y: x * y, A, B, grad_req="add")


def test_no_graph_outside_record():
    import torch2gluon as mx
    x = mx.nd.array([1, 2])
    x.attach_grad()
    y = x * 2 + mx.nd.sin(x)
    assert y._t.requires_grad is False
    with mx.autograd.record():
        with mx.autograd.pause():
            c = x * 3
        z = x * 3
    assert c._t.requires_grad is False
    assert z._t.requires_grad is True
    out = mx.nd.FullyConnected(mx.nd.ones((2, 3)), x.reshape((2, 1)) * mx.nd.ones((2, 3)), num_hidden=2,
                               no_bias=True)
    assert out._t.requires_grad is False


def test_dropout_active_only_when_training(mx):
    x = mx.nd.ones((200, 50))
    assert (mx.nd.Dropout(x, p=0.5).asnumpy() == 1).all()
    with mx.autograd.record(train_mode=False):
        assert (mx.nd.Dropout(x, p=0.5).asnumpy() == 1).all()
    with mx.autograd.predict_mode():
        assert (mx.nd.Dropout(x, p=0.5).asnumpy() == 1).all()
    for scope in (mx.autograd.record, mx.autograd.train_mode):
        with scope():
            y = mx.nd.Dropout(x, p=0.5).asnumpy()
        assert set(np.unique(y)) == {0.0, 2.0}
        assert 0.4 < (y == 0).mean() < 0.6
    y = mx.nd.Dropout(x, p=0.5, mode="always").asnumpy()
    assert set(np.unique(y)) == {0.0, 2.0}


def test_dropout_gradient_uses_the_same_mask(mx):
    x = mx.nd.ones((20, 30))
    x.attach_grad()
    with mx.autograd.record():
        y = mx.nd.Dropout(x, p=0.3)
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), y.asnumpy())


def test_custom_function():
    code = '''
class Sq(mx.autograd.Function):
    def forward(self, x):
        self.save_for_backward(x)
        return x * x
    def backward(self, dy):
        x, = self.saved_tensors
        return dy * 2 * x + 1
x = mx.nd.array([1.0, 3.0]); x.attach_grad()
with mx.autograd.record():
    y = Sq()(x)
y.backward()
out = (y, x.grad)
'''
    check_code(code)
