"""mx.sym.random samplers: scalar parameters give `_random_X` nodes, Symbol parameters `_sample_X` nodes
(exponential's scale becomes `lam`), with MXNet 1.9.1's names and attributes; Symbol parameters run."""
import json

import numpy as np
import pytest

from tests.oracle import check

CASES = [
    ("gamma", lambda mx, a, b: mx.sym.random.gamma(a, b, shape=(3,), dtype="float32")),
    ("gamma_scalar", lambda mx, a, b: mx.sym.random.gamma(alpha=2.0, beta=1.0, shape=(2,))),
    ("exponential", lambda mx, a, b: mx.sym.random.exponential(a, shape=4)),
    ("exponential_scalar", lambda mx, a, b: mx.sym.random.exponential(scale=0.5, shape=4)),
    ("uniform", lambda mx, a, b: mx.sym.random.uniform(a, b, shape=2)),
    ("normal_scalar", lambda mx, a, b: mx.sym.random.normal(loc=1.0, scale=2.0, shape=(2, 2))),
    ("poisson", lambda mx, a, b: mx.sym.random.poisson(a, shape=2)),
    ("negative_binomial", lambda mx, a, b: mx.sym.random.negative_binomial(a, b, shape=2)),
    ("gen_neg_binomial", lambda mx, a, b: mx.sym.random.generalized_negative_binomial(mu=2.0, alpha=0.3, shape=2)),
]


@pytest.mark.parametrize("name,build", CASES, ids=[c[0] for c in CASES])
def test_sampler_graph(name, build):
    def fn(mx):
        with mx.name.NameManager():
            s = build(mx, mx.sym.var("a"), mx.sym.var("b"))
        return json.loads(s.tojson()), s.list_arguments()
    check(fn)


def test_symbol_parameters_run():
    def fn(mx):
        a, b = mx.sym.var("a"), mx.sym.var("b")
        out = mx.sym.random.gamma(a, b, shape=(4000,)).eval(a=mx.nd.array([2.0, 9.0]), b=mx.nd.array([1.0, 0.5]))[0]
        m = out.asnumpy().mean(axis=1)
        return out.shape, out.dtype, bool(abs(m[0] - 2.0) < 0.2 and abs(m[1] - 4.5) < 0.3)
    check(fn)


def test_mixed_parameter_types_raise():
    check(lambda mx: mx.sym.random.gamma(mx.sym.var("a"), 1.0, shape=2))
