"""Shared helper: load MXNet's pretrained weights for a model-zoo network."""
from ....context import cpu


def load_pretrained(net, name, ctx=None, root=None):
    """Load pretrained file `name` (see model_store) into `net` on `ctx` (default cpu())."""
    from ..model_store import get_model_file
    net.load_parameters(get_model_file(name, root=root), ctx=cpu() if ctx is None else ctx)
    return net
