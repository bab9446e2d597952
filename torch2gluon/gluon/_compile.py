"""How a hybridized HybridBlock runs: its forward compiled with `torch.compile`, or eagerly where that pays.

`hybridize()` in MXNet builds a graph at the first call and replays it. Here the first call always runs
eagerly (it finishes deferred initialization and shape inference); later calls go through
`torch.compile` when compilation is on for the block. torch.compile traces the block's own eager forward
(the same operator implementations, so results match the non-hybridized run), guards on input shapes,
dtypes, devices and the autograd/training flags, and keeps one compiled graph per input signature.

Which backend compiles, by precedence:

* `hybridize(backend=NAME)`: any `torch.compile` backend (`'inductor'`, `'aot_eager'`, `'eager'`,
  `'cudagraphs'`, ...); `backend_opts` is passed to torch.compile as `options` (or `mode` under the key
  `'mode'`, `dynamic`/`fullgraph` likewise). MXNet's own subgraph backends (MKLDNN, TensorRT, ...) are refused.
* the environment variable `TORCH2GLUON_HYBRIDIZE`: `auto` (default), `inductor` (or any backend name:
  compile everywhere with it) or `off` (never compile; hybridize is then only a flag).
* `auto`: inductor for blocks whose inputs are on CUDA (with `mode='reduce-overhead'`, i.e. CUDA graphs,
  when `static_alloc=True` and `static_shape=True`); eager on CPU, where compiling did not pay in our
  measurements (bench/README.md): dynamo's per-call guards cost as much as it saves on small nets and
  inductor's C++ compile takes tens of seconds on few cores.

A block that cannot be compiled falls back loudly: a `UserWarning` naming the block and the reason, then
eager runs. Code that dynamo must split (graph breaks) still runs, compiled in pieces, after a warning
naming the first break.
"""
import os
import types
import warnings

import torch

from ..ndarray.ndarray import NDArray, wrap

_MXNET_BACKENDS = ("MKLDNN", "MKLDNN_QUANTIZE", "ONEDNN", "ONEDNN_QUANTIZE", "TensorRT", "TENSORRT",
                   "ONNX", "myProp", "default")
_ENV = "TORCH2GLUON_HYBRIDIZE"
_COMPILE_KEYS = ("mode", "dynamic", "fullgraph")


def is_compiling():
    """Whether torch.compile is tracing right now (then a nested hybridized block runs inline)."""
    return torch.compiler.is_compiling()


def _known_backends():
    """torch.compile backend names (including the ones list_backends hides by default)."""
    import torch._dynamo
    try:
        return set(torch._dynamo.list_backends(exclude_tags=()))
    except TypeError:  # older signature
        return set(torch._dynamo.list_backends())


def check_backend(backend, backend_opts):
    """Validate hybridize's `backend` and its options; MXNet backends, unknown names and options that the
    backend would ignore raise."""
    if backend is None:
        return
    if not isinstance(backend, str) and not callable(backend):
        raise TypeError(f"HybridBlock.hybridize: backend must be a string, got {type(backend).__name__}")
    if isinstance(backend, str) and backend not in _known_backends():
        if backend in _MXNET_BACKENDS:
            raise NotImplementedError(
                f"HybridBlock.hybridize: argument 'backend'={backend!r} is an MXNet subgraph backend; "
                "torch2gluon compiles with torch.compile backends (e.g. 'inductor', 'aot_eager')")
        raise ValueError(f"HybridBlock.hybridize: unknown backend {backend!r}; torch.compile backends are "
                         f"{sorted(_known_backends())}")
    extra = sorted(k for k in (backend_opts or {}) if k not in _COMPILE_KEYS)
    if extra and backend != "inductor":  # only inductor reads `options`; others would drop them silently
        raise NotImplementedError(f"HybridBlock.hybridize: backend {backend!r} takes no options; got {extra} "
                                  f"(only {list(_COMPILE_KEYS)} apply to it)")


def _env_backend():
    v = os.environ.get(_ENV, "auto").strip() or "auto"
    if v in ("auto", "off"):
        return v
    if v not in _known_backends():
        raise ValueError(f"{_ENV}={v!r}: expected 'auto', 'off' or a torch.compile backend name")
    return v


def _to_tensors(x):
    if isinstance(x, NDArray):
        return x._t
    if isinstance(x, (list, tuple)):
        return type(x)(_to_tensors(v) for v in x)
    return x


def _to_arrays(x, ctx):
    if isinstance(x, torch.Tensor):
        a = wrap(x)
        a._ctx = ctx
        return a
    if isinstance(x, (list, tuple)):
        return type(x)(_to_arrays(v, ctx) for v in x)
    return x


