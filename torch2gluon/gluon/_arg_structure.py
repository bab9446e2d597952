"""MXNet's check that a hybridized block is called with the argument structure its cached graph was built for
(`None` in the same places, same nesting); a mismatch raises MXNet 1.9.1's ValueError."""
from ..ndarray.ndarray import NDArray
from ..symbol import Symbol


def arg_format(args, inout_str="input"):
    """MXNet's `_flatten` format: 0 for an array, -1 for None, a list for a list/tuple (ValueError otherwise)."""
    if isinstance(args, NDArray):
        return 0
    if isinstance(args, Symbol):
        n = len(args.list_outputs())
        return n if n > 1 else 0
    if args is None:
        return -1
    if not isinstance(args, (list, tuple)):
        raise ValueError(f"When hybridized, the input of HybridBlock {inout_str} must be (nested) list of Symbol "
                         f"or NDArray, but got {args} of type {type(args)}")
    return [arg_format(a, inout_str) for a in args]


def _compatible(fmt, stored):
    if fmt == stored:
        return True
    if len(stored) > len(fmt):  # trailing None arguments left to their defaults are allowed
        return all(f == -1 for f in stored[len(fmt):]) and fmt == stored[:len(fmt)]
    if len(stored) < len(fmt):
        return all(f == -1 for f in fmt[len(stored):]) and fmt[:len(stored)] == stored
    return False


def check_arg_structure(block, args):
    """Record the argument format of `block`'s first top-level hybridized call (per cached graph; the caller
    skips blocks running inside a hybridized parent) and raise MXNet's ValueError when a later call differs (e.g. None in another position). Returns `args[1:]`
    without the extra trailing Nones that MXNet's cached graph never sees."""
    fmt = arg_format(list(args))
    key = block._compiler  # a new cached graph (hybridize again, _clear_cached_op) records afresh
    stored = getattr(block, "_t2g_arg_fmt", None)
    if stored is None or stored[0] is not key:
        block._t2g_arg_fmt = (key, fmt)
        return tuple(args[1:])
    if not _compatible(fmt, stored[1]):
        # MXNet's message names the formats this way round
        raise ValueError("The argument structure of HybridBlock does not match the cached version. "
                         f"Stored format = {fmt}, input format = {stored[1]}")
    return tuple(args[1:len(stored[1])]) if len(fmt) > len(stored[1]) else tuple(args[1:])
