"""Operator wrappers compiled on their first call (ndarray/register.py) behave the same from the very first call."""
import subprocess
import sys
import textwrap


def test_first_calls_in_a_fresh_process():
    code = textwrap.dedent("""
        import inspect
        import torch2gluon as mx
        from torch2gluon.ndarray.register import OPS
        relu, fc = OPS["relu"], OPS["FullyConnected"]
        sig = str(inspect.signature(relu))
        a = mx.nd.array([-1.0, 2.0])
        try:
            relu(a, data=a)            # the first call of relu is a bad one
        except TypeError as e:
            print(e)
        print(relu(a).asnumpy().tolist(), OPS["relu"] is relu, str(inspect.signature(relu)) == sig)
        out = mx.nd.zeros((2, 4))      # first call with out=, keyword parameters and a default input
        fc(mx.nd.ones((2, 3)), mx.nd.ones((4, 3)), num_hidden=4, no_bias=True, out=out)
        print(out.asnumpy().tolist()[0])
        try:
            fc(mx.nd.ones((2, 3)), mx.nd.ones((4, 3)), no_bias=True)
        except mx.base.MXNetError as e:
            print(type(e).__name__, "num_hidden" in str(e))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["relu() got multiple values for argument 'data'", "[0.0, 2.0] True True",
                                "[3.0, 3.0, 3.0, 3.0]", "MXNetError True"]
