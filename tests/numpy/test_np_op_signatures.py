"""`mx.operator.get_all_registered_operators()` lists MXNet 1.9.1's backend operators (it listed the custom op
types), `mxnet._numpy_op_doc` exists, and the builtin numpy operators' functions carry MXNet's signatures."""
import inspect

import pytest

from tests.oracle import check


def test_registered_operator_names():
    def fn(mx):
        @mx.operator.register("h123_sig_custom_op")
        class _Prop(mx.operator.CustomOpProp):  # pylint: disable=unused-variable
            pass
        names = mx.operator.get_all_registered_operators()
        return type(names).__name__, len(names), names[:5], "h123_sig_custom_op" in names, "Custom" in names, \
            sorted(n for n in names if n.startswith("_np_"))
    check(fn)


def _signatures(mx):
    from importlib import import_module
    doc = import_module(mx.__name__ + "._numpy_op_doc")
    sig = import_module(mx.__name__ + ".numpy_op_signature")
    out = {}
    for name in sorted(n for n in mx.operator.get_all_registered_operators() if n.startswith(("_np_", "_npx_"))):
        op = sig._get_builtin_op(name)  # pylint: disable=protected-access
        out[name] = str(inspect.signature(op)) if hasattr(doc, name) else None
    return out


def test_builtin_numpy_operator_signatures():
    check(_signatures)


@pytest.mark.parametrize("path", ["np.sum", "np.max", "np.atleast_2d", "np.random.shuffle", "npx.reshape",
                                  "npx.nonzero", "npx.constraint_check", "np.transpose"])
def test_function_signature(path):
    def fn(mx):
        obj = mx
        for part in path.split("."):
            obj = getattr(obj, part)
        return str(inspect.signature(obj))
    check(fn)
