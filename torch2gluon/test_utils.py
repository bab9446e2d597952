"""`mx.test_utils`: the helpers user test suites import (tolerant comparisons, random inputs, contexts,
finite-difference gradient checks, environment patching), with MXNet 1.9.1's defaults and messages.

`check_numeric_gradient`, `check_symbolic_forward/backward`, `simple_forward` and `check_consistency` take a
Symbol (run with torch2gluon's operators, arguments in list_arguments() order, as in MXNet) or a python
callable of NDArrays (e.g. `lambda x, w: mx.nd.dot(x, w)`); `aux_states` (symbols only) are fixed inputs.
"""
import contextlib
import inspect
import numbers
import os

import numpy as np
import numpy.random as rnd
import numpy.testing as npt

from . import autograd
from . import ndarray as nd
from .context import Context, current_context, num_gpus
from .ndarray import NDArray
from . import _test_utils_stats as _stats
from ._test_utils_stats import *  # noqa: F401,F403
from . import _test_utils_data as _data
from ._test_utils_data import *  # noqa: F401,F403

__all__ = ["default_context", "set_default_context", "default_dtype", "default_rtols", "default_atols",
           "default_numeric_eps", "effective_dtype", "get_tolerance", "get_tols", "get_rtol", "get_atol",
           "assert_almost_equal", "almost_equal", "assert_allclose", "assert_almost_equal_ignore_nan",
           "assert_almost_equal_with_err", "same", "same_array", "checkShapes", "locationError",
           "rand_ndarray", "rand_shape_2d", "rand_shape_3d", "rand_shape_nd", "rand_coord_2d",
           "random_arrays", "random_sample", "np_reduce", "collapse_sum_like", "assert_exception",
           "numeric_grad", "check_numeric_gradient", "check_symbolic_forward", "check_symbolic_backward",
           "check_consistency", "simple_forward", "environment", "list_gpus", "retry", "discard_stderr",
           "is_op_runnable", "has_tvm_ops", "compare_ndarray_tuple", "create_2d_tensor", "create_vector",
           "get_identity_mat", "get_identity_mat_batch", "rand_sparse_ndarray", "create_sparse_array",
           "check_gluon_hybridize_consistency"]
__all__ += _stats.__all__ + _data.__all__

_INT_KINDS = (np.bool_, np.int8, np.uint8, np.int32, np.uint32, np.int64, np.uint64)


def default_context():
    """The context tests run on: the current default context."""
    return current_context()


def set_default_context(ctx):
    """Make `ctx` the default context of this thread (what `default_context()` returns)."""
    Context._default.value = ctx


def default_dtype():
    """The default dtype of generated test data (float32)."""
    return np.float32


def default_rtols():
    """Default relative tolerances by dtype (float16 1e-2, float32 1e-4, float64 1e-5, ints 0)."""
    tols = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-5}
    tols.update({np.dtype(t): 0 for t in _INT_KINDS})
    return tols


def default_atols():
    """Default absolute tolerances by dtype (float16 1e-1, float32 1e-3, float64 1e-20, ints 0)."""
    tols = {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3, np.dtype(np.float64): 1e-20}
    tols.update({np.dtype(t): 0 for t in _INT_KINDS})
    return tols


def default_numeric_eps():
    """Default finite-difference steps by dtype (powers of two: 2^-6, 2^-9, 2^-14)."""
    return {np.dtype(np.float16): 2.0 ** -6, np.dtype(np.float32): 2.0 ** -9,
            np.dtype(np.float64): 2.0 ** -14}


def effective_dtype(dat):
    """The dtype that decides tolerances for `dat` (its own dtype; CPU and torch GPUs do no TF32 here)."""
    return np.dtype(dat.dtype)


def get_tolerance(dat, tol, default_tol):
    """`tol` if it is a number, else its entry (or `default_tol`'s) for the dtype of `dat`."""
    if isinstance(tol, numbers.Number):
        return tol
    dt = effective_dtype(dat)
    return (tol or {}).get(dt, default_tol[dt])


def get_tols(x, y, rtol, atol):
    """(rtol, atol) to compare `x` with `y`: the looser default of the two dtypes unless given."""
    x = np.array(x) if isinstance(x, numbers.Number) else x
    y = np.array(y) if isinstance(y, numbers.Number) else y
    return (max(get_tolerance(x, rtol, default_rtols()), get_tolerance(y, rtol, default_rtols())),
            max(get_tolerance(x, atol, default_atols()), get_tolerance(y, atol, default_atols())))


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    """`rtol`, or the default relative tolerance of `dtype`."""
    return default_rtols()[dtype] if rtol is None else rtol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    """`atol`, or the default absolute tolerance of `dtype`."""
    return default_atols()[dtype] if atol is None else atol


