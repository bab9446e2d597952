"""Behaviours found by running MXNet 1.9.1's own test_operator.py (tests m..z) against torch2gluon."""
import numpy as np
import pytest

from tests.oracle import check, check_grad


@pytest.mark.parametrize("dshape,gshape", [
    ((3, 4, 4, 5), (3, 4)), ((3, 4, 4, 5), (3,)), ((3, 4, 4, 5), (4,)), ((3, 4), (3, 4)), ((3, 4), (4,)),
    ((2, 3, 4, 4), (3,)), ((2, 3, 4, 4), (1,)), ((3, 4, 2, 5), (1, 4)),
    ((2, 3, 4, 4), (3, 4)), ((2, 3, 4, 4), (4,)),  # do not broadcast: MXNetError
])
def test_prelu_gamma_broadcast(dshape, gshape):
    """1-D gamma as long as axis 1 is per channel; other gammas line up with the leading axes."""
    rng = np.random.RandomState(0)
    x, g = rng.uniform(-1, 1, dshape), rng.uniform(0, 1, gshape)
    check(lambda mx: mx.nd.LeakyReLU(mx.nd.array(x), gamma=mx.nd.array(g), act_type="prelu"))


def test_prelu_leading_axis_gamma_gradient():
    rng = np.random.RandomState(1)
    check_grad(lambda mx, x, g: mx.nd.LeakyReLU(x, gamma=g, act_type="prelu"),
               rng.uniform(-1, 1, (3, 4, 2, 2)), rng.uniform(0, 1, (3, 4)))


def test_check_symbolic_backward_extra_head_grads_and_dict():
    """Head gradients beyond the outputs are ignored (as the executor does); a dict is by output name."""
    def run(mx):
        from importlib import import_module
        tu = import_module(mx.__name__ + ".test_utils")
        x = mx.sym.var("x")
        y = mx.sym.LeakyReLU(x * 2, act_type="leaky", slope=0.5, name="lr")
        data = np.array([[-1., 2.], [3., -4.]])
        g1 = tu.check_symbolic_backward(y, [data], [np.ones((2, 2)), np.ones((7,))],
                                        [np.array([[1., 2.], [2., 1.]])])
        g2 = tu.check_symbolic_backward(y, [data], {"lr_output": np.full((2, 2), 3.)},
                                        [np.array([[3., 6.], [6., 3.]])])
        return g1["x"], g2["x"]
    check(run)


def _tu(mx):
    from importlib import import_module
    return import_module(mx.__name__ + ".test_utils")


def test_check_symbolic_int_length_inputs_keep_dtype():
    """NDArray locations keep their dtype (int32 lengths); dtype='asnumpy' keeps numpy dtypes; integer inputs
    get zero gradients (MXNet's test_softmax_with_length / test_sequence_mask pattern)."""
    def run(mx):
        tu = _tu(mx)
        data, length = mx.sym.var("data"), mx.sym.var("length")
        s = mx.sym.softmax(data=data, length=length, use_length=True, axis=1)
        x = np.arange(12, dtype=np.float64).reshape(2, 3, 2) / 10.
        loc = {"data": x, "length": mx.nd.array([[1, 3], [2, 2]], dtype="int32")}
        fwd = tu.check_symbolic_forward(s, loc, [mx.nd.softmax(mx.nd.array(x), mx.nd.array([[1, 3], [2, 2]],
                                        dtype="int32"), use_length=True, axis=1).asnumpy()], dtype="asnumpy")
        bwd = tu.check_symbolic_backward(s, loc, [np.ones((2, 3, 2))], [np.zeros((2, 3, 2)),
                                         np.zeros((2, 2), dtype=np.int32)], dtype="asnumpy")
        return fwd, bwd["data"], bwd["length"]
    check(run)


def test_check_numeric_gradient_only_compared_inputs_and_null_reqs():
    """Only grad_nodes are differentiated (sequence lengths stay valid); all-'null' grad_nodes is a no-op."""
    def run(mx):
        tu = _tu(mx)
        x, l = mx.sym.var("X"), mx.sym.var("L")
        s = mx.sym.SequenceLast(data=x, sequence_length=l, use_sequence_length=True)
        loc = [np.random.RandomState(0).uniform(-1, 1, (3, 4)), np.array([1, 3, 2, 1])]
        tu.check_numeric_gradient(s, loc, grad_nodes={"X": "write"}, numeric_eps=1e-2, rtol=1e-2)
        tu.check_numeric_gradient(s, loc, grad_nodes={"X": "null"}, numeric_eps=1e-3, rtol=1e-2)
        return "ok"
    check(run)


