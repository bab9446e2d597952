"""`mx.sym.np` (`mxnet.symbol.numpy`): MXNet's symbolic numpy interface, which torch2gluon does not build.

Any function looked up here raises NotImplementedError naming it. `hybrid_forward` in numpy mode runs with
`F = mx.nd` (`F.np` / `F.npx` over arrays), hybridized or not, so models never need these symbols. `_Symbol`
(MXNet's numpy Symbol class) exists for `isinstance` checks only: no torch2gluon object is one.
"""
from ..symbol import Symbol as _LegacySymbol


class _Symbol(_LegacySymbol):
    """MXNet's numpy-mode Symbol class; torch2gluon never creates one (isinstance checks give False)."""

    __slots__ = ()


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise NotImplementedError(f"mx.sym.np.{name}: MXNet's symbolic numpy interface (mx.sym.np / mx.sym.npx) "
                              "is not supported by torch2gluon; call hybrid_forward with arrays (F.np, F.npx)")
