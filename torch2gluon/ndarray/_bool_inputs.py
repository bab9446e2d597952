"""MXNet 1.9.1's legacy operators that compute on other dtypes but have no bool kernel, and which inputs they check.

MXNet answers a bool array there with MXNetError "Unknown type enum 7" (or a failed type inference). Operators
that torch itself refuses for bool need no entry: the wrapper's error path turns torch's "not implemented for
'Bool'" into the same MXNetError (_op_errors.py). The check is generated into each listed operator's wrapper
(register.py): other operators pay nothing.
"""
import torch

from ..base import MXNetError

_ALL = "*"  # every positional input (operators taking a list of arrays: concat, add_n)

# operator name (any alias) -> positions of the array inputs that may not be bool
BOOL_REFUSED = {
    "transpose": (0,), "SwapAxis": (0,), "swapaxes": (0,), "reverse": (0,), "flip": (0,),
    "sort": (0,), "argsort": (0,), "topk": (0,), "diag": (0,), "shuffle": (0,), "_shuffle": (0,),
    "smooth_l1": (0,), "softmin": (0,), "slice_like": (0,), "slice_axis": (0,),
    "SliceChannel": (0,), "split": (0,), "_split_v2": (0,), "amp_cast": (0,), "Pad": (0,), "pad": (0,),
    "moments": (0,), "depth_to_space": (0,), "space_to_depth": (0,), "unravel_index": (0,),
    "ravel_multi_index": (0,), "_contrib_arange_like": (0,), "_contrib_div_sqrt_dim": (0,),
    "cast_storage": (0,), "_sample_multinomial": (0,), "sample_multinomial": (0,),
    "SequenceMask": (0, 1), "SequenceReverse": (0, 1), "SequenceLast": (0, 1),
    "one_hot": (0,), "pick": (0, 1), "choose_element_0index": (0, 1), "fill_element_0index": (0, 1, 2),
    "gather_nd": (1,), "batch_take": (1,), "Embedding": (0, 1), "FullyConnected": (0, 1, 2),
    "_contrib_index_copy": (0, 1, 2), "where": (0, 1, 2), "softmax_cross_entropy": (0, 1),
    "_contrib_quadratic": (0,), "_contrib_allclose": (0, 1), "amp_multicast": _ALL,
    "Concat": _ALL, "concat": _ALL, "add_n": _ALL, "ElementWiseSum": _ALL,
}


def bool_error(opname):
    """MXNet's error for a bool array given to an operator without a bool kernel."""
    return MXNetError(f"{opname}: Unknown type enum 7 (the operator does not take bool arrays)")


def refused_inputs(names):
    """The entry of BOOL_REFUSED for an operator registered under `names`, else None."""
    for n in names:
        if n in BOOL_REFUSED:
            return BOOL_REFUSED[n]
    return None


def check_no_bool(opname, positions, pnames, args, kwargs):
    """Raise bool_error where an input at `positions` (by position or by its name in `pnames`) is a bool array."""
    if positions == _ALL:
        values = args
    else:
        values = [args[i] if i < len(args) else kwargs.get(pnames[i]) if i < len(pnames) else None
                  for i in positions]
    for v in values:
        t = getattr(v, "_t", None)
        if t is not None and t.dtype is torch.bool:
            raise bool_error(opname)

