"""`mx.operator`: python custom operators (`CustomOp`, `CustomOpProp`, `register`) run by `nd.Custom`.

The operator's `forward`/`backward` are called with NDArrays exactly as MXNet calls them; under
`autograd.record()` the pair becomes one node of torch's autograd graph (a `torch.autograd.Function`).
Sparse storage (`infer_storage_type*`) is not supported.
"""
import traceback

import torch

from .base import MXNetError
from .ndarray import register as _register_mod
from .ndarray.ndarray import NDArray, tensor_of, wrap
from .ndarray._state import STATE

__all__ = ["CustomOp", "CustomOpProp", "register", "get_all_registered_operators", "PythonOp", "NumpyOp",
           "NDArrayOp"]

_REGISTRY = {}


class CustomOp:
    """Base class of a custom operator's computation: override `forward` and `backward`."""

    def __init__(self):
        pass

    def forward(self, is_train, req, in_data, out_data, aux):
        """Compute `out_data` from `in_data` (write results with `self.assign`)."""
        raise NotImplementedError("CustomOp.forward must be overridden")

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        """Compute `in_grad` from `out_grad` (write results with `self.assign`)."""
        raise NotImplementedError("CustomOp.backward must be overridden")

    def assign(self, dst, req, src):
        """Write `src` into `dst` according to `req` ('null', 'write', 'inplace' or 'add')."""
        if req == "null":
            return
        if req in ("write", "inplace"):
            dst[:] = src
        elif req == "add":
            dst[:] += src
        else:
            raise MXNetError(f"CustomOp.assign: invalid req {req!r}")


class CustomOpProp:
    """Base class of a custom operator's properties (arguments, outputs, shapes, types, operator factory)."""

    def __init__(self, need_top_grad=True):
        self.need_top_grad_ = need_top_grad

    def infer_shape(self, in_shape):
        """(input shapes, output shapes, aux shapes); by default every output has the first input's shape."""
        return in_shape, (in_shape[0],) * len(self.list_outputs()), ()

    def infer_type(self, in_type):
        """(input types, output types, aux types); by default everything has the first input's type."""
        return in_type, [in_type[0]] * len(self.list_outputs()), [in_type[0]] * len(self.list_auxiliary_states())

    def infer_storage_type(self, in_stype):
        """Only dense ('default') storage exists here."""
        return in_stype, ["default"] * len(self.list_outputs()), ["default"] * len(self.list_auxiliary_states())

    def list_outputs(self):
        """Output names (default ['output'])."""
        return ["output"]

    def list_arguments(self):
        """Input names (default ['data'])."""
        return ["data"]

    def list_auxiliary_states(self):
        """Auxiliary state names (default none)."""
        return []

    def declare_backward_dependency(self, out_grad, in_data, out_data):
        """Which arrays backward needs (kept for API compatibility; everything is kept here)."""
        deps = []
        if self.need_top_grad_:
            deps.extend(out_grad)
        deps.extend(in_data)
        deps.extend(out_data)
        return deps

    def create_operator(self, ctx, in_shapes, in_dtypes):
        """The `CustomOp` instance that computes this operator."""
        raise NotImplementedError("CustomOpProp.create_operator must be overridden")


def register(reg_name):
    """Class decorator registering a `CustomOpProp` subclass under `reg_name` (the `op_type` of nd.Custom)."""
    def deco(prop_cls):
        _REGISTRY[reg_name] = prop_cls
        return prop_cls
    return deco


def custom_input_names(attrs):
    """A Custom node's input names (prop's arguments, then auxiliary states); None for an unregistered op_type."""
    prop_cls = _REGISTRY.get(attrs.get("op_type"))
    if prop_cls is None:
        return None
    prop = prop_cls(**{k: str(v) for k, v in attrs.items() if k != "op_type" and not k.startswith("__")})
    return list(prop.list_arguments()) + list(prop.list_auxiliary_states())


