"""Table-driven oracle checks for `mx.np` functions: one code string run in numpy mode on real MXNet 1.9.1 and on
torch2gluon, results compared as (class name, shape, dtype name, values), errors by kind.

The code sees `mx`, `np` (= mx.np), `onp` (real numpy), `mk(x, dtype)` (an mx.np array from numpy data) and
the arrays below; a single expression is the result, or statements that set `out` (';;' separates lines).
"""
import re
import warnings

import numpy as onp

from tests.oracle import check

__all__ = ["np_check", "np_env", "quiet"]


def quiet(fn):
    """`fn(mx)` with warnings silenced."""
    def run(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(mx)
    return run


def np_env(mx):
    """The names a table entry can use."""
    def mk(x, dtype="float32"):
        return mx.nd.array(onp.asarray(x), dtype=dtype).as_np_ndarray()
    rs = onp.random.RandomState(0)
    return dict(
        mx=mx, np=mx.np, onp=onp, mk=mk,
        a=mk(onp.arange(6).reshape(2, 3)),
        a3=mk(onp.arange(24).reshape(2, 3, 4)),
        r=mk(rs.randn(3, 4, 5)),
        ai=mk([[1, 2, 3], [4, 5, 6]], "int32"),
        al=mk([[1, 2, 3], [4, 5, 6]], "int64"),
        b=mk([[True, False, True], [True, True, True]], "bool"),
        u=mk([1, 2, 250], "uint8"),
        i8=mk([1, 2, 120], "int8"),
        h=mk([1, 2, 3], "float16"),
        d=mk([1, 2, 3], "float64"),
        z=mk(onp.zeros((0, 3))),
        s=mk(onp.array(3.0)),
        v=mk([3., 1., 2., 5., 4.]),
    )


def _plain(mx, v):
    if isinstance(v, mx.nd.NDArray):
        return ("array", type(v).__name__, v.shape, onp.dtype(v.dtype).name, v.asnumpy())
    if isinstance(v, (list, tuple)):
        return type(v)(_plain(mx, x) for x in v)
    return v


def np_check(code, atol=1e-5, rtol=1e-5, legacy=False):
    """Run table entry `code` on both libraries in numpy mode (`npx.set_np()`, reset afterwards; `legacy`: in
    MXNet's default legacy shape mode instead) and compare."""
    src = re.sub(r"\s*;;\s*", "\n", code)
    try:
        compiled, is_expr = compile(src, "<np_table>", "eval"), True
    except SyntaxError:
        compiled, is_expr = compile(src, "<np_table>", "exec"), False

    def snippet(mx):
        if not legacy:
            mx.npx.set_np()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mx.nd.waitall()
                env = np_env(mx)
                if is_expr:
                    res = eval(compiled, env)  # noqa: S307 - test tables only
                else:
                    exec(compiled, env)  # noqa: S102
                    res = env["out"]
                mx.nd.waitall()  # MXNet reports some operator errors asynchronously: they belong to this entry
                return _plain(mx, res)
        finally:
            mx.npx.reset_np()

    return check(snippet, atol=atol, rtol=rtol)
