"""Shapes passed backward in shape inference to variables of unknown shape (not even the rank).

MXNet's shape inference runs both ways: an operator that knows the shape one of its inputs must have (a
parameter rule such as FullyConnected's weight, a same-shape elementwise operator whose other input is known)
gives that shape to the input, and shape-preserving operators (MXNet's ElemwiseShape: unary math, Cast,
clip, BlockGrad, `_identity_with_attr_like_rhs`, the `*_scalar` operators...) pass it on to their own inputs.
torch2gluon evaluates graphs forward, so such a variable is UNKNOWN on the first run; `discover_back`
records the shape it must have, and shape inference runs again with it (shape_infer._run).
"""
from .partial_shape import SAME_SHAPE, Unknown

# Unary operators whose input has their output's shape in MXNet's inference (ElemwiseShape<1, 1>); not
# LeakyReLU, Dropout, softmax, MakeLoss, the norms or the loss layers (MXNet infers those forward only).
_UNARY_SAME = frozenset((
    "abs", "negative", "sign", "round", "rint", "ceil", "floor", "trunc", "fix", "square", "sqrt", "rsqrt",
    "cbrt", "rcbrt", "exp", "expm1", "log", "log10", "log2", "log1p", "sin", "cos", "tan", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "degrees", "radians", "reciprocal",
    "gamma", "gammaln", "erf", "erfinv", "relu", "sigmoid", "softsign", "logical_not", "identity", "_copy",
    "BlockGrad", "stop_gradient", "Cast", "cast", "amp_cast", "clip", "Activation", "log_softmax", "softmin",
    "SoftmaxActivation", "zeros_like", "ones_like", "make_loss", "smooth_l1", "hard_sigmoid", "flip",
    "reverse", "cast_storage", "_contrib_div_sqrt_dim", "_contrib_gradientmultiplier", "_contrib_quadratic",
    "_contrib_round_ste", "_contrib_sign_ste",
))
# Operators all of whose inputs have the output's shape (`where` is not: MXNet needs its condition first).
_ALL_SAME = (SAME_SHAPE - {"where"}) | {"_identity_with_attr_like_rhs"}


def same_shape_slots(node):
    """The input slots of `node` that MXNet's inference gives the node's output shape (maybe none)."""
    op = node.op
    if op in _ALL_SAME:
        return range(len(node.inputs))
    if op in _UNARY_SAME or (op.endswith("_scalar") and not op.startswith("_random")):
        return range(min(1, len(node.inputs)))
    return range(0)


def _value(results, src, i):
    outs = results.get(id(src))
    return outs[i] if outs is not None and i < len(outs) else None


def discover_back(node, index, shape, results, discovered):
    """Record `shape` in `discovered` for the variables of unknown shape that output `index` of `node`
    comes from through shape-preserving operators (`results`: node id -> its output values so far)."""
    shape = tuple(int(d) for d in shape)
    stack, done = [(node, index)], set()
    while stack:
        cur, i = stack.pop()
        if (id(cur), i) in done:
            continue
        done.add((id(cur), i))
        if cur.op == "null":
            old = discovered.get(cur.name)
            if isinstance(_value(results, cur, 0), Unknown) and (old is None or (0 in old and 0 not in shape)):
                discovered[cur.name] = shape
            continue
        for slot in same_shape_slots(cur):
            src, j = cur.inputs[slot]
            if isinstance(_value(results, src, j), Unknown):
                stack.append((src, j))


def discover_same(node, args, discovered, results):
    """For a same-shape operator with some UNKNOWN inputs and a known one: those inputs' shape (0s where
    the known input's sizes are still unknown) goes back to the variables behind them."""
    slots = list(same_shape_slots(node))
    known = [args[s] for s in slots if s < len(args) and not isinstance(args[s], Unknown)]
    if not known:
        return
    shape = tuple(int(d) for d in known[0].shape)
    for s in slots:
        if s < len(args) and isinstance(args[s], Unknown):
            src, j = node.inputs[s]
            discover_back(src, j, shape, results, discovered)
