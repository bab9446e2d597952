"""MXNet 1.9.1's CPU random stream, reproduced: the same seed gives the same uniform, normal and Dropout draws.

MXNet's CPU samplers share one "parallel random" resource (one for every `mx.cpu(i)`): 1024 Mersenne twisters
(std::mt19937), twister j seeded with `seed * 127 + j` (seed 0 at start-up, so an unseeded program is
reproducible too). A draw of N values is cut into `min(ceil(N / 64), 1024)` consecutive chunks of equal
length; chunk j takes its values from twister j, which keeps its position for the next draw. Uniforms are libstdc++'s
`generate_canonical` (one 32-bit word for float, two for double); normals are libstdc++'s polar method with a
fresh distribution per value (the second value of each pair is dropped).

The twisters run here vectorized over all chunks with numpy, state (624, 1024): column j is twister j. Speed comes
from contiguous arrays (numpy is several times slower on column slices), slices for runs of twisters at the
same position, one transpose per draw, and small arrays (normals go by groups of twisters: large fresh arrays
cost more in page faults than in arithmetic). numpy's own C MT19937 (state set per twister) was measured and not
used: its ~3 ns per word plus ~5 us per twister do not beat the vectorized twist.

The polar method's `log` must be the C library's (what MXNet calls): glibc's float logf is reproduced in numpy
(see `_logf_vectorized`; equal to the previous emulation on every positive normal float up to 2^20); where that is not
possible, and for float64, the C function is called per value for draws of up to `_EXACT_LOG_MAX` values, and
larger draws use numpy's log, which can differ in the last bit of a few values (the stream stays in step).
By default (`TORCH2GLUON_MXNET_RNG=samplers`) the samplers and initializers follow this stream and Dropout draws
its masks from torch's generator: reproducing MXNet's masks costs 5-10x torch's time per training step's mask.
`TORCH2GLUON_MXNET_RNG=all` adds Dropout; `off` uses torch's generator everywhere (faster, not MXNet's numbers).
Graphs being compiled by torch.compile always draw from torch's generator.
"""
import ctypes
import ctypes.util
import math
import os
import struct
import threading

import numpy as np
import torch
from numpy.lib.stride_tricks import as_strided

N_STATES = 1024          # MXNet's RandGenerator<cpu>::kNumRandomStates
MIN_PER_CHUNK = 64       # kMinNumRandomPerThread
SEED_MAGIC = 127         # ResourceParallelRandom's seed multiplier
_EXACT_LOG_MAX = 1 << 14
_GROUP_WORDS = 1 << 18   # the polar method reads about this many words per group of twisters
_MAX_RUNS = 16           # a draw reads runs of twisters at the same position in turn, up to this many runs
_MODES = ("samplers", "all", "off")

_N, _M = 624, 397
_A = np.uint32(0x9908B0DF)
_UP = np.uint32(0x80000000)
_LO = np.uint32(0x7FFFFFFF)
_ONE = np.uint32(1)
_TB, _TC = np.uint32(0x9D2C5680), np.uint32(0xEFC60000)   # tempering masks
_SH = {k: np.uint32(k) for k in (7, 11, 15, 18, 19)}
_LOGF_OFF, _EXP_MASK = np.uint32(0x3F330000), np.uint32(0xFF800000)   # glibc logf's OFF; the exponent bits
_TWO32_F = np.float32(4294967296.0)
_BELOW1_F = np.nextafter(np.float32(1), np.float32(0))
_BELOW1_D = np.nextafter(1.0, 0.0)


def active(device, dropout=False):
    """Whether a draw on torch `device` follows MXNet's stream: on CPU, by TORCH2GLUON_MXNET_RNG (`samplers`, the
    default: samplers and initializers; `all`: Dropout too; `off`: none), and not while torch.compile traces a graph
    (compiled graphs draw from torch's generator and stay whole)."""
    if device.type != "cpu":
        return False
    mode = os.environ.get("TORCH2GLUON_MXNET_RNG", "samplers")
    if mode not in _MODES:
        raise ValueError(f"TORCH2GLUON_MXNET_RNG={mode!r}: expected one of {', '.join(_MODES)}")
    if mode == "off" or (dropout and mode != "all"):
        return False
    return not torch.compiler.is_compiling()


