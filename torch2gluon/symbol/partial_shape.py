"""Unknown (0) dimensions in symbol graphs, filled from the shapes their consumers need, as MXNet does.

In MXNet's symbolic API a 0 in a shape means "unknown": `sym.zeros((0, N))` begin states of RNN cells,
`(L, 0, H)` states of the fused `RNN` layers, and parameter variables whose `__shape__` is only partly
known (`(4H, 0)`) get their full shape from MXNet's two-way shape inference over the graph.

torch2gluon evaluates graphs forward (graph_exec.run_graph), so a value with unknown dimensions is a `Lazy`:
its shape is a tuple of ints and `a * v + b` terms over unknown sizes `v` (`_Dim`), and it is computed once
every size it depends on is known. Sizes become known where MXNet's operators tie shapes together
(`bind_rule`): the same-shape elementwise operators (`elemwise_add`, `_grad_add`, `add_n`, `where`...),
`Concat` off its axis, and `RNN` (states and flat parameter vector from the data and the attributes).
Operators in between (FullyConnected, Convolution, activations, Reshape, SliceChannel, `_rnn_param_concat`...)
pass unknown sizes on: output shapes are measured on zero inputs, once with every unknown at a base probe
size and once per unknown changed alone, each output dimension being linear in at most one unknown.
Reductions, dot/batch_dot (MXNet infers forward only through them) and dimensions moving with several
unknowns get new unknowns, which a consumer may size while the value still needs the inputs' ones.
A value whose sizes nothing decides raises `ShapeUnknown` (MXNet: shape inference fails); in partial
inference (`infer_shape_partial`) it shows as 0s, and arrays of unknown rank as `UNKNOWN` (shape ()).
As in MXNet, broadcast operators decide nothing and `where` needs a known condition.
"""
from fractions import Fraction

import torch

from ..base import MXNetError

_PROBES = (2, 3)  # small: probes run the operators on zero arrays of these sizes
_CHECK = 5  # a third size, to confirm dimensions that are not simply the unknown itself


class ShapeUnknown(MXNetError):
    """A shape in the graph cannot be decided from the given inputs (MXNet's failed shape inference)."""


class _Dim:
    """One unknown dimension size; sizes found equal are linked (union-find)."""

    __slots__ = ("value", "link")

    def __init__(self):
        self.value = None
        self.link = None

    def root(self):
        d = self
        while d.link is not None:
            d = d.link
        return d


def _term_value(term):
    d, a, b = term
    r = d.root()
    return None if r.value is None else a * r.value + b


def _unify_int(term, size, where):
    d, a, b = term
    r = d.root()
    if r.value is not None:
        if a * r.value + b != size:
            raise MXNetError(f"{where}: inconsistent shapes, dimension {a * r.value + b} vs {size}")
        return
    v = (Fraction(size) - b) / a
    if v.denominator != 1 or v < 1:
        raise MXNetError(f"{where}: no size of the unknown dimension gives {size}")
    r.value = int(v)


def unify(x, y, where):
    """Make dimension `x` equal `y` (each an int or an (unknown, a, b) term), deciding unknowns."""
    if isinstance(x, int) and isinstance(y, int):
        if x != y:
            raise MXNetError(f"{where}: inconsistent shapes, dimension {x} vs {y}")
        return
    if isinstance(x, int):
        x, y = y, x
    yv = y if isinstance(y, int) else _term_value(y)
    if yv is not None:
        _unify_int(x, int(yv), where)
        return
    xv = _term_value(x)
    if xv is not None:
        _unify_int(y, int(xv), where)
        return
    rx, ry = x[0].root(), y[0].root()
    if rx is not ry and x[1:] == y[1:]:
        ry.link = rx  # a*u+b == a*w+b: the same unknown


class Lazy:
    """A graph value with unknown dimensions, computed by `make(full_shape)` once they are all known."""

    __slots__ = ("dims", "dtype", "deps", "_make", "_value")

    def __init__(self, dims, dtype, deps, make):
        self.dims = tuple(dims)
        self.dtype = dtype
        self.deps = deps  # the unknowns this value depends on (even if its own shape does not show them)
        self._make = make
        self._value = None

    @property
    def shape(self):
        """The shape with 0 where a size is still unknown (MXNet's partial-shape convention)."""
        out = []
        for d in self.dims:
            v = d if isinstance(d, int) else _term_value(d)
            out.append(0 if v is None else int(v))
        return tuple(out)

    def unknowns(self):
        """The roots of the still-unknown sizes this value needs."""
        roots = {}
        for d in self.deps:
            r = d.root()
            if r.value is None:
                roots[id(r)] = r
        return list(roots.values())

    def value(self, where="symbol graph"):
        """The computed NDArray (ShapeUnknown if some size is still undecided)."""
        if self._value is None:
            if self.unknowns():
                raise ShapeUnknown(f"{where}: cannot infer the shape of a value with unknown (0) dimensions "
                                   f"{self.shape}; give the input shapes that decide it")
            shape = self.shape
            val = self._make(shape)
            if tuple(val.shape) != shape:
                raise MXNetError(f"{where}: computed shape {tuple(val.shape)} differs from the inferred {shape}")
            self._value = val
        return self._value

    def probe(self, sizes, default):
        """Zeros of this value's shape, unknown sizes set from `sizes` (root id -> size) or `default`."""
        from .. import ndarray as nd
        shape = []
        for d in self.dims:
            if isinstance(d, int):
                shape.append(d)
                continue
            v = _term_value(d)
            if v is None:
                v = d[1] * sizes.get(id(d[0].root()), default) + d[2]
            shape.append(int(v))
        return nd.zeros(tuple(shape), dtype=self.dtype)


