"""Gradient allreduce through a 'dist_sync' kvstore on 2 local gloo workers: MXNet's per-key pushpull calls vs
torch2gluon's Trainer path (one bucketed call) vs raw torch.distributed on one flat buffer (the floor).

    python bench/kvstore_dist.py [--scale 1.0] [--iters 5]    # re-launches itself under torchrun
Parameter set: torchvision ResNet-50's 161 tensors (about 25.6M floats at --scale 1).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def _shapes(scale):
    import torchvision
    shapes = [tuple(p.shape) for p in torchvision.models.resnet50().parameters()]
    if scale != 1.0:
        shapes = [(max(1, int(s[0] * scale)),) + s[1:] for s in shapes]
    return shapes


def _time(fn, iters, barrier):
    fn()
    out = []
    for _ in range(iters):
        barrier()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out) * 1e3


def worker(args):
    import torch
    import torch.distributed as dist
    torch.set_num_threads(1)
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import torch2gluon as mx
    kv = mx.kv.create("dist_sync")
    shapes = _shapes(args.scale)
    grads = [mx.nd.ones(s) for s in shapes]
    keys = list(range(len(grads)))
    kv.init(keys, [mx.nd.zeros(s) for s in shapes])
    flat = torch.ones(sum(g.size for g in grads))
    rows = [("per-key pushpull x%d (MXNet's Trainer calls)" % len(keys),
             _time(lambda: [kv.pushpull(k, g) for k, g in zip(keys, grads)], args.iters, kv._barrier)),
            ("one pushpull of all keys (torch2gluon Trainer)",
             _time(lambda: kv.pushpull(keys, grads), args.iters, kv._barrier)),
            ("raw dist.all_reduce of one flat buffer (floor)",
             _time(lambda: dist.all_reduce(flat), args.iters, kv._barrier))]
    if kv.rank == 0:
        n = sum(g.size for g in grads)
        print(f"{len(shapes)} tensors, {n / 1e6:.1f}M floats, 2 gloo workers on loopback, median of {args.iters}")
        for name, ms in rows:
            print(f"  {name:52s} {ms:9.1f} ms   {ms / rows[-1][1]:5.2f}x floor")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--iters", type=int, default=5)
    args = ap.parse_args()
    if "RANK" in os.environ:
        worker(args)
        return
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "31555",
           os.path.abspath(__file__)] + sys.argv[1:]
    sys.exit(subprocess.call(cmd, env=dict(os.environ, OMP_NUM_THREADS="1")))


if __name__ == "__main__":
    main()
