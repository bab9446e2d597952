"""Gluon core (Parameter, ParameterDict, Block save/load, nn layers) parity with MXNet 1.9.1."""
import os
import tempfile

import numpy as np
import pytest

from tests.oracle import check


def _two_ctx_param(mx, dtype="float32"):
    """A parameter on cpu(0) and cpu(1) whose copies hold different values."""
    params = mx.gluon.ParameterDict("net_")
    p = params.get("w", shape=(2, 3), dtype=dtype)
    params.initialize(mx.init.Zero(), ctx=[mx.cpu(0), mx.cpu(1)])
    p.data(mx.cpu(0))[:] = mx.nd.array(np.arange(6).reshape(2, 3), dtype=dtype)
    p.data(mx.cpu(1))[:] = mx.nd.array(np.arange(6).reshape(2, 3) * 3 + 1, dtype=dtype)
    return params, p


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32"])
def test_parameter_dict_save_averages_contexts(dtype):
    def snippet(mx):
        params, _ = _two_ctx_param(mx, dtype)
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "p.params")
            params.save(f)
            return mx.nd.load(f)
    out = check(snippet)
    expected = [0, 2, 4, 6, 8, 10] if dtype == "int32" else [0.5, 2.5, 4.5, 6.5, 8.5, 10.5]
    assert out["net_w"][4].ravel().tolist() == expected   # (0..5 + 1..16 step 3) / 2


def test_save_parameters_averages_contexts():
    def snippet(mx):
        net = mx.gluon.nn.Dense(3, in_units=2)
        net.initialize(mx.init.Zero(), ctx=[mx.cpu(0), mx.cpu(1)])
        net.weight.data(mx.cpu(0))[:] = 1
        net.weight.data(mx.cpu(1))[:] = 4
        net.bias.data(mx.cpu(1))[:] = 2
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "p.params")
            net.save_parameters(f)
            return mx.nd.load(f)
    out = check(snippet)
    assert (out["weight"][4] == 2.5).all() and (out["bias"][4] == 1).all()


def test_reset_ctx_moves_the_average():
    def snippet(mx):
        _, p = _two_ctx_param(mx)
        p.reset_ctx([mx.cpu(2), mx.cpu(3)])
        return [p.data(mx.cpu(2)), p.data(mx.cpu(3)), p.list_ctx()]
    check(snippet)


def test_save_average_under_record():
    def snippet(mx):
        params, _ = _two_ctx_param(mx)
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "p.params")
            with mx.autograd.record():
                params.save(f)
            return mx.nd.load(f)
    check(snippet)


def test_int_parameter_init_grad_and_cast_load():
    def snippet(mx):
        params0 = mx.gluon.ParameterDict("")
        params0.get("w0", shape=(2, 3), dtype="float32")
        params0.get("w1", shape=(2, 3), dtype="int8")
        params0.initialize(mx.init.One(), ctx=mx.cpu(1))
        out = [params0["w1"].data(mx.cpu(1)), params0["w1"].grad(mx.cpu(1))]
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "p.params")
            params0.save(f)
            params1 = mx.gluon.ParameterDict("")
            params1.get("w0", shape=(2, 3), dtype="float16")
            params1.get("w1", shape=(2, 3), dtype="float64")
            params1.load(f, cast_dtype=True, dtype_source="current")
            out += [params1["w0"].data(), params1["w1"].data()]
            params1.load(f, cast_dtype=True, dtype_source="saved")
            out += [params1["w0"].data(), params1["w1"].data(), str(np.dtype(params1["w1"].dtype))]
        p = mx.gluon.Parameter("w", shape=(2,), dtype="int32", init=mx.init.Zero())
        p.initialize()
        p.cast("float32")
        out += [p.data(), p.grad()]
        return out
    check(snippet)


def test_grad_buffers_on_data_context():
    def snippet(mx):
        p = mx.gluon.Parameter("w", shape=(2,), init=mx.init.One())
        p.initialize(ctx=[mx.cpu(1), mx.cpu(2)])
        out = [p.grad(mx.cpu(1)), p.list_grad()[1], p.data(mx.cpu(2))]
        p.grad_req = "null"
        p.grad_req = "add"
        out.append(p.list_grad())
        p.cast("float16")
        out.append(p.list_grad())
        return out
    check(snippet)


