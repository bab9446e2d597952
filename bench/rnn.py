"""gluon.rnn.LSTM training step (forward + backward): torch2gluon vs torch.nn.LSTM vs real MXNet 1.9.1.

Run: .venv/bin/python bench/rnn.py [--steps 20] [--threads 1] [--T 35 --N 32 --C 64 --H 128 --layers 2]
Prints milliseconds per step and the ratios torch2gluon/torch and torch2gluon/MXNet.
"""
import argparse
import os
import time

import numpy as np


def _gluon_step(mx, args):
    net = mx.gluon.rnn.LSTM(args.H, num_layers=args.layers, input_size=args.C)
    net.initialize()
    x = mx.nd.array(np.random.rand(args.T, args.N, args.C).astype(np.float32))

    def step():
        with mx.autograd.record():
            loss = net(x).sum()
        loss.backward()
        mx.nd.waitall()
    return step


def _torch_step(torch, args):
    net = torch.nn.LSTM(args.C, args.H, num_layers=args.layers)
    x = torch.rand(args.T, args.N, args.C)

    def step():
        net(x)[0].sum().backward()
    return step


def _time(step, n):
    step()
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t0) / n * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    for k, v in (("T", 35), ("N", 32), ("C", 64), ("H", 128), ("layers", 2)):
        ap.add_argument(f"--{k}", type=int, default=v)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import torch
    torch.set_num_threads(args.threads)
    import torch2gluon
    import mxnet
    res = {"torch2gluon": _time(_gluon_step(torch2gluon, args), args.steps),
           "torch": _time(_torch_step(torch, args), args.steps),
           "mxnet": _time(_gluon_step(mxnet, args), args.steps)}
    print(f"LSTM T={args.T} N={args.N} C={args.C} H={args.H} layers={args.layers}, threads={args.threads}")
    for k, v in res.items():
        print(f"  {k:12s} {v:8.2f} ms/step")
    print(f"  torch2gluon/torch = {res['torch2gluon'] / res['torch']:.2f}x, "
          f"torch2gluon/mxnet = {res['torch2gluon'] / res['mxnet']:.2f}x")


if __name__ == "__main__":
    main()
