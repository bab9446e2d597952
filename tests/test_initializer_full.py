"""mx.init / mx.initializer, complete: every initializer of MXNet 1.9.1, registry, dumps, name rules, gluon use.

Deterministic results are compared with real MXNet exactly; random ones by bounds, moments and orthogonality.
"""
import re
import logging
import warnings

import numpy as np
import pytest

import mxnet
import torch2gluon

BOTH = pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])


def _desc(mx, name, **attrs):
    return mx.init.InitDesc(name, attrs or None)


def _each(fn):
    """fn(mx) on the oracle and on torch2gluon; returns both results (numpy arrays are copied)."""
    return [fn(mx) for mx in (mxnet, torch2gluon)]


def _same(fn):
    a, b = _each(fn)
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b
    return b


def _same_error(fn):
    kinds = []
    for mx in (mxnet, torch2gluon):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fn(mx)
            except Exception as e:  # noqa: BLE001 - the kinds are compared
                kinds.append("MXNetError" if isinstance(e, (mxnet.base.MXNetError, torch2gluon.base.MXNetError))
                             else type(e).__name__)
            else:
                kinds.append(None)
    assert kinds[0] is not None and kinds[0] == kinds[1], kinds


# ------------------------------------------------------------------ dumps / registry / create

DUMPS = [
    "mx.init.Uniform()", "mx.init.Uniform(0.5)", "mx.init.Normal(0.5)",
    "mx.init.Xavier(factor_type='in', magnitude=2.34)", "mx.init.Xavier('gaussian', 'out', 2)",
    "mx.init.MSRAPrelu()", "mx.init.MSRAPrelu('in', 0.1)", "mx.init.Orthogonal()",
    "mx.init.Orthogonal(2.0, 'normal')", "mx.init.Bilinear()", "mx.init.LSTMBias()", "mx.init.LSTMBias(2.5)",
    "mx.init.Zero()", "mx.init.One()", "mx.init.Constant(3)", "mx.init.Constant(-1.5)",
    "mx.init.Constant(mx.nd.array([1, 2]))", "mx.init.Constant(np.array([[1.5, 2]]))",
    "mx.init.FusedRNN(mx.init.Xavier(), 4, 1, 'lstm')", "mx.init.FusedRNN(None, 4, 2, 'gru', True, 2.0)",
    "mx.init.create('xavier', magnitude=2)", "mx.init.create('ZEROS')", "mx.init.create('ones')",
    "mx.init.create('[\"normal\", {\"sigma\": 0.5}]')", "mx.init.create({'initializer': 'lstmbias'})",
    "mx.init.create('{\"initializer\": \"constant\", \"value\": 4}')",
    "mx.initializer.create(initializer='msraprelu', slope=0.5)",
]


@pytest.mark.parametrize("code", DUMPS)
def test_dumps_exactly_as_mxnet(code):
    _same(lambda mx: eval(code).dumps())


def test_dumps_round_trip_through_create():
    for code in DUMPS[:16]:  # (an array Constant cannot be dumped twice, in MXNet too)
        init = eval(code.replace("mx.", "torch2gluon."), {"torch2gluon": torch2gluon, "np": np})
        again = torch2gluon.init.create(init.dumps())
        assert type(again) is type(init) and again.dumps() == init.dumps()


def test_registry_names_as_mxnet():
    names = _each(lambda mx: set(mx.registry.get_registry(mx.init.Initializer)))
    assert {"zeros", "zero", "ones", "one", "constant", "uniform", "normal", "orthogonal", "xavier",
            "msraprelu", "bilinear", "lstmbias", "fusedrnn"} <= names[1]
    # gluon.Constant registers one initializer per constant ('constant_<name>_<id>'); other tests make some
    builtin = {n for n in names[0] if not re.match(r"^constant_.+_\d+$", n)}
    assert builtin - {"custom0"} <= names[1]


def test_public_names():
    public = {n for n in dir(mxnet.initializer) if n[0].isupper() or n in ("register", "alias", "create")}
    assert public - {"NDArray"} <= set(dir(torch2gluon.initializer))
    assert torch2gluon.init is torch2gluon.initializer
    assert torch2gluon.init.Xavier.__module__ == "torch2gluon.initializer"


