"""`test_utils` generators of random sparse arrays (rand_sparse_ndarray and friends), as MXNet 1.9.1's.

Without scipy (as here), MXNet draws a uniform csr as a dense U(0,1) array masked by `< density`; that
is what this does, with `data_init` and `shuffle_csr_indices` honoured too. 'powerlaw' fills row r with
2^r entries (after a first column in every row) until `rows*cols*density` entries are used.
"""
import numpy as np
import numpy.random as rnd
import torch


def _validate(num_rows, num_cols, density, distribution):
    total_nnz = int(num_rows * num_cols * density)
    if density < 0 or density > 1:
        raise ValueError("density has to be between 0 and 1")
    if num_rows <= 0 or num_cols <= 0:
        raise ValueError("num_rows or num_cols should be greater than 0")
    if distribution == "powerlaw" and total_nnz < 2 * num_rows:
        raise ValueError(f"not supported for this density: {density} for this shape ({num_rows}, {num_cols}) "
                         "Please keep : num_rows * num_cols * density >= 2 * num_rows")


def shuffle_csr_column_indices(csr):
    """Shuffle the column indices (and values) within each row of csr array `csr`, in place."""
    data, indptr, indices = (p.clone() for p in csr._parts())
    for i in range(indptr.numel() - 1):
        lo, hi = int(indptr[i]), int(indptr[i + 1])
        perm = torch.from_numpy(rnd.permutation(hi - lo)) + lo
        indices[lo:hi] = indices[perm]
        data[lo:hi] = data[perm]
    csr._set_parts((data, indptr, indices))


def uniform_csr(num_rows, num_cols, density=0.1, dtype=None, data_init=None, shuffle_csr_indices=False):
    """A csr array with about `density` of its entries drawn U(0,1) (or `data_init`)."""
    from . import nd
    _validate(num_rows, num_cols, density, "uniform")
    dns = nd.random.uniform(shape=(num_rows, num_cols), dtype=dtype)
    csr = (dns * (dns < density)).tostype("csr")
    if data_init is not None:
        data, indptr, indices = csr._parts()
        csr._set_parts((torch.full_like(data, data_init), indptr, indices))
    if shuffle_csr_indices:
        shuffle_csr_column_indices(csr)
    return csr


def powerlaw_csr(num_rows, num_cols, density=0.1, dtype=None):
    """A csr array whose row r holds twice the entries of row r-1 (see the module docstring)."""
    from . import nd
    _validate(num_rows, num_cols, density, "powerlaw")
    budget = int(num_rows * num_cols * density)  # entries still to place
    out = np.zeros((num_rows, num_cols), dtype=dtype)

    def draw():
        return 1 + rnd.uniform(0.001, 2)

    for r in range(num_rows):  # column 0 of every row first, so that no row is empty
        out[r, 0] = draw()
        budget -= 1
        if budget <= 0:
            return nd.array(out).tostype("csr")
    for r in range(num_rows):  # then columns 1 .. 2^(r+1)-1 of row r, one draw each
        width = min(num_cols, 2 ** (r + 1))
        if width == num_cols and budget > width:  # a whole row, one value for all of it (budget stays > 1)
            out[r] = draw()
            budget -= width - 1
            continue
        for c in range(1, width):
            out[r, c] = draw()
            budget -= 1
            if budget <= 0:
                return nd.array(out).tostype("csr")
    raise ValueError(f"not supported for this density: {density} for this shape ({num_rows},{num_cols})")


def _assign_each(values, fn):
    if fn is None:
        return np.array(values)
    return np.vectorize(fn, otypes=[np.float64])(values) if values.size else np.zeros(values.shape)


def rand_sparse_ndarray(shape, stype, density=None, dtype=None, distribution=None, data_init=None,
                        rsp_indices=None, modifier_func=None, shuffle_csr_indices=False, ctx=None):
    """A random sparse array and its parts: (rsp, (values, indices)) or (csr, (indptr, indices, data))."""
    from . import nd
    from .test_utils import default_context, default_dtype
    ctx = ctx if ctx else default_context()
    density = rnd.rand() if density is None else density
    dtype = default_dtype() if dtype is None else dtype
    distribution = "uniform" if distribution is None else distribution
    if stype == "row_sparse":
        assert distribution == "uniform", f"Distribution {distribution} not supported for row_sparse"
        if rsp_indices is not None:
            indices = np.asarray(rsp_indices)
            assert len(indices) <= shape[0]
        else:
            indices = np.argwhere(rnd.rand(shape[0]) < density).flatten()
        if indices.shape[0] == 0:
            return nd.sparse.zeros("row_sparse", shape, dtype=dtype, ctx=ctx), (np.array([], dtype=dtype),
                                                                                   np.array([]))
        val = rnd.rand(indices.shape[0], *shape[1:]).astype(dtype)
        if data_init is not None:
            val.fill(data_init)
        if modifier_func is not None:
            val = _assign_each(val, modifier_func)
        arr = nd.sparse.row_sparse_array((val, indices), shape=shape, dtype=dtype, ctx=ctx)
        return arr, (val, indices)
    if stype == "csr":
        assert len(shape) == 2
        if distribution == "uniform":
            csr = uniform_csr(shape[0], shape[1], density, dtype=dtype, data_init=data_init,
                              shuffle_csr_indices=shuffle_csr_indices).as_in_context(ctx)
        elif distribution == "powerlaw":
            csr = powerlaw_csr(shape[0], shape[1], density=density, dtype=dtype).as_in_context(ctx)
        else:
            raise AssertionError(f"Distribution not supported: {distribution}")
        return csr, (csr.indptr, csr.indices, csr.data)
    raise AssertionError("unknown storage type")


def create_sparse_array(shape, stype, data_init=None, rsp_indices=None, dtype=None, modifier_func=None,
                        density=.5, shuffle_csr_indices=False):
    """A random sparse array of `stype` (row_sparse rows `rsp_indices`, sorted, when given)."""
    if stype == "row_sparse":
        idx = None if rsp_indices is None else np.sort(np.asarray(rsp_indices))
        arr, _ = rand_sparse_ndarray(shape, stype, density=density, dtype=dtype, data_init=data_init,
                                     rsp_indices=idx, modifier_func=modifier_func)
    elif stype == "csr":
        arr, _ = rand_sparse_ndarray(shape, stype, density=density, dtype=dtype, data_init=data_init,
                                     modifier_func=modifier_func, shuffle_csr_indices=shuffle_csr_indices)
    else:
        raise AssertionError("Unknown storage type: " + str(stype))
    return arr


def create_sparse_array_zd(shape, stype, density, data_init=None, rsp_indices=None, dtype=None,
                           modifier_func=None, shuffle_csr_indices=False):
    """create_sparse_array where a row_sparse array holds exactly the rows `rsp_indices` (none without them:
    MXNet's zero-density form)."""
    if stype == "row_sparse":
        density = 0.0
        if rsp_indices is not None:
            assert len(rsp_indices) <= shape[0]
    return create_sparse_array(shape, stype, data_init=data_init, rsp_indices=rsp_indices, dtype=dtype,
                               modifier_func=modifier_func, density=density,
                               shuffle_csr_indices=shuffle_csr_indices)
