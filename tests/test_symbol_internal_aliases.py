"""mx.sym._internal aliases (_plus, _Mul, _Minus, _Power...) make MXNet 1.9.1's canonical nodes and names."""
import json

import numpy as np
import pytest

from tests.oracle import check

ALIASES = ['_plus', '_Plus', '_add', '_mul', '_Mul', '_minus', '_Minus', '_sub', '_div', '_Div', '_power',
           '_Power', '_maximum', '_Maximum', '_minimum', '_Minimum']


@pytest.mark.parametrize("alias", ALIASES)
def test_internal_binary_alias(alias):
    def run(mx):
        with mx.name.NameManager():
            a, b = mx.sym.var('a'), mx.sym.var('b')
            s = getattr(mx.sym._internal, alias)(a, b)
            t = getattr(mx.sym._internal, alias)(s, b, name='named')
            return ([(n["op"], n["name"]) for n in json.loads(t.tojson())["nodes"]],
                    t.eval(a=mx.nd.array([3., -2.]), b=mx.nd.array([2., 5.]))[0])
    check(run)


def test_softmax_alias_writes_softmaxoutput():
    """mx.sym.Softmax is SoftmaxOutput in MXNet's JSON, with the same outputs and arguments."""
    def fn(mx):
        s = mx.sym.Softmax(mx.sym.var("x"), name="sm")
        nodes = json.loads(s.tojson())["nodes"]
        return [n["op"] for n in nodes], s.list_outputs(), s.list_arguments()
    check(fn)
