"""MXNet 1.9.1's integer and rejection samplers on its parallel CPU stream (`_mx_rng.py`): randint, gamma, poisson,
negative binomial and generalized negative binomial give MXNet's exact values for a seed, and leave every twister
where MXNet leaves it.

A draw of N values is split over the twisters as for uniforms (chunk j of `step` values from twister j). Each value
reads its twister's words in MXNet's order, a data-dependent number of them for the rejection samplers:
- randint: `low + r % (high - low)` in int64 arithmetic, r the signed 64-bit `(w0 << 31) + w1` of two words;
- gamma (Marsaglia-Tsang): a polar-method normal and a uniform per trial, one more uniform for alpha < 1, in the
  output's float type (float for float16; double words for float64), as MXNet's `SampleGamma` rounds each step;
- poisson (float arithmetic): a product of uniforms below `expf(-lam)` for lam < 12, else Numerical Recipes'
  rejection with `tanf`/`lgammaf`/`expf` (the C library's, called per value: those three are not vectorized);
- negative binomial: a gamma then a poisson value from the same twister.
The twisters run vectorized: each twister's words are read ahead into a window (grown when a value needs more),
with the polar normals precomputed at every word position, and the values of one chunk position are drawn
for all twisters at once (rounds of trials until every twister accepts).
"""
import ctypes
import math

import numpy as np

from . import _mx_rng
from ._mx_rng import canonical, c_log

_BIG = np.int64(1) << np.int64(40)


def randint(st, n, low, high):
    """n int64 values as MXNet's `SampleRandIntKernel` draws them (int64 arithmetic wrapping like C's)."""
    with st.lock:
        w = st.words(n, 2).astype(np.uint64)
    r = ((w[:, 0] << np.uint64(31)) + w[:, 1]).view(np.int64)
    span = ((int(high) - int(low) + (1 << 63)) % (1 << 64)) - (1 << 63)   # high - low in int64
    if span == -1:                                                         # x % -1 is 0 (numpy may trap on it)
        r = np.zeros(n, np.int64)
    else:
        r = np.fmod(r, np.int64(span))                                     # C's truncating remainder
    with np.errstate(over="ignore"):
        return r + np.int64(((int(low) + (1 << 63)) % (1 << 64)) - (1 << 63))


class _Reader:
    """The next words of twisters c0..c1-1 (a window grown on demand), a read position per twister, and the
    uniforms and polar-method normals starting at each position."""

    def __init__(self, st, c0, c1, width, double):
        self.st, self.c0, self.c1, self.double = st, c0, c1, double
        self.per = 2 if double else 1
        self.ft = np.float64 if double else np.float32
        self.p = np.zeros(c1 - c0, np.int64)
        self._load(width)

    def _load(self, width):
        self.win, self.spec = self.st._peek(self.c0, self.c1, width)
        self.width = width
        self._u = self._u32 = self._nrm = None

    def grow(self):
        self._load(2 * self.width)

    def ensure(self, rows, end):
        """Grow until positions `end` (exclusive) of twisters `rows` are in the window."""
        if len(end):
            while int(end.max()) > self.width:
                self.grow()

    def commit(self):
        self.st._commit(self.c0, self.c1, self.st.pos[self.c0:self.c1] + self.p, self.spec)

    def uniforms(self):
        """(rows, width) canonical uniforms of the generator's float type starting at each word (double: two
        words, the last position has none)."""
        if self._u is None:
            if self.double:
                w = np.empty((self.win.shape[0], self.width, 2), np.uint32)
                w[:, :, 0] = self.win
                w[:, :-1, 1] = self.win[:, 1:]
                w[:, -1, 1] = 0
                self._u = canonical(w, True)
            else:
                self._u = canonical(self.win[..., None], False)
        return self._u

    def floats(self):
        """(rows, width) float32 canonical uniforms, one word each (poisson's generator is float whatever the
        output)."""
        if self._u32 is None:
            self._u32 = self.uniforms() if not self.double else canonical(self.win[..., None], False)
        return self._u32

    def uniform(self, rows, at):
        self.ensure(rows, at + self.per)
        return self.uniforms()[rows, at]

    def normals(self):
        """For every word position: the position of the first accepted pair of a polar normal started there
        (_BIG past the window) and, at accepted positions, the normal's value."""
        if self._nrm is None:
            u, per = self.uniforms(), self.per
            n, width = u.shape
            k = width - 2 * per + 1                           # pairs that fit in the window
            x = u[:, :k] * 2 - 1
            y = u[:, per:per + k] * 2 - 1
            r2 = x * x + y * y
            ok = (r2 <= 1) & (r2 != 0)
            pos = np.where(ok, np.arange(k, dtype=np.int64), _BIG)
            first = np.full((n, width), _BIG, np.int64)
            for r in range(2 * per):                          # a normal reads pairs r, r + 2 per, ... until one fits
                col = pos[:, r::2 * per]
                first[:, r:k:2 * per] = np.minimum.accumulate(col[:, ::-1], axis=1)[:, ::-1]
            z = np.zeros((n, width), self.ft)
            rr, yy = r2[ok], y[ok]
            z[:, :k][ok] = yy * np.sqrt(c_log(rr) * (-2) / rr)
            self._nrm = first, z
        return self._nrm

    def normal(self, rows, at):
        """The normals starting at positions `at` of twisters `rows`: (values, position after them)."""
        while True:
            first, z = self.normals()
            q = first[rows, np.minimum(at, self.width - 1)]
            if not len(q) or int(q.max()) < _BIG:
                return z[rows, q], q + 2 * self.per
            self.grow()