def test_simple_bind_ignores_keywords_that_are_not_inputs():
    """MXNet's own tests pass `axis=`, `mode=`, `force_rebind=` to simple_bind: they are ignored."""
    def run(mx):
        y = mx.sym.take(mx.sym.var("a"), mx.sym.var("indices"), axis=0)
        exe = y.simple_bind(mx.cpu(), a=(3, 2), indices=(2,), axis=0, mode="clip", force_rebind=True)
        return [a.shape for a in exe.arg_arrays]
    check(run)


def test_executor_backward_without_forward():
    """Backward straight after bind (MXNet's test_repeat/test_tile): gradients of the bound values."""
    def run(mx):
        data = mx.sym.var("data")
        y = mx.sym.repeat(data, repeats=2, axis=1)
        grad = mx.nd.zeros((2, 3))
        exe = y.bind(mx.cpu(), args=[mx.nd.array(np.arange(6).reshape(2, 3))], args_grad=[grad])
        exe.backward(mx.nd.array(np.arange(12).reshape(2, 6)))
        return grad
    check(run)


def test_check_symbolic_backward_all_null_reqs():
    def run(mx):
        tu = _tu(mx)
        s = mx.sym.softmax(mx.sym.var("x"), axis=0)
        tu.check_symbolic_backward(s, [np.ones((3,))], [np.ones((3,))], [np.zeros((3,))], grad_req="null")
        return "ok"
    check(run)


@pytest.mark.parametrize("shape", [(-1,), (50,), (-1, 4), (2, 4), (-1, 3, 5)])
def test_unravel_index_leading_axis_unwrapped(shape):
    check(lambda mx: mx.nd.unravel_index(mx.nd.array([3., 7., 11., 49.]), shape=shape))


@pytest.mark.parametrize("kw", [dict(pad=(0, 0, 0)), dict(pad=(1, 5)), dict(stride=(2, 3)),
                                dict(pad=(0, 0, 0), pooling_convention="same")])
def test_pooling_1d_longer_pad_stride_tuples(kw):
    """MXNet's 1-D Pooling reads only the first pad/stride entries (test_valid_max_pooling_pad_type_same)."""
    args = dict(kernel=2, stride=2, pool_type="max")
    args.update(kw)
    check(lambda mx: mx.nd.Pooling(mx.nd.array(np.arange(10.).reshape(1, 1, 10)), **args))


@pytest.mark.parametrize("make", [
    lambda mx, d: mx.sym.moments(d, axes=(0,)),
    lambda mx, d: mx.sym.linalg.gelqf(d),
    lambda mx, d: mx.sym.linalg.gemm2(d, d),
    lambda mx, d: mx.sym.contrib.box_nms(d),
    lambda mx, d: mx.sym.contrib.ROIAlign(d, d, pooled_size=(2, 2), spatial_scale=1.),
    lambda mx, d: mx.sym.linalg.syevd(d),
    lambda mx, d: mx.sym.linalg.slogdet(d),
    lambda mx, d: mx.sym.contrib.Proposal(d, d, d, output_score=True),
    lambda mx, d: mx.sym.contrib.Proposal(d, d, d),
    lambda mx, d: mx.sym.contrib.MultiProposal(d, d, d, output_score=True),
    lambda mx, d: mx.sym.LayerNorm(d, output_mean_var=True),
    lambda mx, d: mx.sym.LayerNorm(d),
    lambda mx, d: mx.sym.GroupNorm(d, output_mean_var=True),
    lambda mx, d: mx.sym.LeakyReLU(d, act_type="rrelu"),
    lambda mx, d: mx.sym.contrib.bipartite_matching(d, threshold=0.5),
    lambda mx, d: mx.sym.contrib.MultiBoxTarget(d, d, d),
    lambda mx, d: mx.sym.contrib.quantize(d, d, d),
    lambda mx, d: mx.sym.contrib.SyncBatchNorm(d, key="k", output_mean_var=True),
    lambda mx, d: mx.sym.split_v2(d, (1, 3), axis=1),
    lambda mx, d: mx.sym.split_v2(d, 3, axis=1, squeeze_axis=True),
    lambda mx, d: d.split_v2(2),
])
def test_multi_output_symbols(make):
    """Operators with several outputs list them all (moments, gelqf, MultiBoxTarget, split_v2...)."""
    check(lambda mx: make(mx, mx.sym.var("d")).list_outputs())


