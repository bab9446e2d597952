"""`gluon.data.batchify` (MXNet 2.x's module; 1.9.1 has none) checked by hand, and with the DataLoader."""
import importlib
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon as mx
from torch2gluon.gluon.data import batchify as B


def _nd(x, dtype, ctx="cpu(0)"):
    assert isinstance(x, mx.nd.NDArray), type(x)
    assert x.dtype is np.dtype(dtype).type, (x.dtype, dtype)
    assert str(x.context) == ctx, x.context
    return x.asnumpy()


def test_oracle_191_has_no_batchify():
    with pytest.raises(ImportError):
        importlib.import_module("mxnet.gluon.data.batchify")
    assert not hasattr(mxnet.gluon.data, "batchify")


def test_stack_ndarrays_keeps_dtype_and_shared_context():
    out = B.Stack()([mx.nd.ones((2, 3), dtype="uint8"), mx.nd.zeros((2, 3), dtype="uint8")])
    np.testing.assert_array_equal(_nd(out, "uint8"), np.stack([np.ones((2, 3)), np.zeros((2, 3))]))
    out = B.Stack(use_shared_mem=True)([mx.nd.ones(2), mx.nd.zeros(2)])
    np.testing.assert_array_equal(_nd(out, "float32", "cpu_shared(0)"), [[1, 1], [0, 0]])


def test_stack_numpy_and_scalars_keep_numpy_dtype():
    out = B.Stack()([np.arange(4, dtype=np.int32), np.arange(4, dtype=np.int32) * 2])
    np.testing.assert_array_equal(_nd(out, "int32"), [[0, 1, 2, 3], [0, 2, 4, 6]])
    np.testing.assert_array_equal(_nd(B.Stack()([1, 2, 3]), "int64"), [1, 2, 3])
    np.testing.assert_array_equal(_nd(B.Stack()([1.5, 2.0]), "float64"), [1.5, 2.0])


def test_stack_list_samples_batch_each_field():
    # as MXNet 2.x's code does (its docstring's 3x4 example is out of date): one batch per position
    out = B.Stack()([[1, 2], [3, 4], [5, 6]])
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_array_equal(_nd(out[0], "int64"), [1, 3, 5])
    np.testing.assert_array_equal(_nd(out[1], "int64"), [2, 4, 6])


def test_stack_shape_mismatch_raises():
    with pytest.raises(mx.base.MXNetError):
        B.Stack()([mx.nd.ones(2), mx.nd.ones(3)])


def test_pad_lists():
    out = B.Pad()([[1, 2, 3, 4], [4, 5, 6], [8, 2]])
    np.testing.assert_array_equal(_nd(out, "int64"), [[1, 2, 3, 4], [4, 5, 6, 0], [8, 2, 0, 0]])


def test_pad_every_axis_with_val():
    a = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    b = np.array([[5, 8]])
    out = B.Pad(val=-1)([a, b])
    np.testing.assert_array_equal(_nd(out, "int64"), [[[1, 2, 3, 4], [5, 6, 7, 8]],
                                                      [[5, 8, -1, -1], [-1, -1, -1, -1]]])


def test_pad_ndarrays_warn_once_and_keep_dtype():
    p = B.Pad(val=9)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = p([mx.nd.array([1, 2, 3], dtype="float16"), mx.nd.array([4], dtype="float16")])
        p([mx.nd.array([1]), mx.nd.array([2])])
    assert sum("discouraged" in str(x.message) for x in w) == 1
    np.testing.assert_array_equal(_nd(out, "float16"), [[1, 2, 3], [4, 9, 9]])


def test_pad_dtype_round_to_shared():
    out = B.Pad(dtype="float32", round_to=4, use_shared_mem=True)([[1, 2, 3, 4, 5], [6]])
    np.testing.assert_array_equal(_nd(out, "float32", "cpu_shared(0)"),
                                  [[1, 2, 3, 4, 5, 0, 0, 0], [6, 0, 0, 0, 0, 0, 0, 0]])


