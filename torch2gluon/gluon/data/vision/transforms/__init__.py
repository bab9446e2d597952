"""`gluon.data.vision.transforms`: MXNet 1.9.1's image transforms as Blocks over the `nd.image` operators."""
import importlib

from ._basic import *  # noqa: F401,F403
from ._basic import __all__ as _basic_all
from ._color import *  # noqa: F401,F403
from ._color import __all__ as _color_all
from ._geometry import *  # noqa: F401,F403
from ._geometry import __all__ as _geometry_all
from ._random_apply import *  # noqa: F401,F403
from ._random_apply import __all__ as _apply_all
from ....block import Block, HybridBlock  # noqa: F401 - MXNet's module exposes these names too
from ....nn import Sequential, HybridSequential  # noqa: F401

__all__ = _basic_all + _color_all + _geometry_all + _apply_all


def __getattr__(name):
    """`transforms.image` is `mx.image`, as in MXNet (imported on first use)."""
    if name == "image":
        return importlib.import_module(".....image", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
