"""`Block.summary(*inputs)`: MXNet 1.9.1's per-layer table of output shapes and parameter counts."""
from ..ndarray.ndarray import NDArray


def _shape_str(value):
    """Output shapes as MXNet prints them: a tuple, or nested lists of tuples with the outer brackets cut."""
    def shapes(v):
        if isinstance(v, (list, tuple)):
            return [shapes(i) for i in v]
        return v.shape if isinstance(v, NDArray) else v
    s = shapes(value)
    return str(s)[1:-1] if isinstance(s, list) else str(s)


def print_summary(block, inputs):
    """Run `block(*inputs)` with forward hooks and print the summary table."""
    from .block import HybridBlock
    from .nn.basic_layers import Sequential, HybridSequential
    from .nn.activations import Activation
    from ..util import is_np_array

    rows = [("Input", _shape_str(list(inputs)), 0, 0, 0)]
    seen = set()
    handles = []

    def hook(blk, _args, out):
        n_params = trainable = shared = 0
        for p in blk.params.values():
            size = p.data().size
            n_params += size
            trainable += 0 if p.grad_req == "null" else size
            if id(p) in seen:
                shared += size
            else:
                seen.add(id(p))
        rows.append((f"{type(blk).__name__}-{len(rows)}", _shape_str(out), n_params, trainable, shared))

    def deferred_pass(blk, _args):
        # MXNet infers a deferred-init layer's shapes by running it once on Symbols first: its activation
        # child's hook then sees a Symbol, which the table prints as a row of its own.
        if any(p._deferred_init for p in blk._reg_params.values()):
            kind = "_Symbol" if is_np_array() else "Symbol"
            rows.append((f"Activation-{len(rows)}", f"<{kind} {blk.act.prefix}fwd>", 0, 0, 0))

    def register(blk):
        assert not isinstance(blk, HybridBlock) or not blk._active, \
            f'"{blk.name}" must not be hybridized to print summary.'
        if not isinstance(blk, (Sequential, HybridSequential)):
            handles.append(blk.register_forward_hook(hook))
        if isinstance(blk, HybridBlock) and isinstance(getattr(blk, "act", None), Activation):
            handles.append(blk.register_forward_pre_hook(deferred_pass))

    try:
        block.apply(register)
        block(*inputs)
        fmt = "{:>20}  {:>42} {:>15}"
        print("-" * 80)
        print(fmt.format("Layer (type)", "Output Shape", "Param #"))
        print("=" * 80)
        for name, shape, n, _, _ in rows:
            print(fmt.format(name, shape, n))
        total = sum(r[2] for r in rows)
        trainable = sum(r[3] for r in rows)
        shared = sum(r[4] for r in rows)
        print("=" * 80)
        print("Parameters in forward computation graph, duplicate included")
        print(f"   Total params: {total}")
        print(f"   Trainable params: {trainable}")
        print(f"   Non-trainable params: {total - trainable}")
        print(f"Shared params in forward computation graph: {shared}")
        print(f"Unique parameters in model: {total - shared}")
        print("-" * 80)
    finally:
        for h in handles:
            h.detach()
