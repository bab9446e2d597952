"""`tojson()`'s node_row_ptr counts MXNet's hidden outputs (Dropout's mask, the MKLDNN max-pooling workspace,
InstanceNorm's mean/var, ...), as MXNet 1.9.1 writes them (found comparing InsightFace MTCNN / fresnet JSON)."""
import pytest

from tests.oracle import check

CASES = {
    "pool_max2d": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="max"),
    "pool_default_type": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2)),
    "pool_max_full": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="max", pooling_convention="full"),
    "pool_avg": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="avg"),
    "pool_sum": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="sum"),
    "pool_lp": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="lp", p_value=2),
    "pool_max1d": lambda mx, d: mx.sym.Pooling(d, kernel=(2,), pool_type="max"),
    "pool_max3d": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2, 2), pool_type="max"),
    "pool_global": lambda mx, d: mx.sym.Pooling(d, kernel=(7, 7), pool_type="max", global_pool=True),
    "pool_global_nokernel": lambda mx, d: mx.sym.Pooling(d, pool_type="max", global_pool=True),
    "pool_nhwc": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="max", layout="NHWC"),
    "pool_nchw": lambda mx, d: mx.sym.Pooling(d, kernel=(2, 2), pool_type="max", layout="NCHW"),
    "pool_nwc": lambda mx, d: mx.sym.Pooling(d, kernel=(2,), pool_type="max", layout="NWC"),
    "dropout": lambda mx, d: mx.sym.Dropout(d, p=0.5),
    "lrn": lambda mx, d: mx.sym.LRN(d, nsize=3),
    "instancenorm": lambda mx, d: mx.sym.InstanceNorm(d),
    "ctc_loss": lambda mx, d: mx.sym.contrib.ctc_loss(d, mx.sym.Variable("l")),
    "roipooling": lambda mx, d: mx.sym.ROIPooling(d, mx.sym.Variable("r"), pooled_size=(2, 2), spatial_scale=1.0),
    "spatial_transformer": lambda mx, d: mx.sym.SpatialTransformer(d, mx.sym.Variable("l"), target_shape=(2, 2),
                                                                   transform_type="affine", sampler_type="bilinear"),
    "grid_generator": lambda mx, d: mx.sym.GridGenerator(d, transform_type="affine", target_shape=(2, 2)),
    "bilinear_sampler": lambda mx, d: mx.sym.BilinearSampler(d, mx.sym.Variable("g")),
    "correlation": lambda mx, d: mx.sym.Correlation(d, mx.sym.Variable("e")),
    "chain": lambda mx, d: mx.sym.FullyConnected(mx.sym.Dropout(mx.sym.Pooling(
        mx.sym.Convolution(d, num_filter=2, kernel=(3, 3), name="c"), kernel=(2, 2), pool_type="max"), p=0.1),
        num_hidden=3, name="f"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tojson_node_row_ptr(case):
    check(lambda mx: CASES[case](mx, mx.sym.Variable("d")).tojson())


@pytest.mark.parametrize("spelling", ["contrib.ctc_loss", "contrib.CTCLoss", "ctc_loss", "CTCLoss"])
def test_ctc_loss_spellings_are_one_ctcloss_node(spelling):
    import json
    import numpy as np
    pred = np.random.RandomState(0).rand(5, 2, 4).astype(np.float32)
    lab = np.array([[1, 2], [3, 1]], np.float32)

    def run(mx):
        f = mx.sym
        for part in spelling.split("."):
            f = getattr(f, part)
        s = f(mx.sym.Variable("d"), mx.sym.Variable("l"))
        ex = s.bind(mx.cpu(), {"d": mx.nd.array(pred), "l": mx.nd.array(lab)})
        ex.forward()
        return json.loads(s.tojson())["nodes"][-1]["op"], s.list_outputs(), ex.outputs[0]
    check(run)


def _legacy_graph():
    """A pre-1.0 JSON as InsightFace's MTCNN models ship ('param' attributes, no mxnet_version)."""
    import json

    def var(name):
        return {"op": "null", "param": {}, "name": name, "inputs": [], "backward_source_id": -1}
    nodes = [var("data"), var("conv1_weight"), var("conv1_bias"),
             {"op": "Convolution", "param": {"kernel": "(3,3)", "num_filter": "4", "no_bias": "False",
                                             "pad": "(0,0)", "stride": "(1,1)", "dilate": "(1,1)"},
              "name": "conv1", "inputs": [[0, 0], [1, 0], [2, 0]], "backward_source_id": -1},
             var("prelu1_gamma"),
             {"op": "LeakyReLU", "param": {"act_type": "prelu", "slope": "0.25"}, "name": "prelu1",
              "inputs": [[3, 0], [4, 0]], "backward_source_id": -1},
             {"op": "Pooling", "param": {"kernel": "(2,2)", "pool_type": "max", "pooling_convention": "full",
                                         "stride": "(2,2)"}, "name": "pool1", "inputs": [[5, 0]],
              "backward_source_id": -1},
             var("bn_gamma"), var("bn_beta"), var("bn_moving_mean"), var("bn_moving_var"),
             {"op": "BatchNorm", "param": {"eps": "0.001", "fix_gamma": "False"}, "name": "bn",
              "inputs": [[6, 0], [7, 0], [8, 0], [9, 0], [10, 0]], "backward_source_id": -1},
             {"op": "SoftmaxActivation", "param": {"mode": "channel"}, "name": "prob1", "inputs": [[11, 0]],
              "backward_source_id": -1}]
    return json.dumps({"nodes": nodes, "arg_nodes": [0, 1, 2, 4, 7, 8], "heads": [[12, 0]]})


def test_legacy_json_load_sets_composed_initializers():
    import numpy as np
    js = _legacy_graph()
    x = np.random.RandomState(0).uniform(-1, 1, (1, 3, 9, 9)).astype(np.float32)

    def run(mx):
        s = mx.sym.load_json(js)
        shapes = s.infer_shape(data=x.shape)
        rng = np.random.RandomState(1)
        args = {n: mx.nd.array(rng.randn(*sh)) for n, sh in zip(s.list_arguments(), shapes[0])}
        args["data"] = mx.nd.array(x)
        aux = {n: mx.nd.array(rng.rand(*sh) + 0.5) for n, sh in zip(s.list_auxiliary_states(), shapes[2])}
        ex = s.bind(mx.cpu(), args, aux_states=aux)
        ex.forward()
        return s.attr_dict(), s.list_arguments(), s.list_auxiliary_states(), shapes, ex.outputs[0]
    check(run)