@pytest.mark.parametrize("code", [
    "mx.init.create('nonexistent')", "mx.init.create(mx.init.Uniform(), scale=1)", "mx.init.create(3)",
    "mx.init.create(mx.init.Mixed(['.*'], [mx.init.One()]))", "mx.init.create('constant')",
    "mx.init.FusedRNN('xavier', 4, 1, 'lstm')", "mx.init.Mixed(['a'], [])",
    "mx.init.Load([mx.nd.ones(2)])", "mx.init.Constant([1, 2]).dumps()",
    "mx.init.Constant(np.float32(2.5)).dumps()",
])
def test_bad_construction_errors(code):
    _same_error(lambda mx: eval(code))


@BOTH
def test_equality_and_hash(mx):
    assert mx.init.Uniform() == mx.init.Uniform(0.07) == mx.init.Uniform(scale=0.07)
    assert mx.init.Uniform() != mx.init.Uniform(0.1)
    assert mx.init.Zero() != mx.init.One()
    assert (mx.init.Uniform() == 1) is False
    with pytest.raises(TypeError):
        hash(mx.init.Uniform())
    assert not isinstance(mx.init.Mixed([], []), mx.init.Initializer)
    assert not isinstance(mx.init.Load({}), mx.init.Initializer)


@BOTH
def test_init_desc(mx):
    d = mx.init.InitDesc("fc_weight", {"__init__": "zeros"}, global_init=mx.init.One())
    assert isinstance(d, str) and d == "fc_weight" and d.attrs == {"__init__": "zeros"}
    assert mx.init.InitDesc("x").attrs == {} and mx.init.InitDesc("x").global_init is None
    init = mx.init.Uniform()
    d2 = mx.init.InitDesc("fc_bias")
    init(d2, mx.nd.zeros(3))
    assert d2.global_init is init  # filled in by the call


# ------------------------------------------------------------------ name rules

@pytest.mark.parametrize("name", ["fc_bias", "bn_gamma", "bn_beta", "x_min", "x_max", "q_bias_quantize",
                                  "zz_weight_quantize_min"])
def test_name_rules_with_initdesc(name):
    _same(lambda mx: _call(mx, mx.init.Uniform(), mx.init.InitDesc(name), (4, 3)))


@pytest.mark.parametrize("name", ["bn_moving_mean", "bn_running_var", "foo", "weights", "w_weight_x"])
def test_unknown_names_raise_valueerror(name):
    _same_error(lambda mx: _call(mx, mx.init.Uniform(), mx.init.InitDesc(name), (4, 3)))


def _call(mx, init, desc, shape, dtype="float32"):
    a = mx.nd.zeros(shape, dtype=dtype)
    init(desc, a)
    return a.asnumpy()


def test_quantized_weight_is_one_int():
    for mx in (mxnet, torch2gluon):
        a = mx.nd.zeros((5, 4), dtype="int8")
        mx.init.Uniform()(mx.init.InitDesc("q_weight_quantize"), a)
        v = a.asnumpy()
        assert v.dtype == np.int8 and (v == v.flat[0]).all() and -127 <= v.flat[0] < 127


@pytest.mark.parametrize("name,shape", [
    ("fc_bias", (6,)), ("bn_gamma", (6,)), ("bn_beta", (6,)), ("bn_moving_mean", (6,)), ("bn_moving_var", (6,)),
    ("bn_moving_inv_var", (6,)), ("bn_moving_avg", (6,)), ("x_min", (6,)), ("x_max", (6,)),
    ("stn_loc_weight", (6, 3)), ("stn_loc_bias", (6,)), ("upsampling0_weight", (1, 2, 4, 4)),
    ("upsampling1_weight", (2, 1, 3, 5)), ("foo", (6,)), ("bn_running_mean", (6,)), ("stn_loc_bias", (6, 3)),
])
def test_legacy_string_names(name, shape):
    """A plain str name takes MXNet's deprecated rules (moving_*, upsampling, stn_loc) with a warning."""
    def run(mx):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                return _call(mx, mx.init.Uniform(), name, shape)
            finally:
                assert any(x.category is DeprecationWarning and "init(str, NDArray)" in str(x.message) for x in w)
    if name in ("foo", "bn_running_mean", "stn_loc_bias") and shape != (6,):
        _same_error(run)
    elif name == "foo" or name == "bn_running_mean":
        _same_error(run)
    else:
        _same(run)


def test_legacy_weight_is_drawn():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = _call(torch2gluon, torch2gluon.init.Uniform(0.5), "fc_weight", (50, 40))
    assert np.abs(v).max() <= 0.5 and v.std() > 0.2


