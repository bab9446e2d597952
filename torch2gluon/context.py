"""Device contexts: `mx.cpu()`, `mx.gpu(i)`, `Context`, `num_gpus`, `current_context`."""
import threading

import torch

from .base import MXNetError

__all__ = ["Context", "cpu", "gpu", "cpu_pinned", "num_gpus", "current_context", "gpu_memory_info"]


class _DefaultCtx:
    """`Context.default_ctx`: MXNet's deprecated class property for the current default context."""

    def __get__(self, obj, owner):
        import warnings
        warnings.warn("Context.default_ctx has been deprecated. Please use Context.current_context() instead. "
                      "Please use test_utils.set_default_context to set a default context", DeprecationWarning)
        return current_context()


class _ContextMeta(type):
    def __setattr__(cls, name, value):
        if name == "default_ctx":  # MXNet's setter: replaces this thread's default context
            import warnings
            warnings.warn("Context.default_ctx has been deprecated. Please use Context.current_context() "
                          "instead. Please use test_utils.set_default_context to set a default context",
                          DeprecationWarning)
            cls._default.value = value
            return
        super().__setattr__(name, value)


class Context(metaclass=_ContextMeta):
    """A device: MXNet's `Context(device_type, device_id)`, backed by a `torch.device`."""
    devtype2str = {1: "cpu", 2: "gpu", 3: "cpu_pinned", 5: "cpu_shared"}
    devstr2type = {"cpu": 1, "gpu": 2, "cpu_pinned": 3, "cpu_shared": 5}
    _default = threading.local()
    default_ctx = _DefaultCtx()

    __slots__ = ("device_typeid", "device_id", "_torch_device", "_old_ctx")

    def __init__(self, device_type, device_id=0):
        if isinstance(device_type, Context):
            self.device_typeid, self.device_id = device_type.device_typeid, device_type.device_id
        else:
            if device_type not in self.devstr2type:
                raise MXNetError(f"Invalid device type {device_type!r}; expected one of "
                                 f"{list(self.devstr2type)}")
            self.device_typeid = self.devstr2type[device_type]
            self.device_id = int(device_id)
        self._torch_device = None
        self._old_ctx = None

    @property
    def device_type(self):
        """Device type string: 'cpu', 'gpu', 'cpu_pinned' or 'cpu_shared'."""
        return self.devtype2str[self.device_typeid]

    @property
    def torch_device(self):
        """The `torch.device` this context stands for."""
        d = self._torch_device
        if d is None:
            if self.device_typeid == 2:
                _check_gpu(self.device_id)
                d = torch.device("cuda", self.device_id)
            else:
                d = torch.device("cpu")
            self._torch_device = d
        return d

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __eq__(self, other):
        return (isinstance(other, Context) and self.device_typeid == other.device_typeid
                and self.device_id == other.device_id)

    def __str__(self):
        return f"{self.device_type}({self.device_id})"

    __repr__ = __str__

    def __enter__(self):
        self._old_ctx = current_context()
        Context._default.value = self
        return self

    def __exit__(self, *exc):
        Context._default.value = self._old_ctx

    def empty_cache(self):
        """Release cached GPU memory (no-op on CPU)."""
        if self.device_typeid == 2 and torch.cuda.is_available():
            with torch.cuda.device(self.device_id):
                torch.cuda.empty_cache()


def _check_gpu(device_id):
    """MXNetError (as MXNet's storage/ndarray code raises) when gpu(device_id) cannot hold data here."""
    n = num_gpus()
    if n == 0:
        raise MXNetError("GPU is not enabled: no CUDA device is visible to torch")
    if device_id >= n:
        raise MXNetError(f"CUDA: invalid device ordinal: gpu({device_id}) requested, {n} GPU(s) visible")


def cpu(device_id=0):
    """The CPU context."""
    return Context("cpu", device_id)


def cpu_pinned(device_id=0):
    """The pinned-CPU-memory context."""
    return Context("cpu_pinned", device_id)


def gpu(device_id=0):
    """The GPU context `device_id` (a CUDA device in torch)."""
    return Context("gpu", device_id)


def num_gpus():
    """Number of visible GPUs."""
    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def gpu_memory_info(device_id=0):
    """(free, total) bytes of GPU `device_id`."""
    if device_id >= num_gpus():
        raise MXNetError(f"gpu({device_id}) is not available: {num_gpus()} GPU(s) visible")
    return torch.cuda.mem_get_info(device_id)


def current_context():
    """The default context (`cpu(0)` unless inside `with ctx:`)."""
    return getattr(Context._default, "value", None) or _CPU0


_CPU0 = Context("cpu", 0)


def tag_for(ctx):
    """The Context an NDArray must remember explicitly (None when its torch device already says it):
    cpu(k) for k != 0, cpu_pinned and cpu_shared all live on torch's single CPU device."""
    if ctx.device_typeid == 2 or (ctx.device_typeid == 1 and ctx.device_id == 0):
        return None
    return ctx


def op_tag(ctx):
    """The context tag of an operator's output whose first input has tag `ctx`: MXNet does not propagate the
    pinned/shared kinds (cpu_shared(k)/cpu_pinned(k) inputs give cpu(k) outputs); cpu(k) carries."""
    if ctx is not None and ctx.device_typeid in (3, 5):
        return None if ctx.device_id == 0 else Context("cpu", ctx.device_id)
    return ctx


def ctx_of_device(device):
    """The Context for a torch.device."""
    if device.type == "cuda":
        return Context("gpu", device.index or 0)
    return _CPU0
