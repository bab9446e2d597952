"""mx.np's NumPy fallbacks (MXNet 1.9.1's mxnet/numpy/fallback.py list) against real MXNet 1.9.1."""
import numpy as onp
import pytest

import mxnet
import torch2gluon
from tests.oracle import MODULES, assert_same_error


pytestmark = pytest.mark.usefixtures("np_mode")


def A(mx, x, dtype="float32"):
    return mx.nd.array(onp.asarray(x), dtype=dtype).as_np_ndarray()


def canon(mx, r):
    if isinstance(r, (list, tuple)):
        return type(r)(canon(mx, x) for x in r)
    if isinstance(r, mx.nd.NDArray):
        assert isinstance(r, mx.np.ndarray), type(r)
        return ("arr", r.shape, onp.dtype(r.dtype).name, str(r.ctx), r.asnumpy())
    return r


def same(ref, ours):
    if isinstance(ref, tuple) and ref and ref[0] == "arr":
        assert ours[:4] == ref[:4]
        onp.testing.assert_allclose(ours[4], ref[4], rtol=1e-6)
    elif isinstance(ref, (list, tuple)):
        assert type(ours) is type(ref) and len(ours) == len(ref)
        for r, o in zip(ref, ours):
            same(r, o)
    else:
        assert type(ours) is type(ref), (type(ours), type(ref))
        if isinstance(ref, (onp.ndarray, onp.generic)):
            onp.testing.assert_allclose(ours, ref)
        else:
            assert ours == ref


def both(fn):
    out = []
    for mx in MODULES:
        try:
            out.append((True, canon(mx, fn(mx))))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append((False, e))
    (ok_r, ref), (ok_o, ours) = out
    if not ok_r or not ok_o:
        assert not ok_r, f"oracle returned {ref!r:.300} but torch2gluon raised {ours!r}"
        assert not ok_o, f"oracle raised {ref!r:.300} but torch2gluon returned {ours!r:.300}"
        assert_same_error(ref, ours)
        return
    same(ref, ours)


def test_same_names():
    names = set(mxnet.numpy.fallback.__all__)
    assert names == set(torch2gluon.numpy.fallback.__all__)
    for n in names:
        assert hasattr(torch2gluon.np, n), n
    for n in ["nansum", "nanstd", "nanvar", "pmt"]:  # bound in MXNet's fallback module, not exported
        assert hasattr(mxnet.np, n) == hasattr(torch2gluon.np, n)
    assert set(mxnet.numpy.fallback_linalg.__all__) <= set(dir(torch2gluon.np.linalg))
    assert torch2gluon.np.linalg.fallback_linalg.__all__ == mxnet.numpy.fallback_linalg.__all__
    assert sorted(n for n in dir(mxnet.np.random) if not n.startswith("_")) == \
        sorted(n for n in dir(torch2gluon.np.random) if not n.startswith("_") and n in torch2gluon.np.random.__all__)
    assert set(n for n in dir(mxnet.np.linalg) if not n.startswith("_")) <= set(dir(torch2gluon.np.linalg))


CASES = [
    "np.argwhere(a)", "np.allclose(a, a)", "np.isclose(a, a)", "np.frexp(a)", "np.ndim(a)", "np.size(a)",
    "np.ix_(A(mx, [0, 1], 'int64'))", "np.cov(a)", "np.take_along_axis(a, A(mx, [[0], [1]], 'int64'), 1)",
    "np.count_nonzero(a)", "np.count_nonzero(a, axis=0)", "np.nanmax(a)", "np.promote_types('float32', 'int32')",
    "np.histogram2d(A(mx, [1., 2]), A(mx, [1., 2]), bins=2)", "np.polyfit(A(mx, [0., 1, 2]), A(mx, [1., 3, 5]), 1)",
    "np.searchsorted(A(mx, [1., 2, 3]), 2.5)", "np.array_equal(a, a)", "np.real(a)", "np.in1d(a, A(mx, [1.]))",
    "np.lexsort((A(mx, [1., 0]), A(mx, [0., 0])))", "np.msort(a)", "np.roots(A(mx, [1., -3, 2]))",
    "np.unpackbits(A(mx, [3], 'uint8'))", "np.i0(a)", "np.ptp(a, axis=1)", "np.signbit(-a)", "np.modf(a * 1)",
    "np.nancumsum(a)", "np.nanargmax(a)", "np.digitize(A(mx, [0.5, 2.5]), A(mx, [0., 1, 2, 3]))",
    "np.vander(A(mx, [1., 2, 3]))", "np.trapz(a)", "np.isclose(a=a, b=a)", "np.result_type(a, 1)",
    "np.mirr(a, .1, .1)", "np.argwhere([1, 0])", "np.polyadd(A(mx, [1., 2]), A(mx, [1., 2, 3]))",
    "np.interp(A(mx, [0.5]), A(mx, [0., 1]), A(mx, [0., 2]))", "np.triu_indices_from(a)",
    "np.apply_along_axis(lambda v: v * 2, 0, a)", "np.choose(A(mx, [0, 1], 'int64'), a)",
    "np.argwhere(A(mx, [1., 0], ctx=mx.cpu(1)))", "np.setdiff1d(a, A(mx, [1.]))", "np.unwrap(a)",
    "np.roots(A(mx, [1., 0, 1]))", "np.min_scalar_type(a)",
    "np.apply_over_axes(lambda x, ax: x.sum(ax, keepdims=True), a, [0])",
    "np.piecewise(A(mx, [1., 0, 1]), [A(mx, [1., 0, 1]) > 0.5], [lambda v: v * 2, 0.])",
    "np.select([A(mx, [1., 0, 1]) > 0.5], [A(mx, [1., 0, 1])])",
]


@pytest.mark.parametrize("code", CASES)
def test_fallback_matches(code):
    both(lambda mx: eval(code, {"mx": mx, "np": mx.np, "A": _A, "a": _A(mx, [[1., 2], [3., 4]])}))


def _A(mx, x, dtype="float32", ctx=None):
    r = A(mx, x, dtype)
    return r if ctx is None else r.as_in_ctx(ctx)


def test_refused_under_record():
    def run(mx):
        a = A(mx, [1., 0.])
        with mx.autograd.record():
            return mx.np.argwhere(a)
    both(run)
