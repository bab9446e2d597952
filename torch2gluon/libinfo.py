"""`mxnet.libinfo`: the MXNet version this package implements; there is no libmxnet to locate."""
from ._refused import refusing

__version__ = "1.9.1"

_WHY = "there is no MXNet shared library or C++ headers (operators run on PyTorch)"
find_lib_path = refusing("mx.libinfo.find_lib_path", _WHY)
find_include_path = refusing("mx.libinfo.find_include_path", _WHY)
find_conf_path = refusing("mx.libinfo.find_conf_path", _WHY)
