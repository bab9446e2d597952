"""mx.symbol_doc (imported by MXNet 1.x's example/ctc/lstm.py) against MXNet 1.9.1."""
import importlib

import pytest

from tests.oracle import check


def _sd(mx):
    return importlib.import_module(mx.__name__ + '.symbol_doc')


def test_get_output_shape():
    def fn(mx):
        data = mx.sym.Variable('letters')
        op = mx.sym.Embedding(data=data, input_dim=26, output_dim=16, name='embed')
        fc = mx.sym.FullyConnected(op, num_hidden=3, flatten=False, name='fc')
        sd = _sd(mx).SymbolDoc
        return sd.get_output_shape(op, letters=(10, 4)), sd.get_output_shape(fc, letters=(2, 5))
    check(fn)


@pytest.mark.parametrize('name', ['ActivationDoc', 'DropoutDoc', 'EmbeddingDoc', 'FlattenDoc',
                                  'FullyConnectedDoc', 'ConcatDoc', 'BroadcastPlusDoc'])
def test_doc_classes_derive_from_symboldoc(name):
    check(lambda mx: issubclass(getattr(_sd(mx), name), _sd(mx).SymbolDoc))


def test_group_outputs():
    def fn(mx):
        a = mx.sym.Variable('a')
        g = mx.sym.Group([mx.sym.sum(a, axis=1, name='s'), mx.sym.transpose(a, name='t')])
        return _sd(mx).SymbolDoc.get_output_shape(g, a=(2, 3))
    check(fn)
