"""Behaviours of MXNet 1.9.1 that GluonTS 0.17 (run unchanged over torch2gluon) relies on, checked without GluonTS."""
import mxnet
import torch2gluon


def test_metric_module_carries_ndarray_numpy_math():
    """`from mxnet.metric import ndarray` (GluonTS' trainer) gives the package's ndarray module, as in MXNet."""
    assert mxnet.metric.ndarray is mxnet.ndarray
    assert torch2gluon.metric.ndarray is torch2gluon.ndarray
    for mod in (mxnet, torch2gluon):
        assert mod.metric.registry is mod.registry
        assert mod.metric.numpy.__name__ == "numpy" and mod.metric.math.__name__ == "math"
