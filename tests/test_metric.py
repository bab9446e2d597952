"""mx.metric against the MXNet 1.9.1 oracle: values, return types, local/global bookkeeping, errors."""
import json
import warnings

import numpy as np
import pytest

from tests.oracle import check

RNG = np.random.RandomState(7)


def _probs(n, c, rng=RNG):
    x = rng.rand(n, c).astype("float32") + 0.05
    return x / x.sum(axis=1, keepdims=True)


def _snap(m):
    """Everything a metric reports, plus the raw counters (their python/numpy types matter)."""
    out = {"get": m.get(), "get_global": m.get_global(), "nv": m.get_name_value(),
           "gnv": m.get_global_name_value()}
    for attr in ("sum_metric", "num_inst", "global_sum_metric", "global_num_inst"):
        if hasattr(m, attr):
            out[attr] = getattr(m, attr)
    return out


def _nds(mx, arrays, dtype):
    if isinstance(arrays, list):
        return [mx.nd.array(a, dtype=dtype) for a in arrays]
    return mx.nd.array(arrays, dtype=dtype)


def run_batches(make, batches, label_dtype="float32", pred_dtype="float32"):
    """`make(mx)` builds the metric; each batch is (labels, preds) as numpy arrays or lists of them.

    Snapshot after every update, after reset_local + one more update, and after reset.
    """
    def snippet(mx):
        m = make(mx)
        snaps = [_snap(m)]
        for labels, preds in batches:
            m.update(_nds(mx, labels, label_dtype), _nds(mx, preds, pred_dtype))
            snaps.append(_snap(m))
        m.reset_local()
        snaps.append(_snap(m))
        labels, preds = batches[0]
        m.update(_nds(mx, labels, label_dtype), _nds(mx, preds, pred_dtype))
        snaps.append(_snap(m))
        m.reset()
        snaps.append(_snap(m))
        return snaps
    return check(snippet, rtol=2e-5, atol=1e-6)


def _cls_batches(n_batches=3, n=8, c=4):
    return [([RNG.randint(0, c, n).astype("float32")], [_probs(n, c)]) for _ in range(n_batches)]


# ---------------------------------------------------------------- classification

def test_accuracy_lists_and_single_ndarrays():
    b = _cls_batches()
    b[1] = (b[1][0][0], b[1][1][0])  # a bare NDArray on both sides
    run_batches(lambda mx: mx.metric.Accuracy(), b)


def test_accuracy_two_pairs_per_update_and_create_alias():
    b = [([RNG.randint(0, 3, 5).astype("float32"), RNG.randint(0, 3, 6).astype("float32")],
          [_probs(5, 3), _probs(6, 3)]) for _ in range(2)]
    run_batches(lambda mx: mx.metric.create("acc"), b)


def test_accuracy_same_shape_preds_are_truncated():
    labels = np.array([0, 1, 1, 2, 0], dtype="float32")
    preds = np.array([0.6, 1.9, 0.99, 2.2, -0.5], dtype="float32")
    out = run_batches(lambda mx: mx.metric.Accuracy(), [(labels, preds)])
    assert out[1]["get"][1] == pytest.approx(4 / 5)  # 0.99 -> 0 misses; -0.5 -> 0 hits


@pytest.mark.parametrize("axis", [1, -1, 2])
def test_accuracy_axis(axis):
    shape = {1: (4, 3, 5), -1: (4, 5, 3), 2: (4, 5, 3)}[axis]
    label_shape = tuple(s for i, s in enumerate(shape) if i != axis % 3)
    preds = RNG.rand(*shape).astype("float32")
    labels = RNG.randint(0, 3, label_shape).astype("float32")
    run_batches(lambda mx: mx.metric.Accuracy(axis=axis), [([labels], [preds])])


def test_accuracy_int_labels_and_float64_preds():
    run_batches(lambda mx: mx.metric.Accuracy(), _cls_batches(2), label_dtype="int32", pred_dtype="float64")


@pytest.mark.parametrize("k", [2, 3, 5])
def test_top_k_accuracy(k):
    run_batches(lambda mx: mx.metric.TopKAccuracy(top_k=k), _cls_batches(3, n=10, c=5))


