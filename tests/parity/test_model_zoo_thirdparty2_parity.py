"""More behaviours third-party model zoos (gluon-cv, gluon-nlp 0.x, insightface, gluon-ts) rely on, in miniature.

Found by running their model definitions unchanged on MXNet 1.9.1 and on torch2gluon; every test is our own
snippet against the oracle, no model-zoo code lives here.
"""
import importlib
import pickle

import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(7)


def _sub(mx, path):
    return importlib.import_module(mx.__name__ + "." + path)


def test_symbol_contrib_is_an_importable_module():
    # gluon-cv's nn/feature.py does `from mxnet.symbol.contrib import SyncBatchNorm`
    img = RNG.rand(1, 2, 3, 4)

    def f(mx):
        mod = _sub(mx, "symbol.contrib")
        out = mod.BilinearResize2D(mx.sym.var("x"), height=5, width=6)
        (res,) = out.eval(ctx=mx.cpu(), x=mx.nd.array(img))
        return res, hasattr(mod, "SyncBatchNorm"), hasattr(mod, "no_such_operator")
    check(f, atol=1e-6)


@pytest.mark.parametrize("ns, op, kw", [("linalg", "gemm2", {}), ("contrib", "box_iou", {"format": "corner"})])
def test_symbol_namespace_submodules_build_graphs(ns, op, kw):
    a, b = RNG.rand(3, 4), RNG.rand(2, 4)

    def f(mx):
        fn = getattr(_sub(mx, "symbol." + ns), op)
        rhs = mx.sym.var("b")
        out = fn(mx.sym.var("a"), rhs.transpose() if op == "gemm2" else rhs, **kw)
        return out.eval(ctx=mx.cpu(), a=mx.nd.array(a), b=mx.nd.array(b))[0]
    check(f, atol=1e-6)


def test_from_symbol_contrib_import_unknown_name_raises_import_error():
    def f(mx):
        exec(f"from {mx.__name__}.symbol.contrib import no_such_operator", {})
    check(f, raises=ImportError)


def test_contrib_amp_imports_and_reports_not_initialised():
    # gluon-nlp's attention cells read `amp._amp_initialized` to pick the masking constant
    check(lambda mx: (_sub(mx, "contrib.amp").amp._amp_initialized,
                      _sub(mx, "contrib.amp").amp._amp_loss_scale_initialized,
                      hasattr(_sub(mx, "contrib.amp"), "_amp_initialized")))


def test_contrib_amp_functions_refuse_loudly():
    import torch2gluon
    amp = _sub(torch2gluon, "contrib.amp")
    for name in ("init", "init_trainer", "convert_hybrid_block", "list_lp16_ops"):
        with pytest.raises(NotImplementedError, match="amp." + name):
            getattr(amp, name)()


def test_dataloader_module_exposes_forking_pickler():
    # gluon-nlp's data loaders import ForkingPickler from mxnet.gluon.data.dataloader to ship batches
    x = RNG.rand(2, 3)

    def f(mx):
        fp = _sub(mx, "gluon.data.dataloader").ForkingPickler
        return pickle.loads(fp.dumps(mx.nd.array(x))) * 2
    check(f)
