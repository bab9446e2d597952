"""MXNet 1.9.1's CPU random stream, reproduced: the same seed gives the same uniform, normal and Dropout draws.

MXNet's CPU samplers share one "parallel random" resource (one for every `mx.cpu(i)`): 1024 Mersenne twisters
(std::mt19937), twister j seeded with `seed * 127 + j` (seed 0 at start-up, so an unseeded program is
reproducible too). A draw of N values is cut into `min(ceil(N / 64), 1024)` consecutive chunks of equal
length; chunk j takes its values from twister j, which keeps its position for the next draw. Uniforms are libstdc++'s
`generate_canonical` (one 32-bit word for float, two for double); normals are libstdc++'s polar method with a
fresh distribution per value (the second value of each pair is dropped).

The twisters run here vectorized over all chunks with numpy. The polar method's `log` must be the C library's
(what MXNet calls): glibc's float logf is reproduced in numpy (see `_logf_vectorized`); where that is not
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

N_STATES = 1024          # MXNet's RandGenerator<cpu>::kNumRandomStates
MIN_PER_CHUNK = 64       # kMinNumRandomPerThread
SEED_MAGIC = 127         # ResourceParallelRandom's seed multiplier
_EXACT_LOG_MAX = 1 << 14
_MODES = ("samplers", "all", "off")

_N, _M = 624, 397
_A = np.uint32(0x9908B0DF)
_UP = np.uint32(0x80000000)
_LO = np.uint32(0x7FFFFFFF)
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


def _twist(mt):
    """One Mersenne-twister regeneration of every column of `mt` (624, S): columns are independent twisters."""
    def step(lo, hi, src_lo):
        y = (mt[lo:hi] & _UP) | (mt[lo + 1:hi + 1] & _LO)
        mt[lo:hi] = mt[src_lo:src_lo + hi - lo] ^ (y >> 1) ^ ((y & 1) * _A)
    step(0, _N - _M, _M)                    # uses words not yet regenerated
    step(_N - _M, 2 * (_N - _M), 0)         # uses words regenerated above, in blocks of N - M
    step(2 * (_N - _M), _N - 1, _N - _M)
    y = (mt[_N - 1] & _UP) | (mt[0] & _LO)
    mt[_N - 1] = mt[_M - 1] ^ (y >> 1) ^ ((y & 1) * _A)


def _temper(mt):
    """The outputs of a regenerated state (624, S), in the same layout (column j: twister j's next 624)."""
    y = mt.copy()
    y ^= y >> 11
    y ^= (y << 7) & np.uint32(0x9D2C5680)
    y ^= (y << 15) & np.uint32(0xEFC60000)
    y ^= y >> 18
    return y


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

    def _window(self, rows, width):
        """The next `width` outputs of twisters 0..rows-1 as a (rows, width) array, without consuming them,
        plus what `_advance` needs to commit a consumption."""
        pos = self.pos[:rows]
        p0 = int(pos[0])
        same = bool((pos == p0).all())
        nblocks = int(((p0 if same else int(pos.max())) + width + _N - 1) // _N)
        spec = None
        if nblocks == 1:                                # inside the blocks being read: no twist
            ext = self.block
        else:
            blocks = [self.block[:, :rows]]
            raws = [self.mt[:, :rows]]
            mt = self.mt[:, :rows].copy()
            for i in range(nblocks - 1):
                _twist(mt)
                raws.append(mt if i == nblocks - 2 else mt.copy())
                blocks.append(_temper(mt))
            ext = np.concatenate(blocks, axis=0)
            spec = (raws, blocks)
        if same:                                        # (width, rows) -> one row per twister
            return ext[p0:p0 + width, :rows].T, spec
        if ext.shape[1] != rows:
            ext = ext[:, :rows]
        flat = np.ascontiguousarray(ext).reshape(-1)
        idx = (pos[:, None] + np.arange(width)[None, :]) * rows + np.arange(rows)[:, None]
        return np.take(flat, idx), spec

    def _advance(self, rows, used, spec):
        """Commit: twister j (j < rows) has consumed `used[j]` outputs of the window."""
        if spec is None:
            self.pos[:rows] += used
            return
        raws, blocks = spec
        end = self.pos[:rows] + used
        b = np.minimum(end // _N, len(blocks) - 1)      # the block each twister now reads
        b0 = int(b[0])
        if (b == b0).all():                             # the usual case: all in the same block
            if b0:
                self.mt[:, :rows] = raws[b0]
                self.block[:, :rows] = blocks[b0]
        else:
            for k in np.unique(b).tolist():
                if k:
                    sel = (b == k)[None, :]                 # masked copies: contiguous, no column gathers
                    np.copyto(self.mt[:, :rows], raws[k], where=sel)
                    np.copyto(self.block[:, :rows], blocks[k], where=sel)
        self.pos[:rows] = end - b * _N

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
        win, spec = self._window(rows, width)
        used = np.full(rows, width, np.int64)
        used[-1] = last * per_value
        self._advance(rows, used, spec)
        if last == step:
            return win.reshape(n, per_value)
        return np.concatenate([win[:-1].reshape(-1), win[-1, :last * per_value]]).reshape(n, per_value)

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
        rows, step, last = self.chunks(n)
        counts = np.full(rows, step, np.int64)
        counts[-1] = last
        per = 2 if double else 1
        pairs = int(step * 1.35) + 8                   # candidate pairs (acceptance is pi/4)
        while True:
            win, spec = self._window(rows, 2 * per * pairs)
            u = canonical(win.reshape(rows, 2 * pairs, per), double)
            x = u[:, 0::2] * 2 - 1
            y = u[:, 1::2] * 2 - 1
            r2 = x * x + y * y
            ok = (r2 <= 1) & (r2 != 0)
            have = ok.cumsum(axis=1)
            if (have[:, -1] >= counts).all():
                break
            pairs *= 2
        take = ok & (have <= counts[:, None])
        lastpair = np.argmax(have >= counts[:, None], axis=1)  # the pair giving each twister's last value
        self._advance(rows, (lastpair + 1) * 2 * per, spec)
        rr, yy = r2[take], y[take]
        return yy * np.sqrt(c_log(rr) * (-2) / rr)


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
    a0, a1, a2 = (float(v) for v in poly)
    ln2 = math.log(2)

    def logf(x):
        """logf of positive normal float32 values (all the polar method needs)."""
        ix = x.view(np.uint32).astype(np.int64)
        tmp = (ix - 0x3F330000) & 0xFFFFFFFF
        i = (tmp >> 19) & 15
        k = (tmp.astype(np.uint32).view(np.int32) >> 23).astype(np.float64)
        z = (ix - (tmp & 0xFF800000)).astype(np.uint32).view(np.float32).astype(np.float64)
        r = z * invc[i] - 1
        r2 = r * r
        y = a0 * r2 + (a1 * r + a2)
        y = y * r2 + ((logc[i] + k * ln2) + r)
        out = y.astype(np.float32)
        out[ix == 0x3F800000] = 0
        return out
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
