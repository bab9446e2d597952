"""Shared pytest setup: the `mx` fixture runs a test once on real MXNet (oracle) and once on torch2gluon."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.oracle import MODULES, MODULE_IDS  # noqa: E402


def _no_cyclic_gc_in_forked_children():
    """A forked child (a DataLoader worker) inherits the oracle's objects. If its cyclic GC finalizes one, the
    object's __del__ calls into real MXNet's engine, whose threads do not survive fork, and the worker hangs
    (seen: MXDataIter.__del__ from an earlier ImageRecordIter test). Test workers are short-lived: no cycle GC."""
    import gc
    gc.disable()


os.register_at_fork(after_in_child=_no_cyclic_gc_in_forked_children)


@pytest.fixture(params=MODULES, ids=MODULE_IDS)
def mx(request):
    """The module under test: `mxnet` (the oracle) or `torch2gluon`; assert hand-computed values on both."""
    return request.param


@pytest.fixture(autouse=True)
def _fresh_auto_names():
    """Each test starts with fresh automatic-name counters (dense0, fullyconnected0...) on both sides.

    Names come from a per-thread NameManager in MXNet and torch2gluon alike; without this, a name depends on
    which tests ran earlier in the same worker process.
    """
    import mxnet
    import torch2gluon
    saved = []
    for mod in (mxnet, torch2gluon):
        cur = mod.name.NameManager._current
        saved.append((cur, getattr(cur, "value", None)))
        cur.value = mod.name.NameManager()
    yield
    for cur, value in saved:
        if value is None:
            del cur.value
        else:
            cur.value = value


@pytest.fixture(autouse=True)
def _drain_deferred_errors():
    """A kernel failure MXNet reports when the result is read (FP16 gemm on CPU...) stays pending until a
    waitall(), as in MXNet's engine; a test that never reads its result must not fail a later test's waitall()."""
    yield
    from torch2gluon.ndarray import _deferred_error
    if _deferred_error._PENDING:
        with _deferred_error._LOCK:
            _deferred_error._PENDING.clear()