class Unknown:
    """A value of which nothing is known, not even the rank (partial shape inference only)."""

    shape = ()
    dtype = None


UNKNOWN = Unknown()


def lazy_source(shape, dtype, make):
    """A Lazy for a source (creation op or variable) of `shape`, whose 0 entries are unknown sizes."""
    dims, deps = [], []
    for s in shape:
        if int(s) == 0:
            d = _Dim()
            deps.append(d)
            dims.append((d, Fraction(1), Fraction(0)))
        else:
            dims.append(int(s))
    return Lazy(dims, dtype, deps, make)


def has_unknown(shape):
    """True for a shape tuple with a 0 (unknown) entry and at least one dimension."""
    return isinstance(shape, (tuple, list)) and len(shape) > 0 and any(int(s) == 0 for s in shape)


def _dims(a):
    return a.dims if isinstance(a, Lazy) else tuple(int(s) for s in a.shape)


# Operators whose inputs and output all have one shape (MXNet's ElemwiseShape): one decides the others.
SAME_SHAPE = frozenset((
    "elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div", "_grad_add", "add_n", "ElementWiseSum",
    "_plus", "_Plus", "_add", "_minus", "_Minus", "_sub", "_mul", "_Mul", "_div", "_Div", "_power", "_Power",
    "_maximum", "_Maximum", "_minimum", "_Minimum", "_mod", "_hypot", "_equal", "_not_equal", "_greater",
    "_greater_equal", "_lesser", "_lesser_equal", "_logical_and", "_logical_or", "_logical_xor", "where",
))


def unknown_inputs(node, args):
    """Outputs of `node` when some inputs are UNKNOWN: same-shape operators still know their output shape
    from another input (the value stays uncomputable); anything else knows nothing."""
    known = [a for a in args if not isinstance(a, Unknown)]
    if node.op in SAME_SHAPE and known:
        like = known[0]
        dims = like.dims if isinstance(like, Lazy) else tuple(int(d) for d in like.shape)
        return [Lazy(dims, like.dtype, [_Dim()], None)]
    return [UNKNOWN] * node.num_outputs


def _bind_same(node, args, kwargs):
    ndim = len(_dims(args[0]))
    group = [_dims(a) for a in args if len(_dims(a)) == ndim]
    for dims in group[1:]:
        for x, y in zip(group[0], dims):
            unify(x, y, node.name)


def _bind_concat(node, args, kwargs):
    dims = [_dims(a) for a in args]
    ndim = len(dims[0])
    if any(len(d) != ndim for d in dims):
        return
    axis = int(kwargs.get("dim", 1)) % ndim
    for other in dims[1:]:
        for k in range(ndim):
            if k != axis:
                unify(dims[0][k], other[k], node.name)


def _bind_rnn(node, args, kwargs):
    from ..ndarray.ops_rnn import rnn_param_size
    data = args[0]
    ddims = _dims(data)
    if len(ddims) != 3:
        return
    mode = kwargs["mode"]
    h, layers = int(kwargs["state_size"]), int(kwargs["num_layers"])
    bidir = kwargs.get("bidirectional", False) in (True, "True", "true", "1", 1)
    proj = kwargs.get("projection_size")
    proj = int(proj) if proj not in (None, "None") else None
    lead = (layers * (2 if bidir else 1), ddims[1])
    want = [None, None, lead + (proj or h,)]
    if mode == "lstm":
        want.append(lead + (h,))
    if kwargs.get("use_sequence_length", False) in (True, "True", "true", "1", 1):
        want.append((ddims[1],))
    for a, shape in zip(args[2:], want[2:]):
        for x, y in zip(_dims(a), shape):
            unify(x, y, node.name)
    c = _term_value(ddims[2]) if not isinstance(ddims[2], int) else ddims[2]
    if c is not None and len(args) > 1 and len(_dims(args[1])) == 1:
        unify(_dims(args[1])[0], rnn_param_size(mode, layers, int(c), h, bidir, proj), node.name)


