"""`mx.contrib.amp`: automatic mixed precision (operator casting after `amp.init()`, dynamic loss scaling)."""
from .amp import *  # noqa: F401,F403
from . import amp, lists, loss_scaler  # noqa: F401  (submodules, attributes of the package as in MXNet)