def _twist(mt, f, s):
    """One Mersenne-twister regeneration, in place, of every column of `mt` (624, c): columns are independent
    twisters. `f` and `s` are (623, c) scratch arrays."""
    d = _N - _M
    old, nxt = mt[:-1], mt[1:]
    np.bitwise_and(old, _UP, out=f)            # f[i] = (y_i >> 1) ^ mag(y_i), y_i = upper bit of i, lower of i + 1:
    np.bitwise_and(nxt, _LO, out=s)            # rows 0..622 all read words not yet regenerated
    f |= s
    f >>= _ONE
    np.bitwise_and(nxt, _ONE, out=s)
    s *= _A
    f ^= s
    np.bitwise_xor(mt[_M:], f[:d], out=mt[:d])             # row i is f[i] ^ row i + M (mod N, regenerated
    np.bitwise_xor(mt[:d], f[d:2 * d], out=mt[d:2 * d])    # rows first): blocks of N - M rows
    np.bitwise_xor(mt[d:_M - 1], f[2 * d:], out=mt[2 * d:_N - 1])
    y = (mt[_N - 1] & _UP) | (mt[0] & _LO)                 # the last row reads the regenerated row 0
    mt[_N - 1] = mt[_M - 1] ^ (y >> _ONE) ^ ((y & _ONE) * _A)


def _temper(mt, out, s):
    """The outputs of regenerated states `mt` (624, c) into `out` (same layout: column j, twister j's next 624);
    `s` is scratch of the same shape."""
    np.right_shift(mt, _SH[11], out=out)
    out ^= mt
    np.left_shift(out, _SH[7], out=s)
    s &= _TB
    out ^= s
    np.left_shift(out, _SH[15], out=s)
    s &= _TC
    out ^= s
    np.right_shift(out, _SH[18], out=s)
    out ^= s


def _transposed(a):
    """A contiguous transposed copy of a 2-D uint32 array (torch's is faster for large arrays, numpy's for small)."""
    if a.size > _GROUP_WORDS:
        return _as_torch(a).t().contiguous().numpy().view(np.uint32)
    return np.ascontiguousarray(a.T)


def _as_torch(a):
    """A torch view of a uint32 array (int32: the bits are only copied)."""
    return torch.from_numpy(a.view(np.int32))


