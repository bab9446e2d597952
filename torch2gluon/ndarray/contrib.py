"""`mx.nd.contrib`: contrib operators (every `_contrib_X` in the registry is `contrib.X`), the imperative
control-flow helpers `foreach`/`while_loop`/`cond`, `isnan`/`isinf`/`isfinite` and `rand_zipfian`."""
import math

import torch

from . import ops_contrib, ops_detection, ops_quantize, _contrib_dgl  # noqa: F401  (register the _contrib_* operators)
from .ndarray import NDArray, tensor_of, wrap
from . import _cf_names
from ._bool_inputs import bool_error
from ._nondiff import zero_grad_op
from .register import OPS
from .refused import refused_in
from .random import uniform  # noqa: F401  (MXNet exposes nd.random.uniform here too)
from .ops_optim import (multi_adamw_update, multi_mp_adamw_update, multi_lamb_update,  # noqa: F401
                        multi_mp_lamb_update)

__all__ = ["foreach", "while_loop", "cond", "isnan", "isinf", "isfinite", "rand_zipfian", "uniform",
           "multi_adamw_update", "multi_mp_adamw_update", "multi_lamb_update", "multi_mp_lamb_update"]


def __getattr__(name):
    fn = OPS.get("_contrib_" + name)
    if fn is None and name in ("CTCLoss", "ctc_loss"):
        fn = OPS.get(name)
    if fn is None:
        fn = refused_in("contrib").get(name)
    if fn is None:
        raise AttributeError(f"module 'torch2gluon.ndarray.contrib' has no attribute {name!r}")
    return fn


def _publish_ops():
    """Put every contrib operator in the module's namespace, as MXNet's generated module has them: code
    probes `'box_encode' in F.contrib.__dict__` (gluon-cv) and may pop entries to disable a fused path."""
    g = globals()
    for op, fn in OPS.items():
        if op.startswith("_contrib_"):
            g.setdefault(op[len("_contrib_"):], fn)
    for name, fn in refused_in("contrib").items():
        g.setdefault(name, fn)
    # MXNet's __all__ lists every contrib operator (`from mxnet.ndarray.contrib import *`)
    __all__.extend(sorted(n for n in set(g) - set(__all__) if not n.startswith("_") and (
        "_contrib_" + n in OPS or n in refused_in("contrib"))))


def __dir__():
    return sorted(set(globals()) | {n[len("_contrib_"):] for n in OPS if n.startswith("_contrib_")}
                  | set(refused_in("contrib")))


@zero_grad_op
def isnan(data):
    """1 where `data` is NaN, else 0 (in `data`'s dtype)."""
    t = tensor_of(data)
    if t.dtype is torch.bool:  # MXNet compares with a legacy operator, which has no bool kernel
        raise bool_error("isnan")
    return wrap(torch.isnan(t).to(t.dtype))


@zero_grad_op
def isinf(data):
    """1 where `data` is +/-inf, else 0 (in `data`'s dtype)."""
    t = tensor_of(data)
    if t.dtype is torch.bool:  # MXNet compares with a legacy operator, which has no bool kernel
        raise bool_error("isinf")
    return wrap(torch.isinf(t).to(t.dtype))


@zero_grad_op
def isfinite(data):
    """1 where `data` is finite, else 0 (in `data`'s dtype)."""
    t = tensor_of(data)
    if t.dtype is torch.bool:  # MXNet compares with a legacy operator, which has no bool kernel
        raise bool_error("isfinite")
    return wrap(torch.isfinite(t).to(t.dtype))


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _stack_steps(steps):
    """Stack a list (per step) of lists of NDArrays along a new axis 0."""
    if not steps:
        return []
    return [wrap(torch.stack([tensor_of(s[i]) for s in steps])) for i in range(len(steps[0]))]


def foreach(body, data, init_states, name=_cf_names.UNSET):
    """Run `body(slice, states) -> (outputs, new_states)` over axis 0 of `data` (an NDArray or a list of
    them); returns (outputs stacked over steps, final states), keeping the list/single structure."""
    with _cf_names.scope(_cf_names.check("foreach", name, "foreach")):
        pass   # counted once, as MXNet builds the body's graph once (not once per step)
    return _foreach(body, data, init_states)


