"""`mx.rnn.rnn_cell`: the symbolic RNN cells of MXNet 1.x (import path kept for user code)."""
from ._cell_base import RNNParams, BaseRNNCell
from ._cells import RNNCell, LSTMCell, GRUCell
from ._fused_cell import FusedRNNCell
from ._wrappers import (SequentialRNNCell, DropoutCell, ModifierCell, ZoneoutCell, ResidualCell,
                        BidirectionalCell)
from ._conv_cells import BaseConvRNNCell, ConvRNNCell, ConvLSTMCell, ConvGRUCell

__all__ = ["RNNParams", "BaseRNNCell", "RNNCell", "LSTMCell", "GRUCell", "FusedRNNCell", "SequentialRNNCell",
           "DropoutCell", "ModifierCell", "ZoneoutCell", "ResidualCell", "BidirectionalCell", "BaseConvRNNCell",
           "ConvRNNCell", "ConvLSTMCell", "ConvGRUCell"]
