"""The data helpers of `mx.test_utils` (download, MNIST/CIFAR fetchers); every fetch goes through
`gluon.utils.download`. Files land where MXNet puts them (the current directory or `data/`)."""
import bz2
import gzip
import logging
import os
import struct
import zipfile

import numpy as np

__all__ = ["download", "get_mnist", "get_mnist_ubyte", "get_mnist_pkl", "get_zip_data", "get_bz2_data",
           "get_mnist_iterator", "get_cifar10"]

_MNIST_URL = "http://data.mxnet.io/data/mnist/"


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Fetch `url` to `fname` (default: its basename) inside `dirname`; an existing file is kept unless
    `overwrite`. Returns the file name."""
    assert retries >= 0, "Number of retries should be at least 0"
    if fname is None:
        fname = url.split("/")[-1]
    if dirname is None:
        dirname = os.path.dirname(fname)
    else:
        fname = os.path.join(dirname, fname)
    if dirname and not os.path.exists(dirname):
        logging.info("create directory %s", dirname)  # MXNet's log lines, on the root logger
        os.makedirs(dirname, exist_ok=True)
    if not overwrite and os.path.exists(fname):
        logging.info("%s exists, skipping download", fname)
        return fname
    from .gluon.utils import download as _fetch
    _fetch(url, path=fname, overwrite=True, retries=max(retries, 1))
    logging.info("downloaded %s into %s successfully", url, fname)
    return fname


def _read_mnist(label_url, image_url):
    with gzip.open(download(label_url)) as f:
        struct.unpack(">II", f.read(8))
        label = np.frombuffer(f.read(), dtype=np.int8)
    with gzip.open(download(image_url), "rb") as f:
        _, _, rows, cols = struct.unpack(">IIII", f.read(16))
        image = np.frombuffer(f.read(), dtype=np.uint8).reshape(len(label), 1, rows, cols)
    return label, image.astype(np.float32) / 255


def get_mnist():
    """MNIST as numpy: {'train_data' (N,1,28,28) float32 in [0,1], 'train_label' int8, 'test_data', 'test_label'}."""
    tr_l, tr_i = _read_mnist(_MNIST_URL + "train-labels-idx1-ubyte.gz", _MNIST_URL + "train-images-idx3-ubyte.gz")
    te_l, te_i = _read_mnist(_MNIST_URL + "t10k-labels-idx1-ubyte.gz", _MNIST_URL + "t10k-images-idx3-ubyte.gz")
    return {"train_data": tr_i, "train_label": tr_l, "test_data": te_i, "test_label": te_l}


def get_mnist_ubyte():
    """Make sure the raw MNIST ubyte files are in ./data (fetching mnist.zip when one is missing)."""
    os.makedirs("data", exist_ok=True)
    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
             "t10k-labels-idx1-ubyte"]
    if not all(os.path.exists(os.path.join("data", n)) for n in names):
        with zipfile.ZipFile(download("http://data.mxnet.io/mxnet/data/mnist.zip", dirname="data")) as zf:
            zf.extractall("data")


def get_mnist_pkl():
    """Make sure ./data/mnist.pkl.gz exists (fetching it when missing)."""
    os.makedirs("data", exist_ok=True)
    if not os.path.exists("data/mnist.pkl.gz"):
        download("http://deeplearning.net/data/mnist/mnist.pkl.gz", dirname="data")


def get_zip_data(data_dir, url, data_origin_name):
    """Fetch the zip at `url` into `data_dir` and extract it there, unless it is already present."""
    origin = os.path.join(data_dir, data_origin_name)
    if not os.path.exists(origin):
        download(url, dirname=data_dir, overwrite=False)
        with zipfile.ZipFile(origin) as zf:
            zf.extractall(path=data_dir)


def get_bz2_data(data_dir, data_name, url, data_origin_name):
    """Fetch a .bz2 file and decompress it to `data_dir/data_name`, unless that file exists."""
    target = os.path.join(data_dir, data_name)
    origin = os.path.join(data_dir, data_origin_name)
    if not os.path.exists(target):
        download(url, fname=data_origin_name, dirname=data_dir, overwrite=False)
        with bz2.BZ2File(origin, "rb") as src, open(target, "wb") as dst:
            for line in src:
                dst.write(line)
        os.remove(origin)


def get_mnist_iterator(batch_size, input_shape, num_parts=1, part_index=0):
    """(train, val) `mx.io.MNISTIter`s over ./data (flat unless `input_shape` has 3 dimensions)."""
    from . import io
    get_mnist_ubyte()
    flat = len(input_shape) != 3
    common = dict(input_shape=input_shape, batch_size=batch_size, flat=flat, num_parts=num_parts,
                  part_index=part_index)
    train = io.MNISTIter(image="data/train-images-idx3-ubyte", label="data/train-labels-idx1-ubyte", shuffle=True,
                         **common)
    val = io.MNISTIter(image="data/t10k-images-idx3-ubyte", label="data/t10k-labels-idx1-ubyte", **common)
    return train, val


def get_cifar10():
    """Make sure ./data/cifar holds CIFAR-10 as RecordIO (train/test .rec and .lst), fetching when missing."""
    os.makedirs("data", exist_ok=True)
    names = ["train.rec", "test.rec", "train.lst", "test.lst"]
    if not all(os.path.exists(os.path.join("data", "cifar", n)) for n in names):
        with zipfile.ZipFile(download("http://data.mxnet.io/mxnet/data/cifar10.zip", dirname="data")) as zf:
            zf.extractall("data")
