"""Gaps found by running the MXNet 1.x teaching books (The Straight Dope, d2lzh) unchanged, in miniature."""
import pytest
import torch

import torch2gluon
from tests.oracle import check

NO_CUDA = not torch.cuda.is_available()


@pytest.mark.skipif(not NO_CUDA, reason="compares against the oracle's CPU-only build")
@pytest.mark.parametrize("make", [lambda mx: mx.nd.array([0], ctx=mx.gpu()),
                                  lambda mx: mx.nd.zeros((2, 3), ctx=mx.gpu(1)),
                                  lambda mx: mx.nd.ones(2).as_in_context(mx.gpu()),
                                  lambda mx: mx.nd.ones(2).copyto(mx.gpu()),
                                  lambda mx: mx.gluon.nn.Dense(2, in_units=2).initialize(ctx=mx.gpu())])
def test_data_on_missing_gpu_is_mxnet_error(make):
    """d2lzh's try_gpu()/try_all_gpus() probe with nd.array(ctx=mx.gpu(i)) and catch MXNetError."""
    check(make)


def test_try_gpu_pattern_falls_back():
    def try_all_gpus(mx):
        ctxes = []
        try:
            for i in range(16):
                mx.nd.array([0], ctx=mx.gpu(i))
                ctxes.append(mx.gpu(i))
        except mx.base.MXNetError:
            pass
        return ctxes or [mx.cpu()]
    if NO_CUDA:
        check(lambda mx: [str(c) for c in try_all_gpus(mx)])
    else:
        assert len(try_all_gpus(torch2gluon)) == torch.cuda.device_count()


def test_gpu_context_objects_need_no_device():
    check(lambda mx: (str(mx.gpu(3)), mx.gpu() == mx.gpu(0), mx.gpu(1).device_type, mx.gpu(2).device_id))
