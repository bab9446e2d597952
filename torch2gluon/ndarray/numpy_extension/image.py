"""`mx.nd.npx.image`: the numpy-mode image operators of `npx.image` (not `mx.image`'s helpers)."""
from ..numpy._forward import forwarder as _forwarder

__getattr__, __dir__ = _forwarder(
    "numpy_extension.image", "torch2gluon.numpy_extension.image",
    names=("adjust_lighting", "crop", "flip_left_right", "flip_top_bottom", "normalize", "random_brightness",
           "random_color_jitter", "random_contrast", "random_flip_left_right", "random_flip_top_bottom",
           "random_hue", "random_lighting", "random_saturation", "resize", "to_tensor"), namespace=globals())
