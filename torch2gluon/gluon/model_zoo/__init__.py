"""`gluon.model_zoo`: MXNet 1.9.1's predefined vision models and their pretrained-weight store."""
from . import model_store  # noqa: F401
from . import vision  # noqa: F401
