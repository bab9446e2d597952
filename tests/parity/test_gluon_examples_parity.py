"""Behaviours met running MXNet 1.x's example/gluon scripts unchanged, checked against real MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("activation", [3, None, "sigmoid"])
def test_rnn_layer_bad_activation_error_kind(activation):
    # word_language_model's `rnn.RNN(num_hidden, num_layers, ...)` passes an int as activation: TypeError.
    check(lambda mx: mx.gluon.rnn.RNN(4, 1, activation=activation))


def test_rnn_layer_positional_num_layers_then_activation():
    check(lambda mx: mx.gluon.rnn.RNN(4, 'relu', 2))
