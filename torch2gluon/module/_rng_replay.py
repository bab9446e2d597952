"""Replay of the random draws of an inference forward, for an executor's backward that re-runs it.

MXNet's backward after `forward(is_train=False)` differentiates what that forward computed, random draws
included (a `Dropout(mode='always')` mask, a sampler's values). torch2gluon re-runs such a forward under
recording, so it restores the generator state the original forward started from, and afterwards the state
the re-run found (MXNet's backward itself draws nothing).
"""
import contextlib

import torch


def capture():
    """The torch generator states (CPU, and every CUDA device once CUDA is in use)."""
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() and torch.cuda.is_initialized() else None
    return torch.get_rng_state(), cuda


def _restore(state):
    cpu, cuda = state
    torch.set_rng_state(cpu)
    if cuda is not None:
        torch.cuda.set_rng_state_all(cuda)


@contextlib.contextmanager
def replaying(state):
    """Run the body from generator state `state` (None: as is), then put back the state found on entry."""
    if state is None:
        yield
        return
    now = capture()
    _restore(state)
    try:
        yield
    finally:
        _restore(now)
