"""Per-update time of mx.metric: torch2gluon vs real MXNet 1.9.1, side by side.

Run: .venv/bin/python bench/metric.py [--n 300] [--threads 1]
Each metric is updated N times with the same (label, pred) batch; prints microseconds per update and the
ratio torch2gluon/MXNet (below 1 means torch2gluon is faster).
"""
import argparse
import os
import time

import numpy as np


def _cases(mx, rng):
    nd = mx.nd
    lab = nd.array(rng.randint(0, 10, 256))
    prob = nd.array(rng.dirichlet(np.ones(10), 256))
    blab = nd.array(rng.randint(0, 2, 256))
    bprob = nd.array(rng.dirichlet(np.ones(2), 256))
    seq = nd.array(rng.randint(0, 1000, 35 * 32))
    seqp = nd.array(rng.dirichlet(np.ones(1000), 35 * 32))
    reg = nd.array(rng.randn(256, 4))
    regp = nd.array(rng.randn(256, 4))
    return {
        "Accuracy 256x10": (mx.metric.Accuracy(), [lab], [prob]),
        "TopKAccuracy(5) 256x10": (mx.metric.TopKAccuracy(top_k=5), [lab], [prob]),
        "F1 256x2": (mx.metric.F1(), [blab], [bprob]),
        "MCC 256x2": (mx.metric.MCC(), [blab], [bprob]),
        "CrossEntropy 256x10": (mx.metric.CrossEntropy(), [lab], [prob]),
        "Perplexity 1120x1000": (mx.metric.Perplexity(-1), [seq], [seqp]),
        "MSE 256x4": (mx.metric.MSE(), [reg], [regp]),
        "PearsonCorrelation 256x4": (mx.metric.PearsonCorrelation(), [reg], [regp]),
        "PCC 256x10": (mx.metric.PCC(), [lab], [prob]),
        "Loss 256": (mx.metric.Loss(), None, [reg]),
    }


def _time(metric, labels, preds, n):
    metric.update(labels, preds)
    t0 = time.perf_counter()
    for _ in range(n):
        metric.update(labels, preds)
    metric.get()
    return (time.perf_counter() - t0) / n * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import torch
    torch.set_num_threads(args.threads)
    import mxnet
    import torch2gluon
    ours = _cases(torch2gluon, np.random.RandomState(0))
    ref = _cases(mxnet, np.random.RandomState(0))
    print(f"{'metric update':28s} {'torch2gluon us':>15s} {'MXNet us':>10s} {'ratio':>7s}")
    for key in ours:
        t_o = _time(*ours[key], args.n)
        t_r = _time(*ref[key], args.n)
        print(f"{key:28s} {t_o:15.1f} {t_r:10.1f} {t_o / t_r:7.2f}")


if __name__ == "__main__":
    main()