def _chunked(st, n, est, double, draw):
    """MXNet's split of n values over the twisters, each twister's values drawn in order: `draw(reader, rows,
    idx)` gives the values of elements `idx` (global indices) for the twisters `rows` of the reader's group,
    advancing their read positions. `est` words per value: the first window's size."""
    rows, step, last = st.chunks(n)
    counts = np.full(rows, step, np.int64)
    counts[-1] = last
    width = int(est * step * (2 if double else 1) * 1.25) + 64
    group = max(1, (1 << 20) // width)
    out = None
    with st.lock:
        for c0 in range(0, rows, group):
            c1 = min(rows, c0 + group)
            rd = _Reader(st, c0, c1, width, double)
            cnt = counts[c0:c1]
            for e in range(step):
                live = np.flatnonzero(cnt > e)
                if not len(live):
                    break
                vals = draw(rd, live, (c0 + live) * step + e)
                if out is None:
                    out = np.empty(n, vals.dtype)
                out[(c0 + live) * step + e] = vals
            rd.commit()
    return out


def _gamma_values(rd, rows, a, b, ft):
    """One Gamma(a, scale b) value per twister `rows` (MXNet's SampleGamma in float type `ft`, parameters of
    their own type), advancing the read positions. float16 parameters (mshadow's half_t) make every operation
    with them float arithmetic rounded to half."""
    per = rd.per
    half = a.dtype == np.float16
    a64 = a.astype(np.float64)
    small = a < 1
    if half:
        a32 = a.astype(np.float32)
        d = np.where(small, a32 + np.float32(2.0 / 3.0), a32 - np.float32(1.0 / 3.0)).astype(np.float16).astype(ft)
    else:
        d = np.where(small, a64 + 2.0 / 3.0, a64 - 1.0 / 3.0).astype(ft)
    k = np.sqrt(9.0 * d.astype(np.float64)).astype(ft)
    c = (1.0 / k.astype(np.float64)).astype(ft)
    out = np.empty(len(rows), ft)
    todo = np.arange(len(rows))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        while len(todo):
            r = rows[todo]
            z, after = rd.normal(r, rd.p[r])
            go = z > -k[todo]
            rd.p[r] = after
            acc = np.zeros(len(todo), bool)
            if go.any():
                g, rg = np.flatnonzero(go), r[go]
                zg, dg = z[go], d[todo[go]]
                x = (1.0 + (c[todo[g]] * zg).astype(np.float64)).astype(ft)
                v = x * x * x
                u = rd.uniform(rg, after[go])
                rd.p[rg] = after[go] + per
                lv = c_log(v) if ft is np.float32 else np.log(v)
                rhs = 0.5 * zg.astype(np.float64) * zg + dg.astype(np.float64) * ((1.0 - v.astype(np.float64)) + lv)
                ok = np.log(1.0 - u.astype(np.float64)) < rhs
                hit = todo[g[ok]]
                dv = dg[ok] * v[ok]
                if half:
                    out[hit] = (dv.astype(np.float32) * b[hit].astype(np.float32)).astype(np.float16).astype(ft)
                else:
                    out[hit] = (dv * b[hit]).astype(ft)
                acc[g[ok]] = True
            todo = todo[~acc]
        if small.any():                                      # alpha < 1: times u^(1/alpha), the product in double
            s = np.flatnonzero(small)
            r = rows[s]
            u = rd.uniform(r, rd.p[r])
            rd.p[r] += per
            if half:
                inv = (np.float32(1) / a[s].astype(np.float32)).astype(np.float16).astype(np.float64)
            else:
                inv = (1.0 / a64[s]).astype(ft).astype(np.float64)
            out[s] = (out[s].astype(np.float64) * np.power(u.astype(np.float64), inv)).astype(ft)
    return out


def gamma(st, n, alpha, beta, ft, nbatch):
    """n Gamma(alpha, beta) values (`alpha`, `beta`: parameter arrays, element i uses entry i // nbatch) in float
    type ft (float32 or float64; MXNet's float16 output samples in float)."""
    double = ft is np.float64

    def draw(rd, rows, idx):
        j = idx // nbatch
        return _gamma_values(rd, rows, alpha[j], beta[j], ft)
    return _chunked(st, n, 4.2 + 1.0 * float((alpha < 1).mean()), double, draw)


_LIB = []


def _cfun(name):
    """A vectorized call of the C library's float function `name` (one call per value)."""
    if not _LIB:
        lib = _mx_rng._libm()
        fns = {}
        if lib is not None:
            for f in ("expf", "tanf", "lgammaf"):
                fn = getattr(lib, f)
                fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
                fns[f] = np.frompyfunc(fn, 1, 1)
            fn = lib.powf
            fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float, ctypes.c_float]
            fns["powf"] = np.frompyfunc(fn, 2, 1)
        _LIB.append(fns)
    fn = _LIB[0].get(name)
    if fn is None:
        alt = {"expf": np.exp, "tanf": np.tan, "lgammaf": np.vectorize(math.lgamma, otypes=[np.float64])}[name]
        return lambda v: alt(np.asarray(v, np.float64)).astype(np.float32)
    return lambda v: fn(np.asarray(v, np.float32)).astype(np.float32) if np.size(v) else np.empty(0, np.float32)


