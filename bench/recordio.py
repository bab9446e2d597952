"""ImageRecordIter over a generated .rec of JPEGs: torch2gluon vs real MXNet, samples/s side by side.

    .venv/bin/python bench/recordio.py [--n 256] [--size 224] [--batch 32] [--threads 2] [--epochs 2] [--repeat 3]

Pipeline (both sides): decode, random-resized crop to 224x224, random mirror, mean/std normalise, NCHW float32.
A second table times ImageRecordDataset + DataLoader (decode only) and the raw MXIndexedRecordIO read rate.
"""
import argparse
import io
import os
import sys
import tempfile
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_rec(path, n, size):
    import torch2gluon as t2
    rng = np.random.RandomState(0)
    w = t2.recordio.MXIndexedRecordIO(path[:-4] + ".idx", path, "w")
    base = (rng.rand(size // 8, size // 8, 3) * 255).astype(np.uint8)
    for i in range(n):
        img = np.kron(np.roll(base, i, axis=0), np.ones((8, 8, 1), np.uint8))  # smooth-ish: realistic JPEG sizes
        b = io.BytesIO()
        Image.fromarray(img).save(b, format="JPEG", quality=90)
        w.write_idx(i, t2.recordio.pack(t2.recordio.IRHeader(0, float(i % 10), i, 0), b.getvalue()))
    w.close()


def run_iter(mod, rec, args):
    it = mod.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 224, 224), batch_size=args.batch, shuffle=True,
                                random_resized_crop=True, min_random_area=0.08, max_random_area=1.0,
                                max_aspect_ratio=4.0 / 3, min_aspect_ratio=3.0 / 4, rand_mirror=True,
                                mean_r=123.68, mean_g=116.28, mean_b=103.53, std_r=58.4, std_g=57.1, std_b=57.4,
                                preprocess_threads=args.threads)
    for _ in it:  # warm-up epoch
        pass
    it.reset()
    t0 = time.perf_counter()
    n = 0
    for _ in range(args.epochs):
        for b in it:
            b.data[0].wait_to_read()
            n += b.data[0].shape[0] - b.pad
        it.reset()
    return n / (time.perf_counter() - t0)


def run_dataset(mod, rec, args):
    ds = mod.gluon.data.vision.ImageRecordDataset(rec)
    loader = mod.gluon.data.DataLoader(ds, batch_size=args.batch, num_workers=0)
    t0 = time.perf_counter()
    n = 0
    for x, _ in loader:
        n += x.shape[0]
    return n / (time.perf_counter() - t0)


def run_raw(mod, rec):
    r = mod.recordio.MXIndexedRecordIO(rec[:-4] + ".idx", rec, "r")
    t0 = time.perf_counter()
    for k in r.keys:
        r.read_idx(k)
    return len(r.keys) / (time.perf_counter() - t0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=256)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    import torch2gluon
    import torch
    mods = {"torch2gluon": torch2gluon}
    try:
        import mxnet
        mods["mxnet"] = mxnet
    except ImportError:
        pass
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as d:
        rec = os.path.join(d, "bench.rec")
        make_rec(rec, args.n, args.size)
        print(f"{args.n} JPEGs {args.size}x{args.size}, batch {args.batch}, {args.threads} threads, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        rows = []
        for name, fn in [("ImageRecordIter rrc+flip+norm", lambda m: run_iter(m, rec, args)),
                         ("ImageRecordDataset+DataLoader decode", lambda m: run_dataset(m, rec, args)),
                         ("MXIndexedRecordIO.read_idx", lambda m: run_raw(m, rec))]:
            res = {k: 0.0 for k in mods}
            for _ in range(args.repeat):  # interleaved, best of `repeat`: the machine is shared
                for k, m in mods.items():
                    res[k] = max(res[k], fn(m))
            rows.append((name, res))
        print(f"{'pipeline':40s} {'torch2gluon':>12s} {'mxnet':>12s} {'ratio':>7s}")
        for name, res in rows:
            mx_v = res.get("mxnet", float("nan"))
            print(f"{name:40s} {res['torch2gluon']:12.0f} {mx_v:12.0f} {res['torch2gluon'] / mx_v:7.2f}")


if __name__ == "__main__":
    main()
