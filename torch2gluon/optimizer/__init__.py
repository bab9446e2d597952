"""`mx.optimizer`: MXNet 1.9.1 optimizers with exact update rules, over torch tensors."""
from .optimizer import Optimizer, register, create
from .sgd import SGD, NAG
from .adaptive import Adam, RMSProp, AdaGrad, AdaDelta
from .signum import Signum
from .sgld import SGLD
from .dcasgd import DCASGD
from .adamax import Adamax
from .nadam import Nadam
from .ftml import FTML
from .ftrl import Ftrl
from .lamb import LAMB
from .lars import LARS
from .lbsgd import LBSGD
from .legacy import ccSGD, Test
from .updater import Updater, get_updater
from . import optimizer, contrib
from . import _lazy
_lazy.install(SGD, Adam, Ftrl)   # lazy (stored-rows-only) updates for row_sparse gradients, as MXNet's

__all__ = ["Optimizer", "register", "create", "SGD", "NAG", "Adam", "RMSProp", "AdaGrad", "AdaDelta",
           "Signum", "SGLD", "DCASGD", "Adamax", "Nadam", "FTML", "Ftrl", "LAMB", "LARS", "LBSGD",
           "ccSGD", "Test", "Updater", "get_updater", "contrib"]