def _expf(v):
    """The C library's expf: double exp rounded to float, except near a rounding boundary (glibc's expf errs by
    less than 2^-33 relative before its rounding), where the C function is called."""
    v = np.asarray(v, np.float32)
    e = np.exp(v.astype(np.float64))
    f = e.astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        lo = np.nextafter(f, np.float32(0)).astype(np.float64)
        hi = np.nextafter(f, np.float32(np.inf)).astype(np.float64)
        fd = f.astype(np.float64)
        near = (np.abs(e - (fd + lo) / 2) <= e * 2.0 ** -30) | (np.abs(e - (fd + hi) / 2) <= e * 2.0 ** -30)
    near &= np.isfinite(e) & (e > 0)
    if near.any():
        f[near] = _cfun("expf")(v[near])
    return f


def _powf(x, y):
    """The C library's powf, called per value for up to `_EXACT_LOG_MAX` values (glibc's is not correctly rounded:
    a double pow rounded to float, used for larger draws, differs in the last bit about once in 2000 values)."""
    if not _LIB:
        _cfun("expf")
    fn = _LIB[0].get("powf")
    if fn is None or not len(x) or len(x) > _mx_rng._EXACT_LOG_MAX:
        return np.power(x.astype(np.float64), y.astype(np.float64)).astype(np.float32)
    return fn(x.astype(np.float32), y.astype(np.float32)).astype(np.float32)


_PI = np.float32(3.1415926)


def _poisson_values(rd, rows, lam):
    """One Poisson(lam) value per twister `rows` (MXNet's SamplePoisson: float arithmetic), as int64."""
    out = np.zeros(len(rows), np.int64)
    lam = lam.astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        small = np.flatnonzero(lam < 12)                     # NaN rates take the large-rate branch, as in C
        if len(small):
            r = rows[small]
            t = _expf(-lam[small])
            at = rd.p[r].copy()
            rd.ensure(r, at + 1)
            prod = rd.floats()[r, at]
            at += 1
            live = np.flatnonzero(prod > t)
            while len(live):
                out[small[live]] += 1
                rd.ensure(r[live], at[live] + 1)
                prod[live] *= rd.floats()[r[live], at[live]]
                at[live] += 1
                live = live[prod[live] > t[live]]
            rd.p[r] = at
        big = np.flatnonzero(~(lam < 12))
        if len(big):
            out[big] = _poisson_large(rd, rows[big], lam[big])
    return out


