"""`mx.gluon.data`: datasets, samplers and the DataLoader."""
from .dataset import *  # noqa: F401,F403
from .sampler import *  # noqa: F401,F403
from .dataloader import *  # noqa: F401,F403
from . import dataset, sampler, dataloader  # noqa: F401
from . import vision  # noqa: F401
from . import batchify  # noqa: F401 - MXNet 2.x's module (absent from 1.9.1), see its docstring
