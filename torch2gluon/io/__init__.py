"""`mx.io`: DataDesc, DataBatch, DataIter and the data iterators (NDArrayIter, CSVIter, MNISTIter, ImageRecordIter...)."""
from .io import DataDesc, DataBatch, DataIter, ResizeIter, PrefetchingIter, NDArrayIter  # noqa: F401
from . import io, utils  # noqa: F401
from .utils import _init_data, _getdata_by_idx, _has_instance  # noqa: F401
from .csv_iter import CSVIter  # noqa: F401
from .mnist_iter import MNISTIter  # noqa: F401
from .image_record_iter import ImageRecordIter, ImageRecordUInt8Iter, ImageRecordInt8Iter  # noqa: F401
from .image_det_record_iter import ImageDetRecordIter  # noqa: F401
from .native_names import MXDataIter, ImageRecordIter_v1, ImageRecordUInt8Iter_v1, LibSVMIter  # noqa: F401