def test_top_k_accuracy_ties_follow_argpartition():
    preds = np.array([[1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1]], dtype="float32")
    labels = np.array([0, 3, 1, 2], dtype="float32")
    run_batches(lambda mx: mx.metric.create("top_k_acc", top_k=2), [([labels], [preds])])


def test_top_k_accuracy_1d_pred_quirk():
    """1-d preds: MXNet compares argpartition indices with labels and skips the global sum."""
    run_batches(lambda mx: mx.metric.TopKAccuracy(top_k=2),
                [([np.array([0, 1, 2, 3], "float32")], [np.array([0.1, 0.4, 0.3, 0.2], "float32")])])


def test_top_k_name_and_errors():
    check(lambda mx: mx.metric.TopKAccuracy(top_k=3).name)
    check(lambda mx: mx.metric.TopKAccuracy(top_k=1), raises=AssertionError)
    check(lambda mx: mx.metric.TopKAccuracy(top_k=4).update([mx.nd.array([0, 1])], [mx.nd.ones((2, 3))]),
          raises=ValueError)
    check(lambda mx: mx.metric.TopKAccuracy(top_k=2).update([mx.nd.array([0, 1])], [mx.nd.ones((2, 3, 1))]),
          raises=AssertionError)


# ---------------------------------------------------------------- binary: F1, MCC

def _binary_batches(n_batches=3, n=12, pairs=1):
    out = []
    for _ in range(n_batches):
        labels = [RNG.randint(0, 2, n).astype("float32") for _ in range(pairs)]
        preds = [_probs(n, 2) for _ in range(pairs)]
        out.append((labels, preds))
    return out


@pytest.mark.parametrize("cls", ["F1", "MCC"])
@pytest.mark.parametrize("average", ["macro", "micro"])
@pytest.mark.parametrize("pairs", [1, 2])
def test_binary_metrics(cls, average, pairs):
    run_batches(lambda mx: getattr(mx.metric, cls)(average=average), _binary_batches(pairs=pairs))


@pytest.mark.parametrize("cls", ["F1", "MCC"])
@pytest.mark.parametrize("average", ["macro", "micro"])
def test_binary_metrics_degenerate(cls, average):
    """No predicted positives, then no positives at all: the python-float 0. branches."""
    b = [([np.array([1, 0, 1], "float32")], [np.array([[.9, .1], [.8, .2], [.7, .3]], "float32")]),
         ([np.array([0, 0, 0], "float32")], [np.array([[.9, .1], [.8, .2], [.7, .3]], "float32")])]
    run_batches(lambda mx: getattr(mx.metric, cls)(average=average), b)


def test_f1_docstring_example(mx):
    f1 = mx.metric.F1()
    f1.update(preds=[mx.nd.array([[0.3, 0.7], [0., 1.], [0.4, 0.6]])], labels=[mx.nd.array([0., 1., 1.])])
    assert f1.get() == ("f1", pytest.approx(0.8))


@pytest.mark.parametrize("cls", ["F1", "MCC"])
def test_binary_errors(cls):
    check(lambda mx: getattr(mx.metric, cls)().update([mx.nd.array([0, 1, 2])], [mx.nd.ones((3, 2))]),
          raises=ValueError)
    check(lambda mx: getattr(mx.metric, cls)().update([mx.nd.array([0, 1, 1])], [mx.nd.ones((4, 2))]),
          raises=ValueError)
    check(lambda mx: getattr(mx.metric, cls)().update([mx.nd.array([0, 1, 1])], [mx.nd.ones((3,))]))


# ---------------------------------------------------------------- likelihood

@pytest.mark.parametrize("ignore", [None, -1, 0, 2.0])
def test_perplexity(ignore):
    b = []
    for _ in range(3):
        labels = RNG.randint(-1, 4, 10).astype("float32")
        b.append(([labels], [_probs(10, 4)]))
    b[1] = (b[1][0] + [RNG.randint(0, 4, 3).astype("float32")], b[1][1] + [_probs(3, 4)])
    run_batches(lambda mx: mx.metric.Perplexity(ignore), b)


