"""BatchNorm dtype rules of MXNet 1.9.1: float16 data takes float32 parameters and gives float16 output."""
import pytest

from tests.oracle import check_code

SETUP = ("np.random.seed(0); x = mx.nd.array(np.random.randn(2, 3, 4, 4), dtype='float16'); "
         "g = mx.nd.array([1, 2, 3]); b = mx.nd.array([0.1, 0.2, 0.3]); rm = mx.nd.zeros(3); rv = mx.nd.ones(3); ")


@pytest.mark.parametrize("train", [False, True])
def test_float16_data_float32_params(train):
    check_code(SETUP + f"""
x.attach_grad()
with mx.autograd.record(train_mode={train}):
    y = mx.nd.BatchNorm(x, g, b, rm, rv, fix_gamma=False)
y.backward()
out = [y, rm, rv, x.grad.dtype == np.float16]
""", atol=2e-3, rtol=2e-3)


def test_float16_output_mean_var_dtypes():
    check_code(SETUP + "out = [a.dtype for a in mx.nd.BatchNorm(x, g, b, rm, rv, output_mean_var=True)]")


@pytest.mark.parametrize("data, param, beta", [("float16", "float16", None), ("float64", "float32", None),
                                               ("float32", "float64", None), ("float16", "float32", "float16")])
def test_mixed_dtypes_raise(data, param, beta):
    check_code(f"""
x = mx.nd.ones((2, 3, 2, 2), dtype='{data}')
args = [mx.nd.ones(3, dtype='{param}') for _ in range(4)]
if {beta!r}:
    args[1] = mx.nd.ones(3, dtype={beta!r})
out = mx.nd.BatchNorm(x, *args).asnumpy()
""", raises=Exception)


def test_gluon_float16_batchnorm_after_cast():
    check_code("""
np.random.seed(1)
net = mx.gluon.nn.HybridSequential(prefix='n_')
with net.name_scope():
    net.add(mx.gluon.nn.BatchNorm(), mx.gluon.nn.Activation('relu'))
net.initialize(mx.init.Xavier())
net.cast('float16')
x = mx.nd.array(np.random.randn(2, 3, 6, 6), dtype='float16')
with mx.autograd.record():
    y = net(x)
out = [y, net(x), [p.dtype for p in net.collect_params().values()]]
""", atol=3e-3, rtol=3e-3)
