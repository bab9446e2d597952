"""Seconds per epoch of `mx.mod.Module.fit` (MLP 784-256-10, SoftmaxOutput, SGD, batch 128) on real MXNet
1.9.1 and on torch2gluon, each in its own subprocess with the same thread count.

    .venv/bin/python bench/module_fit.py [--samples 10000] [--epochs 2] [--threads 1]
"""
import argparse
import json
import subprocess
import sys

CHILD = r"""
import importlib, json, sys, time
import numpy as np
name, samples, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
import torch
torch.set_num_threads(threads)
mx = importlib.import_module(name)
rs = np.random.RandomState(0)
y = rs.randint(0, 10, samples)
x = (rs.randn(10, 784)[y] + rs.randn(samples, 784)).astype("float32")
data = mx.sym.var("data")
h = mx.sym.Activation(mx.sym.FullyConnected(data, num_hidden=256, name="fc1"), act_type="relu")
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=10, name="fc2"), name="softmax")
it = mx.io.NDArrayIter(x, y.astype("float32"), batch_size=128, shuffle=False)
mod = mx.mod.Module(net)
mod.fit(it, num_epoch=1, optimizer_params={"learning_rate": 0.1})  # warm-up epoch
times = []
for e in range(epochs):
    t = time.perf_counter()
    mod.fit(it, begin_epoch=1, num_epoch=2, optimizer_params={"learning_rate": 0.1})
    mx.nd.waitall()
    times.append(time.perf_counter() - t)
print(json.dumps({"sec_per_epoch": min(times), "acc": mod.score(it, "acc")[0][1]}))
"""


def main():
    """Run both contenders and print seconds per epoch side by side."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    res = {}
    for name in ("mxnet", "torch2gluon"):
        env = {"OMP_NUM_THREADS": str(a.threads), "MKL_NUM_THREADS": str(a.threads), "PATH": "/usr/bin:/bin"}
        out = subprocess.run([sys.executable, "-c", CHILD, name, str(a.samples), str(a.epochs), str(a.threads)],
                             capture_output=True, text=True, env=env, check=True, cwd=".")
        res[name] = json.loads(out.stdout.strip().splitlines()[-1])
    base = res["mxnet"]["sec_per_epoch"]
    for name, r in res.items():
        print(f"{name:12s} {r['sec_per_epoch']:.3f} s/epoch  x{r['sec_per_epoch'] / base:.2f}  acc={r['acc']:.3f}")


if __name__ == "__main__":
    main()