def test_perplexity_single_ndarray_iterates_rows():
    """A bare NDArray is not wrapped: MXNet zips over its rows."""
    run_batches(lambda mx: mx.metric.Perplexity(ignore_label=None),
                [(np.array([0, 1, 1], "float32"), np.array([[.3, .7], [0, 1.], [.4, .6]], "float32"))])


def test_perplexity_axis0_and_clip():
    p = _probs(3, 3)
    run_batches(lambda mx: mx.metric.Perplexity(None, axis=0), [([np.array([0, 2, 7], "float32")], [p])])


def test_perplexity_errors():
    check(lambda mx: mx.metric.Perplexity(), raises=TypeError)
    check(lambda mx: mx.metric.Perplexity(-1).update([mx.nd.ones((2, 3))], [mx.nd.ones((2, 3, 4))]),
          raises=mx_error())
    check(lambda mx: mx.metric.Perplexity(-1).update([mx.nd.ones(3)], [mx.nd.ones((2, 4))]),
          raises=AssertionError)
    check(lambda mx: mx.metric.Perplexity(-1).update([mx.nd.ones(3)], []), raises=AssertionError)


def mx_error():
    import mxnet
    return mxnet.base.MXNetError


@pytest.mark.parametrize("name", ["ce", "nll_loss", "CrossEntropy", "NegativeLogLikelihood"])
def test_cross_entropy_and_nll(name):
    b = [([RNG.randint(-3, 3, 6).astype("float32")], [_probs(6, 3)]) for _ in range(3)]
    run_batches(lambda mx: mx.metric.create(name), b)


@pytest.mark.parametrize("dtype", ["float64", "int32"])
def test_cross_entropy_dtypes_and_eps(dtype):
    preds = [(RNG.rand(5, 3) * 3).astype(dtype) + 1 for _ in range(2)]
    b = [([RNG.randint(0, 3, 5).astype("float32")], [p]) for p in preds]
    run_batches(lambda mx: mx.metric.CrossEntropy(eps=0.5), b, pred_dtype=dtype)


def test_cross_entropy_3d_and_2d_labels():
    run_batches(lambda mx: mx.metric.CrossEntropy(),
                [([RNG.randint(0, 3, (4, 1)).astype("float32")], [RNG.rand(4, 3, 2).astype("float32")])])


@pytest.mark.parametrize("name", ["ce", "nll_loss"])
def test_cross_entropy_errors(name):
    check(lambda mx: mx.metric.create(name).update([mx.nd.array([0, 5])], [mx.nd.ones((2, 3))]),
          raises=IndexError)
    check(lambda mx: mx.metric.create(name).update([mx.nd.array([0, 1, 1])], [mx.nd.ones((2, 3))]),
          raises=AssertionError)
    check(lambda mx: mx.metric.create(name).update([mx.nd.array([0, 1])], [mx.nd.ones((2,))]),
          raises=IndexError)


# ---------------------------------------------------------------- regression

@pytest.mark.parametrize("name", ["mae", "mse", "rmse"])
@pytest.mark.parametrize("shapes", [((6,), (6,)), ((6,), (6, 1)), ((6, 1), (6,)), ((6,), (6, 3)),
                                    ((6, 2), (6, 2)), ((2, 3, 2), (2, 3, 2))])
def test_regression(name, shapes):
    ls, ps = shapes
    b = [([RNG.randn(*ls).astype("float32")], [RNG.randn(*ps).astype("float32")]) for _ in range(3)]
    b[2] = (b[2][0][0], b[2][1][0])
    run_batches(lambda mx: mx.metric.create(name), b)


@pytest.mark.parametrize("name", ["MAE", "MSE", "RMSE"])
@pytest.mark.parametrize("dtypes", [("int32", "float32"), ("int32", "int32"), ("float64", "float32"),
                                    ("float16", "float16"), ("uint8", "float32")])
def test_regression_dtype_promotion(name, dtypes):
    b = [([RNG.randint(0, 5, 7).astype("float32")], [RNG.randint(0, 5, 7).astype("float32") + 0.25])
         for _ in range(2)]
    run_batches(lambda mx: getattr(mx.metric, name)(), b, label_dtype=dtypes[0], pred_dtype=dtypes[1])


