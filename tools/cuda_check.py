"""CUDA checks for a session lent a GPU: one prepared script, torch2gluon only (no MXNet there).

Run on the device machine from the repo root (its python3 has torch; add the repo to the path):

    PYTHONPATH=. python3 tools/cuda_check.py [--out DIR]

Each check prints PASS/FAIL with numbers; the exit status is the number of failures. Checks compare
results on mx.gpu(0) with the same computation on mx.cpu() (which the test suite checks against MXNet).
`--dry-run` runs everything with mx.cpu(0) standing in for the GPU, to validate the script anywhere.
"""
import argparse
import os
import sys
import time
import traceback

import numpy as np

RESULTS = []


def check(name):
    def deco(fn):
        def run(ctx, args):
            tic = time.perf_counter()
            try:
                info = fn(ctx, args) or ""
                RESULTS.append((name, True, f"{info} ({time.perf_counter() - tic:.1f}s)"))
            except Exception as e:  # report and carry on: one prepared run must say everything
                RESULTS.append((name, False, f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}"))
            print(("PASS " if RESULTS[-1][1] else "FAIL ") + name + ": " + RESULTS[-1][2], flush=True)
        run.__name__ = name
        CHECKS.append(run)
        return run
    return deco


CHECKS = []


def _close(a, b, tol=1e-4):
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


@check("nd basics on the device")
def nd_basics(ctx, args):
    import torch2gluon as mx
    x = mx.nd.ones((5, 3), ctx=ctx) + 1
    assert x.context == ctx, x.context
    assert x._t.device.type == ("cpu" if args.dry_run else "cuda"), x._t.device
    y = mx.nd.dot(x, x.T)
    _close(y.asnumpy(), np.full((5, 5), 12.0))
    z = x.copyto(mx.cpu())
    assert z.context == mx.cpu()
    w = z.as_in_context(ctx)
    assert w.context == ctx
    with ctx:
        d = mx.nd.zeros((2,))
    assert d.context == ctx
    mx.nd.waitall()
    return f"num_gpus={mx.context.num_gpus()}"


@check("cross-context operation raises")
def cross_ctx(ctx, args):
    import torch2gluon as mx
    if args.dry_run:
        return "skipped in dry run"
    try:
        mx.nd.ones(2, ctx=ctx) + mx.nd.ones(2, ctx=mx.cpu())
    except mx.base.MXNetError as e:
        return f"MXNetError: {str(e)[:80]}"
    raise AssertionError("no error for gpu + cpu operands")


@check("autograd + ops match CPU")
def autograd_ops(ctx, args):
    import torch2gluon as mx
    rs = np.random.RandomState(0)
    a = rs.randn(4, 6).astype(np.float32)
    outs = []
    for c in (mx.cpu(), ctx):
        x = mx.nd.array(a, ctx=c)
        x.attach_grad()
        with mx.autograd.record():
            y = (mx.nd.softmax(x, axis=1) * mx.nd.sigmoid(x)).sum() + mx.nd.norm(x)
        y.backward()
        outs.append((y.asnumpy(), x.grad.asnumpy()))
    _close(outs[0][0], outs[1][0])
    _close(outs[0][1], outs[1][1])


@check("random seed(ctx=gpu) is reproducible")
def random_seed(ctx, args):
    import torch2gluon as mx
    mx.random.seed(5, ctx=ctx)
    a = mx.nd.random.uniform(shape=(100,), ctx=ctx).asnumpy()
    mx.random.seed(5, ctx=ctx)
    b = mx.nd.random.uniform(shape=(100,), ctx=ctx).asnumpy()
    np.testing.assert_array_equal(a, b)


def _mlp(mx, ctx):
    net = mx.gluon.nn.HybridSequential()
    net.add(mx.gluon.nn.Dense(64, activation="relu"), mx.gluon.nn.Dropout(0.3), mx.gluon.nn.BatchNorm(),
            mx.gluon.nn.Dense(10))
    net.initialize(mx.init.Xavier(), ctx=ctx)
    return net


def _train(mx, net, ctx, steps=5, seed=1):
    rs = np.random.RandomState(0)
    x = mx.nd.array(rs.rand(32, 20), ctx=ctx)
    y = mx.nd.array(rs.randint(0, 10, 32), ctx=ctx)
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    mx.random.seed(seed, ctx=ctx)
    losses = []
    for _ in range(steps):
        with mx.autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(32)
        losses.append(float(loss.mean().asscalar()))
    return losses, net(x).asnumpy()


@check("Gluon training on the device")
def gluon_train(ctx, args):
    import torch2gluon as mx
    net = _mlp(mx, ctx)
    losses, _ = _train(mx, net, ctx, steps=20)
    assert losses[-1] < losses[0], losses
    return f"loss {losses[0]:.3f} -> {losses[-1]:.3f}"


@check("hybridize (auto: inductor, CUDA graphs) equals eager, training")
def hybridize_auto(ctx, args):
    import warnings
    import torch2gluon as mx
    res = []
    for hybrid in (False, True):
        mx.random.seed(0)
        net = _mlp(mx, ctx)
        if hybrid:
            net.hybridize(static_alloc=True, static_shape=True)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            res.append(_train(mx, net, ctx))
        fallbacks = [str(m.message) for m in w if "hybridize" in str(m.message)]
        if hybrid:
            compiled = net._compiler.fn is not None
    _close(np.array(res[0][0]), np.array(res[1][0]), 1e-3)
    _close(res[0][1], res[1][1], 1e-3)
    return f"compiled={compiled} fallback warnings={fallbacks}"


@check("model zoo resnet18_v1 on the device equals CPU; hybridized inference")
def model_zoo(ctx, args):
    import torch2gluon as mx
    net = mx.gluon.model_zoo.vision.resnet18_v1()
    net.initialize(mx.init.Xavier(), ctx=mx.cpu())
    x = np.random.RandomState(0).rand(2, 3, 64, 64).astype(np.float32)
    want = net(mx.nd.array(x)).asnumpy()
    net.reset_ctx(ctx)
    got = net(mx.nd.array(x, ctx=ctx)).asnumpy()
    _close(want, got, 1e-3)
    net.hybridize(static_alloc=True, static_shape=True)
    for _ in range(3):
        hyb = net(mx.nd.array(x, ctx=ctx)).asnumpy()
    _close(want, hyb, 1e-3)


@check(".params saved from the device load on CPU and back")
def params_roundtrip(ctx, args):
    import tempfile
    import torch2gluon as mx
    net = _mlp(mx, ctx)
    x = mx.nd.ones((2, 20), ctx=ctx)
    want = net(x).asnumpy()
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "m.params")
        net.save_parameters(f)
        net2 = _mlp(mx, mx.cpu())
        net2.load_parameters(f, ctx=mx.cpu())
        _close(want, net2(mx.nd.ones((2, 20))).asnumpy())
        net3 = _mlp(mx, ctx)
        net3.load_parameters(f, ctx=ctx)
        _close(want, net3(x).asnumpy())


