"""export_torch_program: a HybridBlock as a torch.export program that runs without torch2gluon."""
import subprocess
import sys

import numpy as np
import pytest

import torch2gluon as mx
from torch2gluon.gluon.torch_program import export_torch_program, load_torch_program


def _cnn():
    nn = mx.gluon.nn
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, 3, activation="relu"), nn.BatchNorm(), nn.MaxPool2D(2), nn.Flatten(), nn.Dropout(0.5),
            nn.Dense(3))
    net.initialize(mx.init.Xavier())
    return net


def test_program_equals_the_block_in_inference_mode(tmp_path):
    net = _cnn()
    x = mx.nd.random.uniform(shape=(2, 1, 8, 8))
    fname = export_torch_program(net, str(tmp_path / "cnn"), x, epoch=3, dynamic_batch=True)
    assert fname.endswith("cnn-0003.pt2")
    prog = load_torch_program(fname)
    for batch in (2, 5):  # the batch dimension is dynamic
        xb = mx.nd.random.uniform(shape=(batch, 1, 8, 8))
        np.testing.assert_allclose(prog(xb.to_torch()).numpy(), net(xb).asnumpy(), rtol=1e-5, atol=1e-6)


def test_program_runs_without_torch2gluon(tmp_path):
    net = _cnn()
    x = mx.nd.ones((1, 1, 8, 8))
    fname = export_torch_program(net, str(tmp_path / "cnn"), x)
    want = net(x).asnumpy()
    code = ("import sys, torch; m = torch.export.load(sys.argv[1]).module(); "
            "y = m(torch.ones(1, 1, 8, 8)); assert 'torch2gluon' not in sys.modules; "
            "print(' '.join(repr(float(v)) for v in y.flatten()))")
    out = subprocess.run([sys.executable, "-c", code, fname], capture_output=True, text=True, check=True).stdout
    np.testing.assert_allclose(np.array([float(v) for v in out.split()]), want.ravel(), rtol=1e-5, atol=1e-6)


def test_weights_keep_requiring_grad_after_export(tmp_path):
    net = _cnn()
    # not a constant image: with one, training-mode BatchNorm makes the conv weight's gradient exactly zero
    # (every position gets the same activation), and the check read rounding noise
    x = mx.nd.array(np.random.RandomState(0).uniform(size=(2, 1, 8, 8)))
    export_torch_program(net, str(tmp_path / "cnn"), x)
    with mx.autograd.record():
        y = net(x).sum()
    y.backward()
    assert float(np.abs(net[0].weight.grad().asnumpy()).sum()) > 0


def test_bad_arguments():
    with pytest.raises(TypeError, match="HybridBlock"):
        export_torch_program(mx.gluon.nn.Sequential(), "x", mx.nd.ones(1))
    with pytest.raises(TypeError, match="example inputs"):
        export_torch_program(_cnn(), "x")
