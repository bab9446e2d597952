"""Compare samples/batches from real MXNet (oracle) and torch2gluon."""
import numpy as np

import mxnet
import torch2gluon


def same(a, b, exact=True):
    """Assert `a` (mxnet) and `b` (torch2gluon) match in structure, types, dtypes, shapes and values."""
    if isinstance(a, mxnet.nd.NDArray):
        assert isinstance(b, torch2gluon.nd.NDArray), type(b)
        assert a.dtype == b.dtype and a.shape == b.shape, (a.dtype, b.dtype, a.shape, b.shape)
        assert str(a.context) == str(b.context), (a.context, b.context)
        if exact:
            np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
        else:
            np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-5, atol=1e-6)
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), (type(a), type(b))
        for x, y in zip(a, b):
            same(x, y, exact)
    elif isinstance(a, (np.ndarray, np.generic)):
        assert type(a) is type(b), (type(a), type(b))
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    else:
        assert type(a) is type(b) and a == b, (a, b)


def err_type(fn):
    """The exception type `fn()` raises (None if it does not), mapping MXNetError to one name."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return "MXNetError" if type(e).__name__ == "MXNetError" else type(e)
    return None
