"""`mx.image`: image decoding, resizing, cropping, augmenters and ImageIter (HWC uint8 NDArrays, as MXNet)."""
from .image import *  # noqa: F401,F403
from .augment import *  # noqa: F401,F403
from .image_iter import ImageIter  # noqa: F401
from . import image  # noqa: F401
from .rotate import imrotate, random_rotate  # noqa: F401
from . import detection  # noqa: F401
from . import detection as det  # noqa: F401
from .detection import *  # noqa: F401,F403