def custom_is_loss(attrs):
    """Whether a Custom node's prop was made with `need_top_grad=False` (a loss: no head gradient needed)."""
    prop_cls = _REGISTRY.get(attrs.get("op_type"))
    if prop_cls is None:
        return False
    prop = prop_cls(**{k: str(v) for k, v in attrs.items() if k != "op_type" and not k.startswith("__")})
    return not getattr(prop, "need_top_grad_", True)


def custom_aux_slots(attrs):
    """Input positions of a Custom node's auxiliary states (after its prop's `list_arguments()`)."""
    prop_cls = _REGISTRY.get(attrs.get("op_type"))
    if prop_cls is None:
        return ()
    prop = prop_cls(**{k: str(v) for k, v in attrs.items() if k != "op_type" and not k.startswith("__")})
    n_args = len(prop.list_arguments())
    return tuple(range(n_args, n_args + len(prop.list_auxiliary_states())))


def check_op_type(attrs):
    """MXNet's check of a Custom node's `op_type` when the node is made or loaded: given and registered."""
    op_type = attrs.get("op_type")
    if op_type is None or op_type == "":
        raise MXNetError("Check failed: !params.op_type.empty(): Required argument `op_type` is missing.")
    if op_type not in _REGISTRY:
        raise MXNetError("Check failed: CustomOperator::Get()->Find(params.op_type) != nullptr: "
                         f"Cannot find custom operator {op_type}")


def custom_output_names(attrs):
    """The output names of a Custom node from its prop's `list_outputs()` (None for an unregistered op_type)."""
    prop_cls = _REGISTRY.get(attrs.get("op_type"))
    if prop_cls is None:
        return None
    return list(prop_cls(**{k: str(v) for k, v in attrs.items()
                            if k != "op_type" and not k.startswith("__")}).list_outputs())


def custom_input_shape(attrs, slot, data_shape):
    """Shape of input `slot` (argument or auxiliary state) of a Custom node from its prop's `infer_shape`,
    given the first input's shape (None when the prop cannot tell)."""
    prop_cls = _REGISTRY.get(attrs.get("op_type"))
    if prop_cls is None:
        return None
    prop = prop_cls(**{k: str(v) for k, v in attrs.items() if k != "op_type" and not k.startswith("__")})
    n_args = len(prop.list_arguments())
    try:
        res = prop.infer_shape([list(data_shape)] + [[] for _ in range(n_args - 1)])
    except Exception:  # pylint: disable=broad-except  (the prop needs the other inputs' shapes)
        return None
    shapes = list(res[0]) + (list(res[2]) if len(res) > 2 else [])
    shape = shapes[slot] if slot < len(shapes) else None
    return tuple(int(d) for d in shape) if shape else None


def get_all_registered_operators():
    """Names of MXNet 1.9.1's registered backend operators (custom op types are not among them, as in MXNet)."""
    from ._op_registry_names import ALL_OP_NAMES  # pylint: disable=import-outside-toplevel
    return list(ALL_OP_NAMES)


def _zeros(shape, dtype, device):
    from .base import torch_dtype
    return wrap(torch.zeros(tuple(shape), dtype=torch_dtype(dtype), device=device))


def _run_user(fn, what, **kwargs):
    """Call a CustomOp's forward/backward; an error in the user's code surfaces as MXNetError, as in MXNet
    (which first prints 'Error in CustomOp.<what>: <traceback>' to stdout)."""
    try:
        fn(**kwargs)
    except Exception as e:  # pylint: disable=broad-except
        print(f"Error in CustomOp.{what}: {traceback.format_exc()}")
        if isinstance(e, MXNetError):
            raise
        raise MXNetError(f"Error in CustomOp.{what}: {type(e).__name__}: {e}") from e


