"""Numpy-mode training step (d2l style): MLP 784-256-10, batch 256, one subprocess per contender, side by side.

  mxnet-np             real MXNet 1.9.1, `npx.set_np()`, `mx.np` data, nn.Sequential(Dense(256, relu), Dense(10)),
                       SoftmaxCrossEntropyLoss, Trainer('sgd'); `with autograd.record(): l = loss(net(X), y)`,
                       `l.backward()`, `trainer.step(256)`
  mxnet-np-hybrid      the same with nn.HybridSequential + hybridize()
  mxnet-legacy         the same code without set_np (mx.nd data)
  torch2gluon-np       the identical code with `import torch2gluon as mx`
  torch2gluon-np-hybrid, torch2gluon-legacy, torch2gluon-legacy-hybrid   likewise
  pytorch              hand-written torch.nn (Linear, ReLU, Linear) + CrossEntropyLoss(reduction='none')
                       + `l.sum().backward()` + optim.SGD(lr / 256)

Each contender also times the forward of one `nn.Dense(256)` on a (256, 784) batch outside record()
(`nn.Linear` for pytorch), per call, and of a small `nn.Dense(10)` on (4, 20), whose time is mostly the
framework's per-call overhead rather than the GEMM. Every step is synchronised (`wait_to_read` on the loss) so MXNet's
engine is charged in full. Threads: T in every subprocess (torch.set_num_threads, OMP/MKL/OPENBLAS).
Reported: median and best ms per step, median us per Dense forward (both sizes), and ratios of medians.
`--clock cpu` times the process's CPU (all threads) instead of wall time, to keep a busy machine's
waiting out of the numbers.

    python bench/np_train_step.py [--steps 60] [--warmup 5] [--threads 1] [--clock wall|cpu] [--only a,b]
"""
import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from _contenders import run_contenders  # noqa: E402

CONTENDERS = ("mxnet-np", "mxnet-np-hybrid", "mxnet-legacy", "torch2gluon-np", "torch2gluon-np-hybrid",
              "torch2gluon-legacy", "torch2gluon-legacy-hybrid", "pytorch")
BATCH = 256


def _clock(args):
    return time.perf_counter if args.clock == "wall" else time.process_time


def _data():
    import numpy as onp
    rs = onp.random.RandomState(0)
    return rs.rand(BATCH, 784).astype("float32"), rs.randint(0, 10, BATCH).astype("int32")


def _time_steps(step, sync, args):
    clock = _clock(args)
    for _ in range(args.warmup):
        step()
    sync()
    times = []
    for _ in range(args.steps):
        tic = clock()
        step()
        sync()
        times.append(clock() - tic)
    return times


def _time_calls(fn, sync, args, calls=20, rounds=15):
    """Median over `rounds` of the per-call time of `calls` back-to-back calls (after a warm-up)."""
    clock = _clock(args)
    for _ in range(calls):
        fn()
    sync()
    per = []
    for _ in range(rounds):
        tic = clock()
        for _ in range(calls):
            fn()
        sync()
        per.append((clock() - tic) / calls)
    return per


def run_gluon(mx, args, numpy_mode, hybrid):
    """The d2l-style step; `mx` is real mxnet or torch2gluon."""
    if numpy_mode:
        mx.npx.set_np()
        arr = mx.np.array
    else:
        arr = mx.nd.array
    gluon, autograd, nn = mx.gluon, mx.autograd, mx.gluon.nn
    Xn, yn = _data()
    X, y = arr(Xn), arr(yn)
    net = nn.HybridSequential() if hybrid else nn.Sequential()
    net.add(nn.Dense(256, activation="relu"), nn.Dense(10))
    net.initialize(mx.init.Normal(sigma=0.01))
    if hybrid:
        net.hybridize()
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    out = {}

    def step():
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(BATCH)
        out["l"] = l

    times = _time_steps(step, lambda: out["l"].wait_to_read(), args)
    last_loss = float(out["l"].mean().item() if numpy_mode else out["l"].mean().asscalar())

    dense = nn.Dense(256)
    dense.initialize()
    if hybrid:
        dense.hybridize()
    res = {}

    def fwd():
        res["o"] = dense(X)

    dense_t = _time_calls(fwd, lambda: res["o"].wait_to_read(), args)
    small = nn.Dense(10)  # a small layer: the per-call overhead, not the GEMM
    small.initialize()
    if hybrid:
        small.hybridize()
    xs = arr(Xn[:4, :20])

    def fwd_small():
        res["o"] = small(xs)

    small_t = _time_calls(fwd_small, lambda: res["o"].wait_to_read(), args, calls=200)
    return {"times": times, "dense": dense_t, "small": small_t, "loss": last_loss}


