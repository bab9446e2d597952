"""`mx.optimizer`: MXNet 1.9.1 optimizers with exact update rules, over torch tensors."""
from .optimizer import Optimizer, register, create
from .sgd import SGD, NAG
from .adaptive import Adam, RMSProp, AdaGrad, AdaDelta
from .updater import Updater, get_updater

__all__ = ["Optimizer", "register", "create", "SGD", "NAG", "Adam", "RMSProp", "AdaGrad", "AdaDelta",
           "Updater", "get_updater"]
