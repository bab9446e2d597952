"""Which inputs of an operator MXNet creates as variables (`<node name>_<input>`) when a Symbol call leaves them out.

MXNet 1.9.1 composes every fixed-arity operator this way: `mx.sym.RNN(mode='gru', ..., name='rnn')` lists
`rnn_data, rnn_parameters, rnn_state`, `mx.sym.SVMOutput(data=x, name='svm')` lists `svm_label`. The input
names come from `_op_inputs.OP_INPUTS` (generated from MXNet); a few inputs exist only under some attribute
values (`state_cell` for LSTM, `sequence_length` with `use_sequence_length`, PReLU's `gamma`...).
Variadic operators (`Concat`, `add_n`...: symbol.py's num_args rule) and operators whose inputs depend on user code
(`Custom`) create nothing here; operators implemented over `*args` with fixed MXNet inputs (`sample_normal`'s mu,
sigma; `random_pdf_normal`'s sample, mu, sigma) do.
"""
from ._op_inputs import OP_INPUTS

_PREFIXES = ("", "_contrib_", "_linalg_", "_random_", "_image_", "_sample_")
_TRUE = ("True", "1", "true")


def _flag(attrs, key):
    return attrs.get(key) in _TRUE


def _use_seq_len(attrs):
    return _flag(attrs, "use_sequence_length")


# input -> predicate on the node's string attributes (absent attribute = MXNet's default), by operator
_OPTIONAL = {
    "LeakyReLU": {"gamma": lambda a: a.get("act_type") == "prelu"},
    "RNN": {"state_cell": lambda a: a.get("mode") == "lstm", "sequence_length": _use_seq_len},
    "SequenceLast": {"sequence_length": _use_seq_len},
    "SequenceMask": {"sequence_length": _use_seq_len},
    "SequenceReverse": {"sequence_length": _use_seq_len},
    "softmax": {"length": lambda a: _flag(a, "use_length")},
    "CTCLoss": {"data_lengths": lambda a: _flag(a, "use_data_lengths"),
                "label_lengths": lambda a: _flag(a, "use_label_lengths")},
    "BilinearResize2D": {"like": lambda a: a.get("mode") == "like"},
    "DeformablePSROIPooling": {"trans": lambda a: not _flag(a, "no_trans")},
    "_histogram": {"bins": lambda a: a.get("bin_cnt") in (None, "None")},  # bin_cnt given: no bin-edge input
}
_OPTIONAL["ctc_loss"] = _OPTIONAL["CTCLoss"]

# operators whose input list is not fixed by their name and attributes
_NO_AUTO = {"Custom", "_CachedOp", "_CachedOpThreadSafe", "Group", "_foreach", "_while_loop", "_cond",
            "UpSampling", "Crop", "_NDArray", "_Native", "IdentityAttachKLSparseReg"}


def _lookup(op, sig_op):
    for name in (op, sig_op):
        for prefix in _PREFIXES:
            if prefix and not name.startswith(prefix):
                continue
            base = name[len(prefix):]
            if base in OP_INPUTS:
                return base, OP_INPUTS[base]
    return None, ()


def auto_inputs(op, sig_op, attrs, params, named, num_args_ops):
    """Input names of `op`, in order, that MXNet would create as variables; () when it creates none.

    `params`: the operator function's signature parameters (None when unknown); `named`: the call's
    arguments by name, used to leave alone a call that put a scalar in an input's place."""
    if op in _NO_AUTO or sig_op in _NO_AUTO or op in num_args_ops or sig_op in num_args_ops:
        return ()
    base, names = _lookup(op, sig_op)
    if names in (("data",), ("args",)) and params is not None and any(p.kind is p.VAR_POSITIONAL for p in params):
        return ()  # a list of arrays (`multi_sgd_update(*data)`); `sample_normal(*args)` has fixed inputs
    if not names or names in (("args",), ("data",)) and "num_args" in attrs:
        return ()
    for k in names:
        v = named.get(k)
        if v is not None and not hasattr(v, "_outputs") and not isinstance(v, (list, tuple)):
            return ()  # a scalar in an input slot: a scalar operator, not a composition
    rules = _OPTIONAL.get(base, {})
    return tuple(n for n in names if n not in rules or rules[n](attrs))
