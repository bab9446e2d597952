"""`Activation(act_type='relu')` as MXNet 1.9.1's CPU build computes it.

float32 arrays of 1 to 5 dimensions on CPU go through oneDNN's eltwise relu, `x > 0 ? x : 0`: NaN gives 0, with
gradient 0. Other dtypes and ranks use MXNet's own kernel, which keeps NaN, as torch's relu does. torch's relu
stays the kernel (speed); only an output holding NaN is recomputed (always the where-form inside a traced or
compiled graph). (-0.0 stays -0.0; MXNet gives +0.0.)
"""
import torch

_ZERO = torch.zeros(())


def activation_relu(t):
    """MXNet's Activation relu on tensor `t` (see the module docstring for the oneDNN case)."""
    if not (t.dtype == torch.float32 and 1 <= t.dim() <= 5 and t.device.type == "cpu"):
        return t.relu()
    if torch.compiler.is_compiling() or torch.jit.is_tracing():  # no data-dependent branch in a traced graph
        return torch.where(t > 0, t, _ZERO)
    out = t.relu()
    return torch.where(t > 0, t, _ZERO) if bool(out.isnan().any()) else out
