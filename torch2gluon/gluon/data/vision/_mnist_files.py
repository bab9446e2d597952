"""Tiny, learnable, MNIST-format files for tests and offline demos (seven-segment style synthetic digits).

`write_mnist_files(root, n_train, n_test)` writes the four real MNIST file names as valid gzipped idx files
plus a manifest (`torch2gluon-synthetic.sha1`) that lets torch2gluon's MNIST/FashionMNIST load them
without the real files' SHA-1 (with a warning). CLI: `python -m torch2gluon.gluon.data.vision._mnist_files
--root DIR --train N --test N [--fashion] [--seed S]`.
"""
import argparse
import gzip
import hashlib
import os
import struct
import sys

import numpy as np

from .datasets import SYNTHETIC_MANIFEST

FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

# Seven segments as (row0, col0, row1, col1) boxes on a 20x12 glyph: a b c d e f g.
_SEG = {"a": (0, 0, 2, 12), "b": (0, 10, 10, 12), "c": (10, 10, 20, 12), "d": (18, 0, 20, 12),
        "e": (10, 0, 20, 2), "f": (0, 0, 10, 2), "g": (9, 0, 11, 12)}
_DIGITS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"]
# Fashion variant: ten other segment sets (still learnable, visibly different from the digits).
_FASHION = ["abfg", "cdeg", "ad", "fe", "bcg", "aeg", "bdf", "abcde", "cefg", "adg"]


def _templates(fashion):
    out = np.zeros((10, 20, 12), np.float32)
    for k, segs in enumerate(_FASHION if fashion else _DIGITS):
        for s in segs:
            r0, c0, r1, c1 = _SEG[s]
            out[k, r0:r1, c0:c1] = 1.0
    return out


def make_samples(n, rng, fashion=False):
    """`n` images (n, 28, 28) uint8 and labels (n,) uint8: shifted, scaled-intensity templates plus noise."""
    tmpl = _templates(fashion)
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    images = np.zeros((n, 28, 28), np.float32)
    dy = rng.integers(1, 8, size=n)
    dx = rng.integers(3, 13, size=n)
    for i in range(n):
        images[i, dy[i]:dy[i] + 20, dx[i]:dx[i] + 12] = tmpl[labels[i]]
    images *= rng.uniform(150, 255, size=(n, 1, 1))
    images += rng.normal(0, 20, size=images.shape)
    return np.clip(images, 0, 255).astype(np.uint8), labels


def _write_idx(path, array, magic):
    header = struct.pack(">II", magic, array.shape[0])
    if array.ndim == 3:
        header += struct.pack(">II", array.shape[1], array.shape[2])
    with gzip.open(path, "wb") as f:
        f.write(header)
        f.write(np.ascontiguousarray(array).tobytes())


def write_mnist_files(root, n_train, n_test, seed=0, fashion=False, verbose=False):
    """Write synthetic MNIST (or FashionMNIST-like) idx .gz files into `root`; returns their paths."""
    os.makedirs(root, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths, lines = [], []
    for split, n in (("train", n_train), ("t10k", n_test)):
        if verbose:
            print(f"writing {n} {split} samples to {root}", file=sys.stderr, flush=True)
        images, labels = make_samples(n, rng, fashion)
        for kind, arr, magic in (("images-idx3", images, 2051), ("labels-idx1", labels, 2049)):
            path = os.path.join(root, f"{split}-{kind}-ubyte.gz")
            _write_idx(path, arr, magic)
            with open(path, "rb") as f:
                lines.append(f"{hashlib.sha1(f.read()).hexdigest()}  {os.path.basename(path)}\n")
            paths.append(path)
    with open(os.path.join(root, SYNTHETIC_MANIFEST), "w") as f:
        f.writelines(lines)
    return paths


def main(argv=None):
    """CLI entry point."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=None,
                   help="folder to write (default: $MXNET_HOME/datasets/mnist or .../fashion-mnist, "
                        "where MXNET_HOME defaults to ~/.mxnet)")
    p.add_argument("--train", type=int, default=60000)
    p.add_argument("--test", type=int, default=10000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fashion", action="store_true")
    p.add_argument("--if-missing", action="store_true",
                   help="do nothing when the four MNIST files already exist in the folder (real or synthetic)")
    a = p.parse_args(argv)
    if a.root is None:
        home = os.getenv("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))
        a.root = os.path.join(home, "datasets", "fashion-mnist" if a.fashion else "mnist")
    names = [f"{s}-{k}-ubyte.gz" for s in ("train", "t10k") for k in ("images-idx3", "labels-idx1")]
    if a.if_missing and all(os.path.exists(os.path.join(a.root, n)) for n in names):
        print(f"MNIST files already present in {a.root}; nothing to do", file=sys.stderr)
        return
    for path in write_mnist_files(a.root, a.train, a.test, a.seed, a.fashion, verbose=True):
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
