"""mx.AttrScope, hidden attribute keys (lr_mult...), _set_attr, pickling, get_children, NotImplementedForSymbol
and infer_type(_partial) of Symbols against MXNet 1.9.1."""
import pickle
import warnings

import numpy as np

from tests.oracle import check


def test_attr_scope_and_hidden_keys():
    def snippet(mx):
        with mx.AttrScope(group="4", mm="great"):
            d = mx.sym.Variable("data", attr={"dtype": "data", "group": "1", "force_mirroring": "True",
                                              "ctx_group": "g"}, lr_mult=1)
            e = mx.sym.Variable("e")
            with mx.AttrScope(group="5"):
                f = mx.sym.Variable("f")
        with mx.AttrScope(__mm__="great", __init_bias__="0.0"):
            fc = mx.sym.FullyConnected(d, num_hidden=2, name="fc", attr={"wd_mult": "y", "mirror_stage": "1"})
        return (d.list_attr(), e.list_attr(), f.list_attr(), fc.list_attr(), fc.attr_dict(),
                [fc.attr(k) for k in ("wd_mult", "__wd_mult__", "mood", "__mm__")],
                [d.attr(k) for k in ("lr_mult", "ctx_group", "group", "force_mirroring")],
                mx.sym.Variable("g").list_attr())
    check(snippet)


def test_attr_scope_rejects_non_strings_and_op_plain_keys():
    check(lambda mx: mx.AttrScope(group=4))
    check(lambda mx: mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2, attr={"mood": "x"}))

    def scoped(mx):
        with mx.AttrScope(mood="x"):
            return mx.sym.Activation(mx.sym.var("d"), act_type="relu")
    check(scoped)


def test_set_attr():
    def snippet(mx):
        fc = mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2, name="fc")
        fc._set_attr(lr_mult="3", __foo__="bar")
        v = mx.sym.var("v")
        v._set_attr(anything="x")
        return fc.list_attr(), v.list_attr()
    check(snippet)
    check(lambda mx: mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2, name="fc")._set_attr(foo="bar"))


def test_pickle_and_copy_round_trip():
    def snippet(mx):
        import copy
        with mx.AttrScope(__ctx__="a"):
            fc = mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2, name="fc")
        out = mx.sym.SoftmaxOutput(mx.sym.BatchNorm(fc, name="bn"), name="sm")
        back = pickle.loads(pickle.dumps(out))
        return back.tojson() == out.tojson(), back.list_arguments(), back.list_auxiliary_states(), \
            copy.deepcopy(out).tojson() == out.tojson()
    check(snippet)


def test_bool_and_inplace_ops_raise_not_implemented_for_symbol():
    def snippet(mx, op):
        x = mx.sym.var("x")
        try:
            if op == "bool":
                bool(x)
            elif op == "iadd":
                x += 1
            elif op == "imul":
                x *= x
            return "no error"
        except mx.base.NotImplementedForSymbol as e:
            return str(e).replace(mx.__name__, "pkg"), isinstance(e, mx.base.MXNetError)
    for op in ("bool", "iadd", "imul"):
        check(lambda mx: snippet(mx, op))


def test_get_children_of_multi_output_node():
    def snippet(mx):
        sliced = mx.sym.SliceChannel(mx.sym.var("data"), num_outputs=3, name="slice")
        concat = mx.sym.Concat(*list(sliced))
        return sliced.get_children().list_outputs(), concat.get_children().list_outputs()
    check(snippet)


def test_infer_type_and_partial():
    def snippet(mx):
        data = mx.sym.var("data")
        fc1 = mx.sym.FullyConnected(mx.sym.Cast(data, dtype="float32"), name="fc1", num_hidden=8)
        mlp = mx.sym.SoftmaxOutput(fc1, name="softmax")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return (mlp.infer_type(data=np.float16), mlp.infer_type_partial(), mlp.infer_type(),
                    mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=2, name="f").infer_type(x="float64"))
    check(snippet)


def test_symbol_module_power_maximum_minimum_hypot():
    def snippet(mx):
        import json
        x, y = mx.sym.var("x"), mx.sym.var("y")
        outs = [mx.sym.pow(2, y), mx.sym.power(x, 3), mx.sym.power(x, y), mx.sym.maximum(2, x),
                mx.sym.minimum(x, y), mx.sym.hypot(x, 2), mx.sym.hypot(x, y), mx.sym.maximum(x, 1.5)]
        graphs = [[(n["op"], n.get("attrs")) for n in json.loads(o.tojson())["nodes"] if n["op"] != "null"]
                  for o in outs]
        vals = [o.eval(x=mx.nd.array([1., 2.]), y=mx.nd.array([3., 0.5]))[0] for o in outs]
        return graphs, vals, mx.sym.pow(2, 3), mx.sym.maximum(2, 3), mx.sym.minimum(2.5, 3)
    check(snippet, rtol=1e-6)
    check(lambda mx: mx.sym.power("a", mx.sym.var("x")))


def test_deconvolution_has_no_bias_by_default():
    def snippet(mx):
        d = mx.sym.var("data")
        a = mx.sym.Deconvolution(d, kernel=(3, 3), num_filter=2, name="dc")
        b = mx.sym.Deconvolution(d, kernel=(3, 3), num_filter=2, no_bias=False, name="dc2")
        c = mx.sym.Deconvolution(d, kernel=(3, 3), stride=(2, 2), target_shape=(8, 8), num_filter=5, name="dc3")
        return a.list_arguments(), b.list_arguments(), c.infer_shape(data=(2, 3, 4, 4))
    check(snippet)
