"""MXNet's `num_args` of a variadic operator (add_n, concat, stack, khatri_rao): the number of inputs it takes.

MXNet's front end fills `num_args` with the number of arrays given; one passed explicitly is parsed as an int
and must be at least 1 and equal to the number of inputs, else MXNetError with MXNet 1.9.1's text naming the
operator's registered name (`add_n` also for `ElementWiseSum`, `Concat` also for `concat`).
"""
from ..base import MXNetError, _Null
from ._param_check import check_param


def check_num_args(opname, num_args, n):
    """Raise MXNet's error unless `num_args` (`_Null`: not given) fits the `n` inputs of `opname` (n=None: only
    parsed and checked to be at least 1, for an operator whose inputs do not follow it)."""
    k = (n or 0) if num_args is _Null else check_param(num_args, "i", "num_args", opname)
    if k < 1:
        raise MXNetError(f"value {k} for Parameter num_args should be greater equal to 1, "
                         f'in operator {opname}(name="", num_args="{k}")')
    if n is not None and k != n:
        raise MXNetError(f"Check failed: num_inputs == infered_num_inputs ({n} vs. {k}) : "
                         f"Operator {opname} expects {k} inputs, but got {n} instead.")
