"""`mx.sym.npx` (`mxnet.symbol.numpy_extension`): not built by torch2gluon; any name raises NotImplementedError."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise NotImplementedError(f"mx.sym.npx.{name}: MXNet's symbolic numpy interface (mx.sym.np / mx.sym.npx) "
                              "is not supported by torch2gluon; call hybrid_forward with arrays (F.np, F.npx)")