def run_pytorch(args):
    """The same step in hand-written PyTorch (per-sample losses summed, SGD at lr / batch as Trainer.step)."""
    import torch
    Xn, yn = _data()
    X, y = torch.from_numpy(Xn), torch.from_numpy(yn).long()
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    with torch.no_grad():  # the Gluon contenders' init: Normal(0.01) weights, zero biases
        for m in (net[0], net[2]):
            m.weight.normal_(0, 0.01)
            m.bias.zero_()
    loss = torch.nn.CrossEntropyLoss(reduction="none")
    opt = torch.optim.SGD(net.parameters(), lr=0.1 / BATCH)
    out = {}

    def step():
        opt.zero_grad(set_to_none=True)
        l = loss(net(X), y)
        l.sum().backward()
        opt.step()
        out["l"] = l

    times = _time_steps(step, lambda: None, args)
    dense = torch.nn.Linear(784, 256)
    small = torch.nn.Linear(20, 10)
    xs = X[:4, :20].clone()
    with torch.no_grad():
        dense_t = _time_calls(lambda: dense(X), lambda: None, args)
        small_t = _time_calls(lambda: small(xs), lambda: None, args, calls=200)
    return {"times": times, "dense": dense_t, "small": small_t, "loss": float(out["l"].mean())}


def child(args):
    import torch
    torch.set_num_threads(args.threads)
    name = args.child
    if name == "pytorch":
        res = run_pytorch(args)
    else:
        if name.startswith("mxnet"):
            import mxnet as mx
        else:
            sys.path.insert(0, ROOT)
            import torch2gluon as mx
        res = run_gluon(mx, args, numpy_mode="-np" in name, hybrid=name.endswith("hybrid"))
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    p.add_argument("--only", default=",".join(CONTENDERS))
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)
    try:
        load = f", load average {os.getloadavg()[0]:.2f}"
    except OSError:
        load = ""
    print(f"numpy-mode training step: MLP 784-256-10, batch {BATCH}, {args.steps} timed steps after "
          f"{args.warmup} warm-up, {args.clock} clock, threads={args.threads}; {os.cpu_count()} CPUs{load}")
    results = run_contenders(__file__, args.only, CONTENDERS, args, ("steps", "warmup", "threads", "clock"),
                             width=26)
    print(f"\n| {'contender':26s} | ms/step (median) | ms/step (min) | Dense(256) on 256x784, us | "
          f"Dense(10) on 4x20, us | last loss |")
    print(f"|{'-' * 28}|-----------------:|--------------:|--------------------------:|"
          f"---------------------:|----------:|")
    med, dmed, smed = {}, {}, {}
    for name, r in results.items():
        med[name] = statistics.median(r["times"])
        dmed[name] = statistics.median(r["dense"])
        smed[name] = statistics.median(r["small"])
        print(f"| {name:26s} | {med[name] * 1e3:16.2f} | {min(r['times']) * 1e3:13.2f} | "
              f"{dmed[name] * 1e6:25.1f} | {smed[name] * 1e6:21.1f} | {r['loss']:9.4f} |")
    print()
    for a, b in (("torch2gluon-np", "pytorch"), ("torch2gluon-np", "mxnet-np"),
                 ("torch2gluon-np", "torch2gluon-legacy"), ("torch2gluon-np-hybrid", "mxnet-np-hybrid"),
                 ("torch2gluon-np-hybrid", "torch2gluon-legacy-hybrid"), ("torch2gluon-legacy", "pytorch")):
        if a in med and b in med:
            print(f"{a} / {b}: step {med[a] / med[b]:.2f}x, Dense(256) fwd {dmed[a] / dmed[b]:.2f}x, "
                  f"Dense(10) fwd {smed[a] / smed[b]:.2f}x (medians)")


if __name__ == "__main__":
    main()
