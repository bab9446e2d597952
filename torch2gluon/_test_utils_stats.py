"""The numpy helpers of `mx.test_utils` for statistical generator checks, test matrices and element-wise
reference values (re-exported by `torch2gluon.test_utils`)."""
import os
import platform

import numpy as np
import torch

__all__ = ["random_uniform_arrays", "assign_each", "assign_each2", "gen_buckets_probs_with_ppf", "mean_check",
           "var_check", "chi_square_check", "verify_generator", "new_matrix_with_real_eigvals_2d",
           "new_matrix_with_real_eigvals_nd", "new_orthonormal_matrix_2d", "new_sym_matrix_with_real_eigvals_2d",
           "new_sym_matrix_with_real_eigvals_nd", "is_cd_run", "is_aarch64_run"]


def random_uniform_arrays(*shapes, low=0.0, high=1.0, dtype=np.float32):
    """A list of U[low, high) numpy arrays of the given shapes (a list even for one shape, as in MXNet)."""
    return [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]


def assign_each(the_input, function):
    """float64 array of `function(x)` for each element (a float64 copy when function is None)."""
    if function is None:
        return np.array(the_input)
    flat = [function(v) for v in np.asarray(the_input).ravel()]
    return np.array(flat, dtype=np.float64).reshape(np.shape(the_input))


def assign_each2(input1, input2, function):
    """float64 array of `function(x, y)` for paired elements of two same-shape arrays."""
    if function is None:
        return np.array(input1)
    assert np.shape(input1) == np.shape(input2)
    flat = [function(a, b) for a, b in zip(np.asarray(input1).ravel(), np.asarray(input2).ravel())]
    return np.array(flat, dtype=np.float64).reshape(np.shape(input1))


def gen_buckets_probs_with_ppf(ppf, nbuckets):
    """`nbuckets` equal-probability buckets [(ppf(i/n), ppf((i+1)/n))] and their probabilities."""
    assert nbuckets > 0
    return ([(ppf(i / float(nbuckets)), ppf((i + 1) / float(nbuckets))) for i in range(nbuckets)],
            [1.0 / nbuckets] * nbuckets)


def mean_check(generator, mu, sigma, nsamples=1000000):
    """True if the mean of `generator(nsamples)` lies within 3 standard errors of `mu`."""
    m = np.array(generator(nsamples)).mean()
    half = 3 * sigma / np.sqrt(nsamples)
    return bool(mu - half < m < mu + half)


def var_check(generator, sigma, nsamples=1000000):
    """True if the sample variance of `generator(nsamples)` lies within 3 standard errors of `sigma**2`."""
    v = np.array(generator(nsamples)).var(ddof=1)
    half = 3 * np.sqrt(2 * sigma ** 4 / (nsamples - 1))
    return bool(sigma ** 2 - half < v < sigma ** 2 + half)


def chi_square_check(generator, buckets, probs, nsamples=1000000):
    """Pearson chi-square test of `generator(nsamples)` against bucket probabilities.

    `buckets` are (low, high) ranges for continuous samples or the discrete values themselves. Returns
    (p value, observed counts, expected counts); the p value uses torch's regularised incomplete gamma.
    """
    assert isinstance(buckets, list) and len(probs) == len(buckets)
    samples = np.asarray(generator(nsamples))
    expected = (nsamples * np.array(probs, dtype=np.float32)).astype(np.int32)
    obs = np.zeros(len(buckets), dtype=np.int64)
    if isinstance(buckets[0], (list, tuple)):
        edges = np.zeros(2 * len(buckets), dtype=np.float32)
        for i, (lo, hi) in enumerate(buckets):
            assert lo <= hi and (i == len(buckets) - 1 or hi <= buckets[i + 1][0])
            edges[2 * i], edges[2 * i + 1] = lo, hi
        ids = np.searchsorted(edges, samples, side="right") // 2
        for i in range(len(buckets)):
            obs[i] = (ids == i).sum()
    else:
        for i, b in enumerate(buckets):
            obs[i] = (samples == b).sum()
    stat = float(((obs - expected) ** 2 / np.maximum(expected, 1e-12)).sum())
    dof = len(buckets) - 1
    p = float(torch.special.gammaincc(torch.tensor(dof / 2.0, dtype=torch.float64),
                                      torch.tensor(stat / 2.0, dtype=torch.float64)))
    return p, obs, expected


def verify_generator(generator, buckets, probs, nsamples=1000000, nrepeat=5, success_rate=0.2, alpha=0.05):
    """Run `chi_square_check` `nrepeat` times; AssertionError unless at least `success_rate` of the p values
    exceed `alpha`. Returns the p values."""
    runs = [chi_square_check(generator, buckets, probs, nsamples) for _ in range(nrepeat)]
    ps = [r[0] for r in runs]
    if (np.array(ps) > alpha).sum() < nrepeat * success_rate:
        raise AssertionError(f"Generator test fails, Chi-square p={ps}, obs_freq={[r[1] for r in runs]}, "
                             f"expected_freq={[r[2] for r in runs]}.\nbuckets={buckets}, probs={probs}")
    return ps


def new_orthonormal_matrix_2d(n):
    """A random n x n orthonormal matrix (eigenvectors of a random symmetric matrix)."""
    x = np.random.randn(n, n)
    _, vecs = np.linalg.eigh(x.T @ x)
    return vecs.T


def new_matrix_with_real_eigvals_2d(n):
    """A well-conditioned n x n matrix with real eigenvalues in [-10, 10]."""
    while True:
        d = np.diag(np.random.uniform(-1.0, 1.0, n))
        v = np.random.uniform(-1.0, 1.0, (n, 1))
        v = v / np.linalg.norm(v, axis=0, keepdims=True)
        q = (np.eye(n) - 2 * v @ v.T) @ d
        if np.linalg.cond(q, 2) < 3:
            break
    return np.linalg.inv(q) @ np.diag(np.random.uniform(-10.0, 10.0, n)) @ q


def new_sym_matrix_with_real_eigvals_2d(n):
    """A random symmetric n x n matrix with eigenvalues in [-10, 10]."""
    q = new_orthonormal_matrix_2d(n)
    return q.T @ np.diag(np.random.uniform(-10.0, 10.0, n)) @ q


def _batched(fn, shape):
    n = int(np.prod(shape[:-2]))
    return np.array([fn(shape[-1]) for _ in range(n)]).reshape(shape)


def new_matrix_with_real_eigvals_nd(shape):
    """A batch (shape[:-2]) of `new_matrix_with_real_eigvals_2d` matrices."""
    return _batched(new_matrix_with_real_eigvals_2d, shape)


def new_sym_matrix_with_real_eigvals_nd(shape):
    """A batch (shape[:-2]) of `new_sym_matrix_with_real_eigvals_2d` matrices."""
    return _batched(new_sym_matrix_with_real_eigvals_2d, shape)


def is_cd_run():
    """True when running as part of a continuous-delivery run (env CD_JOB=1)."""
    return os.environ.get("CD_JOB", 0) == "1"


def is_aarch64_run():
    """True on an aarch64 machine."""
    return platform.machine() == "aarch64"
