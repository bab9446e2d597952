"""End to end: the seed tutorial example (`examples/pytorch_users_10min.py`, both halves) runs under
`python -m torch2gluon` on tiny synthetic MNIST-format files, and both halves' losses are finite and fall."""
import importlib.util
import math
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "pytorch_users_10min.py"
GEN = "torch2gluon.gluon.data.vision._mnist_files"

EPOCH_RE = re.compile(r"^\[(mxnet|pytorch)\] epoch (\d+), avg loss (\S+), last batch loss (\S+), time (\S+)$", re.M)
BATCH_RE = re.compile(r"^  \[(mxnet|pytorch)\] epoch (\d+) batch (\d+)/(\d+) loss (\S+)$", re.M)

needs_generator = pytest.mark.skipif(importlib.util.find_spec(GEN) is None,
                                     reason=f"{GEN} (synthetic MNIST writer) not landed yet")


def _env(mxnet_home):
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["MXNET_HOME"] = str(mxnet_home)
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


@pytest.fixture(scope="module")
def mxnet_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("mxnet_home")
    root = home / "datasets" / "mnist"
    # The generator's CLI, as the README's set-up command uses it: 1280 train images = 10 batches.
    proc = subprocess.run([sys.executable, "-m", GEN, "--root", str(root), "--train", "1280", "--test", "128"],
                          capture_output=True, text=True, timeout=120, env=_env(home))
    assert proc.returncode == 0, proc.stderr
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert (root / name).exists(), name
    return home


@pytest.fixture(scope="module")
def run_output(mxnet_home):
    proc = subprocess.run([sys.executable, "-m", "torch2gluon", str(EXAMPLE), "--epochs", "2"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=_env(mxnet_home))
    assert proc.returncode == 0, f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-5000:]}"
    return proc.stdout


@needs_generator
def test_mxnet_half_runs_on_torch2gluon(run_output):
    assert "== MXNet half (import mxnet -> torch2gluon) ==" in run_output
    assert "<NDArray 5x3 @cpu(0)>" in run_output and "[[2. 2. 2.]" in run_output   # print(nd.ones((5,3)) + 1)
    assert "== PyTorch half ==" in run_output


@needs_generator
@pytest.mark.parametrize("half", ["mxnet", "pytorch"])
def test_loss_finite_and_falls(run_output, half):
    epochs = [(int(e), float(avg), float(last), float(t)) for h, e, avg, last, t in EPOCH_RE.findall(run_output)
              if h == half]
    batches = [(int(e), int(i), int(n), float(v)) for h, e, i, n, v in BATCH_RE.findall(run_output) if h == half]
    assert [e[0] for e in epochs] == [0, 1], run_output
    assert batches and batches[-1][2] == 10          # 1280 samples / batch 128
    for _, avg, last, t in epochs:
        assert math.isfinite(avg) and math.isfinite(last) and t >= 0
    assert all(math.isfinite(v) for *_, v in batches)
    assert epochs[1][1] < epochs[0][1]                          # average loss falls epoch over epoch
    assert batches[-1][3] < 0.8 * batches[0][3]                 # and within training, batch over batch
    assert batches[0][3] > 1.0                                  # starts near ln(10) ~ 2.3 (10 classes)


@needs_generator
def test_limit_batches(mxnet_home):
    proc = subprocess.run([sys.executable, "-m", "torch2gluon", str(EXAMPLE), "--epochs", "1",
                           "--limit-batches", "3", "--num-workers", "0", "--only", "mxnet"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=_env(mxnet_home))
    assert proc.returncode == 0, proc.stderr[-5000:]
    batches = BATCH_RE.findall(proc.stdout)
    assert [b[2] for b in batches] == ["1", "2", "3"] and all(b[3] == "3" for b in batches)
    assert "== PyTorch half ==" not in proc.stdout


def test_missing_files_say_how_to_create_them(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "torch2gluon", str(EXAMPLE)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=_env(tmp_path))
    assert proc.returncode != 0
    root = tmp_path / "datasets" / "mnist"
    assert f"MNIST files missing under {root}" in proc.stderr
    assert f"python -m {GEN} --root {root}" in proc.stderr
