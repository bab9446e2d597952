"""`gluon.contrib.cnn`: contributed convolution layers (deformable convolutions v1 and v2)."""
from . import conv_layers  # noqa: F401
from .conv_layers import *  # noqa: F401,F403

__all__ = conv_layers.__all__
