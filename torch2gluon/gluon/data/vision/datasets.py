"""Vision datasets in MXNet's on-disk formats: MNIST, FashionMNIST (idx .gz files), CIFAR10/100 (binary batches),
ImageRecordDataset (.rec/.idx), ImageFolderDataset (class folders) and ImageListDataset (.lst or list)."""
import gzip
import os
import struct
import tarfile
import warnings

import numpy as np
import torch

from ....ndarray.ndarray import wrap
from ...utils import download, check_sha1, _get_repo_file_url
from .. import dataset
from .... import image, recordio
from ....base import MXNetError
from ....ndarray import creation as _creation

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset", "ImageFolderDataset",
           "ImageListDataset"]

# Fixed when this module is imported, as MXNet's default arguments are.
_DATA_DIR = os.getenv("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))
SYNTHETIC_MANIFEST = "torch2gluon-synthetic.sha1"


def _synthetic_ok(root, name):
    """True when `root/name` is a synthetic file listed, with its SHA-1, in the generator's manifest."""
    manifest = os.path.join(root, SYNTHETIC_MANIFEST)
    path = os.path.join(root, name)
    if not (os.path.exists(manifest) and os.path.exists(path)):
        return False
    with open(manifest) as f:
        table = dict(reversed(line.split()) for line in f if line.strip())
    if name in table and check_sha1(path, table[name]):
        warnings.warn(f"{path} is a synthetic torch2gluon test file, not the real dataset", stacklevel=4)
        return True
    return False


def _fetch(root, namespace, name, sha1):
    """Path of dataset file `name` in `root`: verified, synthetic (manifest-listed) or downloaded."""
    if _synthetic_ok(root, name):
        return os.path.join(root, name)
    return download(_get_repo_file_url("gluon/dataset/" + namespace, name), path=root, sha1_hash=sha1)


def _nd_uint8(arr):
    return wrap(torch.from_numpy(np.array(arr, dtype=np.uint8, copy=True)))


def _np_mode_arrays(ds, label_too):
    """Numpy mode (`npx.set_np()`), as MXNet's datasets: the images (and labels) are `mx.np.ndarray`s."""
    from ....util import is_np_array
    if not is_np_array():
        return
    from ....numpy._wrap import as_np, wrap_np
    ds._data = as_np(ds._data)
    if label_too:
        ds._label = wrap_np(torch.from_numpy(np.ascontiguousarray(ds._label)))


class MNIST(dataset._DownloadedDataset):
    """MNIST digits: samples are (NDArray uint8 (28, 28, 1), numpy.int32 label)."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "mnist"), train=True, transform=None):
        self._train = train
        self._train_data = ("train-images-idx3-ubyte.gz", "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d")
        self._train_label = ("train-labels-idx1-ubyte.gz", "2a80914081dc54586dbdf242f9805a6b8d2a15fc")
        self._test_data = ("t10k-images-idx3-ubyte.gz", "c3a25af1f52dad7f726cce8cacb138654b760d48")
        self._test_label = ("t10k-labels-idx1-ubyte.gz", "763e7fa3757d93b0cdec073cef058b2004252c17")
        self._namespace = "mnist"
        super().__init__(root, transform)

    def _get_data(self):
        data, label = (self._train_data, self._train_label) if self._train else \
            (self._test_data, self._test_label)
        data_file = _fetch(self._root, self._namespace, *data)
        label_file = _fetch(self._root, self._namespace, *label)
        with gzip.open(label_file, "rb") as fin:
            struct.unpack(">II", fin.read(8))
            labels = np.frombuffer(fin.read(), dtype=np.uint8).astype(np.int32)
        with gzip.open(data_file, "rb") as fin:
            struct.unpack(">IIII", fin.read(16))
            images = np.frombuffer(fin.read(), dtype=np.uint8).reshape(len(labels), 28, 28, 1)
        self._data = _nd_uint8(images)
        self._label = labels
        _np_mode_arrays(self, label_too=True)


class FashionMNIST(MNIST):
    """Fashion-MNIST (Zalando): same format and sample types as MNIST."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "fashion-mnist"), train=True, transform=None):
        self._train = train
        self._train_data = ("train-images-idx3-ubyte.gz", "0cf37b0d40ed5169c6b3aba31069a9770ac9043d")
        self._train_label = ("train-labels-idx1-ubyte.gz", "236021d52f1e40852b06a4c3008d8de8aef1e40b")
        self._test_data = ("t10k-images-idx3-ubyte.gz", "626ed6a7c06dd17c0eec72fa3be1740f146a2863")
        self._test_label = ("t10k-labels-idx1-ubyte.gz", "17f9ab60e7257a1620f4ad76bbbaf857c3920701")
        self._namespace = "fashion-mnist"
        dataset._DownloadedDataset.__init__(self, root, transform)


class CIFAR10(dataset._DownloadedDataset):
    """CIFAR-10: samples are (NDArray uint8 (32, 32, 3), numpy.int32 label)."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "cifar10"), train=True, transform=None):
        self._train = train
        self._archive_file = ("cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891")
        self._train_data = [("data_batch_1.bin", "aadd24acce27caa71bf4b10992e9e7b2d74c2540"),
                            ("data_batch_2.bin", "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795"),
                            ("data_batch_3.bin", "1dd00a74ab1d17a6e7d73e185b69dbf31242f295"),
                            ("data_batch_4.bin", "aab85764eb3584312d3c7f65fd2fd016e36a258e"),
                            ("data_batch_5.bin", "26e2849e66a845b7f1e4614ae70f4889ae604628")]
        self._test_data = [("test_batch.bin", "67eb016db431130d61cd03c7ad570b013799c88c")]
        self._namespace = "cifar10"
        super().__init__(root, transform)

    def _read_batch(self, filename):
        with open(filename, "rb") as fin:
            raw = np.frombuffer(fin.read(), dtype=np.uint8).reshape(-1, 3072 + 1)
        return raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), raw[:, 0].astype(np.int32)

    def _get_data(self):
        files = self._train_data + self._test_data
        if any(not _synthetic_ok(self._root, name) and
               (not os.path.exists(os.path.join(self._root, name)) or
                not check_sha1(os.path.join(self._root, name), sha1)) for name, sha1 in files):
            archive = download(_get_repo_file_url("gluon/dataset/" + self._namespace, self._archive_file[0]),
                               path=self._root, sha1_hash=self._archive_file[1])
            with tarfile.open(archive) as tar:
                tar.extractall(self._root)
        names = self._train_data if self._train else self._test_data
        parts = [self._read_batch(os.path.join(self._root, name)) for name, _ in names]
        self._data = _nd_uint8(np.concatenate([p[0] for p in parts]))
        self._label = np.concatenate([p[1] for p in parts])
        _np_mode_arrays(self, label_too=True)


class CIFAR100(CIFAR10):
    """CIFAR-100: coarse (20) labels by default, fine (100) labels with `fine_label=True`."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "cifar100"), fine_label=False, train=True,
                 transform=None):
        self._train = train
        self._archive_file = ("cifar-100-binary.tar.gz", "a0bb982c76b83111308126cc779a992fa506b90b")
        self._train_data = [("train.bin", "e207cd2e05b73b1393c74c7f5e7bea451d63e08e")]
        self._test_data = [("test.bin", "8fb6623e830365ff53cf14adec797474f5478006")]
        self._fine_label = fine_label
        self._namespace = "cifar100"
        dataset._DownloadedDataset.__init__(self, root, transform)

    def _read_batch(self, filename):
        with open(filename, "rb") as fin:
            raw = np.frombuffer(fin.read(), dtype=np.uint8).reshape(-1, 3072 + 2)
        return raw[:, 2:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), \
            raw[:, 0 + self._fine_label].astype(np.int32)