def checkShapes(a, b):
    """Raise AssertionError unless `a` and `b` have the same shape."""
    if a.shape != b.shape:
        raise AssertionError(npt.build_err_msg(
            [a, b], err_msg=f"a.shape = {a.shape} and b.shape = {b.shape} are not equal"))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    """True if `a` and `b` are element-wise close (numpy's allclose; float64 defaults when not given)."""
    if not use_broadcast:
        checkShapes(a, b)
    a, b, rtol, atol = _np(a), _np(b), get_rtol(rtol), get_atol(atol)
    if _identical(a, b) and rtol >= 0 and atol >= 0:  # one cheap pass for the common case (big gradients)
        return True
    return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _identical(a, b):
    """True when `a` and `b` are numeric arrays of one shape with equal elements (then allclose holds too)."""
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.shape != b.shape or a.size < 4096:
        return False
    if a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
        return False
    return bool(np.array_equal(a, b))


def same(a, b):
    """True if `a` and `b` have the same shape and elements (NDArrays inside lists/tuples are compared by
    value too: MXNet's np.array_equal walks them as sequences, so `same(x, [y])` holds for x of shape (1, n))."""
    return bool(np.array_equal(_np_nested(a), _np_nested(b)))


def _np_nested(x):
    if isinstance(x, (list, tuple)) and any(isinstance(v, (NDArray, list, tuple)) for v in x):
        return np.array([_np_nested(v) for v in x])
    return _np(x)


def _np(x):
    return x.asnumpy() if isinstance(x, NDArray) else x


def locationError(a, b, index, names, maxError=False):
    """The 'Location of error' line of a failed comparison."""
    kind = "maximum " if maxError else ""
    return f"Location of {kind}error: {index}, {names[0]}={a[index]:.8f}, {names[1]}={b[index]:.8f}"


def _max_violation(a, b, rtol, atol):
    diff = np.where(np.equal(a, b), 0, np.abs(a - b))
    ratio = diff / (atol + rtol * np.abs(b) + 1e-20)
    flat = int(np.argmax(ratio))
    return np.unravel_index(flat, ratio.shape), float(np.max(ratio))