@pytest.mark.parametrize("args", ["(1, mx.nd.zeros(2))", "('x_bias', np.zeros(2))"])
def test_legacy_type_errors(args):
    _same_error(lambda mx: mx.init.Uniform()(*eval(args)))


# ------------------------------------------------------------------ deterministic initializers

@pytest.mark.parametrize("code,shape,dtype", [
    ("mx.init.Zero()", (3, 4), "float32"), ("mx.init.One()", (3, 4), "float64"),
    ("mx.init.One()", (2, 3), "int32"), ("mx.init.Constant(2.5)", (2, 3), "float16"),
    ("mx.init.Constant(7)", (2, 3), "uint8"), ("mx.init.Constant(mx.nd.array([1, 2, 3]))", (2, 3), "float32"),
    ("mx.init.Constant(np.arange(6).reshape(2, 3))", (2, 3), "float32"),
    ("mx.init.Constant([1, 2, 3])", (4, 3), "float32"),
    ("mx.init.Bilinear()", (2, 1, 4, 4), "float32"), ("mx.init.Bilinear()", (1, 3, 3, 5), "float32"),
    ("mx.init.Bilinear()", (2, 2, 6, 7), "float64"), ("mx.init.Bilinear()", (1, 1, 2, 3, 4), "float32"),
    ("mx.init.LSTMBias()", (8,), "float32"), ("mx.init.LSTMBias(2.5)", (16,), "float64"),
    ("mx.init.LSTMBias(2.5)", (7,), "float32"), ("mx.init.LSTMBias(-1)", (8, 2), "float32"),
])
def test_deterministic_exact(code, shape, dtype):
    _same(lambda mx: _call(mx, eval(code), mx.init.InitDesc("w_weight"), shape, dtype))


@pytest.mark.parametrize("code,shape", [("mx.init.Bilinear()", (2, 3)), ("mx.init.Constant(mx.nd.ones(4))", (2, 3))])
def test_deterministic_errors(code, shape):
    _same_error(lambda mx: _call(mx, eval(code), mx.init.InitDesc("w_weight"), shape))


@pytest.mark.parametrize("init", ["'zeros'", "'ones'", "'lstmbias'", "'[\"lstmbias\", {\"forget_bias\": 3.0}]'",
                                  "mx.init.Constant(4)", "mx.init.LSTMBias(0.5)", "'bilinear'"])
def test_init_attr_overrides_name_rules(init):
    """`InitDesc(name, {'__init__': init})` runs init's _init_weight whatever the name (how gluon calls it)."""
    shape = (1, 1, 4, 4) if "bilinear" in init else (8,)
    _same(lambda mx: _call(mx, mx.init.Zero(), mx.init.InitDesc("x_bias", {"__init__": eval(init)}), shape))


@BOTH
def test_constant_dumps_keeps_list(mx):
    c = mx.init.Constant(mx.nd.array([1, 2]))
    c.dumps()
    assert c._kwargs["value"] == [1.0, 2.0]


# ------------------------------------------------------------------ random initializers

def _draw(init, shape, dtype="float32", name="w_weight"):
    a = torch2gluon.nd.zeros(shape, dtype=dtype)
    init(torch2gluon.init.InitDesc(name), a)
    return a.asnumpy()


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_uniform_bounds_and_moments(dtype):
    v = _draw(torch2gluon.init.Uniform(0.3), (200, 100), dtype)
    assert v.dtype == np.dtype(dtype)
    assert np.abs(v).max() <= np.array(0.3, dtype) and np.abs(v).max() > 0.29
    assert abs(v.mean()) < 0.01 and abs(v.astype(np.float64).std() - 0.3 / np.sqrt(3)) < 0.005


def test_default_uniform_scale():
    v = _draw(torch2gluon.init.Uniform(), (300, 100))
    assert np.abs(v).max() <= 0.07 and abs(v.std() - 0.07 / np.sqrt(3)) < 0.002


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_normal_moments(dtype):
    v = _draw(torch2gluon.init.Normal(0.5), (200, 100), dtype)
    assert v.dtype == np.dtype(dtype)
    assert abs(v.mean()) < 0.02 and abs(v.std() - 0.5) < 0.02
    assert abs(_draw(torch2gluon.init.Normal(), (200, 100)).std() - 0.01) < 0.0005


