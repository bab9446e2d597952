"""A HybridBlock as a `torch.export` program: the deployable artifact for PyTorch-side serving.

`HybridBlock.export(path, epoch)` writes MXNet's `-symbol.json`/`-NNNN.params` pair, which real MXNet and
`SymbolBlock.imports` load. `export_torch_program(block, path, *inputs, epoch=0)` writes the same network
as `path-NNNN.pt2` (`torch.export.save`): an ATen-level graph with the weights embedded, in inference mode,
loadable with `torch.export.load(f).module()` (or `load_torch_program`) without torch2gluon or MXNet.
"""
import torch

from .. import autograd
from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ._compile import _to_arrays, _to_tensors

__all__ = ["export_torch_program", "load_torch_program"]


class _Program(torch.nn.Module):
    """The block's eager forward as a torch.nn.Module over plain tensors (what torch.export traces)."""

    def __init__(self, block, ctx):
        super().__init__()
        self._block = [block]  # a list: keeps the Gluon block out of torch's module registry
        self._ctx = ctx

    def forward(self, *tensors):
        out = self._block[0]._eager_forward(*_to_arrays(tensors, self._ctx))
        return _to_tensors(out)


def export_torch_program(block, path, *inputs, epoch=0, dynamic_batch=False):
    """Write `path-%04d.pt2` (torch.export) for `block` on inputs shaped like `inputs`; returns the file name."""
    from .block import HybridBlock
    if not isinstance(block, HybridBlock):
        raise TypeError(f"export_torch_program: expected a HybridBlock, got {type(block).__name__}")
    if not inputs or not all(isinstance(x, NDArray) for x in inputs):
        raise TypeError("export_torch_program: give the example inputs as NDArrays (one per forward argument)")
    with autograd.predict_mode(), autograd.pause():
        block(*inputs)  # finishes deferred initialization, as MXNet's export needs a forward first
        dims = None
        if dynamic_batch:
            batch = torch.export.Dim("batch", min=1)
            dims = {"tensors": tuple({0: batch} for _ in inputs)}
        tensors = tuple(x._t.detach() for x in inputs)
        # the weights become constants of the program: trace with detached copies (same storage)
        arrays = [a for p in block.collect_params().values() for a in (p._data or [])]
        saved = [a._t for a in arrays]
        for a in arrays:
            a._t = a._t.detach()
        try:
            with torch.no_grad():
                program = torch.export.export(_Program(block, inputs[0]._ctx), tensors, dynamic_shapes=dims,
                                              strict=False)
        except Exception as e:  # torch.export's own errors name the unsupported construct
            raise MXNetError(f"export_torch_program: torch.export could not trace {block.name} "
                             f"({type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''})"
                             ) from e
        finally:
            for a, t in zip(arrays, saved):
                a._t = t
    fname = "%s-%04d.pt2" % (path, epoch)
    torch.export.save(program, fname)
    return fname


def load_torch_program(fname):
    """Load a `.pt2` written by export_torch_program as a callable torch.nn.Module over tensors."""
    return torch.export.load(fname).module()
