"""`mx.io` names of MXNet 1.9.1's C++ iterator layer: MXDataIter, the deprecated *_v1 iterators, LibSVMIter."""
from ._native import NativeIter
from .image_record_iter import ImageRecordIter

__all__ = ["MXDataIter", "ImageRecordIter_v1", "ImageRecordUInt8Iter_v1", "LibSVMIter"]


class _NativeCheck(type):
    """isinstance(x, MXDataIter) is true for every C++-style iterator (CSVIter, ImageRecordIter, ...)."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, NativeIter)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, NativeIter)


class MXDataIter(metaclass=_NativeCheck):
    """Type of the C++-backed iterators; it wraps a native handle in MXNet, so it cannot be built directly here."""

    def __init__(self, handle, data_name="data", label_name="softmax_label", **_):
        raise NotImplementedError("io.MXDataIter: construction from a native iterator handle is not supported; "
                                  "create the iterator by name (mx.io.CSVIter, mx.io.ImageRecordIter, ...)")


class _ImageRecordIterV1(ImageRecordIter):
    """The deprecated v1 iterator: ImageRecordIter's batches, but in plain cpu(0) memory (not pinned)."""
    _pinned = False


def ImageRecordIter_v1(*args, **kwargs):
    """Deprecated alias: MXNet 1.9.1's v1 iterator yields ImageRecordIter's batches (context cpu(0))."""
    return _ImageRecordIterV1(*args, **kwargs)


def ImageRecordUInt8Iter_v1(*args, **kwargs):
    """Deprecated alias: MXNet 1.9.1's v1 iterator yields ImageRecordUInt8Iter's batches (context cpu(0))."""
    if "dtype" in kwargs:
        raise NotImplementedError("io.ImageRecordUInt8Iter_v1: argument 'dtype' is not supported")
    return _ImageRecordIterV1(*args, dtype="uint8", **kwargs)


from .libsvm_iter import LibSVMIter  # noqa: E402,F401  (CSRNDArray batches)
