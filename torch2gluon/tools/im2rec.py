"""Build image lists (.lst) and RecordIO databases (.rec/.idx) from image folders, like MXNet's tools/im2rec.py.

    python -m torch2gluon.tools.im2rec PREFIX ROOT --list [--recursive] [--no-shuffle] [--chunks N]
                                                   [--train-ratio R] [--test-ratio R] [--exts .jpg .png]
    python -m torch2gluon.tools.im2rec PREFIX ROOT [--resize S] [--center-crop] [--quality Q] [--encoding .jpg]
                                                   [--color 1|0|-1] [--pack-label] [--pass-through] [--num-thread N]

Lists are the same files MXNet writes (same order: Python's `random.seed(100)` shuffle). Records are packed
with `recordio.pack`/`pack_img`; decoding, resizing (OpenCV's bilinear rule) and encoding use torch2gluon's
OpenCV-compatible image code (Pillow/libjpeg underneath). Unlike MXNet's single-thread path, an unreadable
image is reported and skipped instead of stopping the run.
"""
import argparse
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from .. import recordio, _imgcodec
from ..image._resize import resize_hwc

__all__ = ["list_image", "write_list", "make_list", "read_list", "image_encode", "main"]


def list_image(root, recursive, exts):
    """Yield (index, relative path, label) for the images under `root` (one label per folder when recursive)."""
    i = 0
    if recursive:
        cat = {}
        for path, dirs, files in os.walk(root, followlinks=True):
            dirs.sort()
            files.sort()
            for fname in files:
                fpath = os.path.join(path, fname)
                suffix = os.path.splitext(fname)[1].lower()
                if os.path.isfile(fpath) and suffix in exts:
                    if path not in cat:
                        cat[path] = len(cat)
                    yield (i, os.path.relpath(fpath, root), cat[path])
                    i += 1
        for k, v in sorted(cat.items(), key=lambda x: x[1]):
            print(os.path.relpath(k, root), v)
    else:
        for fname in sorted(os.listdir(root)):
            fpath = os.path.join(root, fname)
            suffix = os.path.splitext(fname)[1].lower()
            if os.path.isfile(fpath) and suffix in exts:
                yield (i, os.path.relpath(fpath, root), 0)
                i += 1


def write_list(path_out, image_list):
    """Write `index\\tlabel(s)\\tpath` lines (labels as %f)."""
    with open(path_out, "w") as fout:
        for item in image_list:
            fout.write("%d\t" % item[0] + "".join("%f\t" % j for j in item[2:]) + "%s\n" % item[1])


def make_list(args):
    """Write PREFIX[_chunk][_train|_val|_test].lst for the images under args.root."""
    image_list = list(list_image(args.root, args.recursive, args.exts))
    if args.shuffle is True:
        random.seed(100)
        random.shuffle(image_list)
    n = len(image_list)
    chunk_size = (n + args.chunks - 1) // args.chunks
    for i in range(args.chunks):
        chunk = image_list[i * chunk_size:(i + 1) * chunk_size]
        suffix = "_%d" % i if args.chunks > 1 else ""
        sep = int(chunk_size * args.train_ratio)
        sep_test = int(chunk_size * args.test_ratio)
        if args.train_ratio == 1.0:
            write_list(args.prefix + suffix + ".lst", chunk)
        else:
            if args.test_ratio:
                write_list(args.prefix + suffix + "_test.lst", chunk[:sep_test])
            if args.train_ratio + args.test_ratio < 1.0:
                write_list(args.prefix + suffix + "_val.lst", chunk[sep_test + sep:])
            write_list(args.prefix + suffix + "_train.lst", chunk[sep_test:sep_test + sep])


def read_list(path_in):
    """Yield [index, path, label, ...] from a .lst file (malformed lines are reported and skipped)."""
    with open(path_in) as fin:
        for line in iter(fin.readline, ""):
            fields = [f.strip() for f in line.strip().split("\t")]
            if len(fields) < 3:
                print("lst should have at least has three parts, but only has %s parts for %s" % (len(fields), fields))
                continue
            try:
                item = [int(fields[0])] + [fields[-1]] + [float(f) for f in fields[1:-1]]
            except Exception as e:  # noqa: BLE001 - reported like MXNet's tool
                print("Parsing lst met error for %s, detail: %s" % (fields, e))
                continue
            yield item


