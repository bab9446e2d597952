"""The names MXNet 1.9.1's operator monitor (`register_op_hook`) gives a graph node's inputs and outputs.

Observed by running every operator of MXNet 1.9.1 through a hybridized SymbolBlock with a hook (the input
and output name lists are the ones an operator registers, FListInputNames / FListOutputNames):

* inputs (with `monitor_all=True`): '<node>_<name>' for the operators in `INPUT_NAMED` (their array-input
  names; variadic ones 'arg0', 'arg1', ...), '<node>_input<i>' for every other operator (Activation, relu...);
* outputs: '<node>_<name>' with the names of `OUTPUT_NAMES` (SliceChannel: 'output0', 'output1', ...),
  '<node>_<i>' for every other operator (relu0_0, _mul0_0...).
"""
from ..symbol._op_inputs import OP_INPUTS
from ..symbol.symbol import _NUM_ARGS_OPS

INPUT_NAMED = frozenset((
    "BatchNorm", "BatchNorm_v1", "SyncBatchNorm", "_contrib_SyncBatchNorm", "Concat", "Convolution",
    "Deconvolution", "Dropout", "Embedding", "FullyConnected", "IdentityAttachKLSparseReg", "L2Normalization", "LRN",
    "LeakyReLU", "LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput", "MakeLoss", "Pooling",
    "SequenceLast", "SequenceMask", "SequenceReverse", "SliceChannel", "SoftmaxOutput", "SwapAxis",
    "LayerNorm", "InstanceNorm", "GroupNorm", "Pad", "UpSampling", "Crop", "RNN", "pick", "reverse", "moments",
    "_contrib_BilinearResize2D", "_contrib_index_array", "_contrib_quadratic", "_linalg_gelqf", "_linalg_makediag",
    "_linalg_maketrian", "_linalg_syrk", "_np_cumsum", "_random_pdf_dirichlet", "_random_pdf_exponential",
    "_random_pdf_gamma", "_random_pdf_generalized_negative_binomial", "_random_pdf_negative_binomial",
    "_random_pdf_normal", "_random_pdf_poisson", "_random_pdf_uniform", "_sample_exponential", "_sample_gamma",
    "_sample_generalized_negative_binomial", "_sample_negative_binomial", "_sample_normal", "_sample_poisson",
    "_sample_uniform", "add_n", "ElementWiseSum", "batch_dot", "broadcast_add", "broadcast_div", "broadcast_equal",
    "broadcast_greater", "broadcast_greater_equal", "broadcast_hypot", "broadcast_lesser", "broadcast_lesser_equal",
    "broadcast_like", "broadcast_logical_and", "broadcast_logical_or", "broadcast_logical_xor", "broadcast_maximum",
    "broadcast_minimum", "broadcast_mod", "broadcast_mul", "broadcast_not_equal", "broadcast_power", "broadcast_sub",
    "broadcast_plus", "broadcast_minus", "diag", "dot", "elemwise_add", "elemwise_div", "elemwise_mul",
    "elemwise_sub", "gather_nd", "log_softmax", "one_hot", "repeat", "reshape_like", "slice_like", "softmax",
    "squeeze", "stack", "take", "tile", "where"))

_BN = ("output", "mean", "var")
OUTPUT_NAMES = {
    "Activation": ("output",), "BatchNorm": _BN, "BatchNorm_v1": _BN, "SyncBatchNorm": _BN,
    "_contrib_SyncBatchNorm": _BN, "InstanceNorm": _BN, "LayerNorm": ("output", "mean", "std"),
    "GroupNorm": ("output", "mean", "std"), "Dropout": ("output", "mask"), "LRN": ("output", "tmp_norm"),
    "RNN": ("output", "state_output", "statecell_output"), "Concat": ("output",), "Convolution": ("output",),
    "Deconvolution": ("output",), "FullyConnected": ("output",), "IdentityAttachKLSparseReg": ("output",),
    "L2Normalization": ("output",), "LeakyReLU": ("output",), "MakeLoss": ("output",), "Pooling": ("output",),
    "SequenceLast": ("output",), "SequenceMask": ("output",), "SequenceReverse": ("output",),
    "SoftmaxOutput": ("output",), "SoftmaxActivation": ("output",), "SwapAxis": ("output",),
    "elemwise_add": ("output",), "_contrib_index_array": ("output",), "make_loss": ("loss",), "softmax": ("output",),
    "softmin": ("output",), "Pad": ("output",), "UpSampling": ("output",), "Crop": ("output",)}

# operators whose hidden outputs (MXNet reports every output while recording) torch2gluon's operator returns
# when asked with output_mean_var=True (it has no side effect then: no running statistics update without grad)
HIDDEN_BY_FLAG = frozenset(("BatchNorm", "BatchNorm_v1", "SyncBatchNorm", "_contrib_SyncBatchNorm", "LayerNorm",
                            "GroupNorm"))


