"""`mx.contrib.text`: token counting, vocabularies and token embeddings (MXNet 1.9.1's contrib.text)."""
from . import utils
from . import vocab
from . import embedding

__all__ = ["utils", "vocab", "embedding"]
