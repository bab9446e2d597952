"""Module classes of MXNet that torch2gluon does not provide: constructing one raises NotImplementedError."""
from .base_module import BaseModule


def _refused(name, hint):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"mx.mod.{name} is not supported by torch2gluon; {hint}")
    doc = f"MXNet's {name}: not provided by torch2gluon (constructing it raises NotImplementedError)."
    return type(name, (BaseModule,), {"__init__": __init__, "__doc__": doc})


PythonModule = _refused("PythonModule", "use mx.mod.Module or a Gluon Block")
PythonLossModule = _refused("PythonLossModule", "use a loss head (make_loss) in the symbol")
