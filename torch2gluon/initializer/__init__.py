"""`mx.initializer` (alias `mx.init`): weight initializers, their name registry and `InitDesc`.

Split by job: `_core` (InitDesc, Initializer's name-based dispatch, register/alias/create), `_simple`
(Zero, One, Constant, Uniform, Normal), `_fan` (Xavier, MSRAPrelu), `_structured` (Orthogonal, Bilinear,
LSTMBias), `_fused_rnn` (FusedRNN), `_composite` (Mixed, Load).
"""
from ._core import InitDesc, Initializer, register, alias, create, _register
from ._simple import Zero, One, Constant, Uniform, Normal
from ._fan import Xavier, MSRAPrelu
from ._structured import Orthogonal, Bilinear, LSTMBias
from ._fused_rnn import FusedRNN
from ._composite import Mixed, Load

__all__ = ["InitDesc", "Initializer", "register", "alias", "create", "Zero", "One", "Constant", "Uniform",
           "Normal", "Xavier", "MSRAPrelu", "Orthogonal", "Bilinear", "LSTMBias", "FusedRNN", "Mixed", "Load"]

# report the public path (`torch2gluon.initializer.Xavier`), as MXNet's classes live in `mxnet.initializer`
for _cls in (InitDesc, Initializer, Zero, One, Constant, Uniform, Normal, Xavier, MSRAPrelu, Orthogonal, Bilinear,
             LSTMBias, FusedRNN, Mixed, Load):
    _cls.__module__ = __name__
del _cls
