"""MXNet 1.9.1 `nd` / `nd.contrib` names that torch2gluon does not support: each exists and raises when
called, naming the API and the reason (NotImplementedError; MXNetError where MXNet itself cannot call the
operator imperatively). `REFUSED` maps the namespace-qualified name to the function; tools/nd_coverage.py
reports them as refused, reading each function's `__mx_refused__` reason.
"""
from ..base import MXNetError

_DGL = "DGL graph samplers and graph compaction are not supported"
_BACKWARD = "internal backward operator; gradients come from torch autograd"
_QUANTIZED = "int8 quantized layer operators are not supported"

REFUSED = {}  # "X" (nd) or "contrib.X" -> refusing function


def _refuser(api, reason, error=NotImplementedError, detail=""):
    def refused(*args, **kwargs):
        raise error(f"{api} is not supported by torch2gluon: {reason}{detail}")
    name = api.rsplit(".", 1)[-1]
    refused.__name__ = refused.__qualname__ = name
    refused.__doc__ = f"Not supported ({reason}): calling it raises {error.__name__}."
    refused.__mx_refused__ = reason
    return refused


def _add(ns, names, reason, **kw):
    for n in names:
        key = f"{ns}.{n}" if ns else n
        REFUSED[key] = _refuser(f"mx.nd.{key}", reason, **kw)


_add("", ["imdecode"], "deprecated python decoder; use mx.image.imdecode")
_add("", ["BatchNorm_v1"], "legacy operator that MXNet 1.9.1 cannot call imperatively either; use BatchNorm",
     error=MXNetError, detail="; Operator BatchNorm_v1 expects 5 inputs (moving_mean and moving_var are "
                              "auxiliary states the imperative API cannot pass)")
_add("", ["IdentityAttachKLSparseReg"], "symbolic-only regulariser that MXNet 1.9.1 cannot call imperatively "
     "either", error=MXNetError, detail="; Operator IdentityAttachKLSparseReg expects 2 inputs (moving_avg is "
                                        "an auxiliary state the imperative API cannot pass)")
_add("contrib", ["dgl_csr_neighbor_non_uniform_sample", "dgl_csr_neighbor_uniform_sample", "dgl_graph_compact"],
     _DGL)
_add("contrib", ["backward_gradientmultiplier", "backward_hawkesll", "backward_index_copy",
                 "backward_quadratic"], _BACKWARD)
_add("contrib", ["quantized_act", "quantized_batch_norm", "quantized_concat", "quantized_conv",
                 "quantized_elemwise_add", "quantized_elemwise_mul", "quantized_embedding", "quantized_flatten",
                 "quantized_fully_connected", "quantized_pooling", "quantized_rnn"], _QUANTIZED)
_add("contrib", ["quantize_asym"], "asymmetric uint8 quantization; its oneDNN kernel crashes MXNet 1.9.1's "
     "CPU build, so there is no reference behaviour")


def refused_in(ns):
    """{name: function} of the refused names of namespace `ns` ("" for nd, "contrib")."""
    if not ns:
        return {k: v for k, v in REFUSED.items() if "." not in k}
    return {k[len(ns) + 1:]: v for k, v in REFUSED.items() if k.startswith(ns + ".")}
