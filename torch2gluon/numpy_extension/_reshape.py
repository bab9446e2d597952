"""`npx.reshape`: numpy-mode reshape with MXNet's own special codes (not those of legacy `nd.reshape`).

Codes, read left to right against the input dims (right to left with `reverse=True`):
a value >= 0 or -1 takes the next input dim's place (-1 is inferred at the end; at most one -1 in the codes,
those after a -6 included); -2 copies the next input dim; -3 drops the next input dim, which must be 1; -4 copies
all remaining input dims; -5 merges the next two input dims; -6 splits the next input dim into the two values that
follow it (one may be -1).
A 0 is a zero-length dim, not a copy. The result is always a copy.
"""
import numbers

import numpy as np

from ..base import MXNetError
from ..ndarray._args import as_bool
from ..ndarray.ndarray import NDArray, tensor_of
from ..numpy._wrap import wrap_np, np_class
from ._adapt import legacy_input

__all__ = ["reshape"]


def _fail(src, codes, reverse, why):
    raise MXNetError(f"Check failed: {why}: Cannot reshape array of shape {list(src)} into shape "
                     f"{list(codes)} , reverse = {int(reverse)}")


def _codes(newshape):
    if newshape is None:
        return ()
    if isinstance(newshape, (numbers.Integral, np.integer)) and not isinstance(newshape, bool):
        return (int(newshape),)
    if isinstance(newshape, (tuple, list)) and all(
            isinstance(c, (numbers.Integral, np.integer)) and not isinstance(c, bool) for c in newshape):
        return tuple(int(c) for c in newshape)
    raise MXNetError(f"Invalid Parameter format for newshape expect Shape(tuple) but value='{newshape}', "
                     "in operator _npx_reshape")


def np_reshape_shape(src, codes, reverse=False):
    """The target shape of `npx.reshape` of a `src`-shaped array by `codes`."""
    src, codes = tuple(src), tuple(codes)
    unknown = False
    for c in codes:  # every -1 counts, those following a -6 included
        if c < -6:
            raise MXNetError(f"Check failed: param.newshape[i] >= -6 ({c} vs. -6) : Dimension size must be "
                             "greater than or equal to -6")
        if c == -1:
            if unknown:
                raise MXNetError("Check failed: !has_unknown_dim_size: Can only specify one unknown dimension")
            unknown = True
    s, cs = (src[::-1], codes[::-1]) if reverse else (src, codes)
    n, out, j, i = len(s), [], 0, 0
    while i < len(cs):
        c = cs[i]
        if c >= -1:
            out.append(c)
            j += 1
        elif c == -2:
            if j >= n:
                _fail(src, codes, reverse, "Unmatching dimension of proposed new shape")
            out.append(s[j])
            j += 1
        elif c == -3:
            if j >= n or s[j] != 1:
                _fail(src, codes, reverse, "-3 index should only be used to skip dimension size 1")
            j += 1
        elif c == -4:
            out.extend(s[j:])
            j = n
        elif c == -5:
            if j >= n - 1:
                _fail(src, codes, reverse, "Not enough dimensions left for the product")
            out.append(s[j] * s[j + 1])
            j += 2
        else:  # -6
            if i + 2 >= len(cs) or j >= n:
                _fail(src, codes, reverse, "-6 needs an input dim and two values after it")
            d0, d1, d2 = s[j], cs[i + 1], cs[i + 2]
            if d1 < -1 or d2 < -1:
                _fail(src, codes, reverse, "shape dim size must be >= -1")
            if d1 == -1 and d2 == -1:
                _fail(src, codes, reverse, "Can only specify one unknown dimension")
            if d1 == -1:
                d1 = d0 // d2 if d2 else -1
            elif d2 == -1:
                d2 = d0 // d1 if d1 else -1
            if d1 * d2 != d0:
                _fail(src, codes, reverse, f"Split dims {d1}, {d2} do not divide original dim {d0}")
            out += [d1, d2]
            j += 1
            i += 2
        i += 1
    total = int(np.prod(src, dtype=np.int64))
    unknown = [k for k, d in enumerate(out) if d == -1]
    if len(unknown) > 1:
        _fail(src, codes, reverse, "Can only specify one unknown dimension")
    if unknown:
        known = int(np.prod([d for d in out if d != -1], dtype=np.int64))
        if known == 0 or total % known:
            _fail(src, codes, reverse, "the known dims do not divide the input size")
        out[unknown[0]] = total // known
    if int(np.prod(out, dtype=np.int64)) != total:
        _fail(src, codes, reverse, "the sizes differ")
    return tuple(out[::-1]) if reverse else tuple(out)


def reshape(a, newshape, reverse=False, order="C", out=None, **kwargs):
    """Reshape `a` to `newshape` with npx's codes (-1 infer, -2 copy, -3 drop a 1, -4 rest, -5 merge, -6 split);
    always a copy. `order` is accepted and, as in MXNet 1.9.1, the data is always read in C order."""
    if kwargs:
        bad = next(iter(kwargs))
        raise MXNetError(f"Cannot find argument '{bad}', Possible Arguments:\n----------------\nnewshape\n"
                         "reverse\norder\n, in operator _npx_reshape")
    if type(a) is not np_class():
        if not isinstance(a, NDArray):
            raise AssertionError(f"Argument a must have NDArray type, but got {a}")
        legacy_input(a, "reshape")
    if out is not None:
        legacy_input(out, "reshape")
    t = tensor_of(a)
    shape = np_reshape_shape(t.shape, _codes(newshape), as_bool(reverse))
    r = t.reshape(shape)
    if r._is_view():
        r = r.clone()
    if out is None:
        return wrap_np(r, a._ctx)
    if tuple(out.shape) != shape:
        raise MXNetError(f"Shape inconsistent, Provided = {list(out.shape)}, inferred shape={list(shape)}")
    out._assign(r)
    return out
