"""`mxnet.contrib.onnx`: ONNX import/export (not supported)."""
from ..._refused import refusing

_WHY = "MXNet's ONNX converters are not ported"
import_model = refusing("mx.contrib.onnx.import_model", _WHY)
get_model_metadata = refusing("mx.contrib.onnx.get_model_metadata", _WHY)
import_to_gluon = refusing("mx.contrib.onnx.import_to_gluon", _WHY)
export_model = refusing("mx.contrib.onnx.export_model", _WHY)
