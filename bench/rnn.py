"""gluon.rnn.LSTM/GRU/RNN training step (forward + backward): torch2gluon vs torch.nn.* vs real MXNet 1.9.1.

Run: .venv/bin/python bench/rnn.py [--mode lstm|gru|rnn] [--steps 20] [--threads 1]
     [--T 35 --N 32 --C 64 --H 128 --layers 2]
Prints milliseconds per step (`--clock cpu`: process CPU time) and the ratios torch2gluon/torch and torch2gluon/MXNet.
"""
import argparse
import os
import time

import numpy as np

_NAMES = {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}  # rnn: ReLU (gluon.rnn.RNN's default) on both sides


def _gluon_step(mx, args):
    net = getattr(mx.gluon.rnn, _NAMES[args.mode])(args.H, num_layers=args.layers, input_size=args.C)
    net.initialize()
    x = mx.nd.array(np.random.rand(args.T, args.N, args.C).astype(np.float32))

    def step():
        with mx.autograd.record():
            loss = net(x).sum()
        loss.backward()
        mx.nd.waitall()
    return step


def _torch_step(torch, args):
    kw = {"nonlinearity": "relu"} if args.mode == "rnn" else {}
    net = getattr(torch.nn, _NAMES[args.mode])(args.C, args.H, num_layers=args.layers, **kw)
    x = torch.rand(args.T, args.N, args.C)

    def step():
        net(x)[0].sum().backward()
    return step


def _time(step, n, clock):
    step()
    t0 = clock()
    for _ in range(n):
        step()
    return (clock() - t0) / n * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=sorted(_NAMES), default="lstm")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter; cpu: time.process_time (steadier on a shared machine)")
    for k, v in (("T", 35), ("N", 32), ("C", 64), ("H", 128), ("layers", 2)):
        ap.add_argument(f"--{k}", type=int, default=v)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import torch
    torch.set_num_threads(args.threads)
    import torch2gluon
    import mxnet
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    res = {"torch2gluon": _time(_gluon_step(torch2gluon, args), args.steps, clock),
           "torch": _time(_torch_step(torch, args), args.steps, clock),
           "mxnet": _time(_gluon_step(mxnet, args), args.steps, clock)}
    print(f"{_NAMES[args.mode]} T={args.T} N={args.N} C={args.C} H={args.H} layers={args.layers}, "
          f"threads={args.threads}, {args.clock} clock")
    for k, v in res.items():
        print(f"  {k:12s} {v:8.2f} ms/step")
    print(f"  torch2gluon/torch = {res['torch2gluon'] / res['torch']:.2f}x, "
          f"torch2gluon/mxnet = {res['torch2gluon'] / res['mxnet']:.2f}x")


if __name__ == "__main__":
    main()