@pytest.mark.parametrize("code", ["mx.init.Uniform()", "mx.init.Normal()", "mx.init.Xavier()"])
@pytest.mark.parametrize("dtype", ["int32", "uint8"])
def test_random_into_integer_arrays_raises(code, dtype):
    _same_error(lambda mx: _call(mx, eval(code), mx.init.InitDesc("w_weight"), (3, 3), dtype))


@pytest.mark.parametrize("code", ["mx.init.Normal(-1)", "mx.init.Normal(0)", "mx.init.Uniform(-0.1)",
                                  "mx.init.Xavier(magnitude=-1)", "mx.init.Xavier('gaussian', magnitude=0)"])
def test_bad_random_parameters(code):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's sqrt of a negative
        _same_error(lambda mx: _call(mx, eval(code), mx.init.InitDesc("w_weight"), (2, 2)))
    assert _same(lambda mx: _call(mx, mx.init.Uniform(0), mx.init.InitDesc("w_weight"), (2, 2))).sum() == 0


def test_seed_reproducible():
    torch2gluon.random.seed(7)
    a = _draw(torch2gluon.init.Xavier(), (4, 5))
    torch2gluon.random.seed(7)
    np.testing.assert_array_equal(a, _draw(torch2gluon.init.Xavier(), (4, 5)))


@pytest.mark.parametrize("rnd,factor,mag,shape", [
    ("uniform", "avg", 3, (64, 32)), ("uniform", "in", 2.34, (64, 32)), ("uniform", "out", 3, (32, 8, 3, 3)),
    ("gaussian", "avg", 3, (64, 32, 3)), ("gaussian", "in", 2, (128, 16, 3, 3)), ("gaussian", "out", 1, (96, 64)),
])
def test_xavier_scale(rnd, factor, mag, shape):
    v = _draw(torch2gluon.init.Xavier(rnd, factor, mag), shape).astype(np.float64)
    hw = np.prod(shape[2:]) if len(shape) > 2 else 1
    fan = {"avg": (shape[0] + shape[1]) * hw / 2, "in": shape[1] * hw, "out": shape[0] * hw}[factor]
    c = np.sqrt(mag / fan)
    if rnd == "uniform":
        assert np.abs(v).max() <= c and np.abs(v).max() > 0.97 * c
        assert abs(v.std() - c / np.sqrt(3)) < 0.05 * c
    else:
        assert abs(v.std() - c) < 0.05 * c
    # the oracle draws from the same range
    o = _call(mxnet, mxnet.init.Xavier(rnd, factor, mag), mxnet.init.InitDesc("w_weight"), shape)
    assert abs(o.std() - v.std()) < 0.06 * c


@pytest.mark.parametrize("code,shape", [
    ("mx.init.Xavier()", (5,)), ("mx.init.Xavier('bad')", (3, 3)), ("mx.init.Xavier(factor_type='bad')", (3, 3)),
    ("mx.init.MSRAPrelu()", (4,)),
])
def test_xavier_errors_at_call_time(code, shape):
    _same(lambda mx: type(eval(code)).__name__)  # constructing never raises
    _same_error(lambda mx: _call(mx, eval(code), mx.init.InitDesc("w_weight"), shape))


@pytest.mark.parametrize("factor,slope,shape", [("avg", 0.25, (64, 32, 3, 3)), ("in", 0.0, (128, 64)),
                                                ("out", 1.0, (64, 200))])
def test_msraprelu_std(factor, slope, shape):
    v = _draw(torch2gluon.init.MSRAPrelu(factor, slope), shape).astype(np.float64)
    hw = np.prod(shape[2:]) if len(shape) > 2 else 1
    fan = {"avg": (shape[0] + shape[1]) * hw / 2, "in": shape[1] * hw, "out": shape[0] * hw}[factor]
    assert abs(v.std() - np.sqrt(2.0 / (1 + slope ** 2) / fan)) < 0.04 * v.std()


@pytest.mark.parametrize("scale,rand,shape", [
    (1.414, "uniform", (8, 20)), (2.0, "normal", (20, 8)), (1.0, "uniform", (6, 2, 3, 3)), (0.5, "normal", (9, 9)),
])
def test_orthogonal(scale, rand, shape):
    v = _draw(torch2gluon.init.Orthogonal(scale, rand), shape).astype(np.float64).reshape(shape[0], -1)
    o = _call(mxnet, mxnet.init.Orthogonal(scale, rand), mxnet.init.InitDesc("w_weight"), shape)
    o = o.astype(np.float64).reshape(shape[0], -1)
    for m in (v, o):
        g = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
        np.testing.assert_allclose(g, scale ** 2 * np.eye(g.shape[0]), atol=1e-5)


