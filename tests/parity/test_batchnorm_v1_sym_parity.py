"""sym.BatchNorm_v1 (MXNet's legacy operator, symbolic only) against MXNet 1.9.1 through simple_bind:
outputs, gamma written as 1 under fix_gamma, moving statistics updated in backward, gradients, predict mode."""
import numpy as np
import pytest

from tests.oracle import check

_KW = [{}, {"fix_gamma": False}, {"use_global_stats": True},
       {"fix_gamma": False, "use_global_stats": True, "output_mean_var": True},
       {"fix_gamma": False, "output_mean_var": True, "eps": 1e-2, "momentum": 0.5}]


def _run(mx, shape, kw, is_train):
    rng = np.random.RandomState(3)
    x = rng.randn(*shape).astype("f")
    c = shape[1]
    d = mx.sym.Variable("data")
    s = mx.sym.BatchNorm_v1(d, name="bn", **kw)
    ex = s.simple_bind(mx.cpu(), data=shape)
    ex.arg_dict["data"][:] = x
    ex.arg_dict["bn_gamma"][:] = rng.rand(c) + 0.5
    ex.arg_dict["bn_beta"][:] = rng.rand(c)
    ex.aux_dict["bn_moving_mean"][:] = rng.rand(c)
    ex.aux_dict["bn_moving_var"][:] = rng.rand(c) + 0.5
    outs = [o.copy() for o in ex.forward(is_train=is_train)]
    after_fwd = [a.copy() for a in ex.aux_arrays] + [ex.arg_dict["bn_gamma"].copy()]
    if not is_train:
        return s.list_arguments(), s.list_auxiliary_states(), s.list_outputs(), outs, after_fwd
    ex.backward([mx.nd.array(rng.randn(*shape))] + [mx.nd.ones(c)] * (len(outs) - 1))
    mx.nd.waitall()  # MXNet's engine can run a copy of the aux arrays before backward's update lands otherwise
    return (s.list_arguments(), s.list_auxiliary_states(), s.list_outputs(), outs, after_fwd,
            [a.copy() for a in ex.aux_arrays], [g.copy() for g in ex.grad_arrays])


@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 2, 2)])
@pytest.mark.parametrize("kw", _KW, ids=str)
@pytest.mark.parametrize("is_train", [True, False])
def test_batchnorm_v1_executor(shape, kw, is_train):
    check(lambda mx: _run(mx, shape, kw, is_train), atol=1e-4, rtol=1e-4)


def test_batchnorm_v1_attrs():
    check(lambda mx: (mx.sym.BatchNorm_v1(mx.sym.var("x"), name="b").attr_dict(),
                      mx.sym.BatchNorm_v1(mx.sym.var("x"), name="b").get_internals().list_outputs(),
                      mx.sym.BatchNorm_v1(mx.sym.var("x"), name="b").infer_shape(x=(2, 5, 3, 3))))
