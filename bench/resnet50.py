"""ResNet-50 inference benchmark: batch 8 (default), 224x224, one subprocess per contender.

  mxnet              real MXNet 1.9.1: gluon.model_zoo.vision.resnet50_v1(), net(x).wait_to_read()
  mxnet-hybrid       the same after net.hybridize(static_alloc=True, static_shape=True)
  torch2gluon        the identical Gluon code with `import torch2gluon as mx` (eager)
  torch2gluon-hybrid the same after net.hybridize(static_alloc=True, static_shape=True) (the default
                     policy: inductor on CUDA, eager on CPU; see docs/hybridize.md)
  torch2gluon-inductor the same with net.hybridize(backend='inductor', ...): compiled on CPU too
                     (the compile time is reported separately: the first warm-up iterations)
  torchvision        torchvision.models.resnet50() in eval mode under torch.inference_mode()

All run in inference mode (BatchNorm on running statistics, no autograd graph) with random weights; the
networks are the same size (torchvision's is ResNet "v1.5": stride in the 3x3 conv, no bias on the 1x1
convs; Gluon's v1 strides in the first 1x1 conv, whose convs carry a bias) - a few percent of FLOPs apart.
Warm-up iterations are not timed; each timed iteration ends with a synchronisation and is measured in
wall time and in the process's CPU time (steadier on a shared, oversubscribed machine). Threads:
torch.set_num_threads(T) and OMP/MKL_NUM_THREADS=T in every subprocess.

    python bench/resnet50.py [--batch 8] [--size 224] [--iters 5] [--warmup 2] [--threads 1]
                             [--ctx cpu|gpu] [--only mxnet,torch2gluon,torch2gluon-hybrid,torchvision]
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from _contenders import run_contenders  # noqa: E402
CONTENDERS = ("mxnet", "mxnet-hybrid", "torch2gluon", "torch2gluon-hybrid", "torch2gluon-inductor", "torchvision")


def _timeit(step, sync, iters, warmup):
    tic = time.perf_counter()
    for _ in range(warmup):
        step()
    sync()
    warm = time.perf_counter() - tic
    times, cpu = [], []
    for _ in range(iters):
        tic, ctic = time.perf_counter(), time.process_time()
        step()
        sync()
        times.append(time.perf_counter() - tic)
        cpu.append(time.process_time() - ctic)
    return {"times": times, "cpu": cpu, "warmup_s": warm}


def run_gluon(mx, args, hybrid, backend=None):
    """Gluon's resnet50_v1 forward on a (batch, 3, size, size) input; `mx` is mxnet or torch2gluon."""
    import numpy as np
    ctx = mx.gpu(0) if args.ctx == "gpu" else mx.cpu()
    net = mx.gluon.model_zoo.vision.resnet50_v1()
    net.initialize(mx.init.Xavier(), ctx=ctx)
    if hybrid:
        kw = {"backend": backend} if backend else {}
        net.hybridize(static_alloc=True, static_shape=True, **kw)
    x = mx.nd.array(np.random.RandomState(0).rand(args.batch, 3, args.size, args.size), ctx=ctx)
    out = {}

    def step():
        out["y"] = net(x)

    return _timeit(step, lambda: out["y"].wait_to_read(), args.iters, args.warmup)


def run_torchvision(args):
    """torchvision's resnet50 forward, eval mode, inference_mode."""
    import torch
    import torchvision
    dev = torch.device("cuda" if args.ctx == "gpu" else "cpu")
    net = torchvision.models.resnet50().eval().to(dev)
    x = torch.rand(args.batch, 3, args.size, args.size, device=dev)

    def step():
        with torch.inference_mode():
            net(x)

    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    return _timeit(step, sync, args.iters, args.warmup)


def child(args):
    import torch
    torch.set_num_threads(args.threads)
    if args.child.startswith("mxnet"):
        import mxnet as mx
        res = run_gluon(mx, args, hybrid=args.child.endswith("hybrid"))
    elif args.child.startswith("torch2gluon"):
        sys.path.insert(0, ROOT)
        import torch2gluon as mx
        res = run_gluon(mx, args, hybrid=args.child != "torch2gluon",
                        backend="inductor" if args.child.endswith("inductor") else None)
    else:
        res = run_torchvision(args)
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--iters", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--ctx", choices=("cpu", "gpu"), default="cpu")
    p.add_argument("--only", default=",".join(CONTENDERS))
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)
    print(f"ResNet-50 inference, batch {args.batch}, {args.size}x{args.size}, ctx={args.ctx}, "
          f"threads={args.threads}, {args.iters} timed iterations after {args.warmup} warm-up; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    results = run_contenders(__file__, args.only, CONTENDERS, args, ("batch", "size", "iters", "warmup", "threads", "ctx"), width=20)
    print(f"\n| {'contender':20s} | wall s/batch (mean) | wall min | CPU s/batch (min) | images/s (wall min) "
          "| warm-up s (incl. compile) |")
    print(f"|{'-' * 22}|--------------------:|---------:|------------------:|--------------------:|"
          "--------------------------:|")
    for name, r in results.items():
        t = r["times"]
        print(f"| {name:20s} | {sum(t) / len(t):19.4f} | {min(t):8.4f} | {min(r['cpu']):17.4f} | "
              f"{args.batch / min(t):19.1f} | {r['warmup_s']:25.1f} |")
    print()
    for a, b in (("torch2gluon", "torchvision"), ("torch2gluon", "mxnet"), ("torch2gluon-hybrid", "torch2gluon"),
                 ("torch2gluon-hybrid", "torchvision"), ("torch2gluon-inductor", "torch2gluon"),
                 ("torch2gluon-inductor", "torchvision"), ("torch2gluon-hybrid", "mxnet-hybrid")):
        if a in results and b in results:
            wall = min(results[a]["times"]) / min(results[b]["times"])
            cpu = min(results[a]["cpu"]) / min(results[b]["cpu"])
            print(f"{a} / {b}: {wall:.3f}x wall, {cpu:.3f}x CPU time (min over iterations)")


if __name__ == "__main__":
    main()