def test_orthogonal_bad_rand_type_raises():
    with pytest.raises(ValueError, match="rand_type"):
        _draw(torch2gluon.init.Orthogonal(rand_type="bad"), (3, 3))


def test_orthogonal_float16_and_int():
    assert _draw(torch2gluon.init.Orthogonal(), (4, 4), "float16").dtype == np.float16
    v = _draw(torch2gluon.init.Orthogonal(), (4, 4), "int32")  # MXNet truncates into the int array
    assert v.dtype == np.int32 and np.abs(v).max() <= 1


# ------------------------------------------------------------------ FusedRNN

def _fused_size(ni, h, layers, mode, bi):
    m = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}[mode]
    b = 2 if bi else 1
    return (ni + h + 2) * h * m * b + (layers - 1) * m * h * (h + b * h + 2) * b


@pytest.mark.parametrize("init,h,layers,mode,bi,fb", [
    ("mx.init.One()", 3, 2, "lstm", True, 0.5), ("mx.init.Constant(2)", 4, 1, "gru", False, 1.0),
    ("mx.init.Zero()", 2, 3, "rnn_tanh", True, 1.0), ("mx.init.One()", 3, 1, "rnn_relu", False, 3.0),
    ("None", 3, 2, "lstm", False, 2.0), ("None", 2, 1, "gru", True, 1.0),
])
def test_fused_rnn_exact(init, h, layers, mode, bi, fb):
    """With a deterministic inner (or global) init the packed vector equals MXNet's exactly."""
    size = _fused_size(5, h, layers, mode, bi)

    def run(mx):
        f = mx.init.FusedRNN(eval(init), h, layers, mode, bi, fb)
        a = mx.nd.zeros((size,))
        mx.init.One()(mx.init.InitDesc("lstm_parameters", {"__init__": f}), a)
        return a.asnumpy()
    _same(run)


def test_fused_rnn_global_uniform_weights_and_biases():
    """Inner init None: weights take the global initializer, biases zero, LSTM forget biases forget_bias."""
    h, size = 4, _fused_size(3, 4, 1, "lstm", False)
    a = torch2gluon.nd.zeros((size,))
    f = torch2gluon.init.FusedRNN(None, h, 1, "lstm", forget_bias=1.5)
    torch2gluon.init.Uniform(0.2)(torch2gluon.init.InitDesc("p", {"__init__": f}), a)
    v = a.asnumpy()
    weights, biases = v[:(3 + h) * 4 * h], v[(3 + h) * 4 * h:]
    assert np.abs(weights).max() <= 0.2 and weights.std() > 0.05
    expect = np.zeros(8 * h, np.float32)
    expect[h:2 * h] = expect[5 * h:6 * h] = 1.5
    np.testing.assert_array_equal(biases, expect)


def test_fused_rnn_string_init_is_built():
    """MXNet 1.9.1 raises KeyError for a JSON string init (a registry bug); here it is honoured."""
    f = torch2gluon.init.FusedRNN('["constant", {"value": 3}]', 2, 1, "gru")
    assert f.dumps() == torch2gluon.init.FusedRNN(torch2gluon.init.Constant(3), 2, 1, "gru").dumps()
    again = torch2gluon.init.create(f.dumps())
    a = torch2gluon.nd.zeros((_fused_size(2, 2, 1, "gru", False),))
    torch2gluon.init.Zero()(torch2gluon.init.InitDesc("p", {"__init__": again}), a)
    assert set(np.unique(a.asnumpy())) == {0.0, 3.0}


@pytest.mark.parametrize("size", [50, 100])
def test_fused_rnn_bad_size(size):
    _same_error(lambda mx: _call(mx, mx.init.Zero(), mx.init.InitDesc(
        "p", {"__init__": mx.init.FusedRNN(mx.init.One(), 3, 1, "lstm")}), (size,)))


# ------------------------------------------------------------------ Mixed / Load

