"""Inputs of a symbolic `Custom` node, placed as MXNet composes them from the registered prop's input names.

Symbols given by keyword go to the input of that name (an unknown name is MXNet's "argument name not found"),
positional ones fill the inputs in order; every input left out (e.g. a loss's `label`, an auxiliary state)
becomes a new variable `<node name>_<input>`.
"""
from ..base import MXNetError


def compose_custom(attrs, inputs, by_slot, new_var):
    """The node's input entries in the prop's order; `new_var(name)` creates a missing one."""
    from ..operator import custom_input_names
    names = custom_input_names(attrs)
    if names is None:
        return inputs
    by_name = {k: i for k, i in by_slot.items() if not k.startswith("__arg")}  # positional ones are __arg<i>
    if by_name and len(by_name) != len(inputs):
        raise TypeError("Operators with variable length input can only accept input"
                        "Symbols either as positional or keyword arguments, not both")
    if not by_name:
        return list(inputs) + [new_var(n) for n in names[len(inputs):]]
    by_slot = by_name
    for key in by_slot:
        if key not in names:
            listed = "".join(f"\n\t[{i}]{n}" for i, n in enumerate(names))
            raise MXNetError(f"Symbol.ComposeKeyword argument name {key} not found.\nCandidate arguments:{listed}")
    return [inputs[by_slot[n]] if n in by_slot else new_var(n) for n in names]
