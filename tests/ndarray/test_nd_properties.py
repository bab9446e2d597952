"""Property tests (hypothesis): random shapes/dtypes for broadcasting binary ops and reductions vs the oracle."""
import numpy as np
from hypothesis import given, settings, strategies as st, HealthCheck

from tests.oracle import check

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DTYPES = st.sampled_from(["float32", "int32", "float64", "uint8"])
OPS = st.sampled_from(["+", "-", "*", "%", ">", "<=", "==", "max", "min"])
dims = st.lists(st.integers(1, 4), min_size=1, max_size=4)


@st.composite
def broadcast_pair(draw):
    """Two shapes that broadcast (or, sometimes, do not: then both must raise the same error kind)."""
    a = draw(dims)
    k = draw(st.integers(1, len(a)))
    b = [d if draw(st.booleans()) else 1 for d in a[-k:]]
    if draw(st.integers(0, 9)) == 0:
        b[-1] = b[-1] + 1  # a mismatch
    if draw(st.booleans()):
        a, b = b, a
    return tuple(a), tuple(b)


def _data(rs, shape, dtype):
    lo = 0 if dtype == "uint8" else -20
    return rs.randint(lo, 20, size=shape).astype(dtype)


@SETTINGS
@given(broadcast_pair(), DTYPES, OPS, st.integers(0, 2 ** 31 - 1))
def test_binary_broadcast_matches_oracle(shapes, dtype, op, seed):
    rs = np.random.RandomState(seed)
    a, b = _data(rs, shapes[0], dtype), _data(rs, shapes[1], dtype)
    if op == "%":
        b[b == 0] = 3  # int modulo by zero is undefined in MXNet
    if op in ("max", "min"):
        fn = lambda mx: getattr(mx.nd, {"max": "maximum", "min": "minimum"}[op])(  # noqa: E731
            mx.nd.array(a, dtype=dtype), mx.nd.array(b, dtype=dtype))
    else:
        fn = lambda mx: eval(f"x {op} y", {"x": mx.nd.array(a, dtype=dtype),  # noqa: E731
                                            "y": mx.nd.array(b, dtype=dtype)})
    check(fn)


@SETTINGS
@given(dims, DTYPES, st.integers(0, 2 ** 31 - 1), st.integers(1, 5),
       st.sampled_from(["s", "+", "*", "/"]))
def test_scalar_ops_match_oracle(shape, dtype, seed, s, op):
    x = _data(np.random.RandomState(seed), tuple(shape), dtype)
    scal = s + 0.5 if op != "s" else s
    opx = "+" if op == "s" else op
    check(lambda mx: eval(f"(x {opx} {scal}, {scal} {opx} x)" if opx != "/" else f"x {opx} {scal}",
                          {"x": mx.nd.array(x, dtype=dtype)}))


@SETTINGS
@given(dims, st.sampled_from(["float32", "int32"]), st.sampled_from(["sum", "mean", "max", "min", "argmax"]),
       st.data(), st.integers(0, 2 ** 31 - 1))
def test_reductions_match_oracle(shape, dtype, op, data, seed):
    x = _data(np.random.RandomState(seed), tuple(shape), dtype)
    nd = len(shape)
    if op == "argmax":
        axis = data.draw(st.one_of(st.none(), st.integers(-nd, nd - 1)))
        kw = {"axis": axis, "keepdims": data.draw(st.booleans())}
    else:
        axes = data.draw(st.lists(st.integers(0, nd - 1), unique=True, max_size=nd))
        kw = {"axis": tuple(axes) if axes else None, "keepdims": data.draw(st.booleans()),
              "exclude": data.draw(st.booleans()) if axes else False}
    check(lambda mx: getattr(mx.nd.array(x, dtype=dtype), op)(**kw), atol=1e-4, rtol=1e-5)