@pytest.mark.parametrize("name", ["mae", "mse", "rmse"])
def test_regression_errors(name):
    check(lambda mx: mx.metric.create(name).update([mx.nd.ones((4, 2))], [mx.nd.ones((4, 3))]),
          raises=ValueError)
    check(lambda mx: mx.metric.create(name).update([mx.nd.ones(4)], [mx.nd.ones(4), mx.nd.ones(4)]),
          raises=ValueError)


# ---------------------------------------------------------------- correlation

@pytest.mark.parametrize("average", ["macro", "micro"])
def test_pearson(average):
    b = []
    for n in (7, 9, 4):
        lab = RNG.randn(n).astype("float32")
        b.append(([lab], [(lab + RNG.randn(n)).astype("float32")]))
    b[1] = (b[1][0] + [RNG.randn(3, 2).astype("float32")], b[1][1] + [RNG.randn(3, 2).astype("float32")])
    run_batches(lambda mx: mx.metric.PearsonCorrelation(average=average), b)


def test_pearson_errors():
    check(lambda mx: mx.metric.create("pearsonr").update([mx.nd.ones(3)], [mx.nd.ones((3, 1))]),
          raises=ValueError)
    check(lambda mx: mx.metric.PearsonCorrelation(average="other").update([mx.nd.ones(3)], [mx.nd.ones(3)]),
          raises=AttributeError)


def test_pcc_grows_with_new_classes():
    b = [([RNG.randint(0, 2, 10).astype("float32")], [_probs(10, 2)]),
         ([RNG.randint(0, 4, 10).astype("float32")], [_probs(10, 4)]),
         ([RNG.randint(0, 5, 10).astype("float32")], [RNG.randint(0, 5, 10).astype("float32")])]
    b[0] = (b[0][0] + [RNG.randint(0, 3, 4).astype("float32")], b[0][1] + [_probs(4, 3)])
    run_batches(lambda mx: mx.metric.PCC(), b)


def test_pcc_binary_matches_mcc_and_2d_rows():
    b = [([np.array([[0, 1, 1], [2, 2, 0]], "float32")], [np.array([[0, 1, 2], [2, 2, 0]], "float32")]),
         ([np.array([[1], [0], [1]], "float32")], [_probs(3, 2)]),
         ([np.array([-1, 0, 1], "float32")], [np.array([0, -2, 1], "float32")])]
    run_batches(lambda mx: mx.metric.PCC(), b)


def test_pcc_matrix_state(mx):
    m = mx.metric.PCC()
    m.update([mx.nd.array([0, 1, 2, 2])], [mx.nd.array([0, 1, 2, 1])])
    assert m.k == 3
    np.testing.assert_array_equal(m.lcm, [[1, 0, 0], [0, 1, 1], [0, 0, 1]])
    assert m.lcm.dtype == np.float64


# ---------------------------------------------------------------- loss, custom

@pytest.mark.parametrize("name", ["loss", "torch", "caffe"])
def test_loss(name):
    b = [([np.zeros(1)], [RNG.rand(4).astype("float32"), RNG.rand(2, 3).astype("float32")]),
         (np.zeros(1), RNG.rand(5).astype("float32"))]
    run_batches(lambda mx: mx.metric.create(name), b)


def test_loss_int_preds():
    run_batches(lambda mx: mx.metric.Loss(), [([np.zeros(1)], [np.arange(6)])], pred_dtype="int32")


def _mae_feval(label, pred):
    return float(np.abs(label - pred).mean())


def _sum_count_feval(label, pred):
    return (float(np.abs(label - pred).sum()), label.size)


@pytest.mark.parametrize("how", ["class", "create", "np", "tuple", "lambda", "named"])
def test_custom_metric(how):
    def make(mx):
        if how == "class":
            return mx.metric.CustomMetric(_mae_feval)
        if how == "create":
            return mx.metric.create(_mae_feval)
        if how == "np":
            return mx.metric.np(_mae_feval)
        if how == "tuple":
            return mx.metric.CustomMetric(_sum_count_feval)
        if how == "lambda":
            return mx.metric.create(lambda l, p: np.float32((l == p.argmax(1)).mean()))
        return mx.metric.np(_mae_feval, name="my-mae")
    b = [([RNG.randint(0, 3, 5).astype("float32")], [_probs(5, 3)]) for _ in range(3)]
    if how in ("class", "create", "np", "tuple", "named"):
        b = [([RNG.randn(5).astype("float32")], [RNG.randn(5).astype("float32")]) for _ in range(3)]
    run_batches(make, b)


