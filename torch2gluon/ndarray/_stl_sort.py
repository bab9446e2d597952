"""The order MXNet's CPU argsort/topk give tied (and NaN) keys: libstdc++'s std::sort (introsort) and
std::partial_sort (heap select), replayed on one row of keys. Rows without ties or NaN sort the same under
any algorithm, so callers use this only for rows that have them."""

_THRESHOLD = 16  # libstdc++'s _S_threshold


def _less(keys, descending):
    if descending:
        return lambda i, j: keys[i] > keys[j]
    return lambda i, j: keys[i] < keys[j]


def _adjust_heap(a, first, hole, length, value, comp):
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if comp(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and comp(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _make_heap(a, first, last, comp):
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(a, first, parent, length, a[first + parent], comp)
        if parent == 0:
            return
        parent -= 1


def _pop_heap(a, first, last, result, comp):
    value = a[result]
    a[result] = a[first]
    _adjust_heap(a, first, 0, last - first, value, comp)


def _partial_sort(a, first, middle, last, comp):
    _make_heap(a, first, middle, comp)
    for i in range(middle, last):
        if comp(a[i], a[first]):
            _pop_heap(a, first, middle, i, comp)
    while middle - first > 1:
        middle -= 1
        _pop_heap(a, first, middle, middle, comp)


def _median_to_first(a, result, x, y, z, comp):
    if comp(a[x], a[y]):
        if comp(a[y], a[z]):
            pick = y
        elif comp(a[x], a[z]):
            pick = z
        else:
            pick = x
    elif comp(a[x], a[z]):
        pick = x
    elif comp(a[y], a[z]):
        pick = z
    else:
        pick = y
    a[result], a[pick] = a[pick], a[result]


def _partition_pivot(a, first, last, comp):
    mid = first + (last - first) // 2
    _median_to_first(a, first, first + 1, mid, last - 1, comp)
    lo, hi, pivot = first + 1, last, a[first]
    while True:
        while comp(a[lo], pivot):
            lo += 1
        hi -= 1
        while comp(pivot, a[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _introsort_loop(a, first, last, depth, comp):
    while last - first > _THRESHOLD:
        if depth == 0:
            _partial_sort(a, first, last, last, comp)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, comp)
        _introsort_loop(a, cut, last, depth, comp)
        last = cut


def _linear_insert(a, last, comp):
    val = a[last]
    nxt = last - 1
    while comp(val, a[nxt]):
        a[last] = a[nxt]
        last = nxt
        nxt -= 1
    a[last] = val


def _insertion_sort(a, first, last, comp):
    for i in range(first + 1, last):
        if comp(a[i], a[first]):
            val = a[i]
            a[first + 1:i + 1] = a[first:i]
            a[first] = val
        else:
            _linear_insert(a, i, comp)


def stl_sort(keys, descending):
    """Indices 0..n-1 ordered by std::sort with `keys[i] < keys[j]` (`>` when descending)."""
    n = len(keys)
    a = list(range(n))
    comp = _less(keys, descending)
    if n > 1:
        _introsort_loop(a, 0, n, 2 * (n.bit_length() - 1), comp)
        if n > _THRESHOLD:
            _insertion_sort(a, 0, _THRESHOLD, comp)
            for i in range(_THRESHOLD, n):
                _linear_insert(a, i, comp)
        else:
            _insertion_sort(a, 0, n, comp)
    return a


def stl_partial_sort(keys, k, descending):
    """The first k indices std::partial_sort puts in front (in order) with the same comparison."""
    a = list(range(len(keys)))
    _partial_sort(a, 0, k, len(keys), _less(keys, descending))
    return a[:k]


_MAX_ROW = 1 << 18  # longer rows with ties keep the stable order (replaying the sort in Python gets slow)


def mx_tie_order(t, ax, k, descending, idx):
    """`idx` (stable-sort indices along `ax` of `t`, narrowed to k) with each row that has tied or NaN keys
    reordered as MXNet's CPU kernel orders it: std::sort when k * 8 > n, else std::partial_sort."""
    import torch
    n = t.shape[ax]
    if n < 2 or t.numel() == 0 or t.is_complex():
        return idx
    m = t.movedim(ax, -1).reshape(-1, n)
    s = torch.sort(m, dim=-1).values
    odd = (s[:, 1:] == s[:, :-1]).any(dim=-1)
    if m.is_floating_point():
        odd |= torch.isnan(m).any(dim=-1)
    rows = torch.nonzero(odd).reshape(-1).tolist()
    if not rows or n > _MAX_ROW:
        return idx
    out = idx.movedim(ax, -1).reshape(-1, k).clone()
    full = k * 8 > n
    for r in rows:
        keys = m[r].tolist()
        order = stl_sort(keys, descending)[:k] if full else stl_partial_sort(keys, k, descending)
        out[r] = torch.tensor(order, dtype=out.dtype, device=out.device)
    shape = list(t.movedim(ax, -1).shape[:-1]) + [k]
    return out.reshape(shape).movedim(-1, ax)
