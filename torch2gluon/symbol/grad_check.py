"""Binding a graph with gradients refuses operators that MXNet registers without a gradient (no FGradient).

MXNet builds the backward graph when an executor is bound with some grad_req other than 'null', and fails
there ('Operator batch_take is non-differentiable ...') unless only a zero gradient reaches the operator
(behind BlockGrad / stop_gradient), whichever arguments need gradients."""
from ..base import MXNetError

_STOPS = frozenset(("BlockGrad", "stop_gradient"))


def wants_grad(grad_req):
    """True when `grad_req` (a string, list or dict) asks for some gradient."""
    if isinstance(grad_req, str):
        return grad_req != "null"
    if isinstance(grad_req, dict):
        return any(r != "null" for r in grad_req.values())
    return any(r != "null" for r in grad_req or ())


def check_differentiable(sym):
    """Raise MXNet's MXNetError when the backward graph of `sym` would pass an operator without gradient."""
    from ..ndarray._nondiff import NO_FGRADIENT_OPS
    seen, stack = set(), [node for node, _ in sym._outputs]
    while stack:
        node = stack.pop()
        if id(node) in seen or node.op in _STOPS:
            continue
        seen.add(id(node))
        if node.op in NO_FGRADIENT_OPS:
            raise MXNetError(f"Operator {node.op} is non-differentiable because it didn't register FGradient "
                             "attribute.")
        stack.extend(src for src, _ in node.inputs)
