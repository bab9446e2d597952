"""How many output rows MXNet 1.9.1 gives a node in a graph JSON's `node_row_ptr`.

MXNet counts every output of an operator there, hidden ones included: Dropout's mask, LRN's tmp_norm,
InstanceNorm's mean/var, the max-pooling workspace of its MKLDNN build (the pip build), the sampling grids
and caches of the spatial operators. torch2gluon's nodes only carry the outputs they compute; this adds the
rest when the JSON is written (read off MXNet 1.9.1's own `tojson`).
"""

_HIDDEN_ROWS = {"Dropout": 2, "LRN": 2, "InstanceNorm": 3, "ROIPooling": 2, "SpatialTransformer": 3,
                "GridGenerator": 2, "BilinearSampler": 2, "Correlation": 3, "_contrib_DeformablePSROIPooling": 2,
                "_contrib_ctc_loss": 2, "_contrib_CTCLoss": 2, "ctc_loss": 2, "CTCLoss": 2}
_MKLDNN_POOL_LAYOUTS = (None, "None", "NCW", "NCHW", "NCDHW")


def _max_pool_workspace(attrs):
    """MXNet's MKLDNN build gives max pooling over 1-3 spatial axes in channel-first layout a workspace output."""
    if attrs.get("pool_type", "max") != "max" or attrs.get("layout") not in _MKLDNN_POOL_LAYOUTS:
        return False
    kernel = str(attrs.get("kernel", "()")).strip("()[] ").replace(",", " ").split()
    return 1 <= len(kernel) <= 3


def json_rows(node):
    """The node's row count in `node_row_ptr` (at least its own number of outputs)."""
    n = node.num_outputs
    if node.op == "Pooling" and _max_pool_workspace(node.attrs):
        return max(n, 2)
    return max(n, _HIDDEN_ROWS.get(node.op, n))
