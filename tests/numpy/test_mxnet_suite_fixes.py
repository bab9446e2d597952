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