def test_custom_metric_extra_outputs_and_errors():
    def snippet(mx):
        m = mx.metric.np(_mae_feval, allow_extra_outputs=True)
        m.update([mx.nd.ones(3)], [mx.nd.zeros(3), mx.nd.ones(2)])
        return m.get(), m.get_global()
    check(snippet)
    check(lambda mx: mx.metric.np(_mae_feval).update([mx.nd.ones(3)], [mx.nd.zeros(3), mx.nd.ones(2)]),
          raises=ValueError)
    check(lambda mx: mx.metric.create(_mae_feval).get_config(), raises=NotImplementedError)


# ---------------------------------------------------------------- composite, create, registry

def test_composite_metric():
    def snippet(mx):
        m = mx.metric.CompositeEvalMetric()
        m.add(mx.metric.Accuracy())
        m.add("f1")
        m.add(["mse"])
        labels, preds = [mx.nd.array([0, 1, 1])], [mx.nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])]
        m.update(labels, preds)
        m.update(labels, [mx.nd.array([[0.8, 0.2], [0, 1.], [0.4, 0.6]])])
        out = [m.get(), m.get_global(), m.get_name_value(), m.get_global_name_value(), m.get_config()]
        m.reset_local()
        out += [m.get(), m.get_global()]
        m.reset()
        out += [m.get(), m.get_global(), m.get_metric(1).name, type(m.get_metric(7)).__name__,
                len(m.metrics), str(m)]
        return out
    check(snippet)


def test_update_dict_names():
    def snippet(mx):
        labels = {"lab": mx.nd.array([0, 1, 1]), "other": mx.nd.array([1, 1, 1])}
        preds = {"out": mx.nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]]), "aux": mx.nd.ones((3, 2))}
        a = mx.metric.Accuracy(output_names=["out"], label_names=["lab"])
        a.update_dict(labels, preds)
        c = mx.metric.CompositeEvalMetric([mx.metric.Accuracy(), "acc"], output_names=["aux"],
                                          label_names=["other"])
        c.update_dict(labels, preds)
        return a.get(), c.get(), a.get_config(), c.get_config()
    check(snippet)


@pytest.mark.parametrize("spec", ["acc", "ACC", "accuracy", "top_k_accuracy", "top_k_acc", "f1", "mcc", "mae",
                                  "mse", "rmse", "ce", "cross-entropy", "crossentropy", "nll_loss",
                                  "negativeloglikelihood", "pearsonr", "pearsoncorrelation", "pcc", "loss",
                                  "torch", "caffe", "composite", "compositeevalmetric", "perplexity"])
def test_create_names(spec):
    kwargs = {"top_k": 3} if spec.startswith("top") else {"ignore_label": None} if spec == "perplexity" else {}

    def snippet(mx):
        m = mx.metric.create(spec, **kwargs)
        return type(m).__name__, m.name, m.get(), m.get_config()
    check(snippet)


@pytest.mark.parametrize("spec", [
    ["acc", "ce"], {"metric": "acc", "axis": -1}, '["TopKAccuracy", {"top_k": 4}]', '{"metric": "mse"}',
    ["acc", ["mae", "rmse"]]])
def test_create_configs(spec):
    def snippet(mx):
        m = mx.metric.create(spec)
        again = mx.metric.create(m.get_config())
        return type(m).__name__, m.get_config(), type(again).__name__, again.get_config(), m.get()
    check(snippet)


def test_create_instance_passthrough_and_errors():
    check(lambda mx: (lambda a: mx.metric.create(a) is a)(mx.metric.MSE()))
    check(lambda mx: mx.metric.create(mx.metric.MSE(), 3), raises=AssertionError)
    check(lambda mx: mx.metric.create("no-such-metric"), raises=AssertionError)
    check(lambda mx: mx.metric.create(3), raises=AssertionError)
    check(lambda mx: mx.metric.create(json.dumps(["acc", {"axis": 0}]), axis=1), raises=AssertionError)
    check(lambda mx: mx.metric.create("mae", 3, 4, 5, 6), raises=TypeError)
    check(lambda mx: mx.metric.create(["acc", "mse"], name="x").get())  # kwargs reach every child


