"""`mx.metric`: MXNet 1.9.1's online evaluation metrics, computed on torch tensors.

Modules: `base` (EvalMetric, check_label_shapes, registry), `composite` (create, CompositeEvalMetric),
`classification` (Accuracy, TopKAccuracy), `binary` (F1, MCC), `likelihood` (Perplexity, CrossEntropy,
NegativeLogLikelihood), `regression` (MAE, MSE, RMSE), `correlation` (PearsonCorrelation, PCC),
`custom` (Loss, Torch, Caffe, CustomMetric, np). See docs/metric.md.
"""
import math  # noqa: F401 - MXNet's metric module carries these names, and code imports them from it
import numpy  # noqa: F401
from .. import ndarray, registry  # noqa: F401 - e.g. `from mxnet.metric import ndarray` (GluonTS)
from .base import check_label_shapes, EvalMetric, register, alias
from .custom import Loss, Torch, Caffe, CustomMetric, np  # noqa: A004 - MXNet's name for the numpy wrapper
from .composite import create, CompositeEvalMetric
from .classification import Accuracy, TopKAccuracy
from .binary import F1, MCC, _BinaryClassificationMetrics
from .likelihood import Perplexity, CrossEntropy, NegativeLogLikelihood
from .regression import MAE, MSE, RMSE
from .correlation import PearsonCorrelation, PCC

__all__ = ["check_label_shapes", "EvalMetric", "register", "alias", "create", "CompositeEvalMetric",
           "Accuracy", "TopKAccuracy", "F1", "MCC", "Perplexity", "MAE", "MSE", "RMSE", "CrossEntropy",
           "NegativeLogLikelihood", "PearsonCorrelation", "PCC", "Loss", "Torch", "Caffe", "CustomMetric", "np"]