def test_mixed():
    def run(mx):
        m = mx.init.Mixed(["fc_bias", ".*gamma", ".*"], [mx.init.Constant(5), mx.init.One(), mx.init.Zero()])
        out = []
        for name in ["fc_bias", "bn_gamma", "fc2_weight", "fc3_bias"]:
            a = mx.nd.ones((3,)) * 9
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m(name, a)
            out.append(a.asnumpy().tolist())
        return out
    _same(run)


def test_mixed_no_match():
    _same_error(lambda mx: mx.init.Mixed(["bias"], [mx.init.Zero()])("x_weight", mx.nd.ones(2)))


def test_load_dict_and_file(tmp_path):
    for mx in (mxnet, torch2gluon):
        src = {"arg:fc_weight": mx.nd.ones((2, 2)) * 3, "aux:bn_moving_mean": mx.nd.ones((2,)) * 2,
               "other": mx.nd.array([7])}
        fname = str(tmp_path / f"{mx.__name__}.params")
        mx.nd.save(fname, src)
        for param in (src, fname):
            ld = mx.init.Load(param, mx.init.One())
            assert sorted(ld.param) == ["bn_moving_mean", "fc_weight", "other"]
            a = mx.nd.zeros((2, 2))
            ld(mx.init.InitDesc("fc_weight"), a)
            assert (a.asnumpy() == 3).all()
            ld(mx.init.InitDesc("zz_weight"), a)
            assert (a.asnumpy() == 1).all()


@pytest.mark.parametrize("code", [
    "mx.init.Load({'fc_weight': mx.nd.ones((2, 2))})('fc_weight', mx.nd.zeros((3, 2)))",
    "mx.init.Load({'fc_weight': mx.nd.ones((2, 2))})('zz_weight', mx.nd.zeros((3, 2)))",
    "mx.init.Load('/nonexistent/file.params')",
])
def test_load_errors(code):
    _same_error(lambda mx: eval(code))


def test_load_verbose_logs(caplog):
    for mx in (mxnet, torch2gluon):
        ld = mx.init.Load({"fc_weight": mx.nd.ones((2,))}, mx.init.Zero(), verbose=True)
        with caplog.at_level(logging.INFO):
            caplog.clear()
            ld(mx.init.InitDesc("fc_weight"), mx.nd.zeros((2,)))
            ld(mx.init.InitDesc("fc_bias"), mx.nd.zeros((2,)))
        assert [r.getMessage() for r in caplog.records] == ["Initialized fc_weight by loading",
                                                          "Initialized fc_bias by default"]


# ------------------------------------------------------------------ verbosity

def test_set_verbosity_logs_like_mxnet(caplog):
    msgs = []
    for mx in (mxnet, torch2gluon):
        init = mx.init.Constant(2)
        assert init.set_verbosity(True) is init
        with caplog.at_level(logging.INFO):
            caplog.clear()
            a = mx.nd.zeros((2, 3))
            init(mx.init.InitDesc("fc_weight"), a)
            init(mx.init.InitDesc("fc_bias"), mx.nd.zeros((2,)))
            init(mx.init.InitDesc("fc_weight", {"__init__": "ones"}), a)
        msgs.append([r.getMessage() for r in caplog.records])
    assert msgs[0] == msgs[1] == ["Initialized fc_weight as weight: 2.0", "Initialized fc_bias as bias: 0.0",
                                  "Initialized fc_weight as ones: 1.0"]


def test_set_verbosity_custom_print_func(caplog):
    init = torch2gluon.init.One().set_verbosity(True, lambda x: "sum=%g" % x.sum().asscalar())
    with caplog.at_level(logging.INFO):
        init(torch2gluon.init.InitDesc("w_weight"), torch2gluon.nd.zeros((2, 2)))
    assert caplog.records[-1].getMessage() == "Initialized w_weight as weight: sum=4"


def test_block_initialize_verbose(caplog):
    msgs = []
    for mx in (mxnet, torch2gluon):
        net = mx.gluon.nn.Dense(3, in_units=2, prefix="d_")
        with caplog.at_level(logging.INFO):
            caplog.clear()
            net.initialize(mx.init.One(), verbose=True)
        msgs.append([r.getMessage().split(" object at ")[0].replace("mxnet.", "torch2gluon.")
                     for r in caplog.records])
    assert msgs[0] == msgs[1] == ["Initialized d_weight as <torch2gluon.initializer.One",
                                  "Initialized d_bias as zeros: 0.0"]


# ------------------------------------------------------------------ custom initializers and gluon


