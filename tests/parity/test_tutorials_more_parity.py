"""Gaps found by running more official MXNet 1.x tutorials unchanged (docs/tutorials/**), in miniature."""
import numpy as np
import pytest

from tests.oracle import check


def _register_two_input_loss(mx, op_type):
    """The symbol tutorial's numpy softmax loss: inputs data + label, one auxiliary state, need_top_grad=False."""
    class Softmax(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            x = in_data[0].asnumpy()
            y = np.exp(x - x.max(axis=1).reshape((x.shape[0], 1)))
            y /= y.sum(axis=1).reshape((x.shape[0], 1))
            self.assign(out_data[0], req[0], mx.nd.array(y))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            lab = in_data[1].asnumpy().ravel().astype(np.int64)
            y = out_data[0].asnumpy()
            y[np.arange(lab.shape[0]), lab] -= 1.0
            self.assign(in_grad[0], req[0], mx.nd.array(y))

    @mx.operator.register(op_type)
    class SoftmaxProp(mx.operator.CustomOpProp):
        def __init__(self):
            super().__init__(need_top_grad=False)

        def list_arguments(self):
            return ["data", "label"]

        def list_auxiliary_states(self):
            return ["state"]

        def infer_shape(self, in_shape):
            return [in_shape[0], (in_shape[0][0],)], [in_shape[0]], [(1,)]

        def create_operator(self, ctx, shapes, dtypes):
            return Softmax()
    return SoftmaxProp


def test_sym_custom_creates_missing_inputs_by_prop_names():
    def fn(mx):
        _register_two_input_loss(mx, "t2g_tut_softmax_a")
        d, lab = mx.sym.var("d"), mx.sym.var("l")
        syms = [mx.sym.Custom(data=d, op_type="t2g_tut_softmax_a", name="a"),
                mx.sym.Custom(d, op_type="t2g_tut_softmax_a", name="b"),
                mx.sym.Custom(label=lab, data=d, op_type="t2g_tut_softmax_a", name="c"),
                mx.sym.Custom(label=lab, op_type="t2g_tut_softmax_a", name="e"),
                mx.sym.Custom(d, lab, op_type="t2g_tut_softmax_a", name="f")]
        return [(s.list_arguments(), s.list_auxiliary_states(), s.infer_shape(d=(2, 3))) for s in syms]
    check(fn)


@pytest.mark.parametrize("how", ["unknown_keyword", "mixed"])
def test_sym_custom_bad_composition_errors(how):
    def fn(mx):
        _register_two_input_loss(mx, "t2g_tut_softmax_b")
        d, lab = mx.sym.var("d"), mx.sym.var("l")
        if how == "mixed":
            return mx.sym.Custom(d, label=lab, op_type="t2g_tut_softmax_b")
        return mx.sym.Custom(foo=lab, op_type="t2g_tut_softmax_b")
    check(fn)


def test_sym_custom_loss_backward_needs_no_head_gradient():
    def fn(mx):
        _register_two_input_loss(mx, "t2g_tut_softmax_c")
        net = mx.sym.Custom(data=mx.sym.var("data"), op_type="t2g_tut_softmax_c")
        ex = net.simple_bind(mx.cpu(), data=(2, 3))
        ex.arg_dict["data"][:] = mx.nd.array([[1, 2, 3], [0, 0, 1]])
        ex.arg_dict["custom0_label"][:] = mx.nd.array([2, 0])
        ex.forward(is_train=True)
        ex.backward()
        return net.list_arguments(), ex.outputs[0], ex.grad_dict["data"]
    check(fn)


def test_test_utils_download_logs_like_mxnet(tmp_path, caplog):
    """module tutorial: `mx.test_utils.download` of an existing file logs MXNet's INFO lines (root logger)."""
    import logging
    import mxnet
    import torch2gluon
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.data").write_text("x")
    logs = []
    for mod in (mxnet, torch2gluon):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            got = mod.test_utils.download("http://example.invalid/f.data", dirname=str(tmp_path / "sub"))
        logs.append((got, [(r.name, r.levelname, r.getMessage()) for r in caplog.records]))
    assert logs[0] == logs[1]
    assert logs[1][1] == [("root", "INFO", f"{tmp_path}/sub/f.data exists, skipping download")]


_TOKENS = ["5.488135039273247529e-01", "8.712929970154070913e-02", "9.446689170495838765e-01", "0.1", "-0.30000001",
           "1e3", "-2.5E-7", ".5", "7.", "12", "1.25f", "3.4028234e38", "1.2e-39", "inf", "-Infinity", "nan",
           "123456789012.345678901234567", "6.02214076e+23", "-0.0"]


def test_csviter_parses_numbers_like_dmlc_strtof(tmp_path):
    """iterators tutorial: np.savetxt's 18-digit values read back as MXNet reads them (not correctly rounded)."""
    path = tmp_path / "d.csv"
    rs = np.random.RandomState(5)
    vals = [repr(float(v)) for v in rs.rand(40)] + [f"{v:.18e}" for v in rs.randn(40) * 1e4] + _TOKENS
    path.write_text("\n".join(vals) + "\n")
    check(lambda mx: mx.io.CSVIter(data_csv=str(path), data_shape=(1,), batch_size=len(vals)).next().data[0])


def test_libsvmiter_parses_numbers_like_dmlc_strtof(tmp_path):
    path = tmp_path / "d.libsvm"
    rs = np.random.RandomState(6)
    toks = [f"{v:.18e}" for v in rs.rand(36)] + _TOKENS[:12]
    path.write_text("".join(f"{toks[k]} 1:{toks[k + 1]} 3:{toks[k + 2]} 4:{toks[k + 3]}\n"
                            for k in range(0, len(toks), 4)))

    def fn(mx):
        b = mx.io.LibSVMIter(data_libsvm=str(path), data_shape=(5,), batch_size=len(toks) // 4).next()
        return b.data[0].asnumpy(), b.label[0]
    check(fn)


def test_imageiter_logs_like_mxnet(tmp_path, caplog, monkeypatch):
    """iterators tutorial: ImageIter's INFO lines (decoding threads hint, then the record file it loads)."""
    import io
    import logging
    import mxnet
    from PIL import Image
    import torch2gluon
    buf = io.BytesIO()
    Image.fromarray(np.full((8, 10, 3), 90, np.uint8)).save(buf, format="JPEG")
    rec = str(tmp_path / "a.rec")
    w = torch2gluon.recordio.MXRecordIO(rec, "w")
    w.write(torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 1.0, 0, 0), buf.getvalue()))
    w.close()
    logs = []
    for threads in (None, "3"):
        if threads:
            monkeypatch.setenv("MXNET_CPU_WORKER_NTHREADS", threads)
        for mod in (mxnet, torch2gluon):
            caplog.clear()
            with caplog.at_level(logging.INFO):
                it = mod.image.ImageIter(batch_size=1, data_shape=(3, 8, 8), path_imgrec=rec)
                it.next()
            logs.append([(r.name, r.levelname, r.getMessage()) for r in caplog.records])
    assert logs[0] == logs[1] and logs[2] == logs[3]
    assert logs[3][0][2] == "Using 3 threads for decoding..."


