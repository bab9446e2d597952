"""`mx.contrib.svrg_optimization`: SVRG (stochastic variance reduced gradient) training for Module, as in
MXNet 1.9.1 (`SVRGModule`, `_SVRGOptimizer`)."""
from . import svrg_module
from . import svrg_optimizer
