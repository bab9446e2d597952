"""`mx.runtime`: which build features this torch2gluon process has, under MXNet 1.9.1's feature names."""
import collections

import torch

_NAMES = ("CUDA", "CUDNN", "NCCL", "CUDA_RTC", "TENSORRT", "CPU_SSE", "CPU_SSE2", "CPU_SSE3", "CPU_SSE4_1",
          "CPU_SSE4_2", "CPU_SSE4A", "CPU_AVX", "CPU_AVX2", "OPENMP", "SSE", "F16C", "JEMALLOC", "BLAS_OPEN",
          "BLAS_ATLAS", "BLAS_MKL", "BLAS_APPLE", "LAPACK", "MKLDNN", "OPENCV", "CAFFE", "PROFILER",
          "DIST_KVSTORE", "CXX14", "INT64_TENSOR_SIZE", "SIGNAL_HANDLER", "DEBUG", "TVM_OP")


def _enabled():
    """Feature flags read from the torch build (what the torch kernels underneath can actually use)."""
    cuda = torch.cuda.is_available()
    cfg = torch.__config__.show()
    cap = torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else ""
    dist = torch.distributed.is_available()
    return {
        "CUDA": cuda, "CUDNN": cuda and torch.backends.cudnn.is_available(),
        "NCCL": cuda and dist and torch.distributed.is_nccl_available(),
        "CPU_SSE": True, "CPU_SSE2": True, "CPU_SSE3": True, "CPU_SSE4_1": True, "CPU_SSE4_2": True,
        "SSE": True, "CPU_AVX": "AVX" in cap, "CPU_AVX2": "AVX2" in cap or "AVX512" in cap,
        "OPENMP": torch.backends.openmp.is_available(), "BLAS_MKL": torch.backends.mkl.is_available(),
        "BLAS_OPEN": "OpenBLAS" in cfg, "LAPACK": "LAPACK is enabled" in cfg or "USE_LAPACK" in cfg,
        "MKLDNN": torch.backends.mkldnn.is_available(), "PROFILER": True, "DIST_KVSTORE": dist,
        "CXX14": True, "INT64_TENSOR_SIZE": True, "SIGNAL_HANDLER": True,
    }


class Feature:
    """One build feature: `name` and `enabled`, printed as MXNet does ('✔ CUDA' / '✖ CUDA')."""

    def __init__(self, name, enabled):
        self.name = name
        self.enabled = bool(enabled)

    def __repr__(self):
        return ("✔ " if self.enabled else "✖ ") + self.name


def feature_list():
    """All features, in MXNet's order."""
    on = _enabled()
    return [Feature(n, on.get(n, False)) for n in _NAMES]


class Features(collections.OrderedDict):
    """Ordered map of feature name to `Feature` (a process-wide singleton, as in MXNet)."""
    instance = None

    def __new__(cls):
        if cls.instance is None:
            cls.instance = super().__new__(cls)
            super(Features, cls.instance).__init__([(f.name, f) for f in feature_list()])
        return cls.instance

    def __init__(self):  # the singleton is filled once in __new__
        pass

    def __repr__(self):
        return str(list(self.values()))

    def is_enabled(self, feature_name):
        """Whether `feature_name` (case-insensitive) is enabled; RuntimeError for an unknown name."""
        name = feature_name.upper()
        if name not in self:
            raise RuntimeError(f"Feature '{name}' is unknown, known features are: {list(self.keys())}")
        return self[name].enabled
