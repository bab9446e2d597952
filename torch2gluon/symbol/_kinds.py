"""MXNet's refusal to mix legacy Symbols and numpy-mode `mx.sym.np._Symbol`s in one operator call.

MXNet 1.9.1's generated legacy symbol functions (`mx.sym.FullyConnected`, `mx.sym.contrib.box_nms`...) raise
TypeError for a `_Symbol` argument, and its numpy ones (`mx.sym.np.sum`, `mx.sym.npx.relu`, `_Symbol`
operators) for a legacy Symbol. The checks run for user code; while a built-in Gluon layer's forward is traced in
numpy mode (`gluon._np_kinds.DEPTH`), its own calls take either kind, as its eager path does.
"""


def _user_call():
    from ..gluon._np_kinds import DEPTH  # pylint: disable=import-outside-toplevel
    return DEPTH.n == 0


def refuse_np_symbols(op, args, kwargs):
    """Raise MXNet's TypeError when legacy symbol operator `op` is given an `mx.sym.np._Symbol` by user code."""
    from .symbol import Symbol  # pylint: disable=import-outside-toplevel
    for a in (*args, *kwargs.values()):
        for s in (a if type(a) in (list, tuple) else (a,)):
            if type(s) is not Symbol and isinstance(s, Symbol) and _user_call():
                from ..ndarray._np_inputs import legacy_error  # pylint: disable=import-outside-toplevel
                raise legacy_error(op)


def refuse_legacy_symbol(op):
    """Raise MXNet's TypeError of numpy backend operator `op` given a legacy Symbol (user code only)."""
    if _user_call():
        from ..numpy._wrap import legacy_operand_error  # pylint: disable=import-outside-toplevel
        raise legacy_operand_error(op)
