"""Reshape's deprecated `target_shape` / `keep_highest` arguments (MXNet 1.x's old API: one 0 is inferred
from the size) imperatively, in symbols and through JSON, against MXNet 1.9.1; `shape` wins when both."""
import pytest

from tests.oracle import check

CASES = [dict(target_shape=(2, 0)), dict(target_shape=(5, 30)), dict(shape=(-1,), target_shape=(2, 0)),
         dict(target_shape=(2, 0), reverse=True), dict(target_shape=(0, 75), keep_highest=True),
         dict(target_shape=(0, 3, 25), keep_highest=True)]


@pytest.mark.parametrize("kw", CASES, ids=str)
def test_target_shape(kw):
    def run(mx):
        x = mx.nd.arange(150).reshape((2, 3, 5, 5))
        sym = mx.sym.Reshape(mx.sym.var("d"), **kw)
        return (mx.nd.Reshape(x, **kw), sym.infer_shape(d=(2, 3, 5, 5))[1],
                mx.sym.load_json(sym.tojson()).infer_shape(d=(2, 3, 5, 5))[1])
    check(run)
