"""`mx.gluon`: the imperative/hybrid neural-network API."""
from .parameter import Parameter, Constant, ParameterDict, DeferredInitializationError, tensor_types
from .block import Block, HybridBlock, SymbolBlock
from . import nn
from . import rnn
from . import utils
from . import data
from . import loss
from .trainer import Trainer
from . import contrib
from . import model_zoo
