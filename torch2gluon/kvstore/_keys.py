"""Normalise MXNet's key/value arguments (one key or a list; one NDArray or a list per key) into pairs."""
from ..ndarray.ndarray import NDArray

__all__ = ["key_value_pairs"]


def key_value_pairs(keys, vals):
    """[(key, NDArray), ...] flattened in call order, and whether the keys are strings (MXNet's checks)."""
    if isinstance(keys, (tuple, list)):
        assert len(keys) == len(vals)
        pairs, use_str = [], None
        for key, val in zip(keys, vals):
            sub, str_i = key_value_pairs(key, val)
            pairs += sub
            use_str = str_i if use_str is None else use_str
            assert use_str == str_i, "inconsistent types of keys detected."
        return pairs, use_str
    assert isinstance(keys, (int, str)), "unexpected type for keys: " + str(type(keys))
    use_str = isinstance(keys, str)
    if isinstance(vals, NDArray):
        return [(keys, vals)], use_str
    for value in vals:
        assert isinstance(value, NDArray)
    return [(keys, v) for v in vals], use_str


def group_by_key(pairs):
    """{key: [values]} in ascending key order, as MXNet's engine groups repeated keys before merging."""
    grouped = {}
    for key, val in pairs:
        grouped.setdefault(key, []).append(val)
    return {k: grouped[k] for k in sorted(grouped)}