@pytest.mark.parametrize("momentum", [0.9, 0.99, 0.5])
def test_batchnorm_running_stats_use_float32_one_minus_momentum(momentum):
    """normalization tutorial: running_mean after one step prints 0.55000013 in MXNet ((1 - 0.9f) in float32)."""
    def fn(mx):
        net = mx.gluon.nn.BatchNorm(momentum=momentum)
        net.initialize()
        data = mx.nd.arange(16).reshape(2, 2, 2, 2)
        stats = []
        for _ in range(3):
            with mx.autograd.record():
                loss = net(data).abs()
            loss.backward()
            stats.append((net.running_mean.data().copy(), net.running_var.data().copy()))
        return stats
    check(fn, atol=0, rtol=0)


@pytest.mark.parametrize("index", ["symbol", 1.0, (0,), "np_int"])
def test_symbol_getitem_non_integer_is_type_error(index):
    """control-flow tutorial pattern `data[i]` with a symbolic i: MXNet's TypeError, not a bool/Index error."""
    def fn(mx):
        g = mx.sym.Group([mx.sym.var("a"), mx.sym.var("b")])
        idx = {"symbol": mx.sym.var("i"), "np_int": np.int64(1)}.get(index, index)
        return g[idx]
    check(fn)


def test_custom_op_error_prints_traceback_then_raises(capsys):
    """custom-op tutorial's Dense backward has a shape bug: MXNet prints the user's traceback, then raises."""
    import mxnet
    import torch2gluon
    first_lines = []
    for mod in (mxnet, torch2gluon):
        class Bad(mod.operator.CustomOp):
            def forward(self, is_train, req, in_data, out_data, aux):
                self.assign(out_data[0], req[0], in_data[0] * 2)

            def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
                raise ValueError("boom")

        @mod.operator.register("t2g_tut_bad_backward")
        class BadProp(mod.operator.CustomOpProp):
            def create_operator(self, ctx, shapes, dtypes):
                return Bad()
        x = mod.nd.ones((2,))
        x.attach_grad()
        with mod.autograd.record():
            y = mod.nd.Custom(x, op_type="t2g_tut_bad_backward")
        capsys.readouterr()
        with pytest.raises(mod.base.MXNetError):
            y.backward()
            x.grad.wait_to_read()
        out = capsys.readouterr().out.splitlines()
        first_lines.append((out[0], [line for line in out if line][-1], out[-1]))
    assert first_lines[0] == first_lines[1] == ("Error in CustomOp.backward: Traceback (most recent call last):",
                                                "ValueError: boom", "")
