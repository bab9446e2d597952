"""Oracle tests for behaviour the d2l-en MXNet NLP/recsys/CV chapters rely on (found running them unchanged)."""
import sys

import numpy as onp

from tests.oracle import check


def _lib(arr):
    """The library (mxnet or torch2gluon) that made `arr`."""
    return sys.modules[type(arr).__module__.split(".")[0]]


def _np_batchify(samples):
    """A d2l-style batchify_fn: stacks the samples into an `np.ndarray` of the calling library."""
    mod = _lib(samples[0])
    return (mod.np.array(onp.stack([s.asnumpy() for s in samples])),
            mod.np.array([len(samples)] * len(samples)))


class _Rows:
    """Dataset of mx.np rows (picklable by reference, for worker processes)."""

    def __init__(self, mx):
        self.rows = [mx.np.array([i, i + 1.0]) for i in range(6)]

    def __getitem__(self, i):
        return self.rows[i]

    def __len__(self):
        return len(self.rows)


def _batches(mx, num_workers):
    loader = mx.gluon.data.DataLoader(_Rows(mx), 4, batchify_fn=_np_batchify, num_workers=num_workers)
    out = []
    for x, n in loader:
        out.append((type(x) is mx.np.ndarray, type(n) is mx.np.ndarray, x, n))
    return out


def test_worker_batches_keep_np_class(np_mode):
    """A custom batchify_fn returning mx.np arrays in worker processes: the batches arrive as mx.np arrays
    in shared memory (d2l's load_data_ptb with num_workers=4 feeds them to npx.batch_dot)."""
    check(lambda mx: _batches(mx, 2))


def test_same_process_batches_keep_np_class(np_mode):
    check(lambda mx: _batches(mx, 0))


class _Faulty:
    """Dataset whose sample 3 raises (picklable by reference)."""

    def __getitem__(self, i):
        if i == 3:
            raise ValueError(f"bad sample {i}")
        return onp.float32(i)

    def __len__(self):
        return 6


def _first_error(mx, num_workers):
    try:
        for _ in mx.gluon.data.DataLoader(_Faulty(), 2, num_workers=num_workers):
            pass
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


def test_worker_error_reraised_unchanged():
    """An exception in a worker process reaches the caller as itself, message unchanged (MXNet's pool)."""
    for workers in (0, 2):
        check(lambda mx: _first_error(mx, workers))
        assert _first_error(__import__("torch2gluon"), workers) == ("ValueError", "bad sample 3")


def _param_dict_len(mx):
    net = mx.gluon.nn.Dense(2)
    empty = mx.gluon.ParameterDict("x_")
    return bool(empty), len(list(net.collect_params())), len(net.collect_params())


def test_parameter_dict_has_no_len():
    """MXNet's ParameterDict defines no __len__: len() raises TypeError, an empty one is truthy."""
    check(_param_dict_len, raises=TypeError)
    d = __import__("torch2gluon").gluon.ParameterDict("x_")
    assert bool(d) and "w" not in d
