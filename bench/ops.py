"""Per-call time of small-array operators: torch2gluon vs raw torch vs real MXNet 1.9.1, side by side.

Run: .venv/bin/python bench/ops.py [--set core|random] [--n 20000] [--rounds 5] [--threads 1] [--clock wall|cpu]
`--set random` times the CPU samplers instead (torch2gluon draws MXNet's own stream there, torch its generator).
Each contender runs the same loop of N calls; MXNet's asynchronous engine is charged by a final
`waitall()`. Prints microseconds per call and the ratios torch2gluon/torch and torch2gluon/MXNet.
`--clock cpu` times the CPU used by the whole process (every thread, so MXNet's engine workers count)
instead of wall time: on a shared, busy machine it leaves out the time spent waiting for a core.
"""
import argparse
import os
import time

from _contenders import per_call_us


def _cases(mx):
    nd = mx.nd
    x = nd.ones((5, 3))
    a = nd.ones((64, 64))
    v = nd.ones((100, 100))
    xn = mx.np.ones((5, 3))
    return {
        "x + 1 (5x3)": lambda: x + 1,
        "np: x + 1 (5x3)": lambda: xn + 1,
        "nd.dot 64x64": lambda: nd.dot(a, a),
        "nd.relu (5x3)": lambda: nd.relu(x),
        "x.sum(axis=1) (100x100)": lambda: v.sum(axis=1),
        "x[2:4] (100x100)": lambda: v[2:4],
    }


def _torch_cases(torch):
    x = torch.ones((5, 3))
    a = torch.ones((64, 64))
    v = torch.ones((100, 100))
    return {
        "x + 1 (5x3)": lambda: x + 1,
        "np: x + 1 (5x3)": lambda: x + 1,
        "nd.dot 64x64": lambda: torch.matmul(a, a),
        "nd.relu (5x3)": lambda: torch.relu(x),
        "x.sum(axis=1) (100x100)": lambda: v.sum(dim=1),
        "x[2:4] (100x100)": lambda: v[2:4],
    }


def _random_cases(mx):
    nd = mx.nd
    h = nd.ones((128, 256))
    train = mx.autograd.train_mode

    def dropout():
        with train():
            return nd.Dropout(h, p=0.5)
    return {
        "uniform (5x3)": lambda: nd.random.uniform(shape=(5, 3)),
        "normal (64x100)": lambda: nd.random.normal(shape=(64, 100)),
        "uniform (256x784)": lambda: nd.random.uniform(-0.07, 0.07, shape=(256, 784)),
        "Dropout train (128x256)": dropout,
    }


def _torch_random_cases(torch):
    h = torch.ones((128, 256))
    return {
        "uniform (5x3)": lambda: torch.rand((5, 3)),
        "normal (64x100)": lambda: torch.randn((64, 100)),
        "uniform (256x784)": lambda: torch.empty((256, 784)).uniform_(-0.07, 0.07),
        "Dropout train (128x256)": lambda: torch.nn.functional.dropout(h, 0.5, training=True),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("core", "random"), default="core")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter; cpu: time.process_time (CPU of all the process's threads)")
    args = ap.parse_args()
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[k] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    import torch2gluon
    cases, torch_cases = (_cases, _torch_cases) if args.set == "core" else (_random_cases, _torch_random_cases)
    contenders = {"torch": (torch_cases(torch), lambda: None),
                  "torch2gluon": (cases(torch2gluon), torch2gluon.nd.waitall)}
    try:
        import mxnet
        contenders["mxnet"] = (cases(mxnet), mxnet.nd.waitall)
    except ImportError:
        print("(real mxnet not installed: MXNet column skipped)")
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    best = {c: {} for c in contenders}
    names = list(contenders["torch"][0])
    for name in names:
        for cname, (cases, sync) in contenders.items():
            per_call_us(cases[name], 200, sync)  # warm-up
        for _ in range(args.rounds):  # interleaved rounds, so machine load hits every contender alike
            for cname, (cases, sync) in contenders.items():
                us = per_call_us(cases[name], args.n, sync, clock)
                best[cname][name] = min(us, best[cname].get(name, float("inf")))
    print(f"us per call ({args.clock} clock), best of {args.rounds} interleaved rounds x {args.n} calls, "
          f"{args.threads} thread(s), CPU")
    print(f"{'op':26s} {'torch':>8s} {'t2g':>8s} {'mxnet':>8s} {'t2g/torch':>10s} {'t2g/mxnet':>10s}")
    for name in names:
        t, g = best["torch"][name], best["torch2gluon"][name]
        m = best.get("mxnet", {}).get(name, float("nan"))
        print(f"{name:26s} {t:8.2f} {g:8.2f} {m:8.2f} {g / t:9.2f}x {g / m:9.2f}x")


if __name__ == "__main__":
    main()