def _register_custom(mx):
    @mx.init.register
    @mx.init.alias("myinit_" + mx.__name__)
    class CustomInit(mx.init.Initializer):
        def __init__(self, w=0.1):
            super().__init__(w=w)
            self.w = w

        def _init_weight(self, _, arr):
            arr[:] = self.w

        def _init_bias(self, _, arr):
            arr[:] = 1

        def _init_gamma(self, _, arr):
            arr[:] = 3

    return CustomInit


def test_custom_initializer_subclass():
    def run(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            klass = _register_custom(mx)
        init = mx.init.create("myinit_" + mx.__name__, w=0.5)
        assert isinstance(init, klass) and init.dumps() == '["custominit", {"w": 0.5}]'
        out = [_call(mx, init, mx.init.InitDesc(n), (2,)).tolist() for n in ("a_weight", "a_bias", "a_gamma",
                                                                              "a_beta")]
        # gluon: a parameter without its own init gets _init_weight whatever its name
        net = mx.gluon.nn.Dense(2, in_units=2, weight_initializer="myinit_" + mx.__name__,
                                bias_initializer=mx.init.create("custominit", w=7))
        net.initialize()
        out.append(net.weight.data().asnumpy().tolist())
        out.append(net.bias.data().asnumpy().tolist())
        bn = mx.gluon.nn.BatchNorm(in_channels=2)
        bn.initialize(klass(4))
        out.append([bn.gamma.data().asnumpy().tolist(), bn.running_var.data().asnumpy().tolist()])
        return out
    _same(run)


def test_register_override_warns_and_type_check():
    for mx in (mxnet, torch2gluon):
        _register_custom(mx)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            _register_custom(mx)
        assert any("overriding existing initializer" in str(x.message) for x in w)
    _same_error(lambda mx: mx.init.register(int))


def test_gluon_string_initializers():
    def run(mx):
        out = []
        d = mx.gluon.nn.Dense(3, in_units=4, weight_initializer="zeros", bias_initializer="ones")
        d.initialize()
        out.append([d.weight.init, d.bias.init, d.weight.data().asnumpy().tolist(), d.bias.data().asnumpy().tolist()])
        d = mx.gluon.nn.Dense(3, in_units=4, weight_initializer="Xavier", bias_initializer='["constant", {"value": 2}]')
        d.initialize()
        w = d.weight.data().asnumpy()
        out.append([bool(np.abs(w).max() <= np.sqrt(3 / 3.5)), d.bias.data().asnumpy().tolist()])
        c = mx.gluon.nn.Conv2D(2, 3, in_channels=2, weight_initializer="bilinear", bias_initializer="one")
        c.initialize()
        out.append([c.weight.data().asnumpy().tolist(), c.bias.data().asnumpy().tolist()])
        return out
    _same(run)


def test_gluon_lstm_bias_initializers():
    def run(mx):
        lstm = mx.gluon.rnn.LSTM(4, input_size=3, i2h_bias_initializer="lstmbias",
                                 h2h_bias_initializer=mx.init.LSTMBias(0.5))
        lstm.initialize()
        cell = mx.gluon.rnn.LSTMCell(2, input_size=3, i2h_bias_initializer="lstmbias")
        cell.initialize()
        return ([lstm.l0_i2h_bias.data().asnumpy().tolist(), lstm.l0_h2h_bias.data().asnumpy().tolist()],
                cell.i2h_bias.data().asnumpy().tolist())
    _same(run)


@pytest.mark.parametrize("code", ["mx.init.Mixed(['.*'], [mx.init.One()])", "mx.init.Load({})"])
def test_gluon_rejects_non_initializers(code):
    def run(mx):
        net = mx.gluon.nn.Dense(3, in_units=2)
        net.initialize(eval(code))
    _same_error(run)


def test_gluon_global_init_applies_to_custom_bias_params():
    """Block.initialize(init) gives every parameter without its own init init._init_weight (MXNet's rule)."""
    def run(mx):
        class Net(mx.gluon.Block):
            def __init__(self):
                super().__init__()
                self.b = self.params.get("bias", shape=(3,))
                self.g = self.params.get("gamma", shape=(3,))

        net = Net()
        net.initialize(mx.init.Constant(4))
        return [net.b.data().asnumpy().tolist(), net.g.data().asnumpy().tolist()]
    _same(run)
    _same_error(lambda mx: mx.gluon.Parameter("bias", shape=(3,)).initialize(mx.init.Xavier()))
