"""Shapes passed backward in shape inference to variables of unknown shape (not even the rank).

MXNet's shape inference runs both ways: an operator that knows the shape one of its inputs must have (a
parameter rule such as FullyConnected's weight, a same-shape elementwise operator whose other input is known)
gives that shape to the input, and shape-preserving operators (MXNet's ElemwiseShape: unary math, Cast,
clip, BlockGrad, `_identity_with_attr_like_rhs`, the `*_scalar` operators...) pass it on to their own inputs.
torch2gluon evaluates graphs forward, so such a variable is UNKNOWN on the first run; `discover_back`
records the shape it must have, and shape inference runs again with it (shape_infer._run).
"""
from .partial_shape import SAME_SHAPE, Lazy, Unknown, _term_value

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


def _undecided(v):
    """True for a value whose shape is not fully known yet (UNKNOWN, or a Lazy with undecided sizes)."""
    return isinstance(v, Unknown) or (isinstance(v, Lazy) and 0 in v.shape)


def _reshape_input(v, shape):
    """The full shape of a Reshape's input `v` (a Lazy with one undecided size) whose output has `shape`:
    the sizes multiply to the same total (MXNet's reshape shape inference backward), or None."""
    if not isinstance(v, Lazy):
        return None
    sizes = [d if isinstance(d, int) else _term_value(d) for d in v.dims]
    missing = [k for k, d in enumerate(sizes) if d is None]
    if len(missing) != 1:
        return None
    known, total = 1, 1
    for d in sizes:
        known *= int(d) if d is not None else 1
    for d in shape:
        total *= int(d)
    if known <= 0 or total % known or 0 in shape:
        return None
    full = [int(d) if d is not None else total // known for d in sizes]
    return tuple(full)


def discover_back(node, index, shape, results, discovered):
    """Record `shape` in `discovered` for the variables of undecided shape that output `index` of `node`
    comes from through shape-preserving operators, and through a Reshape whose input misses one size
    (`results`: node id -> its output values so far)."""
    shape_of = {(id(node), index): tuple(int(d) for d in shape)}
    stack, done = [(node, index)], set()
    while stack:
        cur, i = stack.pop()
        if (id(cur), i) in done:
            continue
        done.add((id(cur), i))
        shape = shape_of[(id(cur), i)]
        if cur.op == "null":
            old = discovered.get(cur.name)
            if _undecided(_value(results, cur, 0)) and (old is None or (0 in old and 0 not in shape)):
                discovered[cur.name] = shape
            continue
        if cur.op in ("Reshape", "reshape") and cur.inputs:  # one undecided input size: from the total
            src, j = cur.inputs[0]
            full = _reshape_input(_value(results, src, j), shape)
            if full is not None:
                shape_of[(id(src), j)] = full
                stack.append((src, j))
            continue
        for slot in same_shape_slots(cur):
            src, j = cur.inputs[slot]
            if _undecided(_value(results, src, j)):
                shape_of[(id(src), j)] = shape
                stack.append((src, j))


def discover_same(node, args, discovered, results):
    """For a same-shape operator with some UNKNOWN inputs and a known one: those inputs' shape (0s where
    the known input's sizes are still unknown) goes back to the variables behind them."""
    slots = list(same_shape_slots(node))
    known = [args[s] for s in slots if s < len(args) and not _undecided(args[s])] or \
        [args[s] for s in slots if s < len(args) and not isinstance(args[s], Unknown)]  # sizes still 0
    if not known:
        return
    shape = tuple(int(d) for d in known[0].shape)
    for s in slots:
        if s < len(args) and _undecided(args[s]):
            src, j = node.inputs[s]
            discover_back(src, j, shape, results, discovered)
