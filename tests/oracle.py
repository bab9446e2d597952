"""Run one snippet on real MXNet 1.9.1 (the oracle) and on torch2gluon, and compare what comes out.

Usage::

    from tests.oracle import check, check_grad, MODULES

    def test_add_broadcast():
        a, b = np.ones((3, 4)), np.arange(4)
        check(lambda mx: mx.nd.array(a) + mx.nd.array(b))

    def test_bad_dtypes_raise_same_kind():
        check(lambda mx: mx.nd.ones(2) + mx.nd.ones(2, dtype='int32'))   # both raise MXNetError

    def test_sin_grad():
        check_grad(lambda mx, x: mx.nd.sin(x) * 2, np.random.rand(3, 2))

    @pytest.mark.parametrize("code", ["x = mx.nd.ones((2, 3)); out = x.sum(axis=1)", "mx.nd.zeros(4)"])
    def test_table(code):         # one-line expressions or statements that set `out`
        check_code(code, a=np.arange(6.0))

    def test_by_hand(mx):      # the `mx` fixture (tests/conftest.py) runs once per module
        assert mx.nd.ones(3).sum().asscalar() == 3

`fn(mx)` receives the module (`mxnet` or `torch2gluon`) and returns an NDArray, a python/numpy value, or a
(nested) tuple/list/dict of them, or raises. `check` converts each result to plain data ("canon"):
an NDArray becomes ("NDArray", shape, numpy dtype type, context string, numpy copy); numpy arrays keep
shape and dtype; other values are compared with ==. Shape, dtype and context are asserted before values.

Errors: if either side raises, both must raise, and the kinds must match: MXNet's `MXNetError` maps to
`torch2gluon.base.MXNetError`; any other exception must be the same class (ValueError, TypeError, ...).
Pass `raises=SomeClass` to also pin the oracle's class.

Never run snippets that crash the oracle process (MXNet kills the process on int division by zero).
"""
import numpy as np
import pytest

import mxnet
import torch2gluon

MODULES = (mxnet, torch2gluon)
MODULE_IDS = ("mxnet", "torch2gluon")

__all__ = ["MODULES", "MODULE_IDS", "run_both", "canon", "check", "check_code", "check_grad",
           "assert_same_error", "assert_same"]


@pytest.fixture
def drain_mxnet_errors():
    """Bad input leaves asynchronous errors in MXNet's engine that a later waitall() would raise: drain them
    after the test (modules that feed bad input use it with `pytestmark = pytest.mark.usefixtures(...)`)."""
    yield
    for _ in range(3):
        try:
            mxnet.nd.waitall()
            break
        except mxnet.base.MXNetError:
            pass


def _is_nd(mod, v):
    return isinstance(v, mod.nd.NDArray)


def canon(mod, v):
    """Plain-data form of a snippet result produced with module `mod` (see module docstring)."""
    if _is_nd(mod, v):
        return ("NDArray", v.shape, v.dtype, str(v.context), v.asnumpy())
    if isinstance(v, mod.Context):
        return ("Context", str(v))
    if isinstance(v, (list, tuple)):
        return type(v)(canon(mod, x) for x in v)
    if isinstance(v, dict):
        return {k: canon(mod, x) for k, x in v.items()}
    return v


def run_both(fn):
    """Run `fn(mx)` on the oracle and on torch2gluon; returns [(ok, value_or_exception)] * 2."""
    out = []
    for mod in MODULES:
        try:
            out.append((True, canon(mod, fn(mod))))
        except Exception as e:  # noqa: BLE001 - errors are compared, not hidden
            out.append((False, e))
    return out


def _kind(exc):
    if isinstance(exc, (mxnet.base.MXNetError, torch2gluon.base.MXNetError)):
        return "MXNetError"
    return type(exc).__name__


def assert_same_error(e_ref, e_ours, raises=None):
    """Both snippets raised: the exception kinds must agree (MXNetError <-> torch2gluon MXNetError)."""
    if raises is not None:
        assert isinstance(e_ref, raises), f"oracle raised {e_ref!r}, expected {raises.__name__}"
    assert _kind(e_ref) == _kind(e_ours), \
        f"oracle raised {_kind(e_ref)}: {e_ref!s:.200}\ntorch2gluon raised {_kind(e_ours)}: {e_ours!s:.300}"
    if _kind(e_ours) == "MXNetError":
        assert isinstance(e_ours, torch2gluon.base.MXNetError)


