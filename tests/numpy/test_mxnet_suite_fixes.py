"""Fixes found by running MXNet 1.9.1's own numpy unit tests unchanged: each case checked against real MXNet."""
import pytest

from tests.oracle import MODULES, MODULE_IDS


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_ndarray_module_exposes_py_slice(mx):
    """`mxnet.ndarray.ndarray.py_slice` is the builtin slice (tests import it to classify basic indices)."""
    from importlib import import_module
    mod = import_module(mx.__name__ + ".ndarray.ndarray")
    assert mod.py_slice is slice
    assert isinstance(slice(1, 2), mod.py_slice)


_OP_NAMES = ["_np_sum", "_np_copy", "_npx_relu", "_np__random_uniform", "_np__linalg_norm", "_npx__image_resize",
             "_npx__random_bernoulli", "_npi_add", "foo"]
_BAD_OP_NAMES = ["_np_random_uniform", "_np_linalg_norm", "_npx_image_resize", "_np_nosuchop", "_npx_image_nosuch"]


def _builtin_op(mx, name):
    from importlib import import_module
    return import_module(mx.__name__ + ".numpy_op_signature")._get_builtin_op(name)


@pytest.mark.parametrize("name", _OP_NAMES)
def test_numpy_op_signature_get_builtin_op(name):
    """`mxnet.numpy_op_signature._get_builtin_op` maps an operator name to the same-named np/npx function."""
    got = [_builtin_op(mx, name) for mx in MODULES]
    assert [None if f is None else f.__name__ for f in got][0] == [None if f is None else f.__name__ for f in got][1]
    real, ours = got
    if real is not None:
        sub = real.__module__.split(".")[1:]     # e.g. ['numpy', 'random'] (ours may live in a private file)
        assert ours.__module__.startswith("torch2gluon." + sub[0])


@pytest.mark.parametrize("name", _BAD_OP_NAMES)
def test_numpy_op_signature_unknown_op_raises(name):
    """A `_np_`/`_npx_` name with no function raises ValueError naming the operator, as MXNet."""
    msgs = []
    for mx in MODULES:
        with pytest.raises(ValueError) as info:
            _builtin_op(mx, name)
        msgs.append(str(info.value).replace(mx.__name__, "MOD"))
    assert msgs[0] == msgs[1]


def _dispatch_protocol(mx):
    from importlib import import_module
    return import_module(mx.__name__ + ".numpy_dispatch_protocol")


def test_numpy_dispatch_protocol_lists_match_mxnet():
    """The registered official-NumPy function/ufunc names equal MXNet 1.9.1's, and every one exists in mx.np."""
    real, ours = (_dispatch_protocol(mx) for mx in MODULES)
    assert ours._NUMPY_ARRAY_FUNCTION_LIST == sorted(real._NUMPY_ARRAY_FUNCTION_LIST)
    assert ours._NUMPY_ARRAY_UFUNC_LIST == sorted(real._NUMPY_ARRAY_UFUNC_LIST)
    import torch2gluon.numpy as tnp
    for name in ours._NUMPY_ARRAY_FUNCTION_LIST + ours._NUMPY_ARRAY_UFUNC_LIST:
        mod = tnp.linalg if name.startswith("linalg.") else tnp
        assert callable(getattr(mod, name.split(".")[-1])), name


@pytest.mark.parametrize("deco", ["with_array_function_protocol", "with_array_ufunc_protocol"])
def test_numpy_dispatch_protocol_decorators(deco):
    """The decorators run the check, return None, and turn its failure into RuntimeError naming the function."""
    seen, msgs = [], []
    for mx in MODULES:
        wrap = getattr(_dispatch_protocol(mx), deco)

        def ok(x, y=0):
            seen.append(x + y)
            return "ignored"

        def bad():
            raise ValueError("boom")

        assert wrap(ok)(1, y=2) is None
        assert wrap(ok).__name__ == "ok"
        with pytest.raises(RuntimeError) as info:
            wrap(bad)()
        msgs.append(str(info.value))
    assert seen == [3, 3]
    assert msgs[0] == msgs[1]


@pytest.mark.parametrize("code", [
    "onp.cross(mx.np.array([1., 2.]), mx.np.array([3., 4.]))",          # NumPy gives a 0-d array
    "onp.cross(mx.np.array([[1., 2.]]), mx.np.array([[3., 4.]]))",
    "onp.cross(mx.np.array([1., 2., 3.]), mx.np.array([3., 4., 5.]))",
    "onp.fliplr(mx.np.arange(6).reshape(2, 3))",                        # negative strides
])
def test_fallback_keeps_0d_results_and_layouts(code):
    """A NumPy fallback's result keeps its shape (0-d stays 0-d) and values whatever its memory layout."""
    import numpy as onp
    from tests.oracle import check
    check(lambda mx: eval(code, {"mx": mx, "onp": onp}))
