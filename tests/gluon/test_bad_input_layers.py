"""Bad input to Gluon layers and losses gets MXNet's kind of error (oracle-checked).

A layer whose parameter shapes are deferred infers them at the first call; any failure there is MXNet's
ValueError "Deferred initialization failed because shape cannot be inferred. ...".
"""
import numpy as np
import pytest

from tests.oracle import check, drain_mxnet_errors  # noqa: F401  (fixture)


pytestmark = pytest.mark.usefixtures("drain_mxnet_errors")


def _run(code):
    def snippet(mx):
        from_np = lambda shape: mx.nd.array(np.arange(int(np.prod(shape))).reshape(shape) % 4)  # noqa: E731
        env = {"mx": mx, "nn": mx.gluon.nn, "rnn": mx.gluon.rnn, "loss": mx.gluon.loss, "A": from_np}
        blk, args = eval(code, env)  # noqa: S307 - test table only
        blk.initialize()
        out = blk(*args)
        out.asnumpy()
        return out
    return check(snippet)


CASES = [
    "nn.BatchNorm(axis=5), [A((2, 3))]",
    "nn.LayerNorm(axis=4), [A((2, 3))]",
    "nn.Dense(4, in_units=5), [A((2, 3))]",
    "nn.Embedding(-1, 4), [A((2, 3))]",
    "nn.Activation('nonsense'), [A((2, 3))]",
    "nn.MaxPool2D(pool_size=7), [A((1, 2, 5, 5))]",
    "loss.L2Loss(), [A((2, 3)), A((4, 5))]",
    "loss.SoftmaxCrossEntropyLoss(axis=5), [A((2, 3)), A((2,))]",
    "loss.SigmoidBinaryCrossEntropyLoss(), [A((2, 3)), A((4, 5))]",
    "loss.HuberLoss(), [A((2, 3)), A((4, 5))]",
    "rnn.LSTM(4, input_size=5), [A((2, 3, 4))]",
    "rnn.LSTMCell(4), [A((2, 3)), [A((2, 5)), A((2, 4))]]",
]


@pytest.mark.parametrize("code", CASES)
def test_bad_input_layer(code):
    _run(code)
