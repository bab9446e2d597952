"""Data-pipeline benchmark: an MNIST-shaped uint8 dataset through ToTensor + Normalize into batches of 128.

Contenders, one subprocess each, for each num_workers in --workers (default 0 and 2):

  mxnet        real MXNet 1.9.1: ArrayDataset(nd.array(X, uint8), labels int32)
               .transform_first(Compose([ToTensor(), Normalize(0.13, 0.31)])) + gluon DataLoader
  torch2gluon  the identical code with `import torch2gluon as mx` (its DataLoader gathers in-memory
               rows in one indexed read and runs the transforms once per batch)
  torch2gluon-per-sample  the same through a plain Dataset subclass that hides the arrays, so the
               DataLoader must take MXNet's per-sample path (transform each sample, then stack)
  torchvision  the idiomatic PyTorch pipeline: a Dataset over the same uint8 (N, 28, 28, 1) array whose
               __getitem__ applies torchvision's transforms.Compose([ToTensor(), Normalize((0.13,), (0.31,))])
               + torch.utils.data.DataLoader(batch_size=128, num_workers=k)

Data: 60000 x 28 x 28 x 1 random uint8 images and int32 labels (same numpy seed for everyone).
One untimed warm-up pass of --warmup batches (worker start-up, first allocations) precedes the timed
epochs; each timed epoch iterates the whole DataLoader (fresh iterator, shuffle off) and touches every
batch (MXNet: `wait_to_read()`), so asynchronous work is charged. Threads: torch.set_num_threads(T) and
OMP_NUM_THREADS=T for every contender (--threads, default 1).

    python bench/data.py [--epochs 2] [--workers 0,2] [--samples 60000] [--only mxnet,torch2gluon,torchvision]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONTENDERS = ("mxnet", "torch2gluon", "torch2gluon-per-sample", "torchvision")
MEAN, STD = 0.13, 0.31


def make_data(n, seed=0):
    import numpy as np
    rng = np.random.RandomState(seed)
    return rng.randint(0, 256, (n, 28, 28, 1)).astype(np.uint8), rng.randint(0, 10, n).astype(np.int32)


def _time_epochs(make_iter, touch, epochs, warmup):
    it = make_iter()
    for i, batch in enumerate(it):
        touch(batch)
        if i + 1 >= warmup:
            break
    del it
    times, n_samples = [], 0
    for _ in range(epochs):
        tic = time.perf_counter()
        n_samples = 0
        for batch in make_iter():
            touch(batch)
            n_samples += batch[0].shape[0]
        times.append(time.perf_counter() - tic)
    return times, n_samples


def run_gluon(mx, X, y, workers, epochs, warmup, per_sample=False):
    T = mx.gluon.data.vision.transforms
    ds = mx.gluon.data.ArrayDataset(mx.nd.array(X, dtype="uint8"), y)
    if per_sample:
        class Plain(mx.gluon.data.Dataset):
            def __init__(self, inner):
                self.inner = inner

            def __getitem__(self, i):
                return self.inner[i]

            def __len__(self):
                return len(self.inner)
        ds = Plain(ds)
    ds = ds.transform_first(T.Compose([T.ToTensor(), T.Normalize(MEAN, STD)]))
    loader = mx.gluon.data.DataLoader(ds, batch_size=128, num_workers=workers)

    def touch(batch):
        batch[0].wait_to_read()
        batch[1].wait_to_read()
    times, n = _time_epochs(lambda: iter(loader), touch, epochs, warmup)
    mx.nd.waitall()
    first = next(iter(loader))
    return times, n, [list(first[0].shape), str(first[0].dtype), float(first[0].asnumpy().mean())]


def run_torchvision(X, y, workers, epochs, warmup):
    import torch
    from torchvision import transforms

    class ArrayImages(torch.utils.data.Dataset):
        def __init__(self, images, labels, transform):
            self.images, self.labels, self.transform = images, labels, transform

        def __len__(self):
            return len(self.images)

        def __getitem__(self, i):
            return self.transform(self.images[i]), int(self.labels[i])

    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))])
    loader = torch.utils.data.DataLoader(ArrayImages(X, y, tf), batch_size=128, num_workers=workers,
                                         persistent_workers=workers > 0)
    times, n = _time_epochs(lambda: iter(loader), lambda b: None, epochs, warmup)
    first = next(iter(loader))
    return times, n, [list(first[0].shape), str(first[0].dtype), float(first[0].mean())]


# ------------------------------------------------------------------------------------ subprocess
def child(args):
    import torch
    torch.set_num_threads(args.threads)
    X, y = make_data(args.samples)
    if args.child == "torchvision":
        times, n, info = run_torchvision(X, y, args.num_workers, args.epochs, args.warmup)
    else:
        if args.child == "mxnet":
            import mxnet as mx
            assert hasattr(mx, "libinfo"), "expected the real MXNet"
        else:
            sys.path.insert(0, ROOT)
            import torch2gluon as mx
            assert "mxnet" not in sys.modules, "torch2gluon must not import the real MXNet"
        times, n, info = run_gluon(mx, X, y, args.num_workers, args.epochs, args.warmup,
                                   per_sample=args.child == "torch2gluon-per-sample")
    print("RESULT " + json.dumps({"times": times, "samples": n, "first_batch": info}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=2, help="timed epochs per contender (default 2)")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads for every contender (default 1)")
    ap.add_argument("--samples", type=int, default=60000)
    ap.add_argument("--warmup", type=int, default=20, help="untimed warm-up batches (default 20)")
    ap.add_argument("--workers", default="0,2", help="comma list of num_workers values (default 0,2)")
    ap.add_argument("--only", default=",".join(CONTENDERS), help="comma list of contenders")
    ap.add_argument("--child", choices=CONTENDERS, help=argparse.SUPPRESS)
    ap.add_argument("--num-workers", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = str(args.threads)
    print(f"data benchmark: {args.samples} x 28x28x1 uint8 -> transform_first(ToTensor, Normalize) -> batch 128; "
          f"{args.epochs} timed epoch(s) after {args.warmup} warm-up batches; one subprocess per run")
    print(f"threads: torch.set_num_threads({args.threads}), OMP/MKL/OPENBLAS_NUM_THREADS={args.threads}")
    try:
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    except OSError:
        pass
    results = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        for name in args.only.split(","):
            cmd = [sys.executable, os.path.abspath(__file__), "--child", name, "--epochs", str(args.epochs),
                   "--threads", str(args.threads), "--samples", str(args.samples), "--warmup",
                   str(args.warmup), "--num-workers", str(workers)]
            print(f"  running {name}, num_workers={workers} ...", flush=True)
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
            line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
            if proc.returncode != 0 or not line:
                print(f"  {name} FAILED (exit {proc.returncode}):\n" + proc.stderr[-3000:])
                continue
            results[(name, workers)] = json.loads(line[-1][len("RESULT "):])

    print()
    print(f"{'contender':<22} {'workers':>7} {'samples/s':>11} {'(best)':>10}   first batch (shape, dtype, mean)")
    rate = {}
    for (name, workers), r in results.items():
        t = r["times"]
        mean_rate = r["samples"] * len(t) / sum(t)
        rate[(name, workers)] = mean_rate
        print(f"{name:<22} {workers:>7} {mean_rate:11.0f} {r['samples'] / min(t):10.0f}   {r['first_batch']}")
    print()
    for workers in sorted({w for _, w in results}):
        for mine in ("torch2gluon", "torch2gluon-per-sample"):
            ours = rate.get((mine, workers))
            if ours is None:
                continue
            for other, target in (("mxnet", 2.0), ("torchvision", 1.0)):
                if (other, workers) in rate:
                    ratio = ours / rate[(other, workers)]
                    verdict = "OK" if ratio >= target else "MISSED"
                    print(f"num_workers={workers}: {mine} / {other:<11} = {ratio:6.2f}x samples/s "
                          f"(target >= {target:.1f}x: {verdict})")
    return 0 if len(results) == len(args.only.split(",")) * len(args.workers.split(",")) else 1


if __name__ == "__main__":
    sys.exit(main())