@pytest.mark.parametrize("method", ["row_sparse_data", "list_row_sparse_data"])
def test_row_sparse_accessors_on_dense_parameter_raise(method):
    def snippet(mx):
        p = mx.gluon.Parameter("weight", shape=(4, 4))
        p.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
        return getattr(p, method)(mx.nd.arange(0, 4))
    check(snippet, raises=RuntimeError)


def _bn_graph(mx, dtype=None):
    data = mx.sym.var("data") if dtype is None else mx.sym.var("data", dtype=dtype)
    fc = mx.sym.FullyConnected(data, num_hidden=3, name="fc")
    return data, mx.sym.BatchNorm(fc, name="bn")


@pytest.mark.parametrize("dtype", [None, "float64", "float16", "int32"])
def test_symbol_block_param_dtypes_follow_input_dtype(dtype):
    def snippet(mx):
        data, out = _bn_graph(mx, dtype)
        sb = mx.gluon.SymbolBlock(out, data)
        return {k: str(np.dtype(v.dtype)) for k, v in sb.params.items()}
    check(snippet)


def test_symbol_block_repr():
    def snippet(mx):
        data, out = _bn_graph(mx)
        return [repr(mx.gluon.SymbolBlock(out, data)).splitlines(),
                repr(mx.gluon.SymbolBlock([out, mx.sym.relu(out, name="r")], data)).splitlines()]
    check(snippet)


def test_symbol_block_cast_float16_keeps_batchnorm_float32():
    def snippet(mx):
        data, out = _bn_graph(mx)
        sb = mx.gluon.SymbolBlock(out, data)
        sb.initialize()
        sb(mx.nd.ones((2, 4)))
        sb.cast("float16")
        return {k: str(np.dtype(v.data().dtype)) for k, v in sb.params.items()}
    check(snippet)


def test_hybrid_block_rejects_plain_block_child():
    def snippet(mx):
        class Net(mx.gluon.HybridBlock):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.body = mx.gluon.nn.Sequential()

            def hybrid_forward(self, F, x):
                return x
        return Net()
    check(snippet, raises=ValueError)


def test_save_parameters_deduplicate_keeps_last_key():
    def snippet(mx):
        net = mx.gluon.nn.HybridSequential()
        shared = mx.gluon.nn.Dense(2, in_units=2)
        net.add(shared, mx.gluon.nn.Dense(2, in_units=2), shared)
        net.initialize(mx.init.One())
        with tempfile.TemporaryDirectory() as d:
            f = os.path.join(d, "p.params")
            net.save_parameters(f, deduplicate=True)
            keys = list(mx.nd.load(f).keys())
            net2 = mx.gluon.nn.HybridSequential()
            shared2 = mx.gluon.nn.Dense(2, in_units=2)
            net2.add(shared2, mx.gluon.nn.Dense(2, in_units=2), shared2)
            net2.load_parameters(f)
            return keys, net2[0].weight.data()
    check(snippet)


@pytest.mark.parametrize("dtype", ["float64", "float16", "int32"])
def test_symbol_block_param_dtypes_through_cast_and_embedding(dtype):
    def snippet(mx):
        data = mx.sym.var("data", dtype=dtype)
        emb = mx.sym.Embedding(data, input_dim=10, output_dim=4, name="emb")
        fc = mx.sym.FullyConnected(mx.sym.Cast(emb, dtype="float64"), num_hidden=3, name="fc")
        conv = mx.sym.Convolution(mx.sym.Cast(mx.sym.reshape(data, (1, 1, -1, 1)), dtype="float32") if dtype == "int32"
                                  else mx.sym.reshape(data, (1, 1, -1, 1)), kernel=(1, 1), num_filter=2, name="cv")
        sb = mx.gluon.SymbolBlock([fc, conv], data)
        return {k: str(np.dtype(v.dtype)) for k, v in sb.params.items()}
    check(snippet)


