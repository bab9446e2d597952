"""dir() and __all__ of mx.sym / mx.nd / mx.np namespaces list MXNet 1.9.1's public names (the oracle), so that code
enumerating operators (`[n for n in dir(mx.sym) if not n.startswith('_')]`, `from mxnet.symbol import *`) sees them.
Each remaining difference is a documented gap: MXNet's module-level imports and generated-code modules
(ctypes, check_call, gen_op, ...) that are implementation details, not API."""
import mxnet
import pytest

import torch2gluon

# MXNet implementation details visible in its modules (imports, generated-code modules), not API
_IMPL = {"gen__internal", "gen_contrib", "gen_image", "gen_linalg", "gen_op", "gen_sparse", "register", "op",
         "check_call", "classproperty", "ctypes", "threading", "warnings", "with_metaclass", "current_context",
         "numeric_types", "mx", "ndarray", "np", "AttrScope", "SymbolHandle", "copy", "math", "symbol", "Symbol",
         "Context", "NDArrayHandle", "c_array_buf", "integer_types", "mx_real_t", "native_array", "operator",
         "py_slice", "py_sum", "spsp", "get_indexing_dispatch_code", "get_oshape_of_gather_nd_op",
         "indexing_key_expand_implicit_axes", "NotSupportedForSparseNDArray", "gs_retain"}
# operators torch2gluon does not have at all (not even as refusing attributes)
_UNSUPPORTED = {"IdentityAttachKLSparseReg"}

NAMESPACES = ["sym", "nd", "nd.contrib", "sym.contrib", "np", "npx", "nd.random", "sym.random", "nd.linalg",
              "sym.linalg", "nd.image", "sym.image", "np.random", "np.linalg", "npx.random", "nd.op", "sym.sparse"]


def _ns(mod, path):
    obj = mod
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _public(names):
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("path", NAMESPACES)
def test_dir_lists_mxnet_public_names(path):
    ref, ours = _ns(mxnet, path), _ns(torch2gluon, path)
    missing = _public(dir(ref)) - _public(dir(ours)) - _IMPL - _UNSUPPORTED
    assert not missing, sorted(missing)
    for n in _public(dir(ours)) & _public(dir(ref)):
        assert hasattr(ours, n), n   # every listed name is an attribute


@pytest.mark.parametrize("path", NAMESPACES)
def test_all_lists_mxnet_names(path):
    ref, ours = _ns(mxnet, path), _ns(torch2gluon, path)
    ref_all = getattr(ref, "__all__", None)
    if not ref_all:   # MXNet's mx.np / mx.npx declare an empty __all__
        return
    # private names in MXNet's lists (nd's _DTYPE_MX_TO_NP..., sparse's _contrib_round_ste) are not API
    missing = _public(ref_all) - set(getattr(ours, "__all__")) - _IMPL - _UNSUPPORTED
    assert not missing, sorted(missing)
    for n in getattr(ours, "__all__"):
        assert hasattr(ours, n), n


def test_enumerating_sym_operators_finds_them():
    names = [n for n in dir(torch2gluon.sym) if not n.startswith("_")]
    assert {"FullyConnected", "Convolution", "broadcast_add", "softmax", "var", "Group"} <= set(names)
    x = torch2gluon.sym.var("x")
    assert getattr(torch2gluon.sym, "relu")(x).list_arguments() == ["x"]


@pytest.mark.parametrize("module", ["torch2gluon.symbol", "torch2gluon.ndarray"])
def test_star_import_gives_operators(module):
    g = {}
    exec(f"from {module} import *", g)
    assert "FullyConnected" in g and "concat" in g and "torch" not in g and "OPS" not in g