def assert_same(ref, ours, atol=1e-5, rtol=1e-5, path="result"):
    """Compare two canon values: structure, then shape/dtype/context, then numbers."""
    if isinstance(ref, tuple) and ref and ref[0] == "NDArray":
        assert isinstance(ours, tuple) and ours and ours[0] == "NDArray", f"{path}: expected NDArray, got {ours!r}"
        _, rs, rd, rc, rv = ref
        _, os_, od, oc, ov = ours
        assert os_ == rs, f"{path}: shape {os_} != oracle {rs}"
        assert od is rd, f"{path}: dtype {od} != oracle {rd}"
        assert oc == rc, f"{path}: context {oc} != oracle {rc}"
        _assert_values(rv, ov, atol, rtol, path)
        return
    if isinstance(ref, (list, tuple)):
        assert type(ours) is type(ref), f"{path}: type {type(ours).__name__} != oracle {type(ref).__name__}"
        assert len(ours) == len(ref), f"{path}: length {len(ours)} != oracle {len(ref)}"
        for i, (r, o) in enumerate(zip(ref, ours)):
            assert_same(r, o, atol, rtol, f"{path}[{i}]")
        return
    if isinstance(ref, dict):
        assert isinstance(ours, dict) and set(ours) == set(ref), f"{path}: keys differ"
        for k in ref:
            assert_same(ref[k], ours[k], atol, rtol, f"{path}[{k!r}]")
        return
    if isinstance(ref, (np.ndarray, np.generic)):
        assert type(ours) is type(ref), f"{path}: type {type(ours).__name__} != oracle {type(ref).__name__}"
        assert np.shape(ours) == np.shape(ref), f"{path}: shape {np.shape(ours)} != oracle {np.shape(ref)}"
        assert ours.dtype == ref.dtype, f"{path}: dtype {ours.dtype} != oracle {ref.dtype}"
        _assert_values(ref, ours, atol, rtol, path)
        return
    assert type(ours) is type(ref), f"{path}: type {type(ours).__name__} != oracle {type(ref).__name__}"
    if isinstance(ref, float):
        _assert_values(np.float64(ref), np.float64(ours), atol, rtol, path)
    else:
        assert ours == ref, f"{path}: {ours!r} != oracle {ref!r}"


def _assert_values(ref, ours, atol, rtol, path):
    ref, ours = np.asarray(ref), np.asarray(ours)
    if ref.dtype.kind in "fc":
        np.testing.assert_allclose(ours, ref, atol=atol, rtol=rtol, err_msg=path)
    else:
        np.testing.assert_array_equal(ours, ref, err_msg=path)


def check(fn, atol=1e-5, rtol=1e-5, raises=None):
    """Run `fn(mx)` on both modules and assert identical results or the same kind of error.

    Returns torch2gluon's canon result (or its exception) for any extra hand assertions.
    """
    (ok_r, ref), (ok_o, ours) = run_both(fn)
    if not ok_r or not ok_o:
        assert not ok_r, f"oracle returned {ref!r:.300} but torch2gluon raised {ours!r}"
        assert not ok_o, f"oracle raised {ref!r} but torch2gluon returned {ours!r:.300}"
        assert_same_error(ref, ours, raises)
        return ours
    assert raises is None, f"expected both to raise {raises.__name__}, but the oracle returned"
    assert_same(ref, ours, atol, rtol)
    return ours


def check_grad(fn, *inputs_np, grad_req="write", out_grad=None, dtype="float32", atol=1e-5, rtol=1e-5):
    """Gradient variant of `check`.

    For each module: inputs become `mx.nd.array(x, dtype=dtype)` with `attach_grad(grad_req)`; under
    `autograd.record()` computes `y = fn(mx, *inputs)`, calls `y.backward(out_grad)` and compares `y` and
    every input's `.grad` (errors are compared like `check`).
    """
    def snippet(mx):
        xs = [mx.nd.array(x, dtype=dtype) for x in inputs_np]
        for x in xs:
            x.attach_grad(grad_req)
        with mx.autograd.record():
            y = fn(mx, *xs)
        y.backward(None if out_grad is None else mx.nd.array(out_grad, dtype=dtype))
        return {"out": y, "grads": [x.grad for x in xs]}

    return check(snippet, atol=atol, rtol=rtol)


def check_code(code, atol=1e-5, rtol=1e-5, raises=None, **names):
    """`check` for source text, handy as a readable parametrize id.

    `code` is an expression, or statements that assign the result to `out`. It sees `mx` (the module),
    `np` and the keyword `names` (e.g. numpy inputs).
    """
    try:
        compiled, is_expr = compile(code, "<oracle>", "eval"), True
    except SyntaxError:
        compiled, is_expr = compile(code, "<oracle>", "exec"), False

    def snippet(mx):
        env = {"mx": mx, "np": np, **names}
        if is_expr:
            return eval(compiled, env)  # noqa: S307 - test tables only
        exec(compiled, env)  # noqa: S102
        return env["out"]

    return check(snippet, atol=atol, rtol=rtol, raises=raises)


def script_last_lines(template, env_drop=("TORCH2GLUON_MXNET_RNG",), timeout=300):
    """Run `template.format(mod=m)` as a fresh python program for m = mxnet, torch2gluon (one thread, the
    variables `env_drop` unset) and return the last line each printed: for behaviour at interpreter start-up."""
    import os
    import subprocess
    import sys
    outs = []
    for mod in ("mxnet", "torch2gluon"):
        env = dict(os.environ, OMP_NUM_THREADS="1")
        for k in env_drop:
            env.pop(k, None)
        r = subprocess.run([sys.executable, "-c", template.format(mod=mod)], capture_output=True, text=True,
                           env=env, timeout=timeout, check=True)
        outs.append(r.stdout.strip().splitlines()[-1])
    return outs


def check_bits(fn):
    """`check` with no tolerance: both libraries return bit-identical arrays (values, dtypes, shapes)."""
    check(fn, atol=0, rtol=0)


def seeded(seed, draws):
    """A `check` function: `mx.random.seed(seed)`, then each `draw(mx)` in turn, their results as a list."""
    def fn(mx):
        mx.random.seed(seed)
        return [d(mx) for d in draws]
    return fn
