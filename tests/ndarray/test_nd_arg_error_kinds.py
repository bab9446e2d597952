"""Argument errors of legacy creation/operator calls as in MXNet 1.9.1: nd.empty/full with an NDArray shape, nd.full
with an array value (assigned as MXNet's out[:] = val), SoftmaxActivation's mode and float32-only kernel,
onehot_encode's shapes/dtypes/missing out (out-of-range rows stay zero), multi_*_update list lengths and
multi_lars' shapes. Every case compared with the oracle."""
import mxnet
import pytest

from tests.oracle import check_code

CASES = [
    'b = mx.nd.array([2,3]); out = mx.nd.empty(b).shape',  # uninitialised values: the shape only
    'b = mx.nd.array([2,3]); out = mx.nd.full(b, 1.0)',
    'b = mx.nd.array([2,3]); out = mx.nd.zeros(b)',
    'b = mx.nd.array([2,3]); out = mx.nd.ones(b)',
    'b = mx.nd.array([2]); out = mx.nd.empty(b).shape',  # uninitialised values: the shape only
    'out = mx.nd.empty(np.array([2,3])).shape',  # uninitialised values: the shape only
    'out = mx.nd.empty([2,3]).shape',
    'out = mx.nd.empty(2.0).shape',  # uninitialised values: the shape only
    "out = mx.nd.empty('2').shape",  # uninitialised values: the shape only
    'out = mx.nd.full((2,), mx.nd.array([1.0]))',
    'out = mx.nd.full(2.5, 1)',
    "x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, mode='foo')",
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, mode=1)',
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, foo=1)',
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, x)',
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation()',
    "x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, mode='channel')",
    "x = mx.nd.ones((3,)); out = mx.nd.SoftmaxActivation(x, mode='channel')",
    'x = mx.nd.ones((3,)); out = mx.nd.SoftmaxActivation(x)',
    'x = mx.nd.ones((2,3,4)); out = mx.nd.SoftmaxActivation(x)',
    "x = mx.nd.ones((2,3), dtype='int32'); out = mx.nd.SoftmaxActivation(x)",
    'x = mx.nd.ones(()); out = mx.nd.SoftmaxActivation(x)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((3,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((2,)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([[1,2]]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = [1,2]; o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); out = mx.nd.onehot_encode(i, None)',
    'i = mx.nd.array([1,2]); out = mx.nd.onehot_encode(i)',
    'i = mx.nd.array([1,5]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    "i = mx.nd.array([1,2]); o = mx.nd.zeros((2,4), dtype='int32'); out = mx.nd.onehot_encode(i, o)",
    "i = mx.nd.array([1,2], dtype='int32'); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)",
    'i = mx.nd.array([1,2]); o = np.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2,3]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((2,4,1)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,-1]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([-0.5,2.9]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); o = mx.nd.ones((2,4)); out = mx.nd.onehot_encode(i, o)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((2,4)); out = mx.nd.onehot_encode(indices=i, out=o)',
    'i = mx.nd.array([1,2]); o = mx.nd.zeros((2,4)); mx.nd.onehot_encode(i, out=o); out = o',
    "i = mx.nd.array([1,2], dtype='float64'); o = mx.nd.zeros((2,4), dtype='float64'); out = mx.nd.onehot_encode(i, o)",
    "x = mx.nd.ones((2,3), dtype='float64'); out = mx.nd.SoftmaxActivation(x)",
    "x = mx.nd.ones((2,3), dtype='float16'); out = mx.nd.SoftmaxActivation(x)",
    "x = mx.nd.ones((2,3,2), dtype='float64'); out = mx.nd.SoftmaxActivation(x, mode='channel')",
    "x = mx.nd.ones((2,3), dtype='float64'); out = mx.nd.SoftmaxActivation(x, mode='foo')",
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, 1)',
    'x = mx.nd.ones((2,3)); out = mx.nd.SoftmaxActivation(x, None)',
    'x = mx.nd.array([[1,2,3],[0,0,1]]); out = mx.nd.SoftmaxActivation(x)',
    "x = mx.nd.arange(12).reshape(2,3,2); out = mx.nd.SoftmaxActivation(x, mode='channel')",
    'out = mx.nd.full((2,), mx.nd.array([1.0, 2.0]))',
    "out = mx.nd.full((2,3), mx.nd.array([1.0, 2.0, 5.0]), dtype='int32')",
    'out = mx.nd.full((2,), np.array([3.0]))',
    'out = mx.nd.full((2,), [3.0])',
    'out = mx.nd.full((2,), [3.0, 4.0, 5.0])',
    "out = mx.nd.full((2,), np.float64(3.5), dtype='int32')",
    'out = mx.nd.full((2,), 3.5)',
    'out = mx.nd.full((2,), np.array(3.5))',
    'out = mx.nd.full((2,), mx.nd.array([[1.0]]))',
    'w = [mx.nd.ones(3), mx.nd.ones(2)]; g = [mx.nd.ones(3)]; out = mx.nd.multi_sgd_update(*w, *g, lrs=(0.1,0.1), wds=(0,0), num_weights=2)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, lrs=(0.1,0.1), wds=(0,0), num_weights=2)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0,), num_weights=2)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0,0), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, lrs=(0.1,0.2), wds=(0,), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, lrs=(), wds=(), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(4); out = mx.nd.multi_sgd_update(w, g, lrs=(0.1,), wds=(0,), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); out = mx.nd.multi_sgd_mom_update(w, g, m, lrs=(0.1,0.1), wds=(0,0), num_weights=2)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); out = mx.nd.multi_sgd_mom_update(w, g, lrs=(0.1,), wds=(0,), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, lrs=[0.1], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, lrs=[0.1, 0.2], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, lrs=[0.1], wds=[0.0, 1.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, lrs=[0.1], wds=[0.0], etas=[])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w, w], [g], [m], [v], r, lrs=[0.1], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g, g], [m], [v], r, lrs=[0.1, 0.1], wds=[0.0, 0.0], etas=[1.0, 1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [], r, lrs=[0.1], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_mp_adamw_update([w], [g], [m], [v], [w], r, lrs=[0.1, 0.1], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_lamb_update([w], [g], [m], [v], r, learning_rates=[0.1, 0.2], wds=[0.0], step_count=[1])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); out = mx.nd.contrib.multi_lamb_update([w], [g], [m], [v], learning_rates=[0.1], wds=[0.0, 1.0], step_count=[1])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); out = mx.nd.contrib.multi_lamb_update([w], [g], [m], [v], learning_rates=[0.1], wds=[0.0], step_count=[1, 2])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_lars(mx.nd.ones(2), mx.nd.ones(1), mx.nd.ones(2), mx.nd.ones(2), eta=1.0, eps=0.0)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sum_sq(w, g, num_arrays=3)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sum_sq(w, g, num_arrays=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_all_finite(w, g, num_arrays=3)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_sgd_update(w, g, w, g, lrs=(0.1,0.1), wds=(0,0), num_weights=3)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.preloaded_multi_sgd_update(w, g, mx.nd.array([0.1]), mx.nd.array([0.0, 0.0]), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.preloaded_multi_sgd_update(w, g, mx.nd.array([0.1, 0.2]), mx.nd.array([0.0]), num_weights=1)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_mp_adamw_update([w], [g], [m], [v], [], r, lrs=[0.1], wds=[0.0], etas=[1.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_mp_adamw_update([w], [g], [m], [v], [w], r, lrs=[0.1], wds=[0.0], etas=[1.0, 2.0])',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); m = mx.nd.zeros(3); v = mx.nd.zeros(3); r = mx.nd.ones(1); out = mx.nd.contrib.multi_adamw_update([w], [g], [m], [v], r, lrs=[0.1], wds=[0.0], etas=[1.0], size=2)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_lars(mx.nd.ones(2), mx.nd.ones(2), mx.nd.ones(2), mx.nd.ones(3), eta=1.0, eps=0.0)',
    'w = mx.nd.ones(3); g = mx.nd.ones(3); out = mx.nd.multi_lars(mx.nd.ones(2), mx.nd.ones(2), mx.nd.ones(2), mx.nd.ones(2), eta=1.0, eps=0.0)',
]


@pytest.fixture(autouse=True)
def _flush_engine():
    yield
    try:  # an error left in MXNet's engine would fail a later, unrelated oracle call
        mxnet.nd.waitall()
    except mxnet.base.MXNetError:
        pass


@pytest.mark.parametrize("code", CASES)
def test_argument_errors(code):
    check_code(code)
