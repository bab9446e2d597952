"""MXNet 1.9.1's small top-level modules against the oracle: `mx.__version__`, `mx.rnd`, `mx.np_symbol`,
`mx.log`, `mx.error`, `mx.base.register_error`, `mx.contrib.io.DataLoaderIter`, `mx.contrib.tensorboard`,
and the refused C++-only modules (`libinfo`, `library`, `rtc`, `onnx`, `contrib.onnx`, `contrib.quantization`)."""
import logging
import os
from distutils.version import LooseVersion  # noqa: the check gluon-cv runs on import

import mxnet
import numpy as np
import pytest

import torch2gluon
from tests.oracle import check


def test_version_is_mxnets():
    assert torch2gluon.__version__ == mxnet.__version__ == "1.9.1"
    assert torch2gluon.libinfo.__version__ == mxnet.libinfo.__version__
    # gluon-cv's import-time requirement (>=1.4.0, <2.0.0)
    assert LooseVersion("1.4.0") <= LooseVersion(torch2gluon.__version__) < LooseVersion("2.0.0")


def test_aliases():
    assert torch2gluon.rnd is torch2gluon.random
    assert torch2gluon.np_symbol is torch2gluon.symbol.numpy._symbol
    assert torch2gluon.contrib.quant is torch2gluon.contrib.quantization
    for name in ("error", "log", "libinfo", "library", "rtc", "onnx", "rnd", "np_symbol"):
        assert hasattr(mxnet, name) and hasattr(torch2gluon, name), name
    for name in ("io", "onnx", "quantization", "quant", "tensorboard"):
        assert hasattr(mxnet.contrib, name) and hasattr(torch2gluon.contrib, name), name


def test_rnd_seed_and_uniform():
    def run(mx):
        mx.rnd.seed(3)
        a = mx.rnd.uniform(0, 1, shape=(4,)).asnumpy()
        mx.rnd.seed(3)
        b = mx.rnd.uniform(0, 1, shape=(4,)).asnumpy()
        return a.shape, bool((a == b).all()), bool(((a >= 0) & (a < 1)).all())
    check(run)


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_log_format(level, capsys):
    lines = []
    for mod in (mxnet, torch2gluon):
        logger = mod.log.get_logger(f"t2g_log_{mod.__name__}_{level}", level=logging.DEBUG)
        logger.propagate = False
        logger.log(level, "hello %d", 7)
        err = capsys.readouterr().err
        head, _, msg = err.partition("]")
        # colour, one-letter level, MMDD HH:MM:SS, pid, path:func:line
        lines.append((head[:6], len(head.split()), msg))
    assert lines[0] == lines[1]
    assert lines[1][2] == "\x1b[0m hello 7\n"


def test_log_file_handler_and_levels(tmp_path):
    out = []
    for mod in (mxnet, torch2gluon):
        f = tmp_path / f"{mod.__name__}.log"
        logger = mod.log.get_logger(f"t2g_file_{mod.__name__}", filename=str(f), level=logging.INFO)
        logger.propagate = False
        logger.debug("no")
        logger.info("yes")
        again = mod.log.get_logger(f"t2g_file_{mod.__name__}")  # no second handler
        out.append((f.read_text(), len(again.handlers), again.level,
                    mod.log.get_logger() is logging.getLogger(), mod.log.WARNING, mod.log.NOTSET))
    assert out[0] == out[1]
    with pytest.warns(DeprecationWarning, match="getLogger is deprecated"):
        torch2gluon.log.getLogger("t2g_dep")


def test_error_module_and_register():
    for mod in (mxnet, torch2gluon):
        e = mod.error.InternalError("boom")
        assert isinstance(e, mod.base.MXNetError) and isinstance(e, RuntimeError)
        assert "MXNet hint: You hit an internal error" in str(e)
        assert str(mod.error.InternalError("x\nMXNet hint: mine")) == "x\nMXNet hint: mine"

        @mod.base.register_error
        class MyError(mod.base.MXNetError):
            pass

        assert mod.base.error_types["MyError"] is MyError
        assert mod.base.error_types["ValueError"] is ValueError
        assert mod.error.register is mod.base.register_error


def _loader_iter(mx, n, dtype):
    x = np.arange(n * 6, dtype="float32").reshape(n, 2, 3)
    y = np.arange(n, dtype="float32")
    ds = mx.gluon.data.ArrayDataset(mx.nd.array(x), mx.nd.array(y))
    loader = mx.gluon.data.DataLoader(ds, batch_size=4)
    return mx.contrib.io.DataLoaderIter(loader, data_name="d", label_name="l", dtype=dtype)


@pytest.mark.parametrize("n", [8, 10])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_dataloader_iter(n, dtype):
    def run(mx):
        it = _loader_iter(mx, n, dtype)
        out = [it.provide_data, it.provide_label, it.batch_size]
        for _ in range(2):  # reset() starts again
            for batch in it:
                pad = batch.pad
                d, lab = batch.data[0], batch.label[0]
                # a padded batch's tail is uninitialised memory in MXNet (nd.empty): compare the real rows
                out.append((pad, d.shape, d.dtype, lab.shape, d[:4 - pad].asnumpy(), lab[:4 - pad].asnumpy(),
                            batch.index))
            it.reset()
        return out
    check(run)