@check("DataLoader batches moved to the device")
def dataloader(ctx, args):
    import torch2gluon as mx
    ds = mx.gluon.data.ArrayDataset(np.random.rand(100, 4).astype(np.float32), np.arange(100))
    n = 0
    for xb, yb in mx.gluon.data.DataLoader(ds, batch_size=32, num_workers=2, pin_memory=True):
        xb = xb.as_in_context(ctx)
        assert xb.context == ctx
        n += xb.shape[0]
    assert n == 100


@check("multi-device Trainer (gpu(0) + cpu) averages gradients")
def multi_ctx(ctx, args):
    import torch2gluon as mx
    ctxs = [ctx, mx.cpu(1) if args.dry_run else mx.cpu()]
    net = mx.gluon.nn.Dense(3, in_units=4)
    net.initialize(mx.init.One(), ctx=ctxs)
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0})
    with mx.autograd.record():
        ls = [net(mx.nd.ones((2, 4), ctx=c) * (i + 1)).sum() for i, c in enumerate(ctxs)]
    for l in ls:
        l.backward()
    trainer.step(4)
    w = [net.weight.data(c).asnumpy() for c in ctxs]
    _close(w[0], w[1])


def benches(args):
    """The GPU rows of bench/resnet50.py and bench/lenet_step.py (torch2gluon vs torchvision/PyTorch)."""
    import subprocess
    out = []
    for cmd in (["bench/resnet50.py", "--ctx", "gpu", "--iters", "20", "--warmup", "3", "--only",
                 "torch2gluon,torch2gluon-hybrid,torchvision"],
                ["bench/lenet_step.py", "--ctx", "gpu", "--steps", "50", "--warmup", "3", "--only",
                 "torch2gluon,torch2gluon-hybrid,pytorch,pytorch-compiled"]):
        r = subprocess.run([sys.executable] + cmd, capture_output=True, text=True)
        out.append(r.stdout + r.stderr[-2000:])
        print(out[-1], flush=True)
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dry-run", action="store_true", help="cpu(0) stands in for gpu(0)")
    p.add_argument("--no-bench", action="store_true")
    p.add_argument("--out", default=os.environ.get("OUT"))
    args = p.parse_args()
    import torch
    import torch2gluon as mx
    print(f"torch {torch.__version__}, cuda available {torch.cuda.is_available()}, numpy {np.__version__}")
    if not args.dry_run and not torch.cuda.is_available():
        sys.exit("no CUDA device (use --dry-run to validate the script on CPU)")
    ctx = mx.cpu(0) if args.dry_run else mx.gpu(0)
    for fn in CHECKS:
        fn(ctx, args)
    bench = "" if args.no_bench or args.dry_run else benches(args)
    failed = [n for n, ok, _ in RESULTS if not ok]
    summary = f"{len(RESULTS) - len(failed)}/{len(RESULTS)} checks passed; failed: {failed}"
    print(summary)
    if args.out:
        with open(os.path.join(args.out, "cuda_check.txt"), "w") as f:
            for n, ok, info in RESULTS:
                f.write(f"{'PASS' if ok else 'FAIL'} {n}: {info}\n")
            f.write(summary + "\n" + bench)
    sys.exit(len(failed))


if __name__ == "__main__":
    main()
