"""`mx.rnn`: MXNet 1.x's symbolic RNN cells (unrolled into Symbol graphs), bucketing sentence iterator and
RNN checkpoint helpers."""
from . import rnn_cell
from .rnn_cell import *  # noqa: F401,F403
from . import rnn
from .rnn import *  # noqa: F401,F403
from . import io
from .io import *  # noqa: F401,F403