def image_encode(args, item):
    """The packed record bytes for one list item, or None (with a message) when the image cannot be used."""
    fullpath = os.path.join(args.root, item[1])
    if len(item) > 3 and args.pack_label:
        header = recordio.IRHeader(0, item[2:], item[0], 0)
    else:
        header = recordio.IRHeader(0, item[2], item[0], 0)
    try:
        with open(fullpath, "rb") as fin:
            raw = fin.read()
    except OSError as e:
        print("imread error trying to load file: %s (%s)" % (fullpath, e))
        return None
    if args.pass_through:
        return recordio.pack(header, raw)
    try:
        img = _imgcodec.decode(raw, flag=max(args.color, 0), unchanged=args.color == -1)
    except _imgcodec.DecodeError:
        print("imread read blank (None) image for file: %s" % fullpath)
        return None
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if args.center_crop:
        h, w = img.shape[:2]
        if h > w:
            m = (h - w) // 2
            img = img[m:m + w]
        else:
            m = (w - h) // 2
            img = img[:, m:m + h]
    if args.resize:
        h, w = img.shape[:2]
        nw, nh = (args.resize, h * args.resize // w) if h > w else (w * args.resize // h, args.resize)
        t = torch.from_numpy(np.ascontiguousarray(img))
        t = resize_hwc(t if t.dim() == 3 else t.unsqueeze(-1), nw, nh, 1, op="im2rec")
        img = t.numpy() if img.ndim == 3 else t[..., 0].numpy()
    try:
        return recordio.pack(header, _imgcodec.encode(img, args.encoding, args.quality))
    except Exception as e:  # noqa: BLE001 - reported like MXNet's tool
        print("pack_img error on file: %s" % fullpath, e)
        return None


def _pack_list(args, lst_path, working_dir):
    base = os.path.splitext(os.path.basename(lst_path))[0]
    record = recordio.MXIndexedRecordIO(os.path.join(working_dir, base + ".idx"),
                                        os.path.join(working_dir, base + ".rec"), "w")
    items = list(read_list(lst_path))
    t0 = time.time()
    if args.num_thread > 1:
        with ThreadPoolExecutor(args.num_thread) as pool:
            packed = pool.map(lambda it: image_encode(args, it), items)
            results = list(packed)
    else:
        results = (image_encode(args, it) for it in items)
    for count, (item, s) in enumerate(zip(items, results)):
        if s is not None:
            record.write_idx(item[0], s)
        if count % 1000 == 0:
            print("time:", time.time() - t0, " count:", count)
            t0 = time.time()
    record.close()


def parse_args(argv=None):
    """The command line of MXNet's im2rec.py."""
    p = argparse.ArgumentParser(formatter_class=argparse.ArgumentDefaultsHelpFormatter,
                                description="Create an image list or make a record database by reading from an "
                                            "image list")
    p.add_argument("prefix", help="prefix of input/output lst and rec files.")
    p.add_argument("root", help="path to folder containing images.")
    c = p.add_argument_group("Options for creating image lists")
    c.add_argument("--list", action="store_true", help="create <prefix>.lst by traversing root instead of packing")
    c.add_argument("--exts", nargs="+", default=[".jpeg", ".jpg", ".png"], help="acceptable image extensions.")
    c.add_argument("--chunks", type=int, default=1, help="number of chunks.")
    c.add_argument("--train-ratio", type=float, default=1.0, help="Ratio of images to use for training.")
    c.add_argument("--test-ratio", type=float, default=0, help="Ratio of images to use for testing.")
    c.add_argument("--recursive", action="store_true", help="walk subfolders, one label per folder")
    c.add_argument("--no-shuffle", dest="shuffle", action="store_false", help="keep the listing order")
    r = p.add_argument_group("Options for creating database")
    r.add_argument("--pass-through", action="store_true", help="store the image files as they are")
    r.add_argument("--resize", type=int, default=0, help="resize the shorter edge to this size")
    r.add_argument("--center-crop", action="store_true", help="crop the central square")
    r.add_argument("--quality", type=int, default=95, help="JPEG quality 1-100 or PNG compression 1-9")
    r.add_argument("--num-thread", type=int, default=1, help="encoding threads (the record order is kept)")
    r.add_argument("--color", type=int, default=1, choices=[-1, 0, 1], help="1 color, 0 gray, -1 unchanged")
    r.add_argument("--encoding", type=str, default=".jpg", choices=[".jpg", ".png"], help="image encoding")
    r.add_argument("--pack-label", action="store_true", help="pack multi-dimensional labels")
    args = p.parse_args(argv)
    args.prefix = os.path.abspath(args.prefix)
    args.root = os.path.abspath(args.root)
    return args


def main(argv=None):
    """Run im2rec with command-line arguments `argv` (sys.argv[1:] by default)."""
    args = parse_args(argv)
    if args.list:
        make_list(args)
        return 0
    working_dir = args.prefix if os.path.isdir(args.prefix) else os.path.dirname(args.prefix)
    files = sorted(os.path.join(working_dir, f) for f in os.listdir(working_dir)
                   if os.path.isfile(os.path.join(working_dir, f)))
    count = 0
    for fname in files:
        if fname.startswith(args.prefix) and fname.endswith(".lst"):
            print("Creating .rec file from", fname, "in", working_dir)
            count += 1
            _pack_list(args, fname, working_dir)
    if not count:
        print("Did not find and list file with prefix %s" % args.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
