"""Per-call time of small-array operators: torch2gluon vs raw torch vs real MXNet 1.9.1, side by side.

Run: .venv/bin/python bench/ops.py [--n 20000] [--threads 1]
Each contender runs the same loop of N calls; MXNet's asynchronous engine is charged by a final
`waitall()`. Prints microseconds per call and the ratios torch2gluon/torch and torch2gluon/MXNet.
"""
import argparse
import os
import time


def _cases(mx):
    nd = mx.nd
    x = nd.ones((5, 3))
    a = nd.ones((64, 64))
    v = nd.ones((100, 100))
    return {
        "x + 1 (5x3)": lambda: x + 1,
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
        "nd.dot 64x64": lambda: torch.matmul(a, a),
        "nd.relu (5x3)": lambda: torch.relu(x),
        "x.sum(axis=1) (100x100)": lambda: v.sum(dim=1),
        "x[2:4] (100x100)": lambda: v[2:4],
    }


def _run(fn, n, sync):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    sync()
    return (time.perf_counter() - t0) / n * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[k] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    import torch2gluon
    contenders = {"torch": (_torch_cases(torch), lambda: None),
                  "torch2gluon": (_cases(torch2gluon), torch2gluon.nd.waitall)}
    try:
        import mxnet
        contenders["mxnet"] = (_cases(mxnet), mxnet.nd.waitall)
    except ImportError:
        print("(real mxnet not installed: MXNet column skipped)")
    best = {c: {} for c in contenders}
    names = list(contenders["torch"][0])
    for name in names:
        for cname, (cases, sync) in contenders.items():
            _run(cases[name], 200, sync)  # warm-up
        for _ in range(args.rounds):  # interleaved rounds, so machine load hits every contender alike
            for cname, (cases, sync) in contenders.items():
                us = _run(cases[name], args.n, sync)
                best[cname][name] = min(us, best[cname].get(name, float("inf")))
    print(f"us per call, best of {args.rounds} interleaved rounds x {args.n} calls, {args.threads} thread(s), CPU")
    print(f"{'op':26s} {'torch':>8s} {'t2g':>8s} {'mxnet':>8s} {'t2g/torch':>10s} {'t2g/mxnet':>10s}")
    for name in names:
        t, g = best["torch"][name], best["torch2gluon"][name]
        m = best.get("mxnet", {}).get(name, float("nan"))
        print(f"{name:26s} {t:8.2f} {g:8.2f} {m:8.2f} {g / t:9.2f}x {g / m:9.2f}x")


if __name__ == "__main__":
    main()
