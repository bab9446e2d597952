"""One optimizer step over a ResNet-50-sized parameter set: torch2gluon vs torch.optim vs real MXNet 1.9.1.

Run: .venv/bin/python bench/optimizer.py [--steps 10] [--threads 2] [--only sgd,adam]

The parameter set is torchvision's resnet50 (161 tensors, 25.6M float32 values); every contender updates
the same shapes with fixed random gradients. Each contender runs in its own subprocess with the same
thread count (torch.set_num_threads and OMP/MKL variables). Per step, timed after 3 warm-up steps:
- torch2gluon: `mx.optimizer.get_updater(opt)(indices, grads, weights)` (what gluon.Trainer calls);
- torch.optim, foreach=True and fused=True (the closest rule: SGD(momentum, weight_decay) / Adam(weight_decay));
- real MXNet: the same Updater call, then `nd.waitall()` (its engine is asynchronous).
Prints median and min ms/step and the ratios torch2gluon / fastest torch.optim and torch2gluon / MXNet.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _shapes():
    import torchvision
    return [tuple(p.shape) for p in torchvision.models.resnet50().parameters()]


def _data(shapes, np):
    rng = np.random.RandomState(0)
    ws = [rng.standard_normal(s).astype(np.float32) * 0.05 for s in shapes]
    gs = [rng.standard_normal(s).astype(np.float32) * 0.01 for s in shapes]
    return ws, gs


HYPER = {"sgd": {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-4},
         "adam": {"learning_rate": 1e-3, "wd": 1e-4}}


def _time(step, sync, steps):
    for _ in range(3):
        step()
    sync()
    out = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        sync()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def child(contender, opt_name, steps, threads):
    """Run one contender; print its per-step times (ms) as JSON."""
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    shapes = _shapes()
    ws0, gs0 = _data(shapes, np)
    hp = HYPER[opt_name]
    if contender in ("mxnet", "torch2gluon"):
        if contender == "mxnet":
            import mxnet as mx
        else:
            sys.path.insert(0, ROOT)
            import torch2gluon as mx
        ws = [mx.nd.array(w) for w in ws0]
        gs = [mx.nd.array(g) for g in gs0]
        opt = mx.optimizer.create(opt_name, **hp)
        upd = mx.optimizer.get_updater(opt)
        idx = list(range(len(ws)))
        times = _time(lambda: upd(idx, gs, ws), mx.nd.waitall, steps)
    else:
        mode = contender.split("-")[1]
        ps = [torch.nn.Parameter(torch.from_numpy(w)) for w in ws0]
        for p, g in zip(ps, gs0):
            p.grad = torch.from_numpy(g)
        kw = {"foreach": True} if mode == "foreach" else {"fused": True}
        if opt_name == "sgd":
            o = torch.optim.SGD(ps, lr=hp["learning_rate"], momentum=hp["momentum"], weight_decay=hp["wd"], **kw)
        else:
            o = torch.optim.Adam(ps, lr=hp["learning_rate"], weight_decay=hp["wd"], **kw)
        times = _time(o.step, lambda: None, steps)
    print(json.dumps(times))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", default="sgd,adam")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], a.steps, a.threads)
        return
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), MKL_NUM_THREADS=str(a.threads),
               OPENBLAS_NUM_THREADS=str(a.threads), MXNET_ENGINE_TYPE=os.environ.get("MXNET_ENGINE_TYPE", ""))
    if not env["MXNET_ENGINE_TYPE"]:
        env.pop("MXNET_ENGINE_TYPE")
    contenders = ["torch2gluon", "torch-foreach", "torch-fused", "mxnet"]
    print(f"ResNet-50 parameter set (161 tensors, 25.6M float32); {a.steps} timed steps; "
          f"{a.threads} thread(s); load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'optimizer':<10}{'contender':<16}{'median ms':>11}{'min ms':>9}")
    for opt_name in a.only.split(","):
        res = {}
        for c in contenders:
            out = subprocess.run([sys.executable, __file__, "--steps", str(a.steps), "--threads", str(a.threads),
                                  "--child", c, opt_name], capture_output=True, text=True, env=env)
            if out.returncode != 0:
                print(f"{opt_name:<10}{c:<16}  failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            times = sorted(json.loads(out.stdout.strip().splitlines()[-1]))
            res[c] = (times[len(times) // 2], times[0])
            print(f"{opt_name:<10}{c:<16}{res[c][0]:>11.2f}{res[c][1]:>9.2f}")
        if "torch2gluon" in res:
            t2g = res["torch2gluon"][0]
            best = min((res[c][0] for c in ("torch-foreach", "torch-fused") if c in res), default=None)
            if best:
                print(f"{opt_name:<10}torch2gluon / fastest torch.optim (median): {t2g / best:.2f}x")
            if "mxnet" in res:
                print(f"{opt_name:<10}torch2gluon / MXNet (median): {t2g / res['mxnet'][0]:.2f}x")


if __name__ == "__main__":
    main()
