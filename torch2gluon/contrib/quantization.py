"""`mxnet.contrib.quantization`: INT8 quantization of models (not supported: MXNet's quantized kernels are
MKLDNN/cuDNN operators with no counterpart here)."""
from .._refused import refusing

_WHY = "INT8 quantized operators (MKLDNN/cuDNN) are not implemented"
quantize_model = refusing("mx.contrib.quantization.quantize_model", _WHY)
quantize_model_mkldnn = refusing("mx.contrib.quantization.quantize_model_mkldnn", _WHY)
quantize_graph = refusing("mx.contrib.quantization.quantize_graph", _WHY)
calib_graph = refusing("mx.contrib.quantization.calib_graph", _WHY)
quantize_net = refusing("mx.contrib.quantization.quantize_net", _WHY)
quantize_net_v2 = refusing("mx.contrib.quantization.quantize_net_v2", _WHY)
combine_histogram = refusing("mx.contrib.quantization.combine_histogram", _WHY)
