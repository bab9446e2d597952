"""Oracle tests: argsort/topk/sort order tied and NaN keys as MXNet's CPU kernels do (libstdc++ std::sort
for a full sort, std::partial_sort when k * 8 <= n), e.g. gluon-cv's RCNN sampler argsorts a 0/2/3 mask."""
import numpy as np
import pytest

from tests.oracle import check

R = np.random.RandomState(11)


def _keys(n, kind):
    pools = {"three": [0., 2., 3.], "two": [1., 2.], "nan": [0., 2., 3., np.nan]}
    return R.choice(pools[kind], n).astype("float32")


@pytest.mark.parametrize("n", [5, 16, 17, 40, 63, 257, 1500])
@pytest.mark.parametrize("kind", ["three", "two", "nan"])
@pytest.mark.parametrize("asc", [True, False])
def test_argsort_ties(n, kind, asc):
    k = _keys(n, kind)
    check(lambda mx: mx.nd.argsort(mx.nd.array(k), is_ascend=asc))


@pytest.mark.parametrize("n", [17, 64, 300])
@pytest.mark.parametrize("kfrac", [1, 8, 9, 100])
@pytest.mark.parametrize("ret", ["indices", "both", "mask"])
def test_topk_ties(n, kfrac, ret):
    k = _keys(n, "three")
    kk = max(1, n // kfrac)
    check(lambda mx: mx.nd.topk(mx.nd.array(k), k=kk, ret_typ=ret))


def test_batched_axes_and_sort_values_with_nan():
    k = np.stack([_keys(50, "nan"), R.rand(50).astype("float32"), _keys(50, "two")])
    check(lambda mx: [mx.nd.argsort(mx.nd.array(k), axis=1), mx.nd.argsort(mx.nd.array(k.T), axis=0),
                      mx.nd.sort(mx.nd.array(k), is_ascend=False), mx.nd.argsort(mx.nd.array(k), axis=None),
                      mx.nd.topk(mx.nd.array(k.T), axis=0, k=4, ret_typ="both", is_ascend=True)])


def test_topk_value_gradient_follows_tie_order():
    k = _keys(80, "three")

    def fn(mx):
        x = mx.nd.array(k)
        x.attach_grad()
        with mx.autograd.record():
            v = mx.nd.topk(x, k=30, ret_typ="value")
            (v * mx.nd.arange(30)).sum().backward()
        return v, x.grad
    check(fn)
