"""Oracle test: Parameter/ParameterDict.reset_ctx(None) moves to the current context (gluon-cv's RCNN train
transform calls collect_params().reset_ctx(None) on a deep copy of the anchor generator)."""
import copy

import numpy as np

from tests.oracle import check


def test_reset_ctx_none_on_deepcopy():
    def fn(mx):
        net = mx.gluon.nn.Dense(3, in_units=2)
        net.initialize(mx.init.Constant(0.5))
        dup = copy.deepcopy(net)
        dup.collect_params().reset_ctx(None)
        net.weight.reset_ctx(None)
        x = mx.nd.array(np.arange(4.0).reshape(2, 2))
        return dup(x), net(x), [str(c) for c in dup.weight.list_ctx()]
    check(fn)
