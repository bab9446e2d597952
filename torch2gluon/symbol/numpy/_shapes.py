"""Shapes of unknown-shaped inputs of numpy nodes from their first operand (deferred parameter shapes through
`F.np` code, as MXNet's backward shape inference gives them): 0 marks a size the operand does not tell."""

_SAME_SHAPE = frozenset(("_npi_add", "_npi_subtract", "_npi_multiply", "_npi_true_divide", "_npi_power",
                         "_npi_mod", "_npi_hypot", "_npi_arctan2", "_npi_copysign"))


def param_shape(op, attrs, slot, data_shape):
    """Shape of input `slot` of numpy operator `op` given its first input's shape (None if no rule)."""
    if slot != 1 or not data_shape:
        return None
    if op in ("_np_dot", "_npi_matmul") and len(data_shape) >= 1:
        return (data_shape[-1], 0)  # a 2-D right operand: its rows are the contracted size
    if op in _SAME_SHAPE:
        return tuple(data_shape)
    return None
