"""`mx.npx` operators: the neural-network and extension ops over the shared legacy operator implementations.

Each name is MXNet 1.9.1's `mxnet.numpy_extension` operator (backend `_npx_<name>` or the legacy operator it
aliases), built by `_adapt.npx_op` from the one registered implementation; the few whose semantics differ
from the legacy operator (`reshape`'s codes, `nonzero`, `constraint_check`) live in their own modules.
"""
from ..ndarray.register import OPS
from ._adapt import npx_op
from ._reshape import reshape  # noqa: F401  (exported)
from ._extra import nonzero, constraint_check  # noqa: F401  (exported)

# npx name: (legacy operator, array inputs)
_TABLE = {
    "activation": ("Activation", ("data",)),
    "arange_like": ("_contrib_arange_like", ("data",)),
    "batch_dot": ("batch_dot", ("lhs", "rhs")),
    "batch_flatten": ("Flatten", ("data",)),
    "batch_norm": ("BatchNorm", ("data", "gamma", "beta", "moving_mean", "moving_var")),
    "cast": ("Cast", ("data",)),
    "convolution": ("Convolution", ("data", "weight", "bias")),
    "deconvolution": ("Deconvolution", ("data", "weight", "bias")),
    "dropout": ("Dropout", ("data",)),
    "embedding": ("Embedding", ("data", "weight")),
    "erf": ("erf", ("data",)),
    "erfinv": ("erfinv", ("data",)),
    "fully_connected": ("FullyConnected", ("data", "weight", "bias")),
    "gamma": ("gamma", ("data",)),
    "gammaln": ("gammaln", ("data",)),
    "gather_nd": ("gather_nd", ("data", "indices")),
    "layer_norm": ("LayerNorm", ("data", "gamma", "beta")),
    "leaky_relu": ("LeakyReLU", ("data", "gamma")),
    "log_softmax": ("log_softmax", ("data",)),
    "multibox_detection": ("_contrib_MultiBoxDetection", ("cls_prob", "loc_pred", "anchor")),
    "multibox_prior": ("_contrib_MultiBoxPrior", ("data",)),
    "multibox_target": ("_contrib_MultiBoxTarget", ("anchor", "label", "cls_pred")),
    "one_hot": ("one_hot", ("indices",)),
    "pick": ("pick", ("data", "index")),
    "pooling": ("Pooling", ("data",)),
    "relu": ("relu", ("data",)),
    "reshape_like": ("reshape_like", ("lhs", "rhs")),
    "rnn": ("RNN", ("data", "parameters", "state", "state_cell", "sequence_length")),
    "roi_pooling": ("ROIPooling", ("data", "rois")),
    "sequence_mask": ("SequenceMask", ("data", "sequence_length")),
    "shape_array": ("shape_array", ("data",)),
    "sigmoid": ("sigmoid", ("data",)),
    "slice": ("slice", ("data",)),
    "smooth_l1": ("smooth_l1", ("data",)),
    "softmax": ("softmax", ("data", "length")),
    "topk": ("topk", ("data",)),
}

__all__ = sorted(list(_TABLE) + ["reshape", "nonzero", "constraint_check"])

_NONE_IS_DEFAULT = {"slice": ("step",)}  # MXNet's backend parses step=None as no step

globals().update({_name: npx_op(_name, OPS[_legacy], _inputs, none_is_default=_NONE_IS_DEFAULT.get(_name, ()))
                  for _name, (_legacy, _inputs) in _TABLE.items()})
