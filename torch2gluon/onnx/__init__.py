"""`mxnet.onnx`: ONNX export (not supported; `HybridBlock.export` writes MXNet's symbol/params pair and a
TorchScript program, and torch.onnx can export `to_torch()` models)."""
from .._refused import refusing

_WHY = "MXNet's ONNX converter is not ported; export with HybridBlock.export or torch.onnx"
export_model = refusing("mx.onnx.export_model", _WHY)
get_operator_support = refusing("mx.onnx.get_operator_support", _WHY)