def _foreach(body, data, init_states):
    single_data = isinstance(data, NDArray)
    datas = _as_list(data)
    single_state = isinstance(init_states, NDArray)
    states = init_states
    n = datas[0].shape[0]
    outs, single_out = [], False
    for i in range(n):
        sl = datas[0][i] if single_data else [d[i] for d in datas]
        out, states = body(sl, states)
        single_out = isinstance(out, NDArray)
        outs.append(_as_list(out))
    stacked = _stack_steps(outs)
    if single_out:
        stacked = stacked[0]
    if single_state and isinstance(states, (list, tuple)) and len(states) == 1:
        states = states[0]
    return stacked, states


def while_loop(cond, func, loop_vars, max_iterations=None,  # pylint: disable=redefined-outer-name
               name=_cf_names.UNSET):
    """While `cond(*vars)` and fewer than `max_iterations` steps: `(out, vars) = func(*vars)`. Returns
    (step outputs stacked and zero-padded to max_iterations, final loop vars)."""
    name = _cf_names.check("while_loop", name, "while_loop")
    with _cf_names.scope(name + "_cond"):  # MXNet's graph has the loop's cond subgraph, then its func's
        pass
    with _cf_names.scope(name + "_func"):
        pass
    return _while_loop(cond, func, loop_vars, max_iterations)


def _while_loop(cond, func, loop_vars, max_iterations=None):  # pylint: disable=redefined-outer-name
    if max_iterations is None:
        raise ValueError("max_iterations should be specified")
    max_iterations = int(max_iterations.asscalar() if isinstance(max_iterations, NDArray) else max_iterations)
    single = isinstance(loop_vars, NDArray)
    lv = _as_list(loop_vars)
    if not lv:
        raise ValueError("loop_vars should contain at least one element")
    steps, outs, out_single = 0, [], False
    while steps < max_iterations:
        c = cond(*lv)
        if not bool(c.asscalar() if isinstance(c, NDArray) else c):
            break
        step_out, new_vars = func(*lv)
        out_single = isinstance(step_out, NDArray)
        step_out = [] if step_out is None else _as_list(step_out)
        new_vars = [] if new_vars is None else _as_list(new_vars)
        if len(new_vars) != len(lv):
            raise ValueError("The length of loop_vars should be consistent during the loop")
        if outs and len(step_out) != len(outs[0]):
            raise ValueError("Number of elements in step_output should be the same in each step")
        outs.append(step_out)
        lv = new_vars
        steps += 1
    stacked = []
    for items in zip(*outs):
        t = torch.stack([tensor_of(x) for x in items])
        if steps < max_iterations:
            pad = torch.zeros((max_iterations - steps,) + tuple(t.shape[1:]), dtype=t.dtype, device=t.device)
            t = torch.cat([t, pad])
        stacked.append(wrap(t))
    if out_single and len(stacked) == 1:
        stacked = stacked[0]
    return stacked, (lv[0] if single else lv)


def cond(pred, then_func, else_func, name=_cf_names.UNSET):
    """`then_func()` if `pred` (a scalar NDArray or bool) is true, else `else_func()`."""
    name = _cf_names.check("cond", name, "cond")
    with _cf_names.scope(name + "_pred"):
        pass
    p = pred.asscalar() if isinstance(pred, NDArray) else pred
    # MXNet's graph names both branches (nested subgraphs count in the branch that runs)
    with _cf_names.scope(name + "_then"):
        out = then_func() if bool(p) else None
    with _cf_names.scope(name + "_else"):
        return out if bool(p) else else_func()


def rand_zipfian(true_classes, num_sampled, range_max, ctx=None):
    """Sample `num_sampled` classes from the log-uniform (Zipfian) distribution over [0, range_max);
    returns (samples, expected count of true_classes, expected count of samples)."""
    from .creation import _device
    c = _device(ctx) if ctx is not None else None
    dev = c.torch_device if c is not None else tensor_of(true_classes).device
    log_range = math.log(range_max + 1)
    u = torch.rand(int(num_sampled), dtype=torch.float64, device=dev)
    sampled = torch.remainder((torch.exp(u * log_range) - 1).to(torch.int64), int(range_max))

    def expected(classes):
        k = classes.to(torch.float64)
        p = torch.log((k + 2.0) / (k + 1.0)) / log_range
        return p * num_sampled

    tc = tensor_of(true_classes)
    return wrap(sampled), wrap(expected(tc)), wrap(expected(sampled))