# Operators whose MXNet shape functions need fully known inputs: unknown sizes stop there (inference fails).
OPAQUE = frozenset(("sum", "mean", "prod", "max", "min", "nansum", "nanprod", "norm", "sum_axis", "max_axis",
                    "min_axis", "argmax", "argmin", "argmax_channel", "dot", "batch_dot", "topk", "sort",
                    "argsort"))

def _bind_param_concat(node, args, kwargs):
    # MXNet's `_rnn_param_concat` splits the unknown part of its output evenly between the unknown inputs
    # (the i2h weights of both directions of the first layer): they are one size
    unknown = [_dims(a)[0] for a in args if isinstance(a, Lazy) and len(a.dims) == 1
               and not isinstance(a.dims[0], int) and _term_value(a.dims[0]) is None]
    for other in unknown[1:]:
        unify(unknown[0], other, node.name)


def _bind_fc(node, args, kwargs):
    # MXNet's FullyConnected shape function: weight (num_hidden, in_units) and bias (num_hidden,) from the
    # data, so a weight computed from unknown-size values (weight + noise * std) gets its sizes
    if len(args) < 2 or not isinstance(args[1], Lazy):
        return
    data = [d if isinstance(d, int) else _term_value(d) for d in _dims(args[0])]
    if not data or any(d is None for d in data):
        return
    flatten = kwargs.get("flatten", True) not in (False, "False", "false", "0", 0)
    in_units = 1
    for d in (data[1:] if flatten else data[-1:]):
        in_units *= int(d)
    num_hidden = int(kwargs["num_hidden"])
    wdims = _dims(args[1])
    if len(wdims) == 2:
        unify(wdims[0], num_hidden, node.name)
        unify(wdims[1], in_units, node.name)
    if len(args) > 2 and isinstance(args[2], Lazy) and len(_dims(args[2])) == 1:
        unify(_dims(args[2])[0], num_hidden, node.name)


