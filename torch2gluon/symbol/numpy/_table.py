"""The table of MXNet 1.9.1's symbolic numpy operators: which backend operator each `mx.sym.np` / `mx.sym.npx`
function writes, and with which attributes (read off MXNet 1.9.1's `tojson()`).

`SIMPLE[python name] = (backend op, array inputs, attributes)`: the function's arguments named in `inputs`
are the node's inputs (Symbols), those named in `attributes` its attributes (`"py=attr"` when the backend
spells the attribute differently). The same entry, read backwards, evaluates the node: the imperative
`mx.np` function of that name is called with the inputs and the attributes (one implementation per operator).
"""

# unary ufuncs: `_npi_<name>` nodes without attributes (aliases share their backend operator)
UNARY = {
    "absolute": "_npi_absolute", "abs": "_npi_absolute", "fabs": "_npi_absolute",
    "bitwise_not": "_npi_bitwise_not", "invert": "_npi_bitwise_not",
}
for _n in ("arccos arccosh arcsin arcsinh arctan arctanh cbrt ceil cos cosh degrees exp expm1 fix floor isfinite "
           "isinf isnan isneginf isposinf log log10 log1p log2 logical_not negative radians reciprocal rint sign "
           "sin sinh sqrt square tan tanh trunc").split():
    UNARY[_n] = "_npi_" + _n

# binary ufuncs: name -> (array-array op, array-scalar op, scalar-array op, MXNet's node-name stem)
# (a comparison with the scalar on the left is the mirrored comparison)
BINARY = {}
for _n in ("add", "multiply", "equal", "not_equal", "bitwise_and", "bitwise_or", "bitwise_xor", "lcm"):
    BINARY[_n] = (f"_npi_{_n}", f"_npi_{_n}_scalar", f"_npi_{_n}_scalar")
for _n in ("subtract", "true_divide", "mod", "power", "arctan2", "copysign", "ldexp"):
    BINARY[_n] = (f"_npi_{_n}", f"_npi_{_n}_scalar", f"_npi_r{_n}_scalar")
for _n, _m in (("less", "greater"), ("greater", "less"), ("less_equal", "greater_equal"),
               ("greater_equal", "less_equal")):
    BINARY[_n] = (f"_npi_{_n}", f"_npi_{_n}_scalar", f"_npi_{_m}_scalar")
BINARY["divide"] = BINARY["true_divide"]
BINARY["remainder"] = BINARY["mod"]
BINARY["maximum"] = ("broadcast_maximum", "_maximum_scalar", "_maximum_scalar")
BINARY["minimum"] = ("broadcast_minimum", "_minimum_scalar", "_minimum_scalar")
BINARY["hypot"] = ("_npi_hypot", "_hypot_scalar", "_hypot_scalar")
# evaluating a scalar node: op -> (mx.np function, scalar on the left)
SCALAR_EVAL = {}
for _n, (_both, _s, _r) in BINARY.items():
    SCALAR_EVAL.setdefault(_s, (_n, False))
    if _r != _s:
        SCALAR_EVAL.setdefault(_r, (_n, True) if _r.startswith("_npi_r") else (_n, False))
for _n, _m in (("less", "greater"), ("greater", "less"), ("less_equal", "greater_equal"),
               ("greater_equal", "less_equal")):
    SCALAR_EVAL[f"_npi_{_n}_scalar"] = (_n, False)

