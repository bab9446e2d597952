"""Names of MXNet 1.9.1's nd / nd.contrib that torch2gluon refuses exist and raise, naming the API and why."""
import types

import numpy as np
import pytest

import mxnet
import torch2gluon
from torch2gluon.ndarray.refused import REFUSED
from tests.oracle import check

_NOT_OPS = {"NDArray", "CachedOp", "contrib", "image", "linalg", "ndarray", "np", "npx", "numpy",
            "numpy_extension", "op", "random", "register", "sparse", "utils", "mx", "math", "current_context",
            "numeric_types", "get_indexing_dispatch_code", "get_oshape_of_gather_nd_op",
            "indexing_key_expand_implicit_axes"}


def _ns(pkg, ns):
    return pkg.nd if not ns else getattr(pkg.nd, ns)


@pytest.mark.parametrize("ns", ["", "contrib", "random", "linalg", "image"])
def test_every_mxnet_operator_name_exists(ns):
    ref, ours = _ns(mxnet, ns), _ns(torch2gluon, ns)
    missing = [n for n in dir(ref) if not n.startswith("_") and n not in _NOT_OPS and not n.startswith("gen_")
               and not isinstance(getattr(ref, n), types.ModuleType) and not hasattr(ours, n)]
    assert missing == []


@pytest.mark.parametrize("key", sorted(REFUSED))
def test_refused_name_raises_naming_api_and_reason(key):
    ns, _, name = key.rpartition(".")
    fn = getattr(_ns(torch2gluon, ns), name)
    assert fn.__mx_refused__
    with pytest.raises((NotImplementedError, torch2gluon.base.MXNetError)) as e:
        fn(torch2gluon.nd.ones((2, 2)), foo=1)
    assert f"mx.nd.{key} is not supported by torch2gluon" in str(e.value)
    assert fn.__mx_refused__ in str(e.value)


def test_refused_kinds():
    with pytest.raises(NotImplementedError, match="DGL graph"):
        torch2gluon.nd.contrib.dgl_graph_compact(torch2gluon.nd.ones((2, 2)))
    with pytest.raises(NotImplementedError, match="int8 quantized"):
        torch2gluon.nd.contrib.quantized_conv()


@pytest.mark.parametrize("make", [
    lambda mx: mx.nd.BatchNorm_v1(mx.nd.ones((2, 3)), mx.nd.ones(3), mx.nd.ones(3)),
    lambda mx: mx.nd.IdentityAttachKLSparseReg(mx.nd.ones((2, 3))),
], ids=["BatchNorm_v1", "IdentityAttachKLSparseReg"])
def test_operators_mxnet_cannot_call_imperatively_raise_mxneterror(make):
    check(make)


def test_cast_storage_default():
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    check(lambda mx: mx.nd.cast_storage(mx.nd.array(x), stype="default"))
    check(lambda mx: mx.nd.cast_storage(mx.nd.array(x), stype="bogus"))


@pytest.mark.parametrize("stype", ["csr", "row_sparse"])
def test_cast_storage_sparse(stype):   # more in tests/sparse
    check(lambda mx: (mx.nd.cast_storage(mx.nd.eye(2), stype=stype).stype,
                      mx.nd.cast_storage(mx.nd.eye(2), stype=stype).asnumpy()))