def _prop_call(op_type, what, fn, *args):
    """Call a CustomOpProp method for nd.Custom; an error in it surfaces as MXNetError, as MXNet's C callbacks
    report it (after printing 'Error in <op_type>.<what>: <traceback>')."""
    try:
        return fn(*args)
    except Exception as e:  # pylint: disable=broad-except
        print(f"Error in {op_type}.{what}: {traceback.format_exc()}")
        if isinstance(e, MXNetError):
            raise
        raise MXNetError(f"Error in {op_type}.{what}: {type(e).__name__}: {e}") from e


class _CustomFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, op, n_out, req_in, in_arrays, out_arrays, aux, *inputs):  # pylint: disable=arguments-differ
        ctx.op, ctx.req_in, ctx.aux = op, req_in, aux
        ctx.in_arrays, ctx.out_arrays = in_arrays, out_arrays
        return tuple(o._t.detach().clone() for o in out_arrays)

    @staticmethod
    def backward(ctx, *grads):  # pylint: disable=arguments-differ
        ins = ctx.in_arrays
        in_grad = [wrap(torch.zeros_like(a._t)) for a in ins]
        out_grad = [wrap(g.detach().contiguous()) for g in grads]
        prev = STATE.recording
        STATE.recording = False
        try:
            _run_user(ctx.op.backward, "backward", req=list(ctx.req_in), out_grad=out_grad, in_data=ins,
                      out_data=ctx.out_arrays, in_grad=in_grad, aux=ctx.aux)
        finally:
            STATE.recording = prev
        return (None,) * 6 + tuple(g._t for g in in_grad)


@_register_mod.mxop("Custom")
def Custom(*data, op_type=None, **kwargs):
    """Run the custom operator registered as `op_type` (keyword arguments reach its CustomOpProp as strings)."""
    check_op_type({"op_type": op_type})
    prop = _REGISTRY[op_type](**{k: str(v) for k, v in kwargs.items()})
    args = _prop_call(op_type, "list_arguments", prop.list_arguments)
    _prop_call(op_type, "list_outputs", prop.list_outputs)
    aux_names = _prop_call(op_type, "list_auxiliary_states", prop.list_auxiliary_states)
    if len(data) != len(args) + len(aux_names):
        raise MXNetError(f"Custom {op_type}: expects {len(args)} inputs ({args}) and {len(aux_names)} auxiliary "
                         f"states, got {len(data)} arrays")
    in_arrays = [d if isinstance(d, NDArray) else NDArray(d) for d in data[:len(args)]]
    aux = list(data[len(args):])
    ts = [tensor_of(a) for a in in_arrays]
    # 2- or 3-tuple (old/new API)
    out_shapes = _prop_call(op_type, "infer_shape", prop.infer_shape, [list(a.shape) for a in in_arrays])[1]
    out_types = _prop_call(op_type, "infer_type", prop.infer_type, [a.dtype for a in in_arrays])[1]
    device = ts[0].device if ts else torch.device("cpu")
    ctx = in_arrays[0].context if in_arrays else None
    op = _prop_call(op_type, "create_operator", prop.create_operator, ctx, [a.shape for a in in_arrays],
                    [a.dtype for a in in_arrays])
    outs = [_zeros(s, t, device) for s, t in zip(out_shapes, out_types)]
    detached = [wrap(t.detach()) for t in ts]
    prev = STATE.recording
    STATE.recording = False
    try:
        _run_user(op.forward, "forward", is_train=STATE.training, req=["write"] * len(outs), in_data=detached,
                  out_data=outs, aux=aux)
    finally:
        STATE.recording = prev
    if prev and any(t.requires_grad for t in ts):
        req_in = ["write"] * len(ts)
        res = _CustomFunction.apply(op, len(outs), req_in, detached, outs, aux, *ts)
        outs = [wrap(r) for r in res]
    return outs[0] if len(outs) == 1 else outs


def _export():
    from . import ndarray as _nd
    _nd.Custom = Custom


_export()
from ._python_op import PythonOp, NumpyOp, NDArrayOp  # noqa: E402  (MXNet's deprecated python operators)
