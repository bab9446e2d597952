"""Seed-loop benchmark: the "MXNet for PyTorch users in 10 minutes" training loop on in-memory,
MNIST-sized data, run by three contenders, one subprocess each:

  mxnet        real MXNet 1.9.1 (`import mxnet as mx`): ArrayDataset + gluon DataLoader(shuffle) +
               nn.Sequential(Dense(256, relu), Dense(10)) + SoftmaxCrossEntropyLoss + Trainer('sgd', lr 0.1)
  torch2gluon  the identical code with `import torch2gluon as mx`
  pytorch      hand-written PyTorch: TensorDataset + torch DataLoader(shuffle) +
               nn.Sequential(Linear, ReLU, Linear) + CrossEntropyLoss + optim.SGD(lr 0.1)
  kernels      reference floor, not a contender: the same PyTorch model and optimizer fed by slicing a
               pre-flattened tensor with a random permutation (no DataLoader, minimal Python) - about
               what torch's kernels alone cost on this machine

Data: 60000 x 1 x 28 x 28 float32 (class prototype + noise, so it is learnable) with int labels,
identical for all contenders (same numpy seed). Batch 128, shuffle, num_workers=0.
A warm-up pass (deferred init, allocator, first kernels) is excluded from timing; each timed epoch
ends with a synchronisation (mx.nd.waitall() / reading the loss) so asynchronous engines are charged
in full. Threads: torch.set_num_threads(T) and OMP_NUM_THREADS=T (plus MKL/OpenBLAS) for everyone.

    python bench/seed_mlp.py [--epochs 1] [--threads 1] [--samples 60000] [--only mxnet,torch2gluon,pytorch]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONTENDERS = ("mxnet", "torch2gluon", "pytorch", "kernels")


def make_data(n, seed=0):
    """Learnable MNIST-shaped data: 10 fixed random prototypes in [0,1] plus noise; labels int32."""
    import numpy as np
    rng = np.random.RandomState(seed)
    protos = rng.rand(10, 1, 28, 28).astype("float32")
    y = rng.randint(0, 10, size=n).astype("int32")
    X = protos[y] * 0.5 + rng.rand(n, 1, 28, 28).astype("float32") * 0.5
    return X.astype("float32"), y


# ----------------------------------------------------------------------------------------- gluon
def run_gluon(mx, X, y, epochs, warmup_batches, batch_size=128):
    """The seed loop, verbatim Gluon; `mx` is real mxnet or torch2gluon."""
    from_mx = mx
    gluon, autograd, nd = from_mx.gluon, from_mx.autograd, from_mx.nd
    nn = gluon.nn

    train_data = gluon.data.DataLoader(gluon.data.ArrayDataset(nd.array(X), nd.array(y)),
                                       batch_size=batch_size, shuffle=True)
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'),
            nn.Dense(10))
    net.initialize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})

    def epoch(max_batches=None):
        total_loss, nb = 0.0, 0
        for data, label in train_data:
            with autograd.record():
                loss = loss_fn(net(data), label)
            loss.backward()
            trainer.step(batch_size=batch_size)
            total_loss += loss.mean()
            nb += 1
            if max_batches is not None and nb >= max_batches:
                break
        return total_loss.asscalar() / nb       # reading the value synchronises

    epoch(warmup_batches)                        # warm-up, not timed
    nd.waitall()
    times, losses = [], []
    for _ in range(epochs):
        tic = time.perf_counter()
        avg = epoch()
        nd.waitall()
        times.append(time.perf_counter() - tic)
        losses.append(float(avg))
    return times, losses


# --------------------------------------------------------------------------------------- pytorch
def run_pytorch(X, y, epochs, warmup_batches, batch_size=128):
    import torch
    from torch import nn
    train_data = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y).long()),
        batch_size=batch_size, shuffle=True)
    net = nn.Sequential(nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))
    loss_fn = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)

    def epoch(max_batches=None):
        total_loss, nb = 0.0, 0
        for data, label in train_data:
            trainer.zero_grad()
            loss = loss_fn(net(data.view(-1, 28 * 28)), label)
            loss.backward()
            trainer.step()
            total_loss += loss.detach()
            nb += 1
            if max_batches is not None and nb >= max_batches:
                break
        return float(total_loss) / nb

    epoch(warmup_batches)
    times, losses = [], []
    for _ in range(epochs):
        tic = time.perf_counter()
        avg = epoch()
        times.append(time.perf_counter() - tic)
        losses.append(avg)
    return times, losses


def run_kernels(X, y, epochs, warmup_batches, batch_size=128):
    import torch
    from torch import nn
    X = torch.from_numpy(X).reshape(len(X), -1)
    y = torch.from_numpy(y).long()
    net = nn.Sequential(nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))
    loss_fn = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1, foreach=True)

    def epoch(max_batches=None):
        perm = torch.randperm(len(X))
        total_loss, nb = 0.0, 0
        for i in range(0, len(X), batch_size):
            idx = perm[i:i + batch_size]
            trainer.zero_grad(set_to_none=True)
            loss = loss_fn(net(X[idx]), y[idx])
            loss.backward()
            trainer.step()
            total_loss += loss.detach()
            nb += 1
            if max_batches is not None and nb >= max_batches:
                break
        return float(total_loss) / nb

    epoch(warmup_batches)
    times, losses = [], []
    for _ in range(epochs):
        tic = time.perf_counter()
        avg = epoch()
        times.append(time.perf_counter() - tic)
        losses.append(avg)
    return times, losses


# ------------------------------------------------------------------------------------ subprocess
def child(args):
    import torch
    torch.set_num_threads(args.threads)
    X, y = make_data(args.samples)
    if args.child == "pytorch":
        times, losses = run_pytorch(X, y, args.epochs, args.warmup)
    elif args.child == "kernels":
        times, losses = run_kernels(X, y, args.epochs, args.warmup)
    else:
        if args.child == "mxnet":
            import mxnet as mx
            assert hasattr(mx, "libinfo"), "expected the real MXNet"
        else:
            sys.path.insert(0, ROOT)
            import torch2gluon as mx
            assert "mxnet" not in sys.modules, "torch2gluon must not import the real MXNet"
        times, losses = run_gluon(mx, X, y, args.epochs, args.warmup)
    print("RESULT " + json.dumps({"times": times, "losses": losses,
                                  "torch_threads": torch.get_num_threads()}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=1, help="timed epochs per contender (default 1)")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads for every contender (default 1)")
    ap.add_argument("--samples", type=int, default=60000)
    ap.add_argument("--warmup", type=int, default=30, help="untimed warm-up batches (default 30)")
    ap.add_argument("--only", default=",".join(CONTENDERS), help="comma list of contenders")
    ap.add_argument("--child", choices=CONTENDERS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = str(args.threads)
    env["MXNET_ENGINE_TYPE"] = env.get("MXNET_ENGINE_TYPE", "ThreadedEnginePerDevice")
    print(f"seed MLP benchmark: {args.samples} x 1x28x28 float32, batch 128, shuffle, {args.epochs} timed "
          f"epoch(s) after {args.warmup} warm-up batches; one subprocess per contender")
    print(f"threads: torch.set_num_threads({args.threads}) and OMP_NUM_THREADS=MKL_NUM_THREADS="
          f"OPENBLAS_NUM_THREADS={args.threads} for every contender; DataLoader num_workers=0")
    print("note: MXNet's engine runs operators on its own worker thread beside the Python thread (asynchronous),"
          " the others compute in the calling thread")
    try:
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    except OSError:
        pass
    results = {}
    for name in args.only.split(","):
        cmd = [sys.executable, os.path.abspath(__file__), "--child", name, "--epochs", str(args.epochs),
               "--threads", str(args.threads), "--samples", str(args.samples), "--warmup", str(args.warmup)]
        print(f"  running {name} ...", flush=True)
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
        line = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
        if proc.returncode != 0 or not line:
            print(f"  {name} FAILED (exit {proc.returncode}):\n" + proc.stderr[-3000:])
            continue
        results[name] = json.loads(line[-1][len("RESULT "):])

    print()
    print(f"{'contender':<13} {'s/epoch':>9} {'(min)':>8} {'last-epoch loss':>16}")
    for name, r in results.items():
        t = r["times"]
        label = "kernels*" if name == "kernels" else name
        print(f"{label:<13} {sum(t) / len(t):9.3f} {min(t):8.3f} {r['losses'][-1]:16.4f}")
    if "kernels" in results:
        print("* kernels: floor, not a contender - same torch model/optimizer, batches sliced from one tensor")
    mean = {n: sum(r["times"]) / len(r["times"]) for n, r in results.items()}
    if "torch2gluon" in mean:
        print()
        for other, target in (("mxnet", 0.5), ("pytorch", 1.0)):
            if other in mean:
                ratio = mean["torch2gluon"] / mean[other]
                verdict = "OK" if ratio <= target else "MISSED"
                print(f"torch2gluon / {other:<8} = {ratio:5.2f}x   (target <= {target:.1f}x: {verdict})")
        if "kernels" in mean:
            print(f"torch2gluon / kernels  = {mean['torch2gluon'] / mean['kernels']:5.2f}x   "
                  "(overhead over torch's kernels alone)")
    return 0 if len(results) == len(args.only.split(",")) else 1


if __name__ == "__main__":
    sys.exit(main())