def test_multi_output_symbols_evaluate():
    x = np.random.RandomState(0).rand(4, 6).astype(np.float32)
    sq = np.array([[4., 1.], [1., 3.]], dtype=np.float32)
    check(lambda mx: mx.sym.moments(mx.sym.var("d"), axes=(0,)).eval(d=mx.nd.array(x)))
    check(lambda mx: mx.sym.linalg.gelqf(mx.sym.var("d")).eval(d=mx.nd.array(sq)))
    check(lambda mx: mx.sym.split_v2(mx.sym.var("d"), (1, 3), axis=1).eval(d=mx.nd.array(x)))
    check(lambda mx: mx.sym.split_v2(mx.sym.var("d"), 2, axis=0).eval(d=mx.nd.array(x)))
    check(lambda mx: mx.sym.LayerNorm(mx.sym.var("d"), mx.sym.var("g"), mx.sym.var("b"), output_mean_var=True)
          .eval(d=mx.nd.array(x), g=mx.nd.ones(6), b=mx.nd.zeros(6)))


def test_monitor_callback_names_are_bytes():
    """The executor's monitor callback gets names as bytes (MXNet's C string): py_str(name) decodes."""
    def run(mx):
        import os
        os.environ["MXNET_SUBGRAPH_BACKEND"] = "NONE"  # no MKLDNN fusion in the oracle (as MXNet's own test)
        names = []
        data = mx.sym.var("data")
        s = mx.sym.Activation(mx.sym.FullyConnected(data, num_hidden=2, name="fc"), act_type="relu", name="act")
        exe = s.simple_bind(mx.cpu(), data=(1, 3), grad_req="null")
        exe.set_monitor_callback(lambda name, arr: names.append(mx.base.py_str(name)))
        exe.forward()
        del os.environ["MXNET_SUBGRAPH_BACKEND"]
        return names
    check(run)


@pytest.mark.parametrize("op,shape", [("space_to_depth", (1, 0, 4, 4)), ("space_to_depth", (0, 2, 4, 4)),
                                      ("space_to_depth", (1, 2, 0, 4)), ("depth_to_space", (1, 4, 0, 3)),
                                      ("depth_to_space", (1, 0, 2, 2)), ("depth_to_space", (1, 8, 2, 3))])
def test_space_depth_empty_axes_raise(op, shape):
    check(lambda mx: getattr(mx.nd, op)(mx.nd.array(np.ones(shape)), 2))


@pytest.mark.parametrize("sample_ratio", [-1, 2])
def test_roialign_position_sensitive(sample_ratio):
    rng = np.random.RandomState(0)
    data = rng.rand(2, 12, 8, 8)
    rois = np.array([[0, 1., 1., 6., 5.], [1, 0.5, 2., 7., 7.5], [0, 3., 0., 4., 4.]])
    check(lambda mx: mx.nd.contrib.ROIAlign(mx.nd.array(data), mx.nd.array(rois), pooled_size=(2, 3),
                                            spatial_scale=1.0, sample_ratio=sample_ratio,
                                            position_sensitive=True))
    check_grad(lambda mx, x: mx.nd.contrib.ROIAlign(x, mx.nd.array(rois), pooled_size=(2, 3), spatial_scale=1.0,
                                                    sample_ratio=sample_ratio, position_sensitive=True), data)


@pytest.mark.parametrize("shape", [[-1, -1], [3, -1], [-1, 2]])
def test_symbolic_ones_negative_size_is_inferred(shape):
    """-1 in a symbolic creation shape is decided by shape inference, like 0 (test_transpose_infer_shape_*)."""
    def run(mx):
        b = mx.sym.ones(shape=[2, 3]) + mx.sym.transpose(mx.sym.ones(shape=shape))
        return b.bind(mx.cpu(), args={}).forward()[0], mx.sym.ones(shape=shape).infer_shape_partial()
    check(run)


@pytest.mark.parametrize("shape,axis,begin,end", [((10, 0), 0, 0, 5), ((10, 0), 1, 0, 5), ((10, 0), 1, 1, None),
                                                  ((10, 0), 0, 2, -1), ((0, 20), 0, 0, 2), ((0, 20), 1, 0, 2)])
def test_slice_axis_partial_infer_unknown_axis(shape, axis, begin, end):
    """Slicing an axis of unknown size leaves it unknown, as MXNet (test_slice_partial_infer)."""
    check(lambda mx: mx.sym.slice_axis(mx.sym.var("data", shape=shape), axis=axis, begin=begin,
                                       end=end).infer_shape_partial()[1])


