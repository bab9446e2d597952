"""Executor.reshape: outputs that fit live in the old executor's output memory, as MXNet 1.9.1's shared
memory pool (a down-sized executor's forward shows through the old outputs)."""
import numpy as np

from tests.oracle import check


def test_reshaped_outputs_share_memory():
    def run(mx):
        x = mx.sym.Variable('x')
        y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
        z = mx.sym.Group([y, mx.sym.sum(y, axis=1)])
        exe = z.simple_bind(mx.cpu(), x=(5, 4), grad_req='null')
        exe.arg_arrays[0][:] = mx.nd.array(np.arange(20).reshape(5, 4))
        exe.arg_arrays[1][:] = mx.nd.ones((4, 4))
        exe.arg_arrays[2][:] = 0
        exe.forward(is_train=False)
        first = [o.copy() for o in exe.outputs]
        small = exe.reshape(x=(3, 4))
        small.forward(is_train=False)
        small.arg_arrays[0][:] = 1
        small.forward(is_train=False)
        shared = [o.copy() for o in exe.outputs]
        small_out = [o.copy() for o in small.outputs]
        big = exe.reshape(allow_up_sizing=True, x=(6, 4))
        big.arg_arrays[0][:] = 2
        big.forward(is_train=False)
        # (an up-sized executor allocates new outputs; MXNet's pool may then reuse the old executors' output
        # memory for its own temporaries, which is not modelled: old outputs are not compared afterwards)
        return first, shared, small_out, big.outputs
    check(run)