def test_dataloader_iter_in_module_fit():
    def run(mx):
        mx.random.seed(0)
        np.random.seed(0)
        it = _loader_iter(mx, 8, "float32")
        data = mx.sym.var("d")
        net = mx.sym.FullyConnected(mx.sym.flatten(data), num_hidden=3, name="fc")
        net = mx.sym.SoftmaxOutput(net, mx.sym.var("l"), name="sm")
        mod = mx.mod.Module(net, data_names=["d"], label_names=["l"])
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(mx.init.Constant(0.01))
        mod.init_optimizer(optimizer="sgd", optimizer_params={"learning_rate": 0.01})
        for batch in it:
            mod.forward_backward(batch)
            mod.update()
        return mod.get_params()[0]["fc_weight"], mod.predict(it)
    check(run, atol=1e-4, rtol=1e-4)


def test_tensorboard_without_mxboard(caplog):
    for mod in (mxnet, torch2gluon):
        with caplog.at_level(logging.ERROR):
            cb = mod.contrib.tensorboard.LogMetricsCallback("/tmp/nowhere")
        assert "pip install mxboard" in caplog.text
        caplog.clear()
        assert cb.prefix is None
        cb(type("P", (), {"eval_metric": None})())  # nothing to log


def test_tensorboard_with_a_writer():
    written = []

    class Writer:
        def __init__(self, logdir):
            written.append(("dir", logdir))

        def add_scalar(self, name, value, global_step=None):
            written.append((name, value, global_step))

    import sys
    import types
    sys.modules["mxboard"] = types.SimpleNamespace(SummaryWriter=Writer)
    try:
        cb = torch2gluon.contrib.tensorboard.LogMetricsCallback("logs/train", prefix="train")
        metric = torch2gluon.metric.Accuracy()
        metric.update([torch2gluon.nd.array([1, 0])], [torch2gluon.nd.array([[0, 1], [0, 1]])])
        cb(type("P", (), {"eval_metric": metric, "epoch": 3})())
    finally:
        del sys.modules["mxboard"]
    assert written == [("dir", "logs/train"), ("train-accuracy", 0.5, 3)]


@pytest.mark.parametrize("api", ["libinfo.find_lib_path", "libinfo.find_include_path", "onnx.export_model",
                                 "onnx.get_operator_support", "contrib.onnx.import_model",
                                 "contrib.onnx.import_to_gluon", "contrib.quantization.quantize_net",
                                 "contrib.quantization.quantize_model", "rtc.CudaModule"])
def test_refused_apis_name_themselves(api):
    obj = torch2gluon
    for part in api.split("."):
        obj = getattr(obj, part)
    with pytest.raises(NotImplementedError, match=api.replace(".", r"\.")):
        obj("x")


def test_library_load_checks_path_first(tmp_path):
    for path, kind in [(str(tmp_path / "missing.so"), "does NOT exist"), ("rel.so", None),
                       (str(tmp_path), "NOT a library file")]:
        for mod in (mxnet, torch2gluon):
            if kind is None:
                break
            with pytest.raises(mod.base.MXNetError, match=kind):
                mod.library.load(path)
    lib = tmp_path / "libx.so"
    lib.write_bytes(b"")
    with pytest.raises(NotImplementedError, match=r"mx\.library\.load"):
        torch2gluon.library.load(str(lib))
    assert os.path.exists(lib)


def test_ndarray_and_symbol_module_level_names():
    def run(mx):
        ndm, symm = mx.ndarray.ndarray, mx.symbol.symbol
        a = ndm.array([1.0, 5.0, 3.0])
        out = [ndm.zeros((2,)), ndm.ones((2,)), ndm.full((2,), 7), ndm.arange(3), ndm.maximum(a, 2),
               ndm.minimum(a, ndm.ones((3,)) * 2), ndm.add(a, 1), ndm.subtract(a, a), ndm.multiply(a, 2),
               ndm.divide(a, 2), ndm.true_divide(a, 4), ndm.modulo(a, 2), ndm.power(a, 2), ndm.equal(a, 3),
               ndm.not_equal(a, 3), ndm.greater(a, 2), ndm.greater_equal(a, 3), ndm.lesser(a, 3),
               ndm.lesser_equal(a, 3), ndm.logical_and(a, a), ndm.concatenate([a, a]), ndm.moveaxis(
                   ndm.zeros((2, 3)), 0, 1).shape, ndm.eye(2), ndm.linspace(0, 1, 3), ndm.empty((2,)).shape,
               ndm.onehot_encode(ndm.array([1, 0]), ndm.zeros((2, 3))), ndm.split_v2(a, 3)[1]]
        x = symm.Variable("x") if hasattr(symm, "Variable") else mx.sym.var("x")
        s = symm.maximum(x, 2) + symm.minimum(x, 1) + symm.pow(x, 2) + symm.hypot(x, x)
        out.append(s.eval(x=mx.nd.array([1.0, 3.0]))[0])
        out.append([symm.zeros((2,)).eval()[0], symm.ones((2,)).eval()[0], symm.arange(3).eval()[0],
                    symm.full((2,), 3).eval()[0], symm.eye(2).eval()[0]])
        tables = (ndm._STORAGE_TYPE_STR_TO_ID, ndm._STORAGE_TYPE_ID_TO_STR, ndm._GRAD_REQ_MAP,
                  symm._GRAD_REQ_MAP, symm._STORAGE_TYPE_STR_TO_ID,
                  {k: v for k, v in ndm._DTYPE_NP_TO_MX.items() if v != 12},
                  {k: v for k, v in ndm._DTYPE_MX_TO_NP.items() if k != 12})
        return out, repr(tables)
    check(run)