def _poisson_large(rd, rows, lam):
    """Numerical Recipes' rejection for rates of 12 and more, float arithmetic and the C library's functions."""
    uniq, inv = np.unique(lam, return_inverse=True)           # the per-rate constants, once per distinct rate
    u64 = uniq.astype(np.float64)
    sq = np.sqrt(2.0 * u64).astype(np.float32)[inv]
    fin = np.isfinite(uniq)
    logu = np.log(u64).astype(np.float32)
    if fin.any():
        logu[fin] = c_log(uniq[fin])
    g = (uniq * logu - _cfun("lgammaf")((u64 + 1.0).astype(np.float32)))[inv]
    loglam = logu[inv]
    out = np.zeros(len(rows), np.int64)
    todo = np.arange(len(rows))
    while len(todo):
        r = rows[todo]
        y = np.empty(len(todo), np.float32)
        em = np.empty(len(todo), np.float32)
        need = np.arange(len(todo))
        while len(need):                                     # y = tan(pi u) until sq * y + lam >= 0
            rn = r[need]
            at = rd.p[rn]
            rd.ensure(rn, at + 1)
            yn = _cfun("tanf")(_PI * rd.floats()[rn, at])
            rd.p[rn] = at + 1
            y[need] = yn
            em[need] = sq[todo[need]] * yn + lam[todo[need]]
            need = need[em[need] < 0]
        em = np.floor(em)
        tt = todo
        arg = (em * loglam[tt]) - _cfun("lgammaf")((em.astype(np.float64) + 1.0).astype(np.float32))
        arg = arg - g[tt]
        t = (0.9 * (1.0 + (y * y).astype(np.float64)) * _expf(arg).astype(np.float64)).astype(np.float32)
        at = rd.p[r]
        rd.ensure(r, at + 1)
        u = rd.floats()[r, at]
        rd.p[r] = at + 1
        ok = ~(u > t)
        out[tt[ok]] = _to_int(em[ok])
        todo = todo[~ok]
    return out


def _to_int(v):
    """C's float-to-int conversion on x86: values outside int32 (and NaN) become INT_MIN."""
    v = v.astype(np.float64)
    bad = ~((v > -2147483649.0) & (v < 2147483648.0))
    return np.where(bad, -2147483648, np.where(bad, 0, v).astype(np.int64))