class Streams:
    """The 1024 twisters: raw states, the tempered block each is reading, and its position."""

    def __init__(self, seed=0):
        self.lock = threading.Lock()
        self.seed(seed)

    def seed(self, seed):
        """Re-seed every twister as MXNet's `mx.random.seed(seed)` does."""
        base = (int(seed) * SEED_MAGIC) & 0xFFFFFFFF   # device id 0: MXNet's CPU resource
        mt = np.empty((_N, N_STATES), np.uint32)
        mt[0] = (base + np.arange(N_STATES, dtype=np.uint64)).astype(np.uint32)
        k = np.uint32(1812433253)
        with np.errstate(over="ignore"):
            for i in range(1, _N):
                p = mt[i - 1]
                mt[i] = k * (p ^ (p >> 30)) + np.uint32(i)
        self.mt = mt                                         # (624, S) raw state of each twister's block
        self.block = np.zeros((_N, N_STATES), np.uint32)     # (624, S) its tempered outputs
        self.pos = np.full(N_STATES, _N, np.int64)           # next output (624: block used up)
        self._scratch = np.empty(2 * _N * N_STATES, np.uint32)

    def _scratches(self, cols):
        """Two contiguous (623, cols) scratch arrays for `_twist`, or (624, cols) ones for `_temper`."""
        def pair(rows):
            k = rows * cols
            return self._scratch[:k].reshape(rows, cols), self._scratch[k:2 * k].reshape(rows, cols)
        return pair(_N - 1), pair(_N)

    def _next_block(self, mt, out):
        """Regenerate the twisters `mt` (624, c) in place and write their tempered outputs to `out`."""
        (f, s), (_, t) = self._scratches(mt.shape[1])
        _twist(mt, f, s)
        _temper(mt, out, t)

    def _read_run(self, c0, c1, width, twists, stage):
        """The next `width` words of twisters c0..c1-1, all at the same position, into columns c0..c1-1 of `stage`
        (width, rows); twister c0 + j regenerates its block `twists[j]` times (non-increasing in j)."""
        p0 = int(self.pos[c0])
        k = min(_N - p0, width)
        if k > 0:
            stage[:k, c0:c1] = self.block[p0:p0 + k, c0:c1]
        off = k
        for b in range(1, int(twists[0]) + 1):
            cb = c0 + int(np.count_nonzero(twists >= b))
            self._regenerate(c0, cb)
            k = min(_N, width - off)
            stage[off:off + k, c0:cb] = self.block[:k, c0:cb]
            off += k

    def _regenerate(self, c0, c1):
        """Twisters c0..c1-1 regenerate their blocks (state and tempered outputs), in place. numpy is several
        times slower on column slices than on contiguous arrays: a few columns are copied out and back, and
        when most columns move, all of them twist and the few others are put back."""
        if c1 - c0 == N_STATES:
            self._next_block(self.mt, self.block)
        elif 2 * (c1 - c0) >= N_STATES:
            keep = np.r_[0:c0, c1:N_STATES]
            saved = self.mt[:, keep], self.block[:, keep]
            self._next_block(self.mt, self.block)
            self.mt[:, keep], self.block[:, keep] = saved
        else:
            mt, out = np.ascontiguousarray(self.mt[:, c0:c1]), np.empty((_N, c1 - c0), np.uint32)
            self._next_block(mt, out)
            self.mt[:, c0:c1], self.block[:, c0:c1] = mt, out

    def _peek(self, c0, c1, width):
        """The next `width` words of twisters c0..c1-1 as a (c1 - c0, width) array, without consuming them, and
        what `_commit` needs: the raw states and tempered blocks after each regeneration."""
        pos = self.pos[c0:c1]
        p0 = int(pos.min())
        nblocks = int((int(pos.max()) + width + _N - 1) // _N)
        ext = np.empty((_N * nblocks - p0, c1 - c0), np.uint32)   # tempered words from position p0 on
        ext[:_N - p0] = self.block[p0:, c0:c1]
        raws = [self.mt[:, c0:c1]]
        if nblocks > 1:
            mt = np.array(self.mt[:, c0:c1])
            for b in range(1, nblocks):
                self._next_block(mt, ext[_N * b - p0:_N * (b + 1) - p0])
                raws.append(mt if b == nblocks - 1 else mt.copy())
        src = _transposed(ext)                                # row j: twister c0 + j's words
        if int(pos.max()) == p0:
            return src[:, :width], (raws, ext, p0)
        n, length = src.shape                                 # row j from pos[j]: a view of every window, one each
        every = as_strided(src, shape=(n, length - width + 1, width), strides=(4 * length, 4, 4))
        return every[np.arange(n), pos - p0], (raws, ext, p0)

    def _commit(self, c0, c1, end, spec):
        """After `_peek`: twister c0 + j has consumed its words up to position `end[j]` of the window."""
        raws, ext, p0 = spec
        twists = np.minimum(np.maximum(end - 1, 0) // _N, len(raws) - 1)
        for b in np.unique(twists).tolist():
            if b:
                sel = (twists == b)[None, :]                  # masked copies (numpy's column gathers are slower)
                np.copyto(self.mt[:, c0:c1], raws[b], where=sel)
                np.copyto(self.block[:, c0:c1], ext[_N * b - p0:_N * (b + 1) - p0], where=sel)
        self.pos[c0:c1] = end - twists * _N

    @staticmethod
    def chunks(n):
        """MXNet's split of n draws: (number of twisters used, values per twister, values of the last)."""
        nthread = min((n + MIN_PER_CHUNK - 1) // MIN_PER_CHUNK, N_STATES)
        step = (n + nthread - 1) // nthread
        rows = (n + step - 1) // step             # twisters past the end draw nothing
        return rows, step, n - step * (rows - 1)

    def words(self, n, per_value=1):
        """The raw 32-bit words of n values taking `per_value` words each, as a (n, per_value) array."""
        if n <= MIN_PER_CHUNK:                          # one twister: read its block directly when it can
            width = n * per_value
            p = int(self.pos[0])
            if p + width <= _N:
                self.pos[0] = p + width
                return self.block[p:p + width, 0].reshape(n, per_value)
        rows, step, last = self.chunks(n)
        width = step * per_value
        used = np.full(rows, width, np.int64)
        used[-1] = last * per_value
        pos = self.pos[:rows]
        end = pos + used
        twists = np.maximum(end - 1, 0) // _N
        cuts = np.flatnonzero(pos[1:] != pos[:-1]) + 1         # runs of twisters at the same position
        if len(cuts) < _MAX_RUNS:
            stage = np.empty((width, rows), np.uint32)         # column j: twister j's words
            bounds = [0] + cuts.tolist() + [rows]
            for c0, c1 in zip(bounds[:-1], bounds[1:]):
                self._read_run(c0, c1, width, twists[c0:c1], stage)
            self.pos[:rows] = end - twists * _N
            win = _transposed(stage)
        else:                                                 # scattered positions: by groups of twisters
            win = np.empty((rows, width), np.uint32)
            group = max(1, _GROUP_WORDS // width)
            for c0 in range(0, rows, group):
                c1 = min(rows, c0 + group)
                win[c0:c1], spec = self._peek(c0, c1, width)
                self._commit(c0, c1, end[c0:c1], spec)
        return win.reshape(-1)[:n * per_value].reshape(n, per_value)   # the last twister's row: a prefix

    def uniform(self, n, double=False):
        """n canonical uniforms in [0, 1): float32 (one word each) or float64 (two words each)."""
        with self.lock:
            return canonical(self.words(n, 2 if double else 1), double)

    def below(self, n, p, strict, double=False):
        """n booleans `u <= p` (`u < p` if strict) of canonical uniforms u, as MXNet's Dropout draws them (a float32
        p; double draws are rounded to float32 first)."""
        with self.lock:
            w = self.words(n, 2 if double else 1)
            if double:
                u = canonical(w, True).astype(np.float32)
                return u < p if strict else u <= p
            return w[:, 0] <= _word_bound(np.float32(p), strict)

    def normal(self, n, double=False):
        """n standard normals by libstdc++'s polar method (float32 or float64 arithmetic)."""
        with self.lock:
            return self._normal(n, double)

    def _normal(self, n, double):
        """The polar method over groups of twisters (each twister's values depend on its words only), so that
        the arrays of a group stay small: large fresh arrays cost more in page faults than in arithmetic."""
        rows, step, last = self.chunks(n)
        counts = np.full(rows, step, np.int64)
        counts[-1] = last
        pairs = _candidate_pairs(step)
        group = max(1, _GROUP_WORDS // ((4 if double else 2) * pairs))
        out = np.empty(n, np.float64 if double else np.float32)
        for c0 in range(0, rows, group):
            c1 = min(rows, c0 + group)
            out[c0 * step:min(n, c1 * step)] = self._polar(c0, c1, counts[c0:c1], pairs, double)
        return out

    def _polar(self, c0, c1, counts, pairs, double):
        """counts[j] normals from twister c0 + j (j < c1 - c0), reading `pairs` candidate pairs at first."""
        per = 2 if double else 1
        while True:
            win, spec = self._peek(c0, c1, 2 * per * pairs)
            u = canonical(win.reshape(c1 - c0, 2 * pairs, per), double)
            x = u[:, 0::2] * 2 - 1
            y = u[:, 1::2] * 2 - 1
            r2 = x * x + y * y
            ok = (r2 <= 1) & (r2 != 0)
            have = ok.cumsum(axis=1, dtype=np.int32)
            if (have[:, -1] >= counts).all():
                break
            pairs *= 2
        take = ok & (have <= counts[:, None])
        lastpair = np.argmax(have >= counts[:, None], axis=1)  # the pair giving each twister's last value
        self._commit(c0, c1, self.pos[c0:c1] + (lastpair + 1) * 2 * per, spec)
        rr, yy = r2[take], y[take]
        return yy * np.sqrt(c_log(rr) * (-2) / rr)


def _candidate_pairs(count):
    """How many pairs to read so that `count` accepted ones are there, but for a chance of about 1e-7 per twister
    (else the window doubles): the pairs needed are negative binomial with acceptance pi/4."""
    p = math.pi / 4
    return int(count / p + 5.5 * math.sqrt(count * (1 - p)) / p) + 8


def canonical(w, double):
    """libstdc++'s generate_canonical over 32-bit words `w` of shape (..., k): float32 for k == 1, else float64."""
    if not double:
        r = w[..., 0].astype(np.float32)
        r /= _TWO32_F
        return np.minimum(r, _BELOW1_F, out=r)
    r = w[..., 1].astype(np.float64)
    r *= 4294967296.0
    r += w[..., 0]
    r /= 18446744073709551616.0
    return np.minimum(r, _BELOW1_D, out=r)


_BOUNDS = {}


def _word_bound(p, strict):
    """The largest word w (-1 if none) whose float32 canonical uniform is <= p (< p when strict): the canonical
    map is monotone, so comparing words is comparing the uniforms."""
    key = (float(p), strict)
    got = _BOUNDS.get(key)
    if got is None:
        def ok(w):
            u = canonical(np.array([[w]], np.uint32), False)[0]
            return u < p if strict else u <= p
        lo, hi = -1, 0xFFFFFFFF                           # ok(lo) holds (or lo == -1), ok(hi + 1) does not
        if ok(hi):
            lo = hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok(mid):
                lo = mid
            else:
                hi = mid
        got = _BOUNDS[key] = np.int64(lo)
    return got


_LIBM = []


def _libm():
    """The C library's math functions (None where it cannot be loaded)."""
    if not _LIBM:
        lib = None
        try:
            name = ctypes.util.find_library("m")
            if name:
                lib = ctypes.CDLL(name)
                lib.logf.restype, lib.logf.argtypes = ctypes.c_float, [ctypes.c_float]
                lib.log.restype, lib.log.argtypes = ctypes.c_double, [ctypes.c_double]
        except (OSError, AttributeError):
            lib = None
        _LIBM.append(lib)
    return _LIBM[0]


_LOGF = []


def _logf_vectorized():
    """A numpy version of the C library's logf, or None.

    glibc's logf (2.28 and later) evaluates `log(c) + k*ln2 + p(z/c - 1)` in double precision from a 16-entry table
    of (1/c, log c), ln2 and three polynomial coefficients, then rounds to float. That data is read from the libm
    this process has loaded, and the result is checked against libm's logf on sample values before it is trusted."""
    if _LOGF:
        return _LOGF[0]
    fn = None
    lib = _libm()
    try:
        path = None
        if lib is not None and os.path.exists("/proc/self/maps"):
            with open("/proc/self/maps") as f:
                for line in f:
                    fields = line.split()
                    if len(fields) >= 6 and os.path.basename(fields[-1]).startswith(("libm.so", "libm-")):
                        path = fields[-1]
                        break
        if path is not None:
            with open(path, "rb") as f:
                data = f.read()
            fn = _logf_from_image(data)
            if fn is not None:
                probe = np.random.RandomState(12345).random_sample(4096).astype(np.float32)
                probe = np.concatenate([probe[probe > 0], probe[probe > 0] ** 3, np.float32([1.0, 0.5, 2.0 ** -40])])
                probe = probe[probe > 0].astype(np.float32)
                want = np.array([lib.logf(v) for v in probe.tolist()], np.float32)
                if not np.array_equal(fn(probe), want):
                    fn = None
    except (OSError, ValueError):
        fn = None
    _LOGF.append(fn)
    return fn


def _logf_from_image(data):
    ln2 = struct.pack("<d", math.log(2))
    o = data.find(ln2)
    while o != -1:
        if o >= 256 and o + 32 <= len(data):
            tab = np.frombuffer(data[o - 256:o], "<f8").reshape(16, 2)
            if (tab[9, 0] == 1.0 and tab[9, 1] == 0.0 and np.all((tab[:, 0] > 0.5) & (tab[:, 0] < 2))
                    and np.all(np.abs(tab[:, 1] + np.log(tab[:, 0])) < 1e-6)):
                return _make_logf(tab[:, 0].copy(), tab[:, 1].copy(), np.frombuffer(data[o + 8:o + 32], "<f8").copy())
        o = data.find(ln2, o + 1)
    return None


def _make_logf(invc, logc, poly):
    """glibc's logf from its table (1/c, log c) and polynomial: the same double operations in the same order, with
    `log c + k*ln2` and 1/c tabulated per 13-bit index (k and the table entry i) so one lookup serves both."""
    a0, a1, a2 = (float(v) for v in poly)
    idx = np.arange(1 << 13)
    i, k = idx & 15, ((idx >> 4) ^ 256) - 256                 # the index's bits: k (9 bits, signed) and i
    inv_t = invc[i]
    y0_t = logc[i] + k.astype(np.float64) * math.log(2)

    def logf(x):
        """logf of positive normal float32 values (all the polar method needs)."""
        ix = x.view(np.uint32)
        tmp = ix - _LOGF_OFF                                  # x = 2^k * z, z in [OFF, 2 * OFF)
        j = (tmp >> _SH[19]).astype(np.intp)
        z = (ix - (tmp & _EXP_MASK)).view(np.float32).astype(np.float64)
        r = z * inv_t[j]
        r -= 1                                               # r = z / c - 1
        r2 = r * r
        y = a1 * r
        y += a2
        t = a0 * r2
        t += y                                               # a0 r^2 + (a1 r + a2)
        t *= r2
        r += y0_t[j]                                         # (log c + k ln2) + r
        t += r
        return t.astype(np.float32)
    return logf


def c_log(v):
    """The C library's log of each element (logf for float32), as MXNet's kernels compute it."""
    if v.dtype == np.float32:
        fn = _logf_vectorized()
        if fn is not None:
            return fn(v)
    lib = _libm()
    if lib is None or v.size > _EXACT_LOG_MAX:
        if v.dtype == np.float32:
            return np.log(v.astype(np.float64)).astype(np.float32)
        return np.log(v)
    f = lib.logf if v.dtype == np.float32 else lib.log
    return np.array([f(e) for e in v.tolist()], dtype=v.dtype)


_STREAM = []
_STREAM_LOCK = threading.Lock()
_SEED = [0]          # the seed the twisters start from when next drawn (MXNet's start-up seed is 0)


def streams():
    """The twisters of the CPU (MXNet has one CPU random resource, whichever `mx.cpu(i)` an array is on)."""
    if not _STREAM:
        with _STREAM_LOCK:
            if not _STREAM:
                _STREAM.append(Streams(_SEED[0]))
    return _STREAM[0]


def seed(value):
    """`mx.random.seed(value)` (for all devices or any CPU one): re-seed the CPU twisters. They are built at the next
    draw, so a program (or a test suite's per-test seeding) that never draws pays nothing."""
    with _STREAM_LOCK:
        _SEED[0] = int(value)
        _STREAM.clear()
