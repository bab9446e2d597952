"""`mx.contrib.autograd`: MXNet's first autograd API (train_section/test_section, compute_gradient, grad_and_loss)."""
import functools

from .. import autograd as _ag
from ..ndarray.ndarray import NDArray
from ..ndarray.creation import zeros_like

__all__ = ["NDArray", "set_is_training", "TrainingStateScope", "train_section", "test_section",
           "mark_variables", "backward", "compute_gradient", "grad_and_loss", "grad", "zeros_like"]


def set_is_training(is_train):
    """Set both the training and the recording flag to `is_train`; returns the previous recording flag."""
    _ag.set_training(is_train)
    return _ag.set_recording(is_train)  # MXNet reports the recording flag it replaced


class TrainingStateScope:
    """Scope that turns training and recording on (`True`) or off (`False`) and restores them on exit."""

    def __init__(self, enter_state):
        self._enter_state = enter_state
        self._prev = None
        self._grad_mode = None

    def __enter__(self):
        import torch
        self._grad_mode = torch.is_grad_enabled()
        torch.set_grad_enabled(bool(self._enter_state))
        self._prev = set_is_training(self._enter_state)

    def __exit__(self, ptype, value, trace):
        import torch
        if self._prev != self._enter_state:
            set_is_training(self._prev)
        torch.set_grad_enabled(self._grad_mode)


def train_section():
    """Scope that records operators in training mode."""
    return TrainingStateScope(True)


def test_section():
    """Scope that stops recording and runs operators in inference mode."""
    return TrainingStateScope(False)


def mark_variables(variables, gradients, grad_reqs="write"):
    """Mark arrays as variables whose gradients are written into `gradients`."""
    _ag.mark_variables(variables, gradients, grad_reqs)


def backward(outputs, out_grads=None, retain_graph=False):
    """Compute the gradients of the list `outputs` w.r.t. the marked variables."""
    assert isinstance(outputs, (list, tuple)), "outputs must be a list or tuple of NDArrays"
    if out_grads is not None:
        assert len(out_grads) == len(outputs), "outputs and out_grads must have the same length"
    _ag.backward(list(outputs), None if out_grads is None else list(out_grads), retain_graph=retain_graph)


def compute_gradient(outputs):
    """Deprecated alias of `backward(outputs)`."""
    backward(outputs)


def grad_and_loss(func, argnum=None):
    """Wrap `func` so it returns (gradients of the chosen arguments, func's output)."""
    @functools.wraps(func)
    def wrapped(*args):
        """Run `func` under train_section and back-propagate its output."""
        variables = args
        if argnum is not None:
            picks = argnum if isinstance(argnum, list) else [argnum]
            variables = [args[i] for i in picks]
        for x in variables:
            assert isinstance(x, NDArray), "type of autograd input should NDArray."
        grads = [zeros_like(x) for x in variables]
        mark_variables(variables, grads)
        with train_section():
            outputs = func(*args)
        compute_gradient([outputs] if isinstance(outputs, NDArray) else outputs)
        return grads, outputs
    return wrapped


def grad(func, argnum=None):
    """Wrap `func` so it returns the gradients of the chosen arguments."""
    both = grad_and_loss(func, argnum)

    @functools.wraps(both)
    def wrapped(*args):
        """Gradients only."""
        return both(*args)[0]
    return wrapped
