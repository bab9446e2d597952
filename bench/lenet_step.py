"""LeNet training-step benchmark: batch 128 of 1x28x28, one subprocess per contender, side by side.

  mxnet                real MXNet 1.9.1, Gluon LeNet, autograd.record / backward / Trainer('sgd').step
  mxnet-hybrid         the same after net.hybridize()
  torch2gluon          the identical Gluon code with `import torch2gluon as mx`
  torch2gluon-hybrid   the same after net.hybridize() (default policy: eager on CPU, inductor on CUDA)
  torch2gluon-inductor the same after net.hybridize(backend='inductor')
  pytorch              hand-written torch.nn LeNet + F.cross_entropy + torch.optim.SGD
  pytorch-compiled     the same model through torch.compile (inductor)

Each step is forward + softmax cross-entropy + backward + SGD update on the same random batch. Warm-up
steps (which include any compilation) are timed separately from the measured steps. Threads: T in every
subprocess (torch.set_num_threads and OMP/MKL_NUM_THREADS).

    python bench/lenet_step.py [--steps 30] [--warmup 3] [--threads 1] [--ctx cpu|gpu] [--only a,b,...]
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
CONTENDERS = ("mxnet", "mxnet-hybrid", "torch2gluon", "torch2gluon-hybrid", "torch2gluon-inductor", "pytorch",
              "pytorch-compiled")
BATCH = 128


def _timeit(step, sync, steps, warmup):
    tic = time.perf_counter()
    for _ in range(warmup):
        step()
    sync()
    warm = time.perf_counter() - tic
    times = []
    for _ in range(steps):
        tic = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - tic)
    return {"times": times, "warmup_s": warm}


def run_gluon(mx, args, hybrid, backend=None):
    """A Gluon LeNet trained with Trainer('sgd'); `mx` is mxnet or torch2gluon."""
    import numpy as np
    from_ctx = mx.gpu(0) if args.ctx == "gpu" else mx.cpu()
    nn = mx.gluon.nn
    net = nn.HybridSequential()
    net.add(nn.Conv2D(20, 5, activation="relu"), nn.MaxPool2D(2, 2), nn.Conv2D(50, 5, activation="relu"),
            nn.MaxPool2D(2, 2), nn.Flatten(), nn.Dense(500, activation="relu"), nn.Dense(10))
    net.initialize(mx.init.Xavier(), ctx=from_ctx)
    if hybrid:
        net.hybridize(**({"backend": backend} if backend else {}))
    rs = np.random.RandomState(0)
    x = mx.nd.array(rs.rand(BATCH, 1, 28, 28), ctx=from_ctx)
    y = mx.nd.array(rs.randint(0, 10, BATCH), ctx=from_ctx)
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.05})
    out = {}

    def step():
        with mx.autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(BATCH)
        out["l"] = loss

    return _timeit(step, lambda: out["l"].wait_to_read(), args.steps, args.warmup)


def run_pytorch(args, compiled):
    """The same LeNet in hand-written PyTorch."""
    import torch
    import torch.nn.functional as F
    dev = torch.device("cuda" if args.ctx == "gpu" else "cpu")
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 20, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2), torch.nn.Conv2d(20, 50, 5),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2), torch.nn.Flatten(), torch.nn.Linear(800, 500),
        torch.nn.ReLU(), torch.nn.Linear(500, 10)).to(dev)
    model = torch.compile(net) if compiled else net
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    x = torch.rand(BATCH, 1, 28, 28, device=dev)
    y = torch.randint(0, 10, (BATCH,), device=dev)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    return _timeit(step, sync, args.steps, args.warmup)


def child(args):
    import torch
    torch.set_num_threads(args.threads)
    name = args.child
    if name.startswith("mxnet"):
        import mxnet as mx
        res = run_gluon(mx, args, hybrid=name.endswith("hybrid"))
    elif name.startswith("torch2gluon"):
        sys.path.insert(0, ROOT)
        import torch2gluon as mx
        res = run_gluon(mx, args, hybrid=name != "torch2gluon",
                        backend="inductor" if name.endswith("inductor") else None)
    else:
        res = run_pytorch(args, compiled=name.endswith("compiled"))
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--ctx", choices=("cpu", "gpu"), default="cpu")
    p.add_argument("--only", default=",".join(CONTENDERS))
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)
    print(f"LeNet training step, batch {BATCH}, 1x28x28, ctx={args.ctx}, threads={args.threads}, "
          f"{args.steps} timed steps after {args.warmup} warm-up; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    results = run_contenders(__file__, args.only, CONTENDERS, args, ("steps", "warmup", "threads", "ctx"), width=22)
    print(f"\n| {'contender':22s} | ms/step (median) | ms/step (min) | warm-up s (incl. compile) |")
    print(f"|{'-' * 24}|-----------------:|--------------:|--------------------------:|")
    med = {}
    for name, r in results.items():
        t = sorted(r["times"])
        med[name] = t[len(t) // 2]
        print(f"| {name:22s} | {med[name] * 1e3:16.2f} | {t[0] * 1e3:13.2f} | {r['warmup_s']:25.1f} |")
    print()
    for a, b in (("torch2gluon", "pytorch"), ("torch2gluon", "mxnet"), ("torch2gluon-hybrid", "torch2gluon"),
                 ("torch2gluon-hybrid", "mxnet-hybrid"), ("torch2gluon-inductor", "torch2gluon"),
                 ("torch2gluon-inductor", "pytorch-compiled")):
        if a in med and b in med:
            print(f"{a} / {b}: {med[a] / med[b]:.3f}x (median step time)")


if __name__ == "__main__":
    main()
