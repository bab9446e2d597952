"""Per-thread autograd state (recording / training flags), shared by ndarray and autograd."""
import threading


class _State(threading.local):
    """Recording and training flags of the current thread; both start False, as in MXNet."""

    def __init__(self):
        self.recording = False
        self.training = False


STATE = _State()
