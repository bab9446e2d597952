"""mx.symbol_doc: MXNet's containers of extra Python docs for symbolic operators (SymbolDoc and the XXXDoc classes)."""

__all__ = ['SymbolDoc', 'ActivationDoc', 'DropoutDoc', 'EmbeddingDoc', 'FlattenDoc',
           'FullyConnectedDoc', 'ConcatDoc', 'BroadcastPlusDoc']


class SymbolDoc(object):
    """Base class whose subclasses carry extra docs for one operator each."""

    @staticmethod
    def get_output_shape(sym, **input_shapes):
        """Map each output name of `sym` to its shape inferred from the given input shapes."""
        _, out_shapes, _ = sym.infer_shape(**input_shapes)
        return dict(zip(sym.list_outputs(), out_shapes))


class ActivationDoc(SymbolDoc):
    """Extra docs for Activation: element-wise relu/sigmoid/tanh/softrelu/softsign."""


class DropoutDoc(SymbolDoc):
    """Extra docs for Dropout: zeroes inputs with probability p while training, identity otherwise."""


class EmbeddingDoc(SymbolDoc):
    """Extra docs for Embedding: looks up rows of an (input_dim, output_dim) weight by integer index."""


class FlattenDoc(SymbolDoc):
    """Extra docs for Flatten: collapses all axes after the first into one."""


class FullyConnectedDoc(SymbolDoc):
    """Extra docs for FullyConnected: data (flattened) times weight transposed, plus bias."""


class ConcatDoc(SymbolDoc):
    """Extra docs for Concat: joins inputs along `dim`."""


class BroadcastPlusDoc(SymbolDoc):
    """Extra docs for broadcast_plus: element-wise sum with shape broadcasting."""
