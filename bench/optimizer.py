"""One optimizer step over a ResNet-50-sized parameter set: torch2gluon vs torch.optim vs real MXNet 1.9.1.

Run: .venv/bin/python bench/optimizer.py [--steps 20] [--threads 1] [--only sgd,adam]

The parameter set is torchvision's resnet50 (161 tensors, 25.6M float32 values); every contender updates
the same shapes with fixed random gradients (SGD: lr 0.1, momentum 0.9, wd 1e-4; Adam: lr 1e-3, wd 1e-4).
- torch2gluon: `mx.optimizer.get_updater(opt)(indices, grads, weights)` (what gluon.Trainer calls);
- torch.optim with foreach=True and with fused=True (SGD(momentum, weight_decay) / Adam(weight_decay));
- real MXNet: the same Updater call, then `nd.waitall()` (its engine is asynchronous).
On a shared machine the load moves a lot, so contenders are timed *interleaved*, step by step, in two
processes: (torch2gluon, torch foreach, torch fused) and (MXNet, torch fused); the torch-fused column of
the second process lets the MXNet ratio be taken against the same-time reference. Same thread count
everywhere (torch.set_num_threads and OMP/MKL variables). 3 warm-up steps are not timed.
Prints median and min ms/step; ratios use the min (least disturbed) times.
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


def _torch_opt(torch, ps, opt_name, hp, mode):
    kw = {"foreach": True} if mode == "foreach" else {"fused": True}
    if opt_name == "sgd":
        return torch.optim.SGD(ps, lr=hp["learning_rate"], momentum=hp["momentum"], weight_decay=hp["wd"], **kw)
    return torch.optim.Adam(ps, lr=hp["learning_rate"], weight_decay=hp["wd"], **kw)


def child(group, opt_name, steps, threads):
    """Time one group of contenders interleaved; print {contender: [ms per step]} as JSON."""
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    shapes = _shapes()
    ws0, gs0 = _data(shapes, np)
    hp = HYPER[opt_name]
    fns, syncs = {}, {}
    if group == "mxnet":
        import mxnet as mx
        libs = {"mxnet": mx}
        torch_modes = ["fused"]
    else:
        sys.path.insert(0, ROOT)
        import torch2gluon as tg
        libs = {"torch2gluon": tg}
        torch_modes = ["foreach", "fused"]
    for name, mx in libs.items():
        ws = [mx.nd.array(w) for w in ws0]
        gs = [mx.nd.array(g) for g in gs0]
        upd = mx.optimizer.get_updater(mx.optimizer.create(opt_name, **hp))
        idx = list(range(len(ws)))
        fns[name] = (lambda u=upd, i=idx, g=gs, w=ws: u(i, g, w))
        syncs[name] = mx.nd.waitall
    for mode in torch_modes:
        ps = [torch.nn.Parameter(torch.from_numpy(w.copy())) for w in ws0]
        for p, g in zip(ps, gs0):
            p.grad = torch.from_numpy(g)
        fns["torch-" + mode] = _torch_opt(torch, ps, opt_name, hp, mode).step
        syncs["torch-" + mode] = lambda: None
    for _ in range(3):
        for k in fns:
            fns[k]()
            syncs[k]()
    times = {k: [] for k in fns}
    for _ in range(steps):
        for k in fns:
            t0 = time.perf_counter()
            fns[k]()
            syncs[k]()
            times[k].append((time.perf_counter() - t0) * 1e3)
    print(json.dumps(times))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
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
    print(f"ResNet-50 parameter set (161 tensors, 25.6M float32); {a.steps} timed steps, interleaved; "
          f"{a.threads} thread(s); load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'optimizer':<10}{'process':<13}{'contender':<15}{'median ms':>11}{'min ms':>9}")
    for opt_name in a.only.split(","):
        mins = {}
        for group in ("torch2gluon", "mxnet"):
            out = subprocess.run([sys.executable, __file__, "--steps", str(a.steps), "--threads", str(a.threads),
                                  "--child", group, opt_name], capture_output=True, text=True, env=env)
            if out.returncode != 0:
                print(f"{opt_name:<10}{group:<13} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            res = json.loads(out.stdout.strip().splitlines()[-1])
            for c, ts in res.items():
                ts = sorted(ts)
                mins[(group, c)] = ts[0]
                print(f"{opt_name:<10}{group:<13}{c:<15}{ts[len(ts) // 2]:>11.2f}{ts[0]:>9.2f}")
        t2g = mins.get(("torch2gluon", "torch2gluon"))
        if t2g:
            best = min(mins[("torch2gluon", "torch-foreach")], mins[("torch2gluon", "torch-fused")])
            print(f"{opt_name:<10}torch2gluon / fastest torch.optim (min): {t2g / best:.2f}x")
            if ("mxnet", "mxnet") in mins:
                # both measured against torch fused at the same time in their own process
                rel_t2g = t2g / mins[("torch2gluon", "torch-fused")]
                rel_mx = mins[("mxnet", "mxnet")] / mins[("mxnet", "torch-fused")]
                print(f"{opt_name:<10}torch2gluon / MXNet (min, each normalised by torch fused): "
                      f"{rel_t2g / rel_mx:.2f}x   (raw min ratio {t2g / mins[('mxnet', 'mxnet')]:.2f}x)")


if __name__ == "__main__":
    main()