def test_create_callable_class_becomes_custom_metric():
    """A class is callable, so create() wraps it in CustomMetric (MXNet quirk)."""
    check(lambda mx: (type(mx.metric.create(mx.metric.Accuracy)).__name__,
                      mx.metric.create(mx.metric.Accuracy).name))


def test_register_and_alias(mx):
    class HalfAcc(mx.metric.Accuracy):
        pass
    mx.metric.register(HalfAcc)
    mx.metric.alias("half_acc_t2g_test")(HalfAcc)
    assert type(mx.metric.create("halfacc")) is HalfAcc
    assert type(mx.metric.create("HALF_ACC_T2G_TEST")) is HalfAcc
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        mx.metric.register(HalfAcc)
    assert len(w) == 1 and issubclass(w[0].category, UserWarning)
    with pytest.raises(AssertionError):
        mx.metric.register(int)


def test_base_class(mx):
    m = mx.metric.EvalMetric("base", output_names=["o"], foo=3)
    assert m.get() == ("base", pytest.approx(float("nan"), nan_ok=True))
    assert m.get_config() == {"foo": 3, "metric": "EvalMetric", "name": "base", "output_names": ["o"],
                              "label_names": None}
    with pytest.raises(NotImplementedError):
        m.update([], [])
    m.sum_metric, m.num_inst = 3.0, 2
    assert m.get_global() == ("base", 1.5)  # no global stats: falls back to the local ones
    assert m.get_global_name_value() == [("base", 1.5)]
    assert str(m) == "EvalMetric: {'base': 1.5}"


def test_check_label_shapes(mx):
    a, b = mx.nd.ones(3), mx.nd.ones((3, 2))
    la, lb = mx.metric.check_label_shapes(a, b, wrap=True)
    assert isinstance(la, list) and la[0] is a and lb[0] is b
    with pytest.raises(ValueError, match=r"Shape of labels \(3,\) does not match shape of predictions \(3, 2\)"):
        mx.metric.check_label_shapes(a, b, shape=True)
    with pytest.raises(ValueError):
        mx.metric.check_label_shapes([a], [a, b])


# ---------------------------------------------------------------- error kinds for wrong input types

_ALL = ["acc", "top_k_accuracy", "f1", "mcc", "mae", "mse", "rmse", "ce", "nll_loss", "pearsonr", "pcc", "loss",
        "perplexity"]


@pytest.mark.parametrize("name", _ALL)
@pytest.mark.parametrize("form", ["numpy", "numpy-list", "label-numpy", "pred-numpy", "len-mismatch"])
def test_input_kinds(name, form):
    kwargs = {"top_k": 2} if name.startswith("top") else {"ignore_label": -1} if name == "perplexity" else {}
    lab = np.array([0, 1, 1], "float32")
    pred = np.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]], "float32")

    def snippet(mx):
        m = mx.metric.create(name, **kwargs)
        if form == "numpy":
            m.update(lab, pred)
        elif form == "numpy-list":
            m.update([lab], [pred])
        elif form == "label-numpy":
            m.update([lab], [mx.nd.array(pred)])
        elif form == "pred-numpy":
            m.update([mx.nd.array(lab)], [pred])
        else:
            m.update([mx.nd.array(lab)] * 2, [mx.nd.array(pred)])
        return m.get()
    check(snippet)


# ---------------------------------------------------------------- seeded random cases: shapes x dtypes x options

_FUZZ_DTYPES = ["float32", "float64", "int32", "uint8", "float16", "int64", "int8"]
_FUZZ_NAMES = ["acc", "top_k_acc", "f1", "mcc", "mae", "mse", "rmse", "ce", "nll_loss", "pearsonr", "pcc", "loss",
               "perplexity", "f1:micro", "mcc:micro", "pearsonr:micro"]


