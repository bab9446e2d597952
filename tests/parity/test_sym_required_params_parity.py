"""Symbol calls as MXNet 1.9.1 composes them: a parameter the operator requires is MXNet's error when the node is
created (even with every array input left out), and operators implemented over `*args` with fixed MXNet inputs
(sample_*, random_pdf_*) create their missing inputs as `<name>_<input>` variables that bind and run."""
import pytest

from tests.oracle import check_code

S = "A = mx.sym.var('a'); B = mx.sym.var('b'); "


@pytest.mark.parametrize("code", [
    "mx.sym.LRN(A, name='n')",
    "mx.sym.LRN(name='n')",
    "mx.sym.repeat(A, name='n')",
    "mx.sym.sgd_update(name='n')",
    "mx.sym.adam_update(A, name='n')",
    "mx.sym.depth_to_space(A, name='n')",
    "mx.sym.cast_storage(A, name='n')",
    "mx.sym.SpatialTransformer(transform_type='affine', target_shape=(2, 2), name='n')",
    "mx.sym.contrib.SyncBatchNorm(A, name='n')",
    "mx.sym.image.crop(A, width=2, height=2, name='n')",
    "mx.sym.col2im(A, kernel=(2, 2), name='n')",
    "mx.sym.FullyConnected(name='fc')",
    "mx.sym.Convolution(kernel=(2, 2), name='cv')",
    "mx.sym.Cast(A, name='c')",
    "mx.sym.Embedding(A, input_dim=3, name='e')",
    "mx.sym.Pad(A, mode='constant', name='n')",
    "mx.sym.Activation(A, name='ac', attr={'act_type': 'relu'}).list_arguments()",
    "mx.sym.broadcast_to(A, name='e').list_arguments()",
    "mx.sym.ravel_multi_index(A, name='e').list_arguments()",
    "mx.sym.LRN(A, nsize=3, name='n').list_arguments()",
])
def test_required_parameters(code):
    check_code(S + "out = " + code)


@pytest.mark.parametrize("code", [
    "mx.sym.sample_normal(name='n').list_arguments()",
    "mx.sym.sample_normal(A, name='n').list_arguments()",
    "mx.sym.sample_normal(sigma=B, mu=A, name='n', shape=(2,)).list_arguments()",
    "mx.sym.sample_exponential(name='n').list_arguments()",
    "mx.sym.sample_poisson(name='n').list_arguments()",
    "mx.sym.sample_gamma(A, name='n').list_arguments()",
    "mx.sym.sample_uniform(name='n').list_arguments()",
    "mx.sym.random_pdf_normal(name='n').list_arguments()",
    "mx.sym.random_pdf_uniform(A, name='n').list_arguments()",
    "mx.sym.random_pdf_poisson(name='n').list_arguments()",
    "mx.sym.sample_normal(A, name='n', shape=(2,)).eval(a=mx.nd.ones(3), n_sigma=mx.nd.zeros(3))[0]",
    "mx.sym.random_pdf_normal(name='n').infer_shape(n_sample=(2, 3), n_mu=(2,), n_sigma=(2,))",
    "mx.sym.random_pdf_normal(name='n').eval(n_sample=mx.nd.ones((2, 3)), n_mu=mx.nd.ones(2), "
    "n_sigma=mx.nd.ones(2))[0]",
    "mx.sym.FullyConnected(num_hidden=3, name='fc').tojson()",
    "mx.sym.FullyConnected(num_hidden=3, name='fc').infer_shape(fc_data=(2, 4))",
    "mx.sym.FullyConnected(num_hidden=3, name='fc').eval(fc_data=mx.nd.ones((2, 4)), fc_weight=mx.nd.ones((3, 4)), "
    "fc_bias=mx.nd.ones(3))[0]",
    "mx.sym.Convolution(data=A, kernel=(2, 2), num_filter=2, name='cv').infer_shape(a=(1, 1, 3, 3))",
])
def test_fixed_inputs_created(code):
    check_code(S + "out = " + code)