def assert_almost_equal(a, b, rtol=None, atol=None, names=("a", "b"), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """Raise AssertionError (MXNet's report: largest errors, mismatch %) unless `a` and `b` are close.

    Tolerances default per dtype (the looser of the two): see `default_rtols`/`default_atols`.
    """
    if not use_broadcast:
        checkShapes(a, b)
    rtol, atol = get_tols(a, b, rtol, atol)
    a, b = _np(a), _np(b)
    if getattr(a, "dtype", None) == np.bool_ and getattr(b, "dtype", None) == np.bool_:
        npt.assert_equal(a, b)
        return
    if almost_equal(a, b, rtol, atol, equal_nan=equal_nan):
        return
    a_arr, b_arr = np.asarray(a), np.asarray(b)
    index, rel = _max_violation(a_arr, b_arr, rtol, atol)
    if index != ():
        print(f"\n*** Maximum errors for vector of size {a_arr.size}:  rtol={rtol}, atol={atol}\n")
        bad = ~np.isclose(a_arr, b_arr, rtol=rtol, atol=atol, equal_nan=equal_nan)
        ab, bb = np.broadcast_arrays(a_arr, b_arr)
        bad = np.broadcast_to(bad, ab.shape)
        ratios = np.where(np.equal(ab, bb), 0, np.abs(ab - bb)) / (atol + rtol * np.abs(bb) + 1e-20)
        order = [np.unravel_index(i, ab.shape) for i in np.argsort(-ratios, axis=None, kind="stable")
                 if bad.ravel()[i]]
        for n, idx in enumerate(order[:mismatches[0]], 1):
            print("%3d: Error %f  %s" % (n, ratios[idx], locationError(ab, bb, idx, names)))
        count = len(order)
        prefix = ""
        if mismatches[1] > 0 and count > mismatches[1]:
            count, prefix = mismatches[1] + 1, "at least "
        msg = ("Error %f exceeds tolerance rtol=%e, atol=%e (mismatch %s%f%%).\n%s"
               % (rel, rtol, atol, prefix, 100 * count / a_arr.size,
                  locationError(ab, bb, index, names, maxError=True)))
    else:
        msg = "Error %f exceeds tolerance rtol=%e, atol=%e.\n" % (rel, rtol, atol)
    with np.printoptions(threshold=4, suppress=True):
        raise AssertionError(npt.build_err_msg([a, b], err_msg=msg))


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    """`assert_almost_equal` with numpy's assert_allclose defaults (rtol 1e-7, atol 0, NaN == NaN)."""
    assert_almost_equal(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def assert_almost_equal_ignore_nan(a, b, rtol=None, atol=None, names=("a", "b")):
    """`assert_almost_equal` after zeroing the positions where either input is NaN."""
    a, b = np.copy(_np(a)), np.copy(_np(b))
    nan = np.logical_or(np.isnan(a), np.isnan(b))
    a[nan] = 0
    b[nan] = 0
    assert_almost_equal(a, b, rtol, atol, names)


def assert_almost_equal_with_err(a, b, rtol=None, atol=None, etol=None, names=("a", "b"), equal_nan=False,
                                 mismatches=(10, 10)):
    """Like `assert_almost_equal`, but tolerate a fraction `etol` of mismatching elements."""
    etol = get_etol(etol)
    if etol > 0:
        rtol, atol = get_tols(a, b, rtol, atol)
        an, bn = _np(a), _np(b)
        bad = ~np.isclose(an, bn, rtol=rtol, atol=atol, equal_nan=equal_nan)
        if np.sum(bad) / max(np.size(bad), 1) <= etol:
            return
    assert_almost_equal(a, b, rtol, atol, names, equal_nan, mismatches=mismatches)


def get_etol(etol=None):
    """`etol` (allowed fraction of mismatches), 0 by default."""
    return 0 if etol is None else etol


def same_array(array1, array2):
    """True if two NDArrays share memory (checked by writing through `array1`)."""
    array1[:] += 1
    if not same(array1.asnumpy(), array2.asnumpy()):
        array1[:] -= 1
        return False
    array1[:] -= 1
    return same(array1.asnumpy(), array2.asnumpy())


# ---------------------------------------------------------------- random inputs


def random_arrays(*shapes):
    """Standard-normal float32 numpy arrays of the given shapes (one array when one shape is given)."""
    out = [np.array(np.random.randn(), dtype=default_dtype()) if len(s) == 0
           else np.random.randn(*s).astype(default_dtype()) for s in shapes]
    return out[0] if len(out) == 1 else out


def random_sample(population, k):
    """`k` elements of `population` in random order."""
    assert 0 <= k <= len(population)
    pop = population[:]
    np.random.shuffle(pop)
    return pop[:k]


def rand_ndarray(shape, stype="default", density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A dense NDArray of standard-normal values; like MXNet, the sparse-only arguments (density,
    modifier_func, distribution, shuffle_csr_indices) have no effect for stype='default'."""
    if stype != "default":
        from ._test_utils_sparse import rand_sparse_ndarray as _rand_sparse
        return _rand_sparse(shape, stype, density=density, modifier_func=modifier_func, dtype=dtype,
                            shuffle_csr_indices=shuffle_csr_indices, distribution=distribution, ctx=ctx)[0]
    return nd.array(random_arrays(shape), dtype=dtype, ctx=ctx or default_context())


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    """A random 2-d shape with sides in [1, dim] ([0, dim] with `allow_zero_size`)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    """A random 3-d shape with sides in [1, dim] ([0, dim] with `allow_zero_size`)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1), rnd.randint(low, dim2 + 1)


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    """A random shape of `num_dim` sides in [1, dim] ([0, dim] with `allow_zero_size`)."""
    low = 0 if allow_zero_size else 1
    return tuple(rnd.randint(low, dim + 1, size=num_dim))


def rand_coord_2d(x_low, x_high, y_low, y_high):
    """A random integer point in [x_low, x_high] x [y_low, y_high]."""
    return rnd.randint(x_low, x_high + 1), rnd.randint(y_low, y_high + 1)


def np_reduce(dat, axis, keepdims, numpy_reduce_func):
    """Reduce numpy array `dat` over `axis` (int, list or None) one axis at a time with `numpy_reduce_func`."""
    axes = [axis] if isinstance(axis, int) else (list(axis) if axis is not None else range(dat.ndim))
    out = dat
    for ax in sorted(axes, reverse=True):
        out = numpy_reduce_func(out, axis=ax)
    if keepdims:
        shape = list(dat.shape)
        for ax in axes:
            shape[ax] = 1
        out = out.reshape(tuple(shape))
    return out


def collapse_sum_like(a, shape):
    """Sum numpy array `a` down to the broadcast-compatible `shape` (the gradient of broadcasting)."""
    assert len(a.shape) >= len(shape)
    if np.prod(shape) == 0 or a.size == 0:
        return np.zeros(shape, dtype=a.dtype)
    lead = len(a.shape) - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and a.shape[lead + i] != 1)
    return a.sum(axis=axes).reshape(shape) if axes else a.reshape(shape)


def assert_exception(f, exception_type, *args, **kwargs):
    """Assert that `f(*args, **kwargs)` raises `exception_type`."""
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError(f"{getattr(f, '__name__', f)} did not raise {exception_type}")


# ---------------------------------------------------------------- forward/backward checks on symbols and callables


def _symbol_callable(sym, opname, aux_states=None):
    """A Symbol as a callable of NDArrays: positional or keyword arguments in list_arguments() order,
    run with torch2gluon's operators (recorded under autograd like any NDArray code); auxiliary states
    (list in list_auxiliary_states() order, or dict) are fixed inputs, updated in place as in MXNet."""
    from .symbol.graph_exec import run_graph
    aux_names = sym.list_auxiliary_states()
    if aux_names and aux_states is None:
        raise ValueError(f"{opname}: the symbol has auxiliary states {aux_names}; give them as aux_states")
    if isinstance(aux_states, dict):
        missing = [n for n in aux_names if n not in aux_states]
        if missing:
            raise ValueError(f"{opname}: aux_states lacks {missing}")
        aux = {n: aux_states[n] for n in aux_names}
    else:
        aux_states = list(aux_states or [])
        if len(aux_states) != len(aux_names):
            raise ValueError(f"{opname}: {len(aux_states)} aux_states for the auxiliary states {aux_names}")
        aux = dict(zip(aux_names, aux_states))
    aux = {n: v if isinstance(v, nd.NDArray) else nd.array(_np(v)) for n, v in aux.items()}
    names = sym.list_arguments()

    def fn(*args, **kwargs):
        values = dict(zip(names, args))
        values.update(kwargs)
        values.update(aux)
        outs = run_graph(sym, values)
        return outs[0] if len(outs) == 1 else outs
    if all(n.isidentifier() for n in names):  # MXNet variable names may be any string ("op=x, dtype=y")
        fn.__signature__ = inspect.Signature(
            [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names])
    fn.__name__ = sym.name or "symbol"
    fn._symbol_arguments = names
    return fn


def _as_callable(sym, opname, aux_states=None):
    from .symbol.symbol import Symbol
    if isinstance(sym, Symbol):
        return _symbol_callable(sym, opname, aux_states)
    if aux_states is not None:
        raise NotImplementedError(f"{opname}: argument 'aux_states' is only supported with a Symbol")
    return sym


def _callable_inputs(fn, location, opname):
    """(names, values) of `location` (list/tuple or dict of arrays) in `fn`'s argument order."""
    if not callable(fn):
        raise NotImplementedError(f"{opname}: argument 'sym' must be a Symbol or a python callable of "
                                  "NDArrays")
    if isinstance(location, dict):
        params = getattr(fn, "_symbol_arguments", None) or list(inspect.signature(fn).parameters)
        names = [p for p in params if p in location]
        if set(names) != set(location):
            raise ValueError(f"{opname}: location keys {sorted(location)} do not match the arguments "
                             f"{params} of {getattr(fn, '__name__', fn)}")
        return names, [location[n] for n in names]
    if isinstance(location, (list, tuple)):
        sym_names = getattr(fn, "_symbol_arguments", None)  # a Symbol: its argument names, as in MXNet
        if sym_names is not None:
            if len(sym_names) != len(location):
                raise ValueError(f"{opname}: {len(location)} location arrays for the {len(sym_names)} "
                                 f"arguments {sym_names}")
            return list(sym_names), list(location)
        return [f"arg{i}" for i in range(len(location))], list(location)
    raise ValueError(f"{opname}: location must be a list, tuple or dict of arrays")


def _call(fn, names, arrays, is_dict):
    return fn(**dict(zip(names, arrays))) if is_dict else fn(*arrays)


def numeric_grad(executor, location, aux_states=None, eps=1e-4, use_forward_train=True, dtype=np.float32):
    """Central finite-difference gradients of `sum(executor(**location))` w.r.t. each float array."""
    if aux_states is not None:
        raise NotImplementedError("numeric_grad: argument 'aux_states' is not supported")
    names = list(location)
    base = {k: np.array(v, dtype=dtype, order="C") for k, v in location.items()}
    grads = {}
    for k in names:
        v = base[k]
        g = np.zeros(v.shape, dtype=np.float64)
        if v.dtype.kind != "f":
            grads[k] = g
            continue
        for i in range(v.size):
            old = v.ravel()[i]
            vals = []
            for delta in (eps / 2.0, -eps / 2.0):
                v.ravel()[i] = old + delta
                with autograd.train_mode() if use_forward_train else autograd.predict_mode():
                    out = executor(**{n: nd.array(base[n], dtype=dtype) for n in names})
                vals.append(out.asnumpy().astype(np.float64).sum())
            v.ravel()[i] = old
            g.ravel()[i] = (vals[0] - vals[1]) / eps
        grads[k] = g
    return grads


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None, atol=None,
                           grad_nodes=None, use_forward_train=True, ctx=None, grad_stype_dict=None,
                           dtype=np.float32):
    """Compare autograd gradients of `sum(sym(*location))` with central finite differences.

    `sym` is a callable of NDArrays; `location` a list or dict of numpy arrays / NDArrays; `grad_nodes`
    a list of argument names (`argN` for a list location) or a dict name -> grad_req ('write'/'add'/'null').
    """
    sym = _as_callable(sym, "check_numeric_gradient", aux_states)
    grad_stype_dict = _grad_stypes(grad_stype_dict, "check_numeric_gradient", "grad_stype_dict")
    is_dict = isinstance(location, dict)
    names, values = _callable_inputs(sym, location, "check_numeric_gradient")
    ctx = ctx or default_context()
    npy = {n: np.array(_np(v), dtype=dtype) for n, v in zip(names, values)}
    if grad_nodes is None:
        reqs = {n: "write" for n in names}
    elif isinstance(grad_nodes, dict):
        reqs = dict(grad_nodes)
    else:
        reqs = {n: "write" for n in grad_nodes}
    # like MXNet, a sparse location array stays in its storage type (perturbed values too)
    stypes = {n: getattr(v, "stype", "default") for n, v in zip(names, values)}

    def located(n, a):
        return a.tostype(stypes[n]) if stypes[n] != "default" else a
    arrays = [located(n, nd.array(npy[n], ctx=ctx, dtype=dtype)) for n in names]
    init = {n: np.random.normal(0, 0.01, size=npy[n].shape) for n in names}
    for n, arr in zip(names, arrays):
        if n in reqs:
            stype = grad_stype_dict.get(n)
            arr.attach_grad(reqs[n], stype=stype)
            if stype not in (None, "default"):
                init[n] = np.zeros(npy[n].shape)  # like MXNet: a sparse gradient buffer starts empty
            elif reqs[n] == "add":
                arr.grad[:] = init[n]
    with autograd.record(train_mode=use_forward_train):
        out = _call(sym, names, arrays, is_dict)
    if isinstance(out, (list, tuple)):
        if len(out) != 1:
            raise ValueError("check_numeric_gradient: the function must return a single output")
        out = out[0]
    compared = [n for n in names if reqs.get(n, "null") != "null"]
    if compared:  # every grad_req 'null': nothing to differentiate (MXNet's backward is then a no-op)
        out.backward()
    eps = get_tolerance(out, numeric_eps, default_numeric_eps())
    if np.dtype(dtype) in (np.dtype(np.float32), np.dtype(np.float16)):
        assert eps >= 1e-5

    def run(**kw):  # only the compared inputs are perturbed (lengths, indices... stay valid)
        return _call(sym, names, [located(n, kw[n] if n in kw else nd.array(npy[n], dtype=dtype))
                                  for n in names], is_dict)

    fd = numeric_grad(run, {n: npy[n] for n in compared}, eps=eps, use_forward_train=use_forward_train,
                      dtype=dtype)
    for n, arr in zip(names, arrays):
        if n not in reqs:
            continue
        req = reqs[n]
        label = (f"NUMERICAL_{n}", f"BACKWARD_{n}")
        if req == "write":
            assert_almost_equal(fd[n], arr.grad.asnumpy(), rtol, atol, label)
        elif req == "add":
            assert_almost_equal(fd[n], arr.grad.asnumpy() - init[n], rtol, atol, label)
        elif req != "null":
            raise ValueError(f"Invalid grad_req {req} for argument {n}")


def _loc_array(v, ctx, dtype):
    """An input (or head gradient) of check_symbolic_forward/backward, as MXNet's test_utils makes it: an NDArray
    keeps its dtype (copied to `ctx`); other data becomes `dtype`, or keeps its own with dtype='asnumpy'."""
    ctx = ctx or default_context()
    if isinstance(v, NDArray):
        return v.copyto(ctx)
    if isinstance(dtype, str) and dtype == "asnumpy":
        return nd.array(v, ctx=ctx, dtype=np.asarray(v).dtype)
    return nd.array(v, ctx=ctx, dtype=dtype)


def check_symbolic_forward(sym, location, expected, rtol=None, atol=None, aux_states=None, ctx=None,
                           equal_nan=False, dtype=np.float32):
    """Assert that `sym(*location)` (a Symbol or a callable of NDArrays) is close to `expected`; returns the
    output NDArrays."""
    sym = _as_callable(sym, "check_symbolic_forward", aux_states)
    is_dict = isinstance(location, dict)
    names, values = _callable_inputs(sym, location, "check_symbolic_forward")
    arrays = [_loc_array(v, ctx, dtype) for v in values]
    outs = _call(sym, names, arrays, is_dict)
    outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
    exp = list(expected.values()) if isinstance(expected, dict) else list(expected)
    for i, (o, e) in enumerate(zip(outs, exp)):
        assert_almost_equal(e, o, rtol, atol, (f"EXPECTED_output{i}", f"FORWARD_output{i}"), equal_nan=equal_nan)
    return outs  # the output NDArrays, as MXNet's executor.outputs


def check_symbolic_backward(sym, location, out_grads, expected, rtol=None, atol=None, aux_states=None,
                            grad_req="write", ctx=None, grad_stypes=None, equal_nan=False, dtype=np.float32):
    """Assert that the input gradients of `sym(*location)` (a Symbol or a callable) for head gradients
    `out_grads` match `expected`; returns the gradient NDArrays of the arguments named in `expected`."""
    output_names = sym.list_outputs() if hasattr(sym, "list_outputs") else None
    loss_heads = _loss_heads(sym)
    sym = _as_callable(sym, "check_symbolic_backward", aux_states)
    grad_stypes = _grad_stypes(grad_stypes, "check_symbolic_backward", "grad_stypes")
    is_dict = isinstance(location, dict)
    names, values = _callable_inputs(sym, location, "check_symbolic_backward")
    arrays = [_loc_array(v, ctx, dtype) for v in values]
    reqs = grad_req if isinstance(grad_req, dict) else {n: grad_req for n in names}
    for n, a in zip(names, arrays):
        if np.dtype(a.dtype).kind == "f":  # integer inputs (lengths, indices) get zero gradients, as in MXNet
            a.attach_grad(reqs.get(n, "null"), stype=grad_stypes.get(n))
    with autograd.record():
        out = _call(sym, names, arrays, is_dict)
    heads = list(out) if isinstance(out, (list, tuple)) else [out]
    if isinstance(out_grads, dict):  # by output name, as MXNet's Executor.backward takes them
        out_grads = [out_grads[k] for k in output_names] if output_names else list(out_grads.values())
    ograds = [_loc_array(g, ctx, dtype) for g in
              (out_grads if isinstance(out_grads, (list, tuple)) else [out_grads])]
    from .module.executor import check_head_grad_shape
    for i, (h, g) in enumerate(zip(heads, ograds)):
        if i not in loss_heads:  # MXNet's executor copies each given head gradient into its output's buffer
            check_head_grad_shape(g.shape, h.shape)
    # MXNet's executor reads one head gradient per output and ignores any further ones; with every grad_req
    # 'null' its backward computes nothing
    if any(a.grad is not None for a in arrays):
        autograd.backward(heads, ograds[:len(heads)] if len(ograds) > len(heads) else ograds)
    exp = expected if isinstance(expected, dict) else dict(zip(names, expected))
    for n, a in zip(names, arrays):
        if n in exp and exp[n] is not None and reqs.get(n, "null") != "null":
            assert_almost_equal(exp[n], _grad_or_zeros(a), rtol, atol, (f"EXPECTED_{n}", f"BACKWARD_{n}"),
                                equal_nan=equal_nan)
    # like MXNet: the gradient NDArrays of the arguments named in `expected`
    return {n: _grad_or_zeros(a) for n, a in zip(names, arrays) if n in exp and reqs.get(n, "null") != "null"}


def _loss_heads(sym):
    """Positions of a Symbol's loss outputs (their head gradient is not read), empty for a callable."""
    if not hasattr(sym, "_outputs"):
        return set()
    from .module.executor import LOSS_OPS, _custom_is_loss
    return {i for i, (node, _) in enumerate(sym._outputs)
            if node.op in LOSS_OPS or node.op == "Custom" and _custom_is_loss(node.attrs)}


def _grad_or_zeros(a):
    return a.grad if a.grad is not None else nd.zeros(a.shape, ctx=a.context, dtype=a.dtype)


def _grad_stypes(stypes, api, arg):
    """`grad_stypes` / `grad_stype_dict`: name -> 'default' / 'row_sparse' / 'csr' (the gradient buffer's
    storage, as MXNet's test_utils allocates it), checked."""
    if stypes is None:
        return {}
    if not isinstance(stypes, dict):
        raise AssertionError(f"{arg} must be a dict")
    for n, st in stypes.items():
        if st not in (None, "default", "row_sparse", "csr"):
            raise ValueError(f"{api}: {arg}[{n!r}] = {st!r} is not a storage type")
    return dict(stypes)


def simple_forward(sym, ctx=None, is_train=False, **inputs):
    """Numpy outputs of `sym(**inputs)` (a callable of NDArrays) on `ctx`."""
    sym = _as_callable(sym, "simple_forward")
    arrays = {k: nd.array(_np(v), ctx=ctx or default_context()) for k, v in inputs.items()}
    with autograd.train_mode() if is_train else autograd.predict_mode():
        out = sym(**arrays)
    if isinstance(out, (list, tuple)):
        return [o.asnumpy() for o in out]
    return out.asnumpy()


def check_consistency(sym, ctx_list, scale=1.0, grad_req="write", arg_params=None, aux_params=None,
                      rtol=None, atol=None, raise_on_err=True, ground_truth=None, equal_nan=False,
                      use_uniform=False, rand_type=np.float64):
    """Run a callable on every context/dtype of `ctx_list` and assert outputs and gradients agree.

    Each entry of `ctx_list` is a dict with 'ctx', the input shapes by argument name and optionally
    'type_dict' (argument -> dtype). Inputs are drawn once (normal * scale, or uniform with `use_uniform`)
    or taken from `arg_params`. Returns the list of {'outputs', 'grads'} per entry.
    """
    sym = _as_callable(sym, "check_consistency")
    if aux_params is not None:
        raise NotImplementedError("check_consistency: argument 'aux_params' is not supported")
    if not callable(sym):
        raise NotImplementedError("check_consistency: argument 'sym' must be a python callable of NDArrays")
    if not ctx_list:
        raise ValueError("check_consistency: ctx_list must not be empty")
    names = [p for p in inspect.signature(sym).parameters if p in ctx_list[0]]
    arg_params = {k: _np(v) for k, v in (arg_params or {}).items()}  # as MXNet: the others are drawn at random
    for n in names:
        if n not in arg_params:
            shape = ctx_list[0][n]
            arr = (np.random.uniform(-1, 1, size=shape) if use_uniform
                   else np.random.normal(size=shape) * scale).astype(rand_type)
            arg_params[n] = arr
    reqs = grad_req if isinstance(grad_req, dict) else {n: grad_req for n in names}  # by argument, as MXNet
    results = []
    for spec in ctx_list:
        types = spec.get("type_dict", {})
        arrays = [nd.array(arg_params[n], ctx=spec.get("ctx", default_context()),
                           dtype=types.get(n, np.float32)) for n in names]
        diff = [n for n, a in zip(names, arrays) if reqs.get(n, "null") != "null" and np.dtype(a.dtype).kind == "f"]
        for n, a in zip(names, arrays):
            if n in diff:
                a.attach_grad(reqs[n])
        with autograd.record():
            out = sym(**dict(zip(names, arrays)))
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        if diff:
            autograd.backward(outs)
        results.append({"outputs": [o.asnumpy() for o in outs],
                        "grads": {n: a.grad.asnumpy() for n, a in zip(names, arrays) if n in diff}})
    ref = results[0] if ground_truth is None else ground_truth
    for i, res in enumerate(results):
        try:
            for o, r in zip(res["outputs"], ref["outputs"]):
                assert_almost_equal(o, r, rtol, atol, (f"ctx{i}_output", "reference_output"), equal_nan=equal_nan)
            for n, g in res["grads"].items():
                assert_almost_equal(g, ref["grads"][n], rtol, atol, (f"ctx{i}_grad_{n}", f"reference_grad_{n}"),
                                    equal_nan=equal_nan)
        except AssertionError:
            if raise_on_err:
                raise
    return results


# ---------------------------------------------------------------- environment and misc


@contextlib.contextmanager
def environment(*args):
    """Set environment variables for the body of a `with` block (`name, value` or a dict; None unsets)."""
    if len(args) == 1 and isinstance(args[0], dict):
        changes = dict(args[0])
    else:
        assert len(args) == 2, "Expecting one dict arg or two args: env var name and value"
        changes = {args[0]: args[1]}
    saved = {k: os.environ.get(k) for k in changes}

    def apply(values):
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    apply(changes)
    try:
        yield
    finally:
        nd.waitall()
        apply(saved)


def list_gpus():
    """Indices of the visible GPUs."""
    return range(num_gpus())


def retry(n):
    """Decorator: rerun a flaky test up to `n` times, re-raising the last AssertionError."""
    assert n > 0

    def deco(fn):
        def wrapper(*args, **kwargs):
            for i in range(n):
                try:
                    return fn(*args, **kwargs)
                except AssertionError:
                    if i == n - 1:
                        raise
        wrapper.__name__ = fn.__name__
        return wrapper
    return deco


@contextlib.contextmanager
def discard_stderr():
    """Silence file descriptor 2 for the body of a `with` block."""
    with open(os.devnull, "w") as null:
        saved = os.dup(2)
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def is_op_runnable():
    """True: every operator here runs on CPU and on torch-supported GPUs."""
    return True


def has_tvm_ops():
    """False: TVM-generated operators do not exist here."""
    return False



def compare_ndarray_tuple(t1, t2, rtol=None, atol=None):
    """`assert_almost_equal` over (nested) tuples of arrays; None on either side skips."""
    if t1 is None or t2 is None:
        return
    if isinstance(t1, tuple):
        for a, b in zip(t1, t2):
            compare_ndarray_tuple(a, b, rtol, atol)
    else:
        assert_almost_equal(t1, t2, rtol=rtol, atol=atol)


def _optimizer_pair_input(shape, stype, dtype, what):
    if stype not in ("default", "row_sparse", "csr"):
        raise Exception("type not supported yet")
    if stype != "default":   # opt2 gets the sparse array, opt1 its dense copy (as MXNet's helper)
        a2 = rand_ndarray(shape, stype, density=1 if what == "w_stype" else None, dtype=dtype)
        return a2.copyto(default_context()).tostype("default"), a2
    a2 = nd.random.uniform(shape=shape, ctx=default_context(), dtype=dtype)
    return a2.copyto(default_context()), a2


def compare_optimizer(opt1, opt2, shape, dtype, w_stype="default", g_stype="default",
                      rtol=1e-4, atol=1e-5, compare_states=True, ntensors=1):
    """Run one update of `opt1` and `opt2` on the same random weight/grad; assert equal states and weights.

    A list `shape` runs `opt2` as a multi-tensor update over `ntensors` arrays and `opt1` one by one.
    """
    import copy
    if not isinstance(shape, list):
        assert ntensors == 1
        w1, w2 = _optimizer_pair_input(shape, w_stype, dtype, "w_stype")
        g1, g2 = _optimizer_pair_input(shape, g_stype, dtype, "g_stype")
        state1 = opt1.create_state_multi_precision(0, w1)
        state2 = opt2.create_state_multi_precision(0, w2)
        if compare_states:
            compare_ndarray_tuple(state1, state2)
        opt1.update_multi_precision(0, w1, g1, state1)
        opt2.update_multi_precision(0, w2, g2, state2)
        if compare_states:
            compare_ndarray_tuple(state1, state2, rtol=rtol, atol=atol)
        assert_almost_equal(w1, w2, rtol=rtol, atol=atol)
        return
    w1 = tuple(nd.random.uniform(shape=s, ctx=default_context(), dtype=dtype) for s in shape)
    g1 = tuple(nd.random.uniform(shape=s, ctx=default_context(), dtype=dtype) for s in shape)
    w2, g2 = copy.deepcopy(w1), copy.deepcopy(g1)
    state2 = [opt2.create_state_multi_precision(0, w2[i]) for i in range(ntensors)]
    opt2.update_multi_precision(list(range(ntensors)), w2, g2, state2)
    for i in range(ntensors):
        state1 = opt1.create_state_multi_precision(i, w1[i])
        opt1.update_multi_precision(i, w1[i], g1[i], state1)
        if compare_states:
            compare_ndarray_tuple(state1, state2[i], rtol, atol)
        compare_ndarray_tuple(w1[i], w2[i], rtol, atol)


def create_2d_tensor(rows, columns, dtype=np.int64):
    """(rows, columns) NDArray whose row i is filled with i."""
    return nd.broadcast_to(nd.arange(0, rows, dtype=dtype).reshape((rows, 1)), shape=(rows, columns))


def create_vector(size, dtype=np.int64):
    """NDArray [0, 1, ..., size-1]."""
    return nd.arange(0, size, dtype=dtype)


def get_identity_mat(size):
    """(size, size) float32 identity NDArray."""
    return nd.eye(size)


def get_identity_mat_batch(size):
    """(2, size, size) batch of identity matrices."""
    eye = np.eye(size, dtype=np.float32)
    return nd.array([eye, eye])


from ._test_utils_sparse import (rand_sparse_ndarray, create_sparse_array,  # noqa: E402,F401
                                 create_sparse_array_zd, shuffle_csr_column_indices)


def check_gluon_hybridize_consistency(net_builder, data_l, numpy_func=None, test_grad=True, rtol=1e-4, atol=1e-4):
    """Build `net_builder(prefix='net_')` four ways (imperative/hybridized, with/without autograd) from the
    same initial parameters and assert identical outputs and input gradients (and `numpy_func` if given)."""
    def run(net, use_autograd):
        inputs = [x.copy() for x in data_l]
        if not use_autograd:
            return net(*inputs), inputs
        for x in inputs:
            x.attach_grad()
        with autograd.record():
            out = net(*inputs)
        out.backward(out)
        return out, inputs

    ref_out, ref_grads, init_vals = None, None, None
    for hybridize in (False, True):
        for use_autograd in ((False, True) if test_grad else (False,)):
            net = net_builder(prefix="net_")
            net.initialize()
            if hybridize:
                net.hybridize()
            out, inputs = run(net, use_autograd)
            params = list(net.collect_params().values())
            if init_vals is None:
                init_vals = [p.data().asnumpy() for p in params]
            else:
                # same starting point: rerun with the first network's parameters
                for p, v in zip(params, init_vals):
                    arr = nd.array(v, dtype=v.dtype)  # in the parameter's own kind (set_data refuses the other)
                    p.set_data(arr if type(p.data()) is nd.NDArray else arr.as_np_ndarray())
                out, inputs = run(net, use_autograd)
            if ref_out is None:
                ref_out = out.asnumpy()
            else:
                assert_almost_equal(out.asnumpy(), ref_out, rtol=rtol, atol=atol)
            if use_autograd:
                grads = [x.grad.asnumpy() for x in inputs]
                if ref_grads is None:
                    ref_grads = grads
                else:
                    for g, r in zip(grads, ref_grads):
                        assert_almost_equal(g, r, rtol=rtol, atol=atol)
    if numpy_func is not None:
        assert_almost_equal(ref_out, numpy_func(*[x.asnumpy() for x in data_l]), rtol=rtol, atol=atol)


# ---------------------------------------------------------------- `from mxnet.test_utils import *`
# MXNet's test_utils has no __all__, so a star import also brings its module-level imports (mx, np, sys,
# time, ...) and helpers; MXNet's own test files rely on that (e.g. they use `mx` after a star import).
import bz2  # noqa: E402,F401
import errno  # noqa: E402,F401
import gzip  # noqa: E402,F401
import json  # noqa: E402,F401
import logging  # noqa: E402,F401
import platform  # noqa: E402,F401
import struct  # noqa: E402,F401
import sys  # noqa: E402,F401
import time  # noqa: E402,F401
import traceback  # noqa: E402,F401
import zipfile  # noqa: E402,F401
from collections import OrderedDict  # noqa: E402,F401
from contextlib import contextmanager  # noqa: E402,F401

import torch2gluon as mx  # noqa: E402
from .ndarray import array  # noqa: E402,F401
from .runtime import Features  # noqa: E402,F401
from .symbol import Symbol  # noqa: E402,F401
from .util import getenv, setenv, get_cuda_compute_capability, use_np  # noqa: E402,F401


class DummyIter(mx.io.DataIter):
    """An iterator that returns the first batch of `real_iter` forever (for speed tests)."""

    def __init__(self, real_iter):
        super().__init__()
        self.real_iter = real_iter
        self.provide_data = real_iter.provide_data
        self.provide_label = real_iter.provide_label
        self.batch_size = real_iter.batch_size
        self.the_batch = next(real_iter)

    def __iter__(self):
        return self

    def next(self):
        """The same batch again."""
        return self.the_batch

    __next__ = next


def same_symbol_structure(sym1, sym2):
    """Whether two symbols have the same graph (ops, names and connections)."""
    def canon(s):
        g = json.loads(s.tojson())
        return [(n["op"], n["name"], n.get("inputs")) for n in g["nodes"]], g["heads"]
    return canon(sym1) == canon(sym2)


def get_im2rec_path(home_env="MXNET_HOME"):
    """Path of the im2rec tool (torch2gluon's: run it with `python -m torch2gluon.tools.im2rec`)."""
    from .tools import im2rec
    return im2rec.__file__


def _refuse(api, why):
    def fn(*args, **kwargs):
        raise NotImplementedError(f"test_utils.{api} is not supported by torch2gluon ({why})")
    fn.__name__ = api
    fn.__doc__ = f"Not supported: {why}."
    return fn


check_speed = _refuse("check_speed", "it times a bound symbolic executor")
download_model = _refuse("download_model", "it downloads MXNet model-zoo symbol files; use gluon.model_zoo")

del __all__  # star imports take every public name, as with MXNet's module
