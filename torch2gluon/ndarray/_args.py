"""Argument normalisers for MXNet operator parameters (axes, string booleans, tuples)."""
import ast
import numbers

import numpy as np

from ..base import MXNetError


def as_bool(v):
    """MXNet booleans may arrive as bool, 0/1 or the strings 'True'/'False'/'1'/'0' (any case); anything else
    (2, 1.0, 'yes', a list) is MXNet's "Invalid Parameter format ... expect boolean". None (a parameter left
    at its default here) is False."""
    if v is True or v is False:
        return v
    if v is None:
        return False
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (numbers.Integral, np.integer)) and v in (0, 1):
        return bool(v)
    low = v.strip().lower() if isinstance(v, str) else None
    if low in ("true", "1"):
        return True
    if low in ("false", "0"):
        return False
    raise MXNetError(f"Invalid Parameter format: expect boolean but value='{v}'")


def as_tuple(v):
    """A shape/axes argument as a tuple of ints (accepts int, sequence, or a string like '(2, 3)')."""
    tv = type(v)
    if tv is tuple:  # the common call: already a tuple of python ints
        for x in v:
            if type(x) is not int:
                break
        else:
            return v
    elif tv is int:
        return (v,)
    if v is None:
        return None
    if isinstance(v, str):
        v = ast.literal_eval(v)
    if isinstance(v, (numbers.Integral, np.integer)):
        return (int(v),)
    return tuple(int(x) for x in v)


def as_axes(axis, ndim, exclude=False, opname="op"):
    """Normalise `axis` (None, int, tuple) to a sorted tuple of non-negative axes; apply `exclude`."""
    if axis is None or (isinstance(axis, tuple) and len(axis) == 0 and not exclude):
        axes = tuple(range(ndim)) if axis is None else ()
    else:
        axes = []
        for a in as_tuple(axis):
            if not -ndim <= a < max(ndim, 1):
                raise MXNetError(f"{opname}: axis {a} is out of range for an array of {ndim} dimensions")
            axes.append(a % max(ndim, 1))
        if len(set(axes)) != len(axes):
            raise MXNetError(f"{opname}: duplicate axes in {axis}")
        axes = tuple(sorted(axes))
    if exclude:
        axes = tuple(i for i in range(ndim) if i not in axes)
    return axes


def as_axis(axis, ndim, opname="op"):
    """A single axis as a non-negative int."""
    a = int(axis)
    if not -ndim <= a < ndim:
        raise MXNetError(f"{opname}: axis {a} is out of range for an array of {ndim} dimensions")
    return a % ndim