def _bind_conv(node, args, kwargs):
    # Convolution/Deconvolution shape functions: weight (num_filter, C/g, *kernel) (Deconvolution:
    # (C, num_filter/g, *kernel)), channel-last layouts keep the weight channel-last; bias (num_filter,)
    if len(args) < 2 or not isinstance(args[1], Lazy):
        return
    data = [d if isinstance(d, int) else _term_value(d) for d in _dims(args[0])]
    kernel = kwargs.get("kernel")
    if not data or any(d is None for d in data) or kernel is None:
        return
    kernel = tuple(int(k) for k in (kernel if isinstance(kernel, (tuple, list)) else
                                    str(kernel).strip("()[] ").replace(",", " ").split()))
    layout = str(kwargs.get("layout") or "None")
    c_axis = len(data) - 1 if layout not in ("None", "") and layout.endswith("C") else 1
    c, f, g = int(data[c_axis]), int(kwargs["num_filter"]), int(kwargs.get("num_group", 1) or 1)
    lead = (f, c // g) if node.op == "Convolution" else (c, f // g)
    want = (lead[0],) + kernel + (lead[1],) if c_axis != 1 else lead + kernel
    wdims = _dims(args[1])
    if len(wdims) == len(want):
        for x, y in zip(wdims, want):
            unify(x, y, node.name)
    if len(args) > 2 and isinstance(args[2], Lazy) and len(_dims(args[2])) == 1:
        unify(_dims(args[2])[0], f, node.name)


BIND_RULES = {"Concat": _bind_concat, "concat": _bind_concat, "RNN": _bind_rnn,
              "_rnn_param_concat": _bind_param_concat, "FullyConnected": _bind_fc,
              "Convolution": _bind_conv, "Deconvolution": _bind_conv}
BIND_RULES.update({op: _bind_same for op in SAME_SHAPE})


def _roots(args):
    roots = {}
    for a in args:
        if isinstance(a, Lazy):
            for r in a.unknowns():
                roots[id(r)] = r
    return list(roots.values())


def evaluate(node, fn, kwargs, args):
    """Outputs of `node` when some of `args` are Lazy: a list of NDArrays, or of Lazy values.

    Output dimensions are measured on zero inputs: once with every unknown size at a base probe, then with
    each unknown changed alone; a dimension that moves with exactly one unknown is linear in it. Operators
    MXNet cannot infer backwards through (OPAQUE), dimensions moving with several unknowns, and operators
    whose probes fail when the unknowns differ, give new unknowns that still need the inputs' ones.
    """
    rule = BIND_RULES.get(node.op)
    if rule is not None:
        rule(node, args, kwargs)
    roots = _roots(args)
    if not roots:
        return fn(*[a.value(node.name) if isinstance(a, Lazy) else a for a in args], **kwargs)
    if node.op.startswith("broadcast_") or (node.op == "where" and isinstance(args[0], Lazy)
                                            and args[0].unknowns()):
        raise ShapeUnknown(f"{node.name}: {node.op} cannot infer shapes from inputs with unknown (0) dimensions "
                           f"({[a.shape for a in args if isinstance(a, Lazy)]})")
    if node.op == "slice_axis" and isinstance(args[0], Lazy):
        sliced = _slice_unknown_axis(node, fn, kwargs, args)
        if sliced is not None:
            return sliced
    p0, p1 = _PROBES
    base = _as_list(_probe_run(node, fn, kwargs, args, {}, p0))
    per = None
    if node.op not in OPAQUE:
        try:
            per = [_as_list(_probe_run(node, fn, kwargs, args, {id(r): p1}, p0)) for r in roots]
        except ShapeUnknown:
            per = None
    if per is None:
        moved = _as_list(_probe_run(node, fn, kwargs, args, {}, p1))
    cache = []

    def run_once():
        if not cache:
            cache.append(_as_list(fn(*[a.value(node.name) if isinstance(a, Lazy) else a for a in args],
                                     **kwargs)))
        return cache[0]

    result, checks = [], {}
    for i, o0 in enumerate(base):
        dims, deps = [], list(roots)
        for k, d0 in enumerate(o0.shape):
            d0 = int(d0)
            if per is not None:
                if any(len(p[i].shape) != len(o0.shape) for p in per):
                    raise ShapeUnknown(f"{node.name}: output rank of {node.op} depends on an unknown dimension")
                changed = [(r, int(p[i].shape[k])) for r, p in zip(roots, per) if int(p[i].shape[k]) != d0]
            else:
                if len(moved[i].shape) != len(o0.shape):
                    raise ShapeUnknown(f"{node.name}: output rank of {node.op} depends on an unknown dimension")
                changed = [(None, 0)] if int(moved[i].shape[k]) != d0 else []
            if not changed:
                dims.append(d0)
            elif len(changed) == 1 and changed[0][0] is not None and \
                    _linear(node, fn, kwargs, args, i, k, changed[0][0], d0, changed[0][1], checks):
                r, d1 = changed[0]
                a = Fraction(d1 - d0, p1 - p0)
                dims.append((r, a, d0 - a * p0))
            else:  # a size of its own, decided downstream, yet the value still needs the inputs' unknowns
                fresh = _Dim()
                deps.append(fresh)
                dims.append((fresh, Fraction(1), Fraction(0)))
        result.append(Lazy(dims, o0.dtype, deps, lambda shape, i=i: run_once()[i]))
    return result


def _slice_unknown_axis(node, fn, kwargs, args):
    """slice_axis along an axis of unknown size: as in MXNet the output size there stays unknown (decided
    downstream, if at all); the other axes pass through. None when the sliced axis is known."""
    data = args[0]
    axis = int(kwargs.get("axis", 0))
    axis = axis + len(data.dims) if axis < 0 else axis
    if not 0 <= axis < len(data.dims):
        return None
    d = data.dims[axis]
    if isinstance(d, int) or _term_value(d) is not None:
        return None
    fresh = _Dim()
    dims = list(data.dims)
    dims[axis] = (fresh, Fraction(1), Fraction(0))
    deps = _roots(args) + [fresh]
    return [Lazy(dims, data.dtype, deps,
                 lambda shape: fn(*[a.value(node.name) if isinstance(a, Lazy) else a for a in args], **kwargs))]


def _linear(node, fn, kwargs, args, i, k, root, d0, d1, checks):
    """Whether output `i` dimension `k` follows a*u+b through the probes (identity needs no third probe;
    strided windows and the like are not linear and get an unknown of their own)."""
    p0, p1 = _PROBES
    if d0 == p0 and d1 == p1:
        return True
    if id(root) not in checks:
        try:
            checks[id(root)] = _as_list(_probe_run(node, fn, kwargs, args, {id(root): _CHECK}, p0))
        except ShapeUnknown:
            checks[id(root)] = None
    out = checks[id(root)]
    if out is None or len(out[i].shape) <= k:
        return False
    a = Fraction(d1 - d0, p1 - p0)
    return a * _CHECK + (d0 - a * p0) == int(out[i].shape[k])


def _as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _probe_run(node, fn, kwargs, args, sizes, default):
    from ..ndarray._state import STATE
    probe = [a.probe(sizes, default) if isinstance(a, Lazy) else a for a in args]
    rec = STATE.recording
    STATE.recording = False
    try:
        with torch.no_grad():
            return fn(*probe, **kwargs)
    except (MXNetError, ValueError, TypeError, RuntimeError, IndexError) as e:
        raise ShapeUnknown(f"{node.name}: cannot infer shapes through {node.op} with unknown (0) dimensions "
                           f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})") from None
    finally:
        STATE.recording = rec
