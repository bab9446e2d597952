"""DataLoader arguments not covered elsewhere (prefetch, pin_device_id, timeout) against MXNet 1.9.1."""
import inspect
import multiprocessing
import time

import numpy as np
import pytest

import mxnet
import torch2gluon
from _data_helpers import same

LIBS = (mxnet, torch2gluon)


def test_signature_matches_191():
    ref = inspect.signature(mxnet.gluon.data.DataLoader.__init__)
    ours = inspect.signature(torch2gluon.gluon.data.DataLoader.__init__)
    assert [(p.name, p.default) for p in ours.parameters.values()] == \
        [(p.name, p.default) for p in ref.parameters.values()]


@pytest.mark.parametrize("kw", [dict(prefetch=0, num_workers=2, thread_pool=True),
                                dict(prefetch=5, num_workers=1, thread_pool=True),
                                dict(prefetch=-3),
                                dict(num_workers=-2),
                                dict(pin_memory=True, pin_device_id=1),
                                dict(pin_memory=True, num_workers=2, thread_pool=True)])
def test_arguments_give_same_batches(kw):
    def run(mx):
        ds = mx.gluon.data.SimpleDataset([np.float32(i) for i in range(7)]).transform(lambda x: x * 2)
        return list(mx.gluon.data.DataLoader(ds, batch_size=3, **kw))
    same(run(mxnet), run(torch2gluon))


class _Slow:
    def __getitem__(self, i):
        time.sleep(1.0)
        return np.float32(i)

    def __len__(self):
        return 2


def test_timeout_thread_pool():
    for mx in LIBS:
        loader = mx.gluon.data.DataLoader(_Slow(), batch_size=1, num_workers=1, thread_pool=True, timeout=0.2)
        with pytest.raises(multiprocessing.context.TimeoutError):
            next(iter(loader))


def test_timeout_worker_processes():
    for mx in LIBS:
        loader = mx.gluon.data.DataLoader(_Slow(), batch_size=1, num_workers=1, timeout=0.3)
        with pytest.raises(multiprocessing.context.TimeoutError):
            next(iter(loader))
        del loader