class Compiler:
    """The compiled forward of one hybridized HybridBlock (built lazily, once per block)."""

    def __init__(self, block, backend, backend_opts, static_alloc, static_shape):
        self.block = block
        self.backend = backend
        self.opts = dict(backend_opts or {})
        self.static = bool(static_alloc) and bool(static_shape)
        self.calls = 0
        self.failures = 0
        self.fn = None
        self.disabled = False

    def _choose(self, device):
        """(backend, torch.compile kwargs) for inputs on `device`, or None to run eagerly."""
        if self.backend is not None:
            backend = self.backend
        else:
            backend = _env_backend()
            if backend == "off":
                return None
            if backend == "auto":
                if device.type != "cuda":
                    return None
                backend = "inductor"
        kwargs = {k: self.opts[k] for k in _COMPILE_KEYS if k in self.opts}
        options = {k: v for k, v in self.opts.items() if k not in _COMPILE_KEYS}
        if backend == "inductor":
            import torch._inductor
            mode = kwargs.pop("mode", None)
            if mode is None and device.type == "cuda" and self.static:
                mode = "reduce-overhead"  # CUDA graphs: MXNet's static_alloc + static_shape
            # torch.compile takes a mode or options, not both: spell the mode out as its options
            options = {**(torch._inductor.list_mode_options(mode) if mode else {}), **options}
            if self.static:
                kwargs.setdefault("dynamic", False)
            # random operators draw from torch's generator as in eager mode, so results match
            options.setdefault("fallback_random", True)
        if options:
            kwargs["options"] = options
        return backend, kwargs

    def _build(self, device):
        choice = self._choose(device)
        if choice is None:
            self.disabled = True
            return
        backend, kwargs = choice
        block = self.block

        def body(tensors, ctx):
            out = block._eager_forward(*_to_arrays(tensors, ctx))
            return _to_tensors(out)

        # dynamo caches compiled graphs per code object: give each block its own, so blocks do not share
        # (and exhaust) one recompile budget
        name = f"{type(block).__name__}_forward"
        body = types.FunctionType(body.__code__.replace(co_name=name), body.__globals__, name, None,
                                  body.__closure__)
        self._body, self._backend_used = body, backend
        self._whole = "fullgraph" not in kwargs  # try one graph first; a break is then reported, not hidden
        if self._whole:
            kwargs["fullgraph"] = True
        self._kwargs = kwargs
        self.fn = torch.compile(body, backend=backend, **kwargs)

    def __call__(self, args):
        """Outputs of the block for `args` (NDArrays or lists of them), or None to run eagerly."""
        if self.disabled:
            return None
        self.calls += 1
        if self.calls == 1:  # the first call runs eagerly: deferred init and shape inference happen there
            return None
        x = args[0]
        if self.fn is None:
            self._build(x._t.device)
            if self.fn is None:
                return None
        import torch._dynamo.exc as dexc
        tensors = _to_tensors(args)
        try:
            out = self.fn(tensors, x._ctx)
        except dexc.Unsupported as e:
            if not self._whole or _raised_by_user_code(e):
                return self._fallback(args, e)
            # one graph is impossible (a graph break): say why, then compile the pieces
            warnings.warn(f"hybridize: {self._what()} does not compile to one graph ({_reason(e)}); "
                          "torch.compile runs it in pieces", stacklevel=4)
            self._whole = False
            self._kwargs["fullgraph"] = False
            self.fn = torch.compile(self._body, backend=self._backend_used, **self._kwargs)
            try:
                out = self.fn(tensors, x._ctx)
            except (dexc.TorchDynamoException, dexc.FailOnRecompileLimitHit) as e2:
                return self._fallback(args, e2)
        except (dexc.TorchDynamoException, dexc.FailOnRecompileLimitHit) as e:
            return self._fallback(args, e)
        self.failures = 0
        return _to_arrays(out, x._ctx)

    def _what(self):
        return f"{self.block.name} ({type(self.block).__name__})"

    def _fallback(self, args, err):
        """Run this call eagerly after a failed compile; a second failure in a row ends compilation."""
        # Tracing ran on fake tensors and applied no side effects, so the eager run is the only run.
        # An error in the user's own computation is raised here, exactly as without hybridize.
        out = self.block._eager_forward(*args)
        self.failures += 1  # a one-off (e.g. a new child still deferring its init) compiles next time
        if self.failures >= 2:
            self.disabled = True
            self.fn = None
            warnings.warn(f"hybridize: {self._what()} could not be compiled with torch.compile "
                          f"({_reason(err)}); it runs eagerly from now on", stacklevel=5)
        return out


def _raised_by_user_code(err):
    """Whether dynamo stopped because the traced code itself raised (not a tracing limitation)."""
    return "Observed exception" in str(err)


def _reason(err):
    """The first informative line of a torch.compile error (with the next one when it ends in ':')."""
    lines = [ln.strip() for ln in str(err).strip().splitlines() if ln.strip()]
    if not lines:
        return type(err).__name__
    if lines[0].endswith(":") and len(lines) > 1:
        return f"{lines[0]} {lines[1]}"
    return lines[0]
