"""`mxnet.rtc`: CUDA kernels compiled at run time from source (not supported)."""
from ._refused import refusing_class

_WHY = "run-time compiled CUDA kernels need MXNet's NVRTC engine; use torch.cuda / Triton kernels via to_torch()"
CudaModule = refusing_class("mx.rtc.CudaModule", _WHY)
CudaKernel = refusing_class("mx.rtc.CudaKernel", _WHY)
