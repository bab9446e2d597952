"""`mx.contrib`: experimental namespaces (`contrib.autograd`, `contrib.text`, contrib operators as `contrib.nd`/`.sym`)."""
from . import autograd, ndarray, symbol, text
from . import io, onnx, quantization, tensorboard
from . import quantization as quant
from . import ndarray as nd
from . import symbol as sym

__all__ = ["autograd", "ndarray", "symbol", "text", "nd", "sym", "io", "onnx", "quantization", "quant",
           "tensorboard"]
