"""`mx.contrib.amp`: automatic mixed precision; importable, its state reads "not initialised", every entry refuses."""
from .amp import *  # noqa: F401,F403
