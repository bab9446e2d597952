"""Per-call time of the calls Gluon code makes most: torch2gluon vs hand-written torch vs real MXNet 1.9.1.

Run: .venv/bin/python bench/calls.py [--n 2000] [--rounds 7] [--threads 1] [--clock wall|cpu] [--only a,b]
Rows: legacy `nd` operators (transpose, concat, reshape, expand_dims, broadcast_add/mul, exp, log, softmax),
`Parameter.data()`, eager forward of small Gluon layers (Dense, Conv2D, BatchNorm outside `record()`), one
whole training iteration of a small MLP (`with autograd.record(): loss(net(x), y)`, `backward()`,
`trainer.step`) and one `DataLoader` batch over an `ArrayDataset` (a fresh iterator after each epoch).
The torch column is the same call as a PyTorch user writes it (`nn.Linear`/`nn.Conv2d`/`nn.BatchNorm2d` in
eval mode, `optim.SGD`, `torch.utils.data.DataLoader` over a `TensorDataset`). All three contenders run in
this one process; rounds are interleaved so the machine's load hits every contender alike, and MXNet's
asynchronous engine is charged by a `waitall()` at the end of each round. Prints the median (and best)
microseconds per call over the rounds and the ratios torch2gluon/torch and torch2gluon/MXNet of the medians.
`--clock cpu` times the CPU used by the whole process (every thread, so MXNet's engine workers count).
The `mx.np` rows (`np.maximum`, numpy indexing, `npx.softmax`) are in np_ops.py.
"""

from _contenders import in_process_main


def _cycle(make_iter):
    """A function returning the next item of `make_iter()`, starting a new iterator when one ends."""
    state = [make_iter()]

    def nxt():
        try:
            return next(state[0])
        except StopIteration:
            state[0] = make_iter()
            return next(state[0])
    return nxt


def _gluon_cases(mx):
    """The benchmarked calls, written against `mx.nd` / `mx.gluon` (real mxnet or torch2gluon)."""
    nd, gluon, autograd = mx.nd, mx.gluon, mx.autograd
    nn = gluon.nn
    x = nd.ones((5, 3))
    y = nd.full((5, 3), 0.5)
    row = nd.ones((1, 3))
    m = nd.ones((32, 64))
    dense = nn.Dense(10, in_units=20)
    dense.initialize()
    conv = nn.Conv2D(8, 3, in_channels=3)
    conv.initialize()
    bn = nn.BatchNorm(in_channels=8)
    bn.initialize()
    xd, xc, xb = nd.ones((4, 20)), nd.ones((1, 3, 8, 8)), nd.ones((4, 8, 8, 8))
    net = nn.Sequential()
    net.add(nn.Dense(64, activation="relu", in_units=20), nn.Dense(10, in_units=64))
    net.initialize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.01})
    xt, yt = nd.ones((32, 20)), nd.arange(32) % 10

    def train_iter():
        with autograd.record():
            loss = loss_fn(net(xt), yt)
        loss.backward()
        trainer.step(32)
    weight = dense.weight
    ds = gluon.data.ArrayDataset(nd.ones((1024, 20)), nd.arange(1024))
    loader = gluon.data.DataLoader(ds, batch_size=32)
    return {
        "nd.transpose (32x64)": lambda: nd.transpose(m),
        "x.T (32x64)": lambda: m.T,
        "nd.concat(x, y, dim=1)": lambda: nd.concat(x, y, dim=1),
        "x.reshape((3, 5))": lambda: x.reshape((3, 5)),
        "nd.expand_dims(x, 0)": lambda: nd.expand_dims(x, axis=0),
        "nd.broadcast_add (5x3,1x3)": lambda: nd.broadcast_add(x, row),
        "nd.broadcast_mul (5x3,1x3)": lambda: nd.broadcast_mul(x, row),
        "nd.exp (5x3)": lambda: nd.exp(x),
        "nd.log (5x3)": lambda: nd.log(y),
        "nd.softmax (5x3)": lambda: nd.softmax(x),
        "Parameter.data()": lambda: weight.data(),
        "Dense(10) fwd (4x20)": lambda: dense(xd),
        "Conv2D(8,3) fwd (1x3x8x8)": lambda: conv(xc),
        "BatchNorm fwd (4x8x8x8)": lambda: bn(xb),
        "MLP train iter (32x20)": train_iter,
        "DataLoader batch (32x20)": _cycle(lambda: iter(loader)),
    }


def _torch_cases(torch):
    """The same calls as a PyTorch user would write them."""
    nn = torch.nn
    x = torch.ones((5, 3))
    y = torch.full((5, 3), 0.5)
    row = torch.ones((1, 3))
    m = torch.ones((32, 64))
    dense = nn.Linear(20, 10)
    conv = nn.Conv2d(3, 8, 3)
    bn = nn.BatchNorm2d(8).eval()
    xd, xc, xb = torch.ones((4, 20)), torch.ones((1, 3, 8, 8)), torch.ones((4, 8, 8, 8))
    net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    xt, yt = torch.ones((32, 20)), torch.arange(32) % 10

    def train_iter():
        opt.zero_grad()
        loss = loss_fn(net(xt), yt)
        loss.backward()
        opt.step()

    def no_grad(fn):
        def run():
            with torch.no_grad():
                return fn()
        return run
    ds = torch.utils.data.TensorDataset(torch.ones((1024, 20)), torch.arange(1024))
    loader = torch.utils.data.DataLoader(ds, batch_size=32)
    return {
        "nd.transpose (32x64)": lambda: m.t(),
        "x.T (32x64)": lambda: m.T,
        "nd.concat(x, y, dim=1)": lambda: torch.cat((x, y), 1),
        "x.reshape((3, 5))": lambda: x.reshape((3, 5)),
        "nd.expand_dims(x, 0)": lambda: x.unsqueeze(0),
        "nd.broadcast_add (5x3,1x3)": lambda: x + row,
        "nd.broadcast_mul (5x3,1x3)": lambda: x * row,
        "nd.exp (5x3)": lambda: torch.exp(x),
        "nd.log (5x3)": lambda: torch.log(y),
        "nd.softmax (5x3)": lambda: torch.softmax(x, -1),
        "Parameter.data()": lambda: dense.weight,
        "Dense(10) fwd (4x20)": no_grad(lambda: dense(xd)),
        "Conv2D(8,3) fwd (1x3x8x8)": no_grad(lambda: conv(xc)),
        "BatchNorm fwd (4x8x8x8)": no_grad(lambda: bn(xb)),
        "MLP train iter (32x20)": train_iter,
        "DataLoader batch (32x20)": _cycle(lambda: iter(loader)),
    }


def main():
    in_process_main(__doc__, "Gluon calls", "call", 28, _torch_cases, _gluon_cases, n=2000, rounds=7,
                    warmup=100)


if __name__ == "__main__":
    main()