def _op_inputs(op):
    for prefix in ("", "_contrib_", "_linalg_", "_random_", "_sample_", "_np_"):
        if prefix and not op.startswith(prefix):
            continue
        names = OP_INPUTS.get(op[len(prefix):])
        if names is not None:
            return names
    return ()


def input_names(op, count):
    """The monitor's names (without the node name) of an `op` node's `count` inputs."""
    if op in INPUT_NAMED:
        if op in _NUM_ARGS_OPS:
            return [f"arg{i}" for i in range(count)]
        names = _op_inputs(op)
        return [names[i] if i < len(names) else f"input{i}" for i in range(count)]
    return [f"input{i}" for i in range(count)]


def output_names(op, count):
    """The monitor's names (without the node name) of an `op` node's `count` outputs."""
    if op == "SliceChannel":
        return [f"output{i}" for i in range(count)]
    names = OUTPUT_NAMES.get(op)
    if names is None:
        return [str(i) for i in range(count)]
    return [names[i] if i < len(names) else str(i) for i in range(count)]


# Backward nodes (under autograd.record, graphs that are not inlined): MXNet names them
# '<forward node>_backward_<i>' for each input i that gets a gradient, its operator '_backward_<op>', except:
BACKWARD_OPS = {"elemwise_mul": "_backward_mul", "elemwise_sub": "_backward_sub", "elemwise_div": "_backward_div",
                "Flatten": "_backward_copy", "Reshape": "_backward_reshape", "expand_dims": "_backward_reshape",
                "reshape_like": "_backward_copy", "exp": "elemwise_mul", "transpose": "transpose",
                "_rminus_scalar": "negative", "_plus_scalar": "_copy", "_minus_scalar": "_copy", "_copy": "_copy",
                "make_loss": "ones_like", "broadcast_to": "_broadcast_backward",
                "broadcast_like": "_broadcast_backward", "Cast": "_backward_cast"}
# ... operators whose gradient is passed on without a backward node of their own
NO_BACKWARD_NODE = frozenset(("elemwise_add", "add_n", "ElementWiseSum", "BlockGrad", "zeros_like", "ones_like"))
# ... operators whose gradient is zero: MXNet adds nothing from them to an entry's gradient sum
ZERO_GRAD_OPS = frozenset(("zeros_like", "ones_like", "BlockGrad", "_equal", "_not_equal", "_greater", "_greater_equal",
                           "_lesser", "_lesser_equal", "_equal_scalar", "_not_equal_scalar", "_greater_scalar",
                           "_greater_equal_scalar", "_lesser_scalar", "_lesser_equal_scalar", "broadcast_equal",
                           "broadcast_not_equal", "broadcast_greater", "broadcast_greater_equal", "broadcast_lesser",
                           "broadcast_lesser_equal", "floor", "ceil", "round", "rint", "fix", "trunc", "sign",
                           "argmax", "argmin", "argsort", "shape_array", "size_array"))
# ... and (legacy) operators whose backward outputs are named after their inputs ('split0_backward_data')
BACKWARD_BY_INPUT_NAME = frozenset(("SliceChannel", "L2Normalization", "SwapAxis", "MakeLoss", "SequenceMask"))


def backward_names(op, slots, count):
    """[(input slot, name without the node name, operator name)] of an `op` node's backward outputs for its
    input `slots` (of `count` inputs), in MXNet's order; None when MXNet has no backward node for it."""
    if op in NO_BACKWARD_NODE:
        return None
    bop = BACKWARD_OPS.get(op) or "_backward_" + (op[1:] if op.startswith("_") else op)  # _backward_mul_scalar
    if op in BACKWARD_BY_INPUT_NAME:
        names = input_names(op, count)
        return [(i, f"backward_{names[i]}", bop) for i in slots]
    zero = _ZERO_GRAD_INPUT.get(op)
    if zero is None:
        return [(i, f"backward_{i}", bop) for i in slots]
    slot, first, label = zero   # MXNet gives that input a zeros_like node of its own: '<node>_<label>_backward_0'
    skip = 1 if slot == 0 else 0
    main = [(i, f"backward_{i - skip}", bop) for i in slots if i != slot]
    side = [(i, f"{label}_backward_0", "zeros_like") for i in slots if i == slot]
    return side + main if first else main + side


# ... operators with one input MXNet does not differentiate: (its slot, reported before the others, its label)
_ZERO_GRAD_INPUT = {"where": (0, True, "cond"), "pick": (1, False, "index"), "reshape_like": (1, False, "rhs"),
                    "broadcast_like": (1, False, "rhs")}
