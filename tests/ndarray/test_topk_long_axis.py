"""nd.topk along long axes (the linear-time path for small k) against MXNet 1.9.1, ties and NaN included."""
import numpy as np
import pytest

from tests.oracle import check

_rng = np.random.RandomState(7)
_DISTINCT = _rng.permutation(3 * 6000).astype(np.float32).reshape(3, 6000)
_TIES = _rng.randint(0, 40, size=(4, 5000)).astype(np.float32)  # many ties inside and at the k-th entry
_INTS = _rng.randint(-10**6, 10**6, size=(2, 5000, 3)).astype(np.int32)
_NAN = _rng.randn(2, 5000).astype(np.float64)
_NAN[0, 17] = np.nan
_NAN[1, 4000:] = np.nan


@pytest.mark.parametrize("ret_typ", ["indices", "value", "both", "mask"])
@pytest.mark.parametrize("is_ascend", [False, True])
@pytest.mark.parametrize("k", [1, 5, 300])
def test_topk_long_axis_distinct(ret_typ, is_ascend, k):
    check(lambda mx: mx.nd.topk(mx.nd.array(_DISTINCT), axis=1, k=k, ret_typ=ret_typ, is_ascend=is_ascend))


@pytest.mark.parametrize("is_ascend", [False, True])
@pytest.mark.parametrize("k", [1, 3, 200])
def test_topk_long_axis_ties(is_ascend, k):
    # values only: which of several equal entries MXNet's sort reports first is its kernel's own order
    check(lambda mx: mx.nd.topk(mx.nd.array(_TIES), axis=-1, k=k, ret_typ="value", is_ascend=is_ascend))


@pytest.mark.parametrize("is_ascend", [False, True])
def test_topk_long_middle_axis_int(is_ascend):
    check(lambda mx: mx.nd.topk(mx.nd.array(_INTS, dtype="int32"), axis=1, k=4, ret_typ="both",
                                is_ascend=is_ascend, dtype="int32"))


@pytest.mark.parametrize("is_ascend", [False, True])
def test_topk_long_axis_flattened(is_ascend):
    check(lambda mx: mx.nd.topk(mx.nd.array(_DISTINCT), axis=None, k=6, ret_typ="both", is_ascend=is_ascend))


def test_topk_long_axis_gradient():
    def fn(mx):
        x = mx.nd.array(_DISTINCT)
        x.attach_grad()
        with mx.autograd.record():
            y = mx.nd.topk(x, axis=1, k=3, ret_typ="value")
        y.backward(mx.nd.array(np.arange(9.0).reshape(3, 3)))
        return y, x.grad
    check(fn)