@pytest.mark.parametrize("seed", range(48))
def test_random_cases(seed):
    """Random label/pred shapes (matching or not), dtypes and options: same values, types or error kinds."""
    rng = np.random.RandomState(1000 + seed)
    name, _, average = _FUZZ_NAMES[seed % len(_FUZZ_NAMES)].partition(":")
    ldt, pdt = rng.choice(_FUZZ_DTYPES), rng.choice(_FUZZ_DTYPES)
    n, c = int(rng.randint(1, 6)), int(rng.randint(1, 4))
    lab = rng.randint(-1, c + 1, [(n,), (n, 1), (n, c), ()][rng.randint(4)])
    pred = rng.rand(*[(n,), (n, c), (n, 1), (n, c, 2), (n + 1, c)][rng.randint(5)]) * 3
    kw = {"average": average} if average else {}
    if name == "top_k_acc":
        kw = {"top_k": int(rng.randint(2, 4))}
    if name == "perplexity":
        kw = {"ignore_label": [None, -1, 0, 1.0][rng.randint(4)], "axis": int(rng.choice([-1, 0, 1]))}

    def snippet(mx):
        m = mx.metric.create(name, **kw)
        out = []
        for _ in range(2):
            m.update([mx.nd.array(lab, dtype=ldt)], [mx.nd.array(pred, dtype=pdt)])
            out.append(_snap(m))
        return out
    check(snippet, rtol=1e-3, atol=1e-4)


_NAN_P = np.array([[np.nan, 0.2, 0.1], [0.1, np.nan, 0.9], [0.3, 0.2, np.nan], [np.inf, -np.inf, 0.5],
                   [np.nan, np.nan, np.nan]], "float32")
_NAN_L = np.array([0, 1, 2, 0, 1], "float32")


@pytest.mark.parametrize("name,kw,lab,pred", [
    ("acc", {}, _NAN_L, _NAN_P), ("top_k_acc", {"top_k": 2}, _NAN_L, _NAN_P),
    ("f1", {}, np.array([0, 1, 1, 0, 1], "float32"), _NAN_P[:, :2]),
    ("mcc", {}, np.array([0, 1, 1, 0, 1], "float32"), _NAN_P[:, :2]), ("pcc", {}, _NAN_L, _NAN_P),
    ("ce", {}, _NAN_L, _NAN_P), ("perplexity", {"ignore_label": None}, _NAN_L, _NAN_P),
    ("mse", {}, _NAN_L, _NAN_P[:, 0]), ("pearsonr", {}, _NAN_L, _NAN_P[:, 2]), ("loss", {}, _NAN_L, _NAN_P),
    ("acc", {}, np.array([np.nan, 1, np.inf], "float32"), np.array([np.nan, 1, np.inf], "float32"))])
def test_nan_and_inf_inputs(name, kw, lab, pred):
    def snippet(mx):
        m = mx.metric.create(name, **kw)
        m.update([mx.nd.array(lab)], [mx.nd.array(pred)])
        return m.get(), m.get_global()
    check(snippet)


def test_update_inside_record_with_grad_inputs(mx):
    """Metrics read values only: updating inside autograd.record() leaves the graph and the gradient intact."""
    x = mx.nd.array([[0.3, 0.7], [0.9, 0.1], [0.4, 0.6]])
    x.attach_grad()
    acc, ce = mx.metric.Accuracy(), mx.metric.CrossEntropy()
    with mx.autograd.record():
        y = mx.nd.softmax(x * 2)
        acc.update([mx.nd.array([1, 0, 0])], [y])
        ce.update([mx.nd.array([1, 0, 0])], [y])
        loss = y.sum()
    loss.backward()
    assert acc.get() == ("accuracy", pytest.approx(2 / 3))
    assert ce.get()[1] == pytest.approx(float(-np.log(y.asnumpy()[[0, 1, 2], [1, 0, 0]]).mean()), rel=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), np.zeros((3, 2)), atol=1e-6)


def test_pearson_helpers_take_numpy(mx):
    m = mx.metric.PearsonCorrelation(average="micro")
    count, mean, m2 = m.update_variance(np.array([1.0, 2.0, 4.0]), 0, 0, 0)
    assert (count, mean, m2) == (3, pytest.approx(7 / 3), pytest.approx(14 / 3))
    assert type(mean) is np.float64 and type(m2) is np.float64
