"""Legacy bool arrays with python scalars, negation, mean and norm, as MXNet 1.9.1 computes them.

MXNet's scalar operators have no bool kernel: a bool array is read as int64 (the scalar cast to int64 first)
and the result is int64; its mean and norm stay bool (the bool sum)."""
import pytest

from tests.oracle import check_code

ARRAYS = ("[1, 0, 1]", "[[1, 0], [0, 0]]")
SCALAR = ["b + 1", "b * 2", "b * 0.5", "b > 0", "b == 1", "b - 1", "b - True", "b % 2", "1 - b", "b / 2",
          "b ** 2", "b ** 0.5", "2 ** b", "-b", "mx.nd.maximum(b, 0)", "mx.nd.minimum(b, 0.5)",
          "mx.nd.power(b, 2)", "mx.nd.add(b, 3)", "mx.nd.subtract(5, b)", "b.mean()", "mx.nd.mean(b, axis=0)",
          "mx.nd.mean(b, axis=-1, keepdims=True)", "mx.nd.norm(b)", "mx.nd.norm(b, ord=1)",
          "mx.nd.norm(b, axis=0)", "mx.nd.norm(b, ord=1, axis=-1, keepdims=True)"]


@pytest.mark.parametrize("arr", ARRAYS)
@pytest.mark.parametrize("expr", SCALAR)
def test_bool_array_with_scalar(arr, expr):
    check_code(f"b = mx.nd.array({arr}).astype('bool'); out = {expr}")


@pytest.mark.parametrize("code", [
    "b = mx.nd.array([1, 0, 1]).astype('bool'); b += 1",
    "b = mx.nd.array([1, 0, 1]).astype('bool'); b *= 0",
    "b = mx.nd.array([1, 0, 1]).astype('bool'); out = abs(b)",
    "b = mx.nd.array([1, 0, 1]).astype('bool'); out = b + b",
])
def test_bool_array_refusals(code):
    check_code(code)
