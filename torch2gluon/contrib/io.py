"""`mxnet.contrib.io`: a Gluon DataLoader seen as a Module `DataIter` (DataLoaderIter)."""
from .. import ndarray as nd
from ..io import DataDesc, DataIter


class DataLoaderIter(DataIter):
    """A `DataIter` over a `gluon.data.DataLoader` of (data, label) batches, for Module code; batches are cast
    to `dtype`, and a short last batch is padded to the first batch's size (`getpad`)."""

    def __init__(self, loader, data_name="data", label_name="softmax_label", dtype="float32"):
        super().__init__()
        self._loader = loader
        self._iter = iter(loader)
        data, label = next(self._iter)
        self.batch_size = data.shape[0]
        self.dtype = dtype
        self.provide_data = [DataDesc(data_name, data.shape, dtype)]
        self.provide_label = [DataDesc(label_name, label.shape, dtype)]
        self._current_batch = None
        self.reset()

    def reset(self):
        """Start again from the loader's first batch."""
        self._iter = iter(self._loader)

    def iter_next(self):
        """Fetch the next batch; False at the end."""
        try:
            self._current_batch = next(self._iter)
        except StopIteration:
            self._current_batch = None
        return self._current_batch is not None

    def _part(self, i):
        arr = self._current_batch[i]
        if self.getpad():  # MXNet pads into a default-dtype (float32) empty batch
            out = nd.empty(shape=[self.batch_size] + list(arr.shape[1:]))
            out[:arr.shape[0]] = arr.astype(self.dtype)
            return [out]
        return [arr.astype(self.dtype)]

    def getdata(self):
        """The current batch's data, as a one-element list."""
        return self._part(0)

    def getlabel(self):
        """The current batch's label, as a one-element list."""
        return self._part(1)

    def getpad(self):
        """How many samples the current batch lacks of the full batch size."""
        return self.batch_size - self._current_batch[0].shape[0]

    def getindex(self):
        """No indices (None), as MXNet."""
        return None
