"""`npx.image`: `mx.image`'s public names plus the numpy-mode image operators (to_tensor, normalize, resize,
crop, flips, colour jitter, lighting) over the legacy `nd.image` implementations, taking and giving
`mx.np.ndarray`s (MXNet's `mxnet.numpy_extension.image`)."""
from ..image import *  # noqa: F401,F403
from ..ndarray import image as _nd_image  # noqa: F401  (registers the _image_* operators)
from ..ndarray import image_color as _nd_image_color  # noqa: F401
from ..ndarray.register import OPS as _OPS
from ._adapt import npx_op as _npx_op

_IMAGE_OPS = ("to_tensor", "normalize", "resize", "crop", "flip_left_right", "flip_top_bottom",
              "random_flip_left_right", "random_flip_top_bottom", "random_brightness", "random_contrast",
              "random_saturation", "random_hue", "random_color_jitter", "adjust_lighting", "random_lighting")

globals().update({_n: _npx_op(_n, _OPS[f"_image_{_n}"], ("data",), backend=f"_npx__image_{_n}", module=__name__)
                  for _n in _IMAGE_OPS})
