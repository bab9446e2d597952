"""The backend operator MXNet 1.9.1's `mx.np` functions name when they refuse a legacy NDArray ("Operator
`_np_sum` registered in backend is known as `sum` ..."): the numpy functions' names read from MXNet's messages
(`zeros_like`/`ones_like` are `_npi_full_like`, `ravel` is `_npi_reshape`...). Multi-form functions whose operator
depends on the arguments (`where`, `take`) are absent: their message names no operator."""

BACKEND = {
    "__matmul__": "_npi_matmul", "abs": "_npi_abs", "absolute": "_npi_absolute", "all": "_np_all",
    "amax": "_np_amax", "amin": "_np_amin", "any": "_np_any", "append": "_npi_concatenate",
    "arccos": "_npi_arccos", "arccosh": "_npi_arccosh", "arcsin": "_npi_arcsin", "arcsinh": "_npi_arcsinh",
    "arctan": "_npi_arctan", "arctanh": "_npi_arctanh", "argmax": "_npi_argmax", "argmin": "_npi_argmin",
    "argsort": "_npi_argsort", "atleast_1d": "_np_atleast_1d", "atleast_2d": "_np_atleast_2d",
    "atleast_3d": "_np_atleast_3d", "average": "_npi_average", "bincount": "_npi_bincount",
    "bitwise_not": "_npi_bitwise_not", "broadcast_to": "_npi_broadcast_to", "cbrt": "_npi_cbrt",
    "ceil": "_npi_ceil", "column_stack": "_npi_column_stack", "concatenate": "_npi_concatenate",
    "copy": "_np_copy", "cos": "_npi_cos", "cosh": "_npi_cosh", "cumsum": "_np_cumsum", "degrees": "_npi_degrees",
    "delete": "_npi_delete", "diag": "_np_diag", "diag_indices_from": "_npi_diag_indices_from",
    "diagflat": "_np_diagflat", "diagonal": "_np_diagonal", "diff": "_npi_diff", "dot": "_np_dot",
    "dstack": "_npi_dstack", "ediff1d": "_npi_ediff1d", "empty_like": "_npi_Custom", "exp": "_npi_exp",
    "expand_dims": "_npi_expand_dims", "expm1": "_npi_expm1", "fabs": "_npi_abs", "fix": "_npi_fix",
    "floor": "_npi_floor", "full_like": "_npi_full_like", "histogram": "_npi_histogram", "hstack": "_npi_hstack",
    "invert": "_npi_bitwise_not", "isfinite": "_npi_isfinite", "isinf": "_npi_isinf", "isnan": "_npi_isnan",
    "isneginf": "_npi_isneginf", "isposinf": "_npi_isposinf", "log": "_npi_log", "log10": "_npi_log10",
    "log1p": "_npi_log1p", "log2": "_npi_log2", "logical_not": "_npi_logical_not", "matmul": "_npi_matmul",
    "max": "_np_max", "mean": "_npi_mean", "min": "_np_min", "nan_to_num": "_npi_nan_to_num",
    "negative": "_npi_negative", "nonzero": "_npi_nonzero", "ones_like": "_npi_full_like",
    "percentile": "_npi_percentile", "prod": "_np_prod", "product": "_np_product", "quantile": "_npi_percentile",
    "radians": "_npi_radians", "ravel": "_npi_reshape", "reciprocal": "_npi_reciprocal", "repeat": "_np_repeat",
    "reshape": "_np_reshape", "resize": "_npi_Custom", "rint": "_npi_rint", "roll": "_np_roll",
    "rot90": "_npi_rot90", "row_stack": "_npi_vstack", "sign": "_npi_sign", "sin": "_npi_sin", "sinh": "_npi_sinh",
    "sometrue": "_np_sometrue", "sort": "_npi_sort", "sqrt": "_npi_sqrt", "square": "_npi_square",
    "squeeze": "_np_squeeze", "stack": "_npi_stack", "std": "_npi_std", "sum": "_np_sum", "tan": "_npi_tan",
    "tanh": "_npi_tanh", "tile": "_npi_tile", "trace": "_np_trace", "transpose": "_np_transpose",
    "tril": "_npi_tril", "trunc": "_npi_trunc", "unique": "_npi_unique", "unravel_index": "_npi_Custom",
    "var": "_npi_var", "vstack": "_npi_vstack", "zeros_like": "_npi_full_like",
}
