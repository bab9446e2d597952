"""Records from a finished torch profile: the operator ranges the hooks opened (named with `PREFIX`), the
backward of each as `_backward_<op>` (torch's autograd nodes carry the sequence number of the forward aten
call, which lies inside the operator's range), and CPU/GPU allocations as MXNet's 'Device Storage' counter.
torch's own kernel events (aten::...) are not MXNet operators and are not reported.
"""
import torch

from . import state

PREFIX = "mx.op\x1f"      # record_function name: PREFIX + category + "\x1f" + name + "\x1f" + device index
_BACKWARD = "autograd::engine::evaluate_function: "
SEQ = {}                  # forward sequence number -> (category, op name, device) across flushed profiles
_MEM = {}                 # device name -> bytes allocated while profiling (MXNet's storage counter)


def _op_range(ev):
    """The enclosing operator range event of a torch event, or None."""
    while ev is not None:
        if ev.name.startswith(PREFIX):
            return ev
        ev = ev.cpu_parent
    return None


def records(prof, trace_start_us, tid):
    """Records of the profile `prof` (timestamps in epoch microseconds)."""
    evs = list(prof.events())
    # forward aten calls inside an operator range: an op carries the sequence number the next autograd node
    # will get, so the node belongs to the last op seen with that number
    for ev in sorted(evs, key=lambda e: e.time_range.start):
        if ev.sequence_nr >= 0 and not ev.name.startswith((PREFIX, _BACKWARD)) and ev.fwd_thread == 0:
            rng = _op_range(ev.cpu_parent)
            if rng is not None:
                _, cat, op, dev = rng.name.split("\x1f")
                SEQ[ev.sequence_nr] = (cat, op, int(dev), trace_start_us + rng.time_range.start)
    out, backward = [], {}
    for ev in evs:
        name = ev.name
        t0 = trace_start_us + ev.time_range.start
        t1 = trace_start_us + ev.time_range.end
        if name.startswith(PREFIX):
            _, cat, op, dev = name.split("\x1f")
            out.append(("op", cat, op, t0, t1, int(dev), tid))
        elif name.startswith(_BACKWARD):
            fwd = SEQ.get(ev.sequence_nr) if ev.sequence_nr >= 0 else None
            if fwd is not None:  # one _backward_<op> spanning the autograd nodes of one operator call
                span = backward.get(fwd)
                backward[fwd] = (min(span[0], t0), max(span[1], t1)) if span else (t0, t1)
        elif name == "[memory]" and state.mode("memory"):
            cuda = ev.device_type == torch.autograd.DeviceType.CUDA
            dev = "gpu/%d" % ev.device_index if cuda else "cpu/0"
            use = max(0, _MEM.get(dev, 0) + (ev.device_memory_usage if cuda else ev.cpu_memory_usage))
            _MEM[dev] = use
            out.append(("memory", "Device Storage", "Memory: " + dev, t0, use, None, tid))
    for (cat, op, dev, _), (t0, t1) in backward.items():
        name = _backward_name(cat, op)
        if name is not None:
            out.append(("op", cat, name, t0, t1, dev, tid))
    out.sort(key=lambda r: r[3])
    return out


# The operator MXNet's backward pass runs for an operator whose gradient is not `_backward_<op>` (its
# FGradient names another operator); checked against MXNet 1.9.1's profiles
_BACKWARD_AS = {
    "_plus_scalar": "_copy", "_minus_scalar": "_copy", "elemwise_add": "_copy", "add_n": "_copy",
    "_rminus_scalar": "negative", "negative": "negative", "elemwise_sub": "_backward_sub",
    "elemwise_mul": "_backward_mul", "elemwise_div": "_backward_div", "transpose": "transpose",
    "Reshape": "_backward_reshape", "expand_dims": "_backward_reshape", "Flatten": "_backward_copy",
    "reshape_like": "_backward_copy", "broadcast_to": "_broadcast_backward", "broadcast_like": "_broadcast_backward",
    "broadcast_axis": "_broadcast_backward", "exp": "elemwise_mul", "batch_dot": "batch_dot",
    "floor": "zeros_like", "ceil": "zeros_like", "round": "zeros_like", "rint": "zeros_like", "fix": "zeros_like",
    "trunc": "zeros_like", "BlockGrad": None, "stop_gradient": None,
    "make_loss": "ones_like",
}


def _backward_name(cat, op):
    """The name of an operator's backward pass as MXNet reports it."""
    if cat == "Custom Operator":
        return op  # a custom operator's backward is recorded as its own range
    if op in _BACKWARD_AS:
        return _BACKWARD_AS[op]
    if op.startswith("Copy"):
        return op  # CopyCPU2CPU ...: the gradient of a copy is a copy back
    return "_backward_" + op.lstrip("_")
