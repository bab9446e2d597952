"""MXNet 1.9.1 operators that accept and ignore unknown keyword arguments (imperative and symbolic).

MXNet raises "Cannot find argument ..." only from an operator's parameter parser. Operators without a
parameter struct (elementwise math, broadcast binaries, ...) and a few legacy OperatorProperty operators
(parsed with unknown keys allowed) take any keyword: it is ignored when called (`nd.relu(x, foo=1)`) and kept
as a node attribute in a graph (`sym.relu(x, foo=1)`). The list was taken by calling every registered MXNet
operator with a bogus keyword (aliases included).
"""

LENIENT_OPS = frozenset("""
BlockGrad Flatten LinearRegressionOutput LogisticRegressionOutput MAERegressionOutput
_Div _Equal _Greater _Greater_Equal _Hypot _Lesser _Lesser_Equal _Logical_And _Logical_Or _Logical_Xor
_Maximum _Minimum _Minus _Mod _Mul _Not_Equal _Plus _Power _add _copy _div _equal _grad_add _greater
_greater_equal _hypot _identity_with_attr_like_rhs _lesser _lesser_equal _logical_and _logical_or
_logical_xor _maximum _minimum _minus _mod _mul _not_equal _plus _power _scatter_elemwise_div _shuffle _sub
_contrib_div_sqrt_dim _contrib_round_ste _contrib_sign_ste _contrib_box_encode _contrib_hawkesll
_contrib_index_copy _contrib_edge_id _contrib_dgl_adjacency _contrib_backward_index_copy
_contrib_backward_hawkesll _contrib_quantized_flatten
_image_flip_left_right _image_flip_top_bottom _image_random_flip_left_right _image_random_flip_top_bottom
_image_to_tensor
_linalg_det _linalg_gelqf _linalg_inverse _linalg_slogdet _linalg_sumlogdiag _linalg_syevd
linalg_det linalg_gelqf linalg_inverse linalg_slogdet linalg_sumlogdiag linalg_syevd
abs arccos arccosh arcsin arcsinh arctan arctanh argmax_channel batch_take
broadcast_add broadcast_div broadcast_equal broadcast_greater broadcast_greater_equal broadcast_hypot
broadcast_lesser broadcast_lesser_equal broadcast_logical_and broadcast_logical_or broadcast_logical_xor
broadcast_maximum broadcast_minimum broadcast_minus broadcast_mod broadcast_mul broadcast_not_equal
broadcast_plus broadcast_power broadcast_sub
cbrt ceil cos cosh degrees elemwise_add elemwise_div elemwise_mul elemwise_sub erf erfinv exp expm1
fill_element_0index fix flatten floor gamma gammaln gather_nd identity log log10 log1p log2 logical_not
make_loss negative ones_like radians rcbrt reciprocal relu rint round rsqrt shape_array shuffle sigmoid
sign sin sinh size_array softmax_cross_entropy softsign sqrt square stop_gradient tan tanh trunc where
zeros_like
""".split())
