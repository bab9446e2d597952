"""MXNet's tutorial "MXNet for PyTorch users in 10 minutes", both halves, side by side.

The MXNet half is the tutorial's code, unchanged: run it with

    python -m torch2gluon examples/pytorch_users_10min.py [--epochs 2]

and its `import mxnet` is torch2gluon (plain `python examples/pytorch_users_10min.py` runs the same code
on the real MXNet 1.9.1, if that is installed and the files are the real MNIST: MXNet checks their sha1
and would try to download over synthetic ones). The PyTorch half is the tutorial's plain
torch/torchvision code. Both read the SAME MNIST idx files: `datasets.MNIST(train=True)` reads
`$MXNET_HOME/datasets/mnist/*-ubyte.gz` (default `~/.mxnet/datasets/mnist`); for torchvision the
files are decompressed into a temporary `<tmp>/MNIST/raw/` (the layout torchvision's MNIST expects,
which holds the unpacked `*-ubyte` files) and torchvision's own `datasets.MNIST` reads them there.

Offline, first write synthetic, learnable MNIST-format files (unless real ones are there):

    python -m torch2gluon.gluon.data.vision._mnist_files --root ~/.mxnet/datasets/mnist --train 60000 --test 10000
"""
import argparse
import gzip
import os
import shutil
import sys
import tempfile
from time import time

MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def mnist_root():
    """Where MXNet's `datasets.MNIST()` looks by default: $MXNET_HOME/datasets/mnist."""
    home = os.environ.get("MXNET_HOME", os.path.join("~", ".mxnet"))
    return os.path.join(os.path.expanduser(home), "datasets", "mnist")


def check_mnist_files(root):
    missing = [f + ".gz" for f in MNIST_FILES if not os.path.exists(os.path.join(root, f + ".gz"))]
    if missing:
        print(f"MNIST files missing under {root}: {', '.join(missing)}\n"
              "Put the real MNIST files there, or write synthetic, learnable MNIST-format files with\n"
              f"    python -m torch2gluon.gluon.data.vision._mnist_files --root {root} "
              "--train 60000 --test 10000", file=sys.stderr)
        sys.exit(1)


def show_progress(i, n):
    """Report about ten times per epoch."""
    return (i + 1) % max(1, n // 10) == 0 or i + 1 == n


def progress(tag, epoch, i, n, value):
    print(f"  [{tag}] epoch {epoch} batch {i + 1}/{n} loss {value:.4f}", flush=True)


# ------------------------------------------------------------------------------------------------
# MXNet (the tutorial's code; under `python -m torch2gluon` this is torch2gluon)
# ------------------------------------------------------------------------------------------------
def mxnet_half(args):
    import mxnet as mx
    from mxnet import nd, autograd, gluon
    from mxnet.gluon.data.vision import datasets, transforms
    print(f"== MXNet half (import mxnet -> {mx.__name__}) ==")

    # Multidimensional matrix
    x = nd.ones((5,3))
    y = x + 1
    print(y)

    # Read data
    mnist_train = datasets.MNIST(train=True)
    trans = transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.13, 0.31)])
    train_data = gluon.data.DataLoader(
        mnist_train.transform_first(trans),
        batch_size=128, shuffle=True, num_workers=args.num_workers)

    # Define the model
    from mxnet.gluon import nn
    net = nn.Sequential()
    net.add(
        nn.Dense(256, activation='relu'),
        nn.Dense(10)
    )
    net.initialize()

    # Loss function and optimization algorithm
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})

    # Training
    n = len(train_data) if args.limit_batches is None else min(len(train_data), args.limit_batches)
    for epoch in range(args.epochs):
        total_loss = .0
        tic = time()
        for i, (data, label) in enumerate(train_data):
            if i == n:
                break
            with autograd.record():
                loss = loss_fn(net(data), label)
            loss.backward()
            trainer.step(batch_size=128)
            total_loss += loss.mean()
            if show_progress(i, n):
                progress("mxnet", epoch, i, n, loss.mean().asscalar())
        print('[mxnet] epoch %d, avg loss %.4f, last batch loss %.4f, time %.2f' % (
            epoch, total_loss.asscalar()/n, loss.mean().asscalar(), time()-tic), flush=True)


# ------------------------------------------------------------------------------------------------
# PyTorch (the tutorial's plain torch/torchvision code)
# ------------------------------------------------------------------------------------------------
def pytorch_half(args, torch_root):
    import warnings
    import torch
    from torchvision import datasets, transforms
    print("== PyTorch half ==")
    # The tutorial's num_workers=4 on a smaller machine makes torch warn on every epoch; keep it quiet.
    warnings.filterwarnings("ignore", message="This DataLoader will create")

    # Multidimensional matrix
    x = torch.ones(5,3)
    y = x + 1
    print(y)

    # Read data
    train_data = torch.utils.data.DataLoader(
        datasets.MNIST(root=torch_root, train=True, download=False, transform=transforms.Compose([
            transforms.ToTensor(),
            transforms.Normalize((0.13,), (0.31,))])),
        batch_size=128, shuffle=True, num_workers=args.num_workers)

    # Define the model
    from torch import nn
    net = nn.Sequential(
        nn.Linear(28*28, 256),
        nn.ReLU(),
        nn.Linear(256, 10)
    )

    # Loss function and optimization algorithm
    loss_fn = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)

    # Training
    n = len(train_data) if args.limit_batches is None else min(len(train_data), args.limit_batches)
    for epoch in range(args.epochs):
        total_loss = .0
        tic = time()
        for i, (X, y) in enumerate(train_data):
            if i == n:
                break
            trainer.zero_grad()
            loss = loss_fn(net(X.view(-1, 28*28)), y)
            loss.backward()
            trainer.step()
            total_loss += loss.mean().item()  # tutorial: `+= loss.mean()`, which keeps every graph alive
            if show_progress(i, n):
                progress("pytorch", epoch, i, n, loss.item())
        print('[pytorch] epoch %d, avg loss %.4f, last batch loss %.4f, time %.2f' % (
            epoch, total_loss/n, loss.item(), time()-tic), flush=True)


def torchvision_layout(root, tmp):
    """torchvision's MNIST reads `<root>/MNIST/raw/<name>` (unpacked): unpack MXNet's .gz files there."""
    raw = os.path.join(tmp, "MNIST", "raw")
    os.makedirs(raw)
    for name in MNIST_FILES:
        with gzip.open(os.path.join(root, name + ".gz"), "rb") as src, \
                open(os.path.join(raw, name), "wb") as dst:
            shutil.copyfileobj(src, dst)
    return tmp


def main():
    ap = argparse.ArgumentParser(description="MXNet for PyTorch users in 10 minutes (both halves)")
    ap.add_argument("--epochs", type=int, default=2, help="epochs per half (tutorial: 5; default 2)")
    ap.add_argument("--num-workers", type=int, default=4, help="DataLoader workers (tutorial: 4)")
    ap.add_argument("--limit-batches", type=int, default=None, help="stop each epoch after N batches")
    ap.add_argument("--only", choices=("mxnet", "pytorch"), default=None, help="run one half only")
    args = ap.parse_args()

    root = mnist_root()
    check_mnist_files(root)
    print(f"MNIST files: {root}", flush=True)
    if args.only != "pytorch":
        mxnet_half(args)
    if args.only != "mxnet":
        with tempfile.TemporaryDirectory(prefix="mnist-torchvision-") as tmp:
            pytorch_half(args, torchvision_layout(root, tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