class ImageRecordDataset(dataset.RecordFileDataset):
    """Images in a RecordIO file (with its .idx): samples are (HWC uint8 NDArray, header label).

    `flag` 1 decodes to 3-channel RGB, 0 to 1-channel gray; `transform(image, label)` is applied when given.
    """

    def __init__(self, filename, flag=1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        header, img = recordio.unpack(super().__getitem__(idx))
        try:
            decoded = image.imdecode(img, self._flag)
        except MXNetError as e:
            raise type(e)(f"ImageRecordDataset: {self.filename!r}, record {idx} (key {self._record.keys[idx]}): "
                          f"{e}") from None
        if self._transform is not None:
            return self._transform(decoded, header.label)
        return decoded, header.label


class ImageFolderDataset(dataset.Dataset):
    """Images in `root/<class>/<file>` (.jpg, .jpeg, .png): samples are (HWC uint8 NDArray, int class index).

    Classes are the sorted sub-folder names (`synsets`); other files are skipped with a warning.
    """

    def __init__(self, root, flag=1, transform=None):
        self._root = os.path.expanduser(root)
        self._flag = flag
        self._transform = transform
        self._exts = [".jpg", ".jpeg", ".png"]
        self._list_images(self._root)

    def _list_images(self, root):
        self.synsets = []
        self.items = []
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                warnings.warn(f"Ignoring {path}, which is not a directory.", stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(folder)
            for filename in sorted(os.listdir(path)):
                filename = os.path.join(path, filename)
                ext = os.path.splitext(filename)[1]
                if ext.lower() not in self._exts:
                    warnings.warn(f"Ignoring {filename} of type {ext}. Only support {', '.join(self._exts)}")
                    continue
                self.items.append((filename, label))

    def __getitem__(self, idx):
        img = image.imread(self.items[idx][0], self._flag)
        label = self.items[idx][1]
        if self._transform is not None:
            return self._transform(img, label)
        return img, label

    def __len__(self):
        return len(self.items)


class ImageListDataset(dataset.Dataset):
    """Images listed in a .lst file (`index\tlabel(s)\tpath` lines) or a python list of [label(s)..., path].

    Samples are (HWC uint8 NDArray, float32 NDArray of labels). This dataset comes from MXNet 2.x (1.9.1 has no
    ImageListDataset); it follows 2.x: a .lst path is relative to `root`, list entries get keys "1", "2", ...
    """

    def __init__(self, root=".", imglist=None, flag=1):
        self._root = os.path.expanduser(root)
        self._flag = flag
        self._imglist = {}
        self._imgkeys = []
        if isinstance(imglist, str):
            with open(os.path.join(self._root, imglist), "rt") as fin:
                for line in iter(fin.readline, ""):
                    fields = line.strip().split("\t")
                    key = int(fields[0])
                    self._imglist[key] = (_creation.array(fields[1:-1]), fields[-1])
                    self._imgkeys.append(key)
        elif isinstance(imglist, list):
            for index, entry in enumerate(imglist, start=1):
                key = str(index)
                if len(entry) > 2:
                    label = _creation.array(entry[:-1])
                elif isinstance(entry[0], (int, float, np.generic)):
                    label = _creation.array([entry[0]])
                else:
                    label = _creation.array(entry[0])
                if not isinstance(entry[-1], str):
                    raise TypeError(f"ImageListDataset: the last field of an entry must be a path, got {entry[-1]!r}")
                self._imglist[key] = (label, entry[-1])
                self._imgkeys.append(key)
        else:
            raise ValueError("imglist must be the path of a .lst file or a list of [label(s)..., path], got "
                             f"{type(imglist).__name__}")

    def __len__(self):
        return len(self._imgkeys)

    def __getitem__(self, idx):
        label, path = self._imglist[self._imgkeys[idx]]
        return image.imread(os.path.join(self._root, path), self._flag), label