def test_pad_gluonnlp_keywords_axis_and_lengths():
    a = np.arange(8).reshape(2, 4)
    b = np.arange(4).reshape(2, 2)
    out, lengths = B.Pad(axis=1, pad_val=-1, ret_length=True)([a, b])
    np.testing.assert_array_equal(_nd(out, "int64"), [[[0, 1, 2, 3], [4, 5, 6, 7]],
                                                      [[0, 1, -1, -1], [2, 3, -1, -1]]])
    np.testing.assert_array_equal(_nd(lengths, "int32"), [4, 2])
    out, lengths = B.Pad(ret_length=True, round_to=3)([[1, 2, 3, 4], [5]])
    np.testing.assert_array_equal(_nd(out, "int64"), [[1, 2, 3, 4, 0, 0], [5, 0, 0, 0, 0, 0]])
    np.testing.assert_array_equal(_nd(lengths, "int32"), [4, 1])
    with pytest.raises(ValueError):  # only one axis is padded: the others must agree
        B.Pad(axis=0)([np.ones((2, 3)), np.ones((1, 2))])


def test_pad_bad_arguments():
    with pytest.raises(NotImplementedError):
        B.Pad()([(1, 2), (3, 4)])
    with pytest.raises(ValueError):
        B.Pad(val=1, pad_val=2)
    with pytest.raises(TypeError):
        B.Pad(axis=1.5)


def test_append():
    out = B.Append()([[1, 2, 3], [4, 5]])
    assert isinstance(out, list) and [o.shape for o in out] == [(1, 3), (1, 2)]
    np.testing.assert_array_equal(_nd(out[1], "float32"), [[4, 5]])
    out = B.Append(expand=False, use_shared_mem=True)([mx.nd.ones((2, 2), dtype="int32"), mx.nd.zeros(3)])
    assert [o.shape for o in out] == [(2, 2), (3,)]
    _nd(out[0], "int32", "cpu_shared(0)")
    out = B.Append(batch_axis=1)([mx.nd.ones((2, 2))])
    assert out[0].shape == (2, 1, 2)


def test_group_and_aslist():
    data = [([1, 2, 3, 4], 0, "a"), ([5, 7], 1, "bb")]
    x, y, s = B.Group(B.Pad(), B.Stack(), B.AsList())(data)
    np.testing.assert_array_equal(_nd(x, "int64"), [[1, 2, 3, 4], [5, 7, 0, 0]])
    np.testing.assert_array_equal(_nd(y, "int64"), [0, 1])
    assert s == ["a", "bb"]
    out = B.Group([B.Stack(), B.Stack(), B.AsList()])(data)
    assert isinstance(out, tuple) and len(out) == 3
    with pytest.raises(AssertionError):
        B.Group(B.Stack())(data)
    with pytest.raises(ValueError):
        B.Group([B.Stack()], B.Stack())
    with pytest.raises(TypeError):
        B.Group(B.Stack(), 3)


class _Seqs(mx.gluon.data.Dataset):
    def __getitem__(self, i):
        return np.arange(i % 4 + 1, dtype=np.int32), i

    def __len__(self):
        return 10


@pytest.mark.parametrize("kw", [{}, {"num_workers": 2, "thread_pool": True}, {"num_workers": 2}])
def test_dataloader_with_group_pad(kw):
    fn = B.Group(B.Pad(val=-1, ret_length=True), B.Stack())
    batches = list(mx.gluon.data.DataLoader(_Seqs(), batch_size=4, batchify_fn=fn, **kw))
    assert len(batches) == 3
    (x, lengths), y = batches[1]
    np.testing.assert_array_equal(x.asnumpy(), [[0, -1, -1, -1], [0, 1, -1, -1], [0, 1, 2, -1], [0, 1, 2, 3]])
    assert x.dtype is np.int32 and lengths.dtype is np.int32
    np.testing.assert_array_equal(lengths.asnumpy(), [1, 2, 3, 4])
    np.testing.assert_array_equal(y.asnumpy(), [4, 5, 6, 7])