# name: (backend op, array inputs, attributes[, constant attributes]); '!attr': written even when not given
SIMPLE = {
    "sum": ("_np_sum", ("a",), ("axis", "dtype", "keepdims", "initial")),
    "prod": ("_np_prod", ("a",), ("axis", "dtype", "keepdims", "initial")),
    "product": ("_np_prod", ("a",), ("axis", "dtype", "keepdims", "initial")),
    "max": ("_np_max", ("a",), ("axis", "keepdims")),
    "amax": ("_np_max", ("a",), ("axis", "keepdims")),
    "min": ("_np_min", ("a",), ("axis", "keepdims")),
    "amin": ("_np_min", ("a",), ("axis", "keepdims")),
    "mean": ("_npi_mean", ("a",), ("!axis", "dtype", "!keepdims")),
    "std": ("_npi_std", ("a",), ("!axis", "dtype", "!ddof", "!keepdims")),
    "var": ("_npi_var", ("a",), ("!axis", "dtype", "!ddof", "!keepdims")),
    "argmax": ("_npi_argmax", ("a",), ("!axis",), {"keepdims": False}),
    "argmin": ("_npi_argmin", ("a",), ("!axis",), {"keepdims": False}),
    "all": ("_np_all", ("a",), ("axis", "keepdims")),
    "any": ("_np_any", ("a",), ("axis", "keepdims")),
    "sometrue": ("_np_any", ("a",), ("axis", "keepdims")),
    "cumsum": ("_np_cumsum", ("a",), ("axis", "dtype")),
    "reshape": ("_np_reshape", ("a",), ("newshape", "order")),
    "transpose": ("_np_transpose", ("a",), ("axes",)),
    "squeeze": ("_np_squeeze", ("a",), ("axis",)),
    "moveaxis": ("_np_moveaxis", ("a",), ("source", "destination")),
    "broadcast_to": ("_npi_broadcast_to", ("array",), ("shape",)),
    "flip": ("_npi_flip", ("m",), ("!axis",)),
    "roll": ("_np_roll", ("a",), ("shift", "axis")),
    "rot90": ("_npi_rot90", ("m",), ("!k", "!axes")),
    "diag": ("_np_diag", ("array",), ("k",)),
    "diagonal": ("_np_diagonal", ("a",), ("offset", "axis1", "axis2")),
    "trace": ("_np_trace", ("a",), ("offset", "axis1", "axis2")),
    "tril": ("_npi_tril", ("m",), ("!k",)),
    "copy": ("_np_copy", ("a",), ()),
    "dot": ("_np_dot", ("a", "b"), ()),
    "matmul": ("_npi_matmul", ("a", "b"), ()),
    "around": ("_npi_around", ("x",), ("!decimals",)),
    "round": ("_npi_around", ("x",), ("!decimals",)),
    "round_": ("_npi_around", ("x",), ("!decimals",)),
    "diff": ("_npi_diff", ("a",), ("!n", "!axis")),
    "nan_to_num": ("_npi_nan_to_num", ("x",), ("!copy", "!nan", "!posinf", "!neginf")),
    "polyval": ("_npi_polyval", ("p", "x"), ()),
    "may_share_memory": ("_npi_share_memory", ("a", "b"), ()),
    "shares_memory": ("_npi_share_memory", ("a", "b"), ()),
    "expand_dims": ("expand_dims", ("a",), ("axis",)),
    "tile": ("tile", ("A",), ("reps",)),
    "repeat": ("repeat", ("a",), ("repeats", "axis")),
    "swapaxes": ("SwapAxis", ("a",), ("axis1=dim1", "axis2=dim2")),
    "diagflat": ("_np_diagflat", ("array",), ("k",)),
}
# npx functions whose node is a `_npx_` operator (the others write the legacy operator they alias)
NPX_OPS = {"relu": "_npx_relu", "sigmoid": "_npx_sigmoid", "reshape": "_npx_reshape", "nonzero": "_npx_nonzero"}
# sequences given as one list argument: name -> (backend op, list argument, attributes)
SEQUENCE = {
    "concatenate": ("_npi_concatenate", "seq", ("axis",)),
    "append": None,  # built from concatenate
    "stack": ("_npi_stack", "arrays", ("axis",)),
    "vstack": ("_npi_vstack", "arrays", ()),
    "row_stack": ("_npi_vstack", "arrays", ()),
    "hstack": ("_npi_hstack", "arrays", ()),
    "dstack": ("_npi_dstack", "arrays", ()),
    "column_stack": ("_npi_column_stack", "tup", ()),
}
# creation operators: name -> (backend op, attributes written, with `dtype` default)
CREATION = {
    "zeros": ("_npi_zeros", ("shape", "dtype"), "float32"),
    "ones": ("_npi_ones", ("shape", "dtype"), "float32"),
    "full": ("_full", ("shape", "fill_value=value", "dtype"), "float32"),
    "arange": ("_npi_arange", ("start", "stop", "step", "dtype"), "float32"),
    "eye": ("_npi_eye", ("N", "M", "k", "dtype"), "float32"),
    "identity": ("_npi_identity", ("n=shape", "dtype"), "float32"),
    "linspace": ("_linspace", ("start", "stop", "num", "endpoint", "dtype"), None),
    "logspace": ("_npi_logspace", ("start", "stop", "num", "endpoint", "base", "dtype"), None),
    "hanning": ("_npi_hanning", ("M", "dtype"), "float32"),
    "hamming": ("_npi_hamming", ("M", "dtype"), "float32"),
    "blackman": ("_npi_blackman", ("M", "dtype"), "float32"),
    "indices": ("_npi_indices", ("dimensions", "dtype"), "int32"),
}
