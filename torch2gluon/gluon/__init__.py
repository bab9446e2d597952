"""`mx.gluon`: the imperative/hybrid neural-network API."""
import importlib as _importlib

from .parameter import Parameter, Constant, ParameterDict, DeferredInitializationError
from .block import Block, HybridBlock, SymbolBlock
from . import nn

# INTEGRATION-PENDING: these modules are being written in parallel; made strict before the issue closes.
for _m in ("utils", "data", "loss", "trainer"):
    try:
        globals()[_m] = _importlib.import_module(f".{_m}", __name__)
    except ModuleNotFoundError as _e:
        if _e.name != f"{__name__}.{_m}":
            raise
if "trainer" in globals():
    Trainer = trainer.Trainer  # noqa: F821