@pytest.mark.parametrize("op", ["Proposal", "MultiProposal"])
def test_proposal_backward_is_zero(op):
    """Backward through (Multi)Proposal gives zero gradients, as MXNet (test_multi_proposal_op)."""
    rng = np.random.RandomState(0)
    batch = 1 if op == "Proposal" else 2
    cls_np, bb_np = rng.rand(batch, 24, 5, 5), rng.rand(batch, 48, 5, 5)

    def run(mx):
        cls, bb = mx.nd.array(cls_np), mx.nd.array(bb_np)
        info = mx.nd.array([[80, 80, 1.]] * batch)
        for t in (cls, bb):
            t.attach_grad()
        with mx.autograd.record():
            out = getattr(mx.nd.contrib, op)(cls, bb, info, feature_stride=16, rpn_pre_nms_top_n=20,
                                              rpn_post_nms_top_n=10, rpn_min_size=1)
        out.backward(mx.nd.ones(out.shape))
        return cls.grad, bb.grad, out.shape
    check(run)


@pytest.mark.parametrize("case", ["MultiBoxTarget", "MultiBoxDetection", "MultiBoxPrior", "bipartite_matching"])
def test_detection_ops_backward_is_zero(case):
    """Recorded SSD target/detection/prior and bipartite matching ops backpropagate zeros, as MXNet."""
    rng = np.random.RandomState(0)
    anchors_np, cls_np, loc_np = rng.rand(1, 4, 4).cumsum(axis=2) / 3, rng.rand(1, 2, 4), rng.rand(1, 16)

    def run(mx):
        label = mx.nd.array([[[0, 0.1, 0.1, 0.5, 0.5], [-1, -1, -1, -1, -1]]])
        a, c, l = mx.nd.array(anchors_np), mx.nd.array(cls_np), mx.nd.array(loc_np)
        for t in (a, c, l):
            t.attach_grad()
        with mx.autograd.record():
            if case == "MultiBoxTarget":
                y = mx.nd.contrib.MultiBoxTarget(a, label, c)[0]
            elif case == "MultiBoxDetection":
                y = mx.nd.contrib.MultiBoxDetection(mx.nd.softmax(c, axis=1), l, a)
            elif case == "MultiBoxPrior":
                y = mx.nd.contrib.MultiBoxPrior(mx.nd.ones((1, 2, 4, 4)) * c.sum(), sizes=(0.5,))
            else:
                y = mx.nd.contrib.bipartite_matching(c[0], threshold=0.1)[0]
        y.backward()
        return a.grad, c.grad, l.grad
    check(run)


def test_zero_gradient_head_ignores_head_gradient_size():
    """MXNet never reads the head gradient of a zero-gradient operator (test_multi_proposal_op passes a
    smaller one)."""
    rng = np.random.RandomState(0)
    cls_np, bb_np = rng.rand(2, 24, 5, 5), rng.rand(2, 48, 5, 5)

    def run(mx):
        cls, bb = mx.nd.array(cls_np), mx.nd.array(bb_np)
        cls.attach_grad()
        with mx.autograd.record():
            out = mx.nd.contrib.MultiProposal(cls, bb, mx.nd.array([[80, 80, 1.]] * 2), feature_stride=16,
                                              rpn_pre_nms_top_n=20, rpn_post_nms_top_n=10, rpn_min_size=1)
        out.backward(mx.nd.ones((10, 5)))
        return cls.grad
    check(run)


def test_check_consistency_partial_arg_params_and_grad_req_dict():
    """arg_params may name only some arguments (the others are drawn); grad_req may be a dict by argument."""
    def run(mx):
        tu = _tu(mx)
        rois = np.array([[0, 10, 22, 161, 173], [0, 20, 15, 154, 160]])
        sym = mx.sym.contrib.PSROIPooling(spatial_scale=0.0625, output_dim=2, pooled_size=3, name="psroipool")
        ctx_list = [{"ctx": mx.cpu(0), "psroipool_data": (1, 18, 14, 14), "psroipool_rois": (2, 5),
                     "type_dict": {"psroipool_data": t, "psroipool_rois": t}} for t in (np.float64, np.float32)]
        tu.check_consistency(sym, ctx_list, grad_req={"psroipool_data": "write", "psroipool_rois": "null"},
                             arg_params={"psroipool_rois": rois})
        return "ok"
    check(run)
