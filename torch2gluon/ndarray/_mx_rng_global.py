"""MXNet 1.9.1's single CPU `random` resource reproduced: the one Mersenne twister `mx.np.random` reads in sequence.

Besides the 1024 twisters of its parallel resource (`_mx_rng.py`, used by `nd.random`), MXNet's CPU has one
more generator: a single std::mt19937 seeded `seed * 127` (seed 0 at start-up), read value after value by the
`mx.np.random` samplers and by `shuffle` (`nd.random.shuffle`, `np.random.shuffle`). It is a separate stream: an `nd.random` draw does not move it, and an `np.random` draw
does not move the parallel twisters. Uniforms are libstdc++'s float `generate_canonical` (one 32-bit word per
value, whatever the output dtype); normals are its polar method with one distribution per draw, so both values
of each accepted pair are used and only an odd draw's last spare is dropped.

numpy's own MT19937 bit generator produces exactly std::mt19937's words, so the twister runs at C speed here.
"""
import threading

import numpy as np

from ._mx_rng import SEED_MAGIC, canonical, c_log

_N = 624


def _key(seed):
    """std::mt19937's initial state for a 32-bit seed (Knuth's initialisation), as numpy's legacy seeding makes it."""
    return np.random.RandomState(seed).get_state(legacy=True)[1]


class Sequential:
    """The single twister: words are consumed in order, whatever the draw."""

    def __init__(self, seed=0):
        self.lock = threading.Lock()
        self.gen = np.random.MT19937()
        self.gen.state = {"bit_generator": "MT19937",
                          "state": {"key": _key((int(seed) * SEED_MAGIC) & 0xFFFFFFFF), "pos": _N}}

    def words(self, n):
        """The next n 32-bit words."""
        return self.gen.random_raw(int(n)).astype(np.uint32)

    def uniform(self, n):
        """n float32 canonical uniforms in [0, 1)."""
        with self.lock:
            return canonical(self.words(n)[:, None], False)

    def modulo(self, n, m):
        """n int64 indices: the next n words modulo m (`np.random.choice` with replacement)."""
        with self.lock:
            return (self.gen.random_raw(int(n)) % np.uint64(m)).astype(np.int64)

    def normal(self, n):
        """n float32 standard normals: libstdc++'s polar method, both values of each accepted pair in turn
        (the pair's y-value first), as one `std::normal_distribution<float>` gives them over a draw."""
        with self.lock:
            return self._normal(int(n))

    def _normal(self, n):
        if n == 0:
            return np.empty(0, np.float32)
        need = (n + 1) // 2                                  # accepted pairs
        saved = self.gen.state
        pairs = int(need * 1.3) + 8                          # acceptance is pi/4
        while True:
            u = canonical(self.words(2 * pairs)[:, None], False)
            x = u[0::2] * np.float32(2) - np.float32(1)
            y = u[1::2] * np.float32(2) - np.float32(1)
            r2 = x * x + y * y
            ok = (r2 <= 1) & (r2 != 0)
            if int(ok.sum()) >= need:
                break
            self.gen.state = saved
            pairs *= 2
        used = int(np.flatnonzero(ok)[need - 1]) + 1         # pairs read up to the last accepted one
        self.gen.state = saved
        self.gen.random_raw(2 * used)                        # consume exactly what the C++ loop reads
        x, y, r2 = x[ok][:need], y[ok][:need], r2[ok][:need]
        mult = np.sqrt(c_log(r2) * np.float32(-2) / r2)
        out = np.empty(2 * need, np.float32)
        out[0::2] = y * mult
        out[1::2] = x * mult
        return out[:n]

    def permutation(self, n, forward):
        """MXNet's shuffle of n rows as an index array: `forward` (1-D data) is libstdc++'s std::shuffle, swapping
        i = 1..n-1 with a uniform j in [0, i]; otherwise (rows of an N-d array) i runs from n-1 down to 1."""
        with self.lock:
            bounds = np.arange(1, n, dtype=np.uint64) if forward else np.arange(n - 1, 0, -1, dtype=np.uint64)
            js = self._below(bounds).tolist()
        perm = list(range(n))
        for i, j in zip(bounds.tolist(), js):
            perm[i], perm[j] = perm[j], perm[i]
        return perm

    def _below(self, bounds):
        """libstdc++'s uniform_int_distribution in [0, b] for each bound b in turn (downscaling with rejection):
        one word per bound, vectorized; a rejected word (at most b / 2**32 of the time) is skipped and the bounds
        after it read the following words, exactly as the C++ loop consumes them."""
        bounds = np.asarray(bounds, np.uint64)
        scaling = np.uint64(0xFFFFFFFF) // (bounds + np.uint64(1))
        past = (bounds + np.uint64(1)) * scaling
        out = np.empty(len(bounds), np.uint64)
        words = self.gen.random_raw(len(bounds))
        done = 0
        while done < len(bounds):
            w = words[:len(bounds) - done]
            bad = np.flatnonzero(w >= past[done:])
            k = int(bad[0]) if len(bad) else len(w)        # words before the first rejection are accepted
            out[done:done + k] = w[:k] // scaling[done:done + k]
            done += k
            if done < len(bounds):                         # drop the rejected word, read one more at the end
                words = np.concatenate([w[k + 1:], self.gen.random_raw(1)])
        return out

_STREAM = []
_SEED = [0]
_LOCK = threading.Lock()


def stream():
    """The CPU's single twister (built at the first draw after a seed)."""
    if not _STREAM:
        with _LOCK:
            if not _STREAM:
                _STREAM.append(Sequential(_SEED[0]))
    return _STREAM[0]


def seed(value):
    """Re-seed it as `mx.random.seed(value)` does; built at the next draw."""
    with _LOCK:
        _SEED[0] = int(value)
        _STREAM.clear()