CONV_BUILDS = [
    "nn.Conv2DTranspose(3, 2, strides=1, output_padding=1)", "nn.Conv2DTranspose(3, 2, strides=2, output_padding=1)",
    "nn.Conv1DTranspose(3, 2, strides=2, output_padding=2)",
    "nn.Conv3DTranspose(3, 2, strides=(2, 2, 1), output_padding=(1, 1, 1))",
    "nn.Conv2D(3, 3, strides=0)", "nn.Conv2D(3, 3, dilation=(2, 0))", "nn.Conv2D(3, 0)", "nn.Conv2D(4, 3, groups=3)",
    "nn.Conv2D(3, 3, in_channels=4, groups=3)", "nn.Conv2D(6, 3, in_channels=3, groups=3)",
    "nn.Conv2D(3, (3, 3, 3))", "nn.Conv2D(4, 3, strides=(1, 1, 1))", "nn.Conv2D(4, 3, padding=(1, 1, 1))",
    "nn.Conv1D(4, 3, groups=3)", "nn.Conv3D(4, 3, strides=(1, 0, 1))", "nn.Conv2DTranspose(4, 3, groups=3)",
    "nn.Conv2DTranspose(4, 3, in_channels=3, groups=2)", "nn.Conv2DTranspose(4, 0)",
    "nn.Conv2DTranspose(4, 3, output_padding=(1, 1, 1))", "nn.MaxPool2D((2, 2, 2))", "nn.AvgPool1D((2, 2))",
    "nn.Conv2D(3, 3, padding=-1)",
]


@pytest.mark.parametrize("code", CONV_BUILDS)
def test_conv_pool_argument_checks_at_construction(code):
    def snippet(mx):
        block = eval(code, {"nn": mx.gluon.nn})  # noqa: S307 - fixed test table
        return [(p.shape, p.grad_req) for p in block.collect_params().values()]
    check(snippet)


def test_block_repr_lists_block_attributes_only():
    def snippet(mx):
        class Net(mx.gluon.Block):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                with self.name_scope():
                    self.a = mx.gluon.nn.Dense(2)
                    self.register_child(mx.gluon.nn.Dense(3), "hidden")
                    self.b = mx.gluon.nn.HybridSequential()
                    self.b.add(mx.gluon.nn.Dense(5, in_units=2), mx.gluon.nn.Activation("relu"))
        return repr(Net()).splitlines()
    check(snippet)


def test_ndarray_module_storage_constants():
    check(lambda mx: [mx.nd.ndarray._STORAGE_TYPE_STR_TO_ID, mx.nd.ndarray._STORAGE_TYPE_ID_TO_STR,
                      mx.nd.ndarray._GRAD_REQ_MAP, mx.nd.ndarray._STORAGE_TYPE_DEFAULT])


@pytest.mark.parametrize("p", [-0.1, 1.5, 1.0])
@pytest.mark.parametrize("axes", [(), (1,)])
def test_dropout_rate_bounds(p, axes):
    def snippet(mx):
        with mx.autograd.train_mode():
            return mx.gluon.nn.Dropout(p, axes=axes)(mx.nd.ones((2, 3)))
    check(snippet)


def test_gluon_utils_private_helpers():
    def snippet(mx):
        u = mx.gluon.utils
        return [u._indent("a\nb\nc", 2), u._indent("one", 4), u._brief_print_list(range(10)),
                u._brief_print_list(["x", "y"]), u._brief_print_list(range(10), limit=3)]
    check(snippet)


@pytest.mark.parametrize("first,second", [
    ({"init": "ones"}, {"init": "ones"}), ({"init": "ones"}, {"init": "zeros"}), ({}, {"init": "ones"}),
    ({"lr_mult": 2.0}, {"lr_mult": 1.0}), ({"grad_req": "null"}, {"grad_req": "write"}),
    ({"dtype": "float16"}, {"dtype": "float32"}), ({"dtype": "float16"}, {"dtype": np.float16}),
])
def test_parameter_dict_get_existing_attribute_checks(first, second):
    def snippet(mx):
        pd = mx.gluon.ParameterDict("p_")
        pd.get("w", shape=(2,), **first)
        p = pd.get("w", **second)
        return [str(p.init), p.lr_mult, p.grad_req, str(np.dtype(p.dtype))]
    check(snippet)


def test_parameter_dict_get_equal_initializer_objects():
    def snippet(mx):
        d1 = mx.gluon.nn.Dense(2, in_units=2, weight_initializer=mx.init.Xavier(magnitude=2))
        d2 = mx.gluon.nn.Dense(2, in_units=2, weight_initializer=mx.init.Xavier(magnitude=2),
                               params=d1.collect_params())
        try:
            mx.gluon.nn.Dense(2, in_units=2, weight_initializer=mx.init.Xavier(magnitude=3),
                              params=d1.collect_params())
        except AssertionError:
            return list(d2.collect_params().keys()), "AssertionError"
        return list(d2.collect_params().keys()), None
    check(snippet)