def poisson(st, n, lam, nbatch):
    """n Poisson values (int64), element i of rate lam[i // nbatch] (float32)."""
    est = float(np.minimum(lam, 12).mean()) + 3.0 if lam.size else 4.0

    def draw(rd, rows, idx):
        return _poisson_values(rd, rows, lam[idx // nbatch])
    return _chunked(st, n, est, False, draw)


def negative_binomial(st, n, k, p, nbatch):
    """n negative binomial values (MXNet: Poisson of a Gamma(k, (1 - p) / p) rate, float arithmetic)."""
    def draw(rd, rows, idx):
        j = idx // nbatch
        alpha = k[j].astype(np.float32)
        prob = p[j].astype(np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            beta = ((1.0 - prob.astype(np.float64)) / prob).astype(np.float32)
        lam = _gamma_values(rd, rows, alpha.astype(k.dtype), beta.astype(p.dtype), np.float32)   # as IType
        return _poisson_values(rd, rows, lam)
    return _chunked(st, n, 8.0, False, draw)


def generalized_negative_binomial(st, n, mu, alpha, nbatch):
    """n generalized negative binomial values (MXNet: Poisson of mu when alpha is 0, else of a Gamma(1 / alpha,
    alpha * mu) rate; parameters in their own type)."""
    def draw(rd, rows, idx):
        j = idx // nbatch
        m, a = mu[j], alpha[j]
        lam = m.astype(np.float32)
        g = np.flatnonzero(a != 0)
        if len(g):
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                one = np.ones(1, a.dtype)
                lam[g] = _gamma_values(rd, rows[g], (one / a[g]).astype(a.dtype), (a[g] * m[g]).astype(a.dtype),
                                       np.float32)
        return _poisson_values(rd, rows, lam)
    return _chunked(st, n, 8.0, False, draw)


# ---------------------------------------------------------------- mx.np.random's gamma on the single CPU twister


def _seq_uniform64(seq, n):
    """n double canonical uniforms (two words each) from MXNet's single CPU twister."""
    return canonical(seq.words(2 * n).reshape(n, 2), True)


def _seq_normal64(seq, n):
    """n double normals from the single twister: libstdc++'s polar method in double, one distribution over the
    draw (both values of each accepted pair, the pair's y-value first)."""
    if n == 0:
        return np.empty(0, np.float64)
    need = (n + 1) // 2
    saved = seq.gen.state
    pairs = int(need * 1.3) + 8
    while True:
        u = _seq_uniform64(seq, 2 * pairs)
        x = u[0::2] * 2 - 1
        y = u[1::2] * 2 - 1
        r2 = x * x + y * y
        ok = (r2 <= 1) & (r2 != 0)
        if int(ok.sum()) >= need:
            break
        seq.gen.state = saved
        pairs *= 2
    used = int(np.flatnonzero(ok)[need - 1]) + 1
    seq.gen.state = saved
    seq.gen.random_raw(4 * used)
    x, y, r2 = x[ok][:need], y[ok][:need], r2[ok][:need]
    mult = np.sqrt(c_log(r2) * -2.0 / r2)
    out = np.empty(2 * need, np.float64)
    out[0::2] = y * mult
    out[1::2] = x * mult
    return out[:n]


def np_gamma_draw(seq, n):
    """One round's random numbers of `_npi_gamma` for n values: 2n double uniforms, then 2n double normals."""
    return _seq_uniform64(seq, 2 * n).reshape(n, 2), _seq_normal64(seq, 2 * n).reshape(n, 2)


def np_gamma(seq, a, b, wasted_first=False):
    """MXNet's `_npi_gamma` on CPU: float64 values of Gamma(a, scale b) for parameter arrays `a`, `b` (already
    broadcast to the output, flattened, in the parameters' type). Each round draws 2n double uniforms then 2n
    double normals and tries one Marsaglia-Tsang trial per value still missing (logf of the float-rounded
    uniform and v, powf boost for a < 1); failures redraw everything. With two parameter arrays MXNet draws
    twice per round and uses the second draw (`wasted_first`)."""
    n = a.size
    out = np.full(n, -1.0)
    half = a.dtype == np.float16
    a64 = a.astype(np.float64)
    small = a < 1
    if half:
        a32 = a.astype(np.float32)
        d = np.where(small, a32 + np.float32(2.0 / 3.0), a32 - np.float32(1.0 / 3.0)).astype(np.float16)
        d = d.astype(np.float64)
        inv = (np.float32(1) / a32).astype(np.float16).astype(np.float32)
    else:
        d = np.where(small, a64 + 2.0 / 3.0, a64 - 1.0 / 3.0)
        inv = (1.0 / a64).astype(np.float32)
    c = 1.0 / np.sqrt(9.0 * d)
    todo = np.arange(n)
    with seq.lock, np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        while len(todo):
            for _ in range(2 if wasted_first else 1):
                u, z = np_gamma_draw(seq, n)
            uu, zz, dd = u[todo, 0], z[todo, 0], d[todo]
            ocn = 1 + c[todo] * zz
            v = ocn * ocn * ocn
            zz2 = zz * zz
            pos = v > 0
            ok = pos & (uu <= 1 - 0.0331 * zz2 * zz2)
            lu = c_log(uu.astype(np.float32)).astype(np.float64)
            vf = np.where(pos, v, 1).astype(np.float32)
            lv = np.zeros(len(todo))
            good = (vf > 0) & np.isfinite(vf)
            lv[good] = c_log(vf[good])
            lv[~good] = np.log(vf[~good].astype(np.float64))
            ok |= pos & (lu < 0.5 * zz2 + dd * (1 - v + lv))
            dv = dd * v
            if half:
                val = (dv.astype(np.float32) * b[todo].astype(np.float32)).astype(np.float16).astype(np.float64)
            else:
                val = dv * b[todo]
            val = np.where(ok, val, -1.0)
            boost = (val > 0) & small[todo]
            if boost.any():
                p = _powf(u[todo[boost], 1].astype(np.float32), inv[todo[boost]])
                val[boost] = val[boost] * p
            out[todo] = val
            todo = todo[~(val > 0)]
    return out


def np_multinomial(seq, n, pvals, m, listed):
    """MXNet's `_npi_multinomial` on CPU: (m, K) int64 counts of n experiments each. One double uniform per
    experiment (two words), the first index whose running sum of pvals (in their dtype; double for a list)
    exceeds it, the last when none does. With a list MXNet's workspace holds K more doubles, drawn too."""
    k = len(pvals)
    with seq.lock:
        u = _seq_uniform64(seq, m * n + (k if listed else 0))[:m * n]
    dt = pvals.dtype
    cs = np.cumsum(pvals, dtype=dt)                          # sequential, rounded in the pvals' dtype
    loc = u.astype(dt)
    if (pvals >= 0).all():
        idx = np.searchsorted(cs, loc, side="right")
    else:
        hit = cs[None, :] > loc[:, None]
        idx = np.where(hit.any(1), hit.argmax(1), k)
    idx = np.minimum(idx, k - 1).reshape(m, n)
    rows = np.repeat(np.arange(m), n)
    counts = np.zeros(m * k, np.int64)
    np.add.at(counts, rows * k + idx.reshape(-1), 1)
    return counts.reshape(m, k)
