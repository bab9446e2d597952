"""Gradients of integer/bool operands of mx.np's binary operators across dtypes, as MXNet 1.9.1 gives them.

MXNet's mixed-dtype kernels (an integer or bool array with a float array) compute the float operand's gradient
only: the integer operand receives nothing (its gradient buffer keeps zeros, or its value under grad_req='add').
The backward of `true_divide` with an integer operand (array or scalar), and of add/multiply/power between two
integer arrays of different dtypes, fails with MXNetError when it runs. torch would differentiate all of these
through the integer variables' float shadows (`_int_grad`), so the callers route such operands through here.
"""
import torch

from . import _int_grad
from ..base import MXNetError

_C_NAMES = {torch.int32: "int", torch.int8: "char", torch.int64: "long long", torch.uint8: "unsigned char",
            torch.bool: "bool", torch.float16: "half", torch.float32: "float", torch.float64: "double"}
_KERNELS = {"add": "broadcast_add", "multiply": "broadcast_mul", "power": "broadcast_power"}


def _grad_shadow(t):
    """The differentiable float shadow of integer/bool tensor `t`, or None."""
    if t.is_floating_point() or not t.__dict__ or not _int_grad.active():
        return None
    s = _int_grad.shadow_of(t)
    return s if s is not None and s.requires_grad else None


def cast_mixed(t, cd):
    """Integer/bool tensor `t` cast to float dtype `cd` for an operator whose other operand is a float array:
    the same values, with a zero gradient for `t` (MXNet's mixed kernels leave the integer side alone)."""
    s = _grad_shadow(t)
    if s is None:
        return t.to(cd)
    return _int_grad.zero_link(t.detach().to(cd), s)


class _FailBackward(torch.autograd.Function):  # pylint: disable=abstract-method
    """Identity whose backward raises MXNetError(msg): a gradient MXNet's kernels refuse to compute."""

    @staticmethod
    def forward(ctx, t, msg):  # pylint: disable=arguments-differ
        ctx.msg = msg
        return t.view_as(t)

    @staticmethod
    def backward(ctx, g):  # pylint: disable=arguments-differ
        raise MXNetError(ctx.msg)


def refuse_backward(r, name, ins):
    """Result `r` of binary operator `name` on tensors `ins` (the operands as given): unchanged, except when an
    integer operand is a differentiable variable and MXNet's backward of that call fails (a bool operand; true_divide
    of integers only; add/multiply/power of integers of two dtypes): then `r` raises MXNetError when backward
    reaches it."""
    if not any(_grad_shadow(t) is not None for t in ins):
        return r
    graph = r if r.is_floating_point() else _int_grad.shadow_of(r)
    if graph is None or not graph.requires_grad:
        return r
    if any(t.is_floating_point() for t in ins):
        return r  # a mixed call: its integer operands were cast by `cast_mixed`
    if any(t.dtype is torch.bool and _grad_shadow(t) is not None for t in ins):
        msg = f"Unknown type enum 7 (the backward of {name} does not take a bool input)"
    elif name in ("true_divide", "divide"):
        dt = next(t.dtype for t in ins if _grad_shadow(t) is not None)
        msg = ("Check failed: mshadow::DataType<DType>::kFlag == type_flag_: TBlob.get_with_shape: data type "
               f"do not match specified type.Expected: float v.s. given {_C_NAMES[dt]} (the backward of "
               f"{name} does not take an integer input)")
    elif name in _KERNELS and len(ins) == 2 and ins[0].dtype is not ins[1].dtype:
        msg = (f"Operator _backward_npi_{_KERNELS[name]} does not support combination of "
               f"{_C_NAMES[ins[0].dtype]} with {_C_NAMES[ins[1].dtype]} yet...")
    else:
        return r
    return _fail(r, graph, msg)


def _fail(r, graph, msg):
    """`r` (or, for an integer/bool `r`, its shadow `graph`) made to raise MXNetError(msg) in backward."""
    if graph is r:
        return _FailBackward.apply(r, msg)
    _int_grad.set_shadow(r, _FailBackward.apply(graph, msg))
    return r


def refuse_bool_reduce(r, t):
    """Result `r` of a sum/mean of tensor `t`: raises MXNetError in backward when `t` is a bool variable (MXNet's
    reduce kernels refuse a bool input's gradient)."""
    if t.dtype is not torch.bool or _grad_shadow(t) is None:
        return r
    graph = r if r.is_floating_point() else _int_grad.shadow_of(r)
    if graph is None or not graph.requires_grad:
        return r
    return _fail(r, graph, "Check failed: outputs[0].type_flag_ != kBool (7 vs. 7) : reduce operators do not "
                           "support gradient calculation for input tensors of boolean type.")


def refuse_shadow(r, msg):
    """Integer/bool result `r` of an operator whose backward MXNet refuses: when it carries an integer variable's
    graph (its float shadow), that graph raises MXNetError(msg) in backward; otherwise `r` is returned as is."""
    graph = _int_grad.shadow_of(r) if r.__dict__ and _int_grad.active() else None
    if graph is None or not graph.requires_grad:
        return r
    return _fail(r, graph, msg)
