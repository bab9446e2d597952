"""mx.runtime, mx.engine and mx.util against MXNet 1.9.1 (names, types, scoping, refusals)."""
import os

import pytest

import mxnet
import torch2gluon
from tests.oracle import check


def test_features_names_and_repr():
    ours, theirs = torch2gluon.runtime.Features(), mxnet.runtime.Features()
    assert list(ours.keys()) == list(theirs.keys())
    assert ours is torch2gluon.runtime.Features()
    assert repr(ours["CUDA"]) in ("✔ CUDA", "✖ CUDA")
    assert ours.is_enabled("cuda") == (torch2gluon.context.num_gpus() > 0)
    for mx in (mxnet, torch2gluon):
        with pytest.raises(RuntimeError, match="unknown"):
            mx.runtime.Features().is_enabled("NOPE")


def test_bulk_scope_restores_size():
    def snippet(mx):
        first = mx.engine.set_bulk_size(7)
        with mx.engine.bulk(3):
            inner = mx.engine.set_bulk_size(3)
            x = mx.nd.zeros((1,))
            for _ in range(10):
                x += 1
        return first, inner, mx.engine.set_bulk_size(first), x
    check(snippet)


def test_util_legacy_mode_and_env():
    check(lambda mx: (mx.util.is_np_array(), mx.util.is_np_shape(), mx.util.set_np_shape(False)))
    torch2gluon.util.setenv("T2G_TEST_VAR", "1")
    assert torch2gluon.util.getenv("T2G_TEST_VAR") == "1" == os.environ["T2G_TEST_VAR"]
    torch2gluon.util.setenv("T2G_TEST_VAR", None)
    assert torch2gluon.util.getenv("T2G_TEST_VAR") is None


def test_util_numpy_mode_flags_follow_mxnet():
    def snippet(mx):
        seen = [mx.util.is_np_shape(), mx.util.is_np_array()]
        mx.util.set_np()
        seen += [mx.util.is_np_shape(), mx.util.is_np_array()]
        try:
            mx.util.set_np_shape(False)
        except ValueError as e:
            seen.append("ValueError")
        mx.util.reset_np()
        seen += [mx.util.is_np_shape(), mx.util.is_np_array()]
        with mx.util.np_shape(True):
            seen.append(mx.util.is_np_shape())
        seen.append(mx.util.is_np_shape())
        return seen
    check(snippet)
    with torch2gluon.util.np_shape(False):
        pass
