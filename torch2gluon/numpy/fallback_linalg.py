"""`mx.np.linalg` functions that MXNet 1.9.1 delegates to official NumPy (its `mxnet/numpy/fallback_linalg.py`):
`numpy.linalg.X` with MXNet's fallback conversion of mx.np arrays (see `fallback`)."""
from .fallback import make_fallback

__all__ = ["cond", "lstsq", "matrix_power", "matrix_rank", "multi_dot", "qr"]

cond = make_fallback("linalg.cond")
lstsq = make_fallback("linalg.lstsq")
matrix_power = make_fallback("linalg.matrix_power")
matrix_rank = make_fallback("linalg.matrix_rank")
multi_dot = make_fallback("linalg.multi_dot")
qr = make_fallback("linalg.qr")
