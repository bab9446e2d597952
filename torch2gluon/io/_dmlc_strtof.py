"""dmlc-core's fast `strtof`, as MXNet's C++ text iterators (CSVIter, LibSVMIter) parse numbers with it.

It is not correctly rounded: the integer part and the (at most 19) fraction digits are converted separately
and added in float32, then scaled by a float32 power of ten, so e.g. "5.488135039273247529e-01" reads as
0.54881346 where numpy's float32 parse gives 0.5488135. Reimplemented here from that description.
"""
import numpy as np

_F = np.float32
_MAX_DIGITS = 19
_MAX_EXP = 38
_MAX_SIG_POS = _F(3.402823466)
_MAX_SIG_NEG = _F(1.175494351)


def strtof(text):
    """The float32 dmlc reads from the start of `text` and the number of characters it used."""
    n, i = len(text), 0
    while i < n and text[i].isspace():
        i += 1
    positive = True
    if i < n and text[i] in "+-":
        positive = text[i] == "+"
        i += 1
    low = text[i:i + 8].lower()
    if low.startswith("inf"):
        used = i + (8 if low == "infinity" else 3)
        return (_F(np.inf) if positive else _F(-np.inf)), used
    if low.startswith("nan"):
        i += 3
        if i < n and text[i] == "(":
            j = text.find(")", i)
            i = j + 1 if j >= 0 else n
        return _F(np.nan), i
    predec = 0
    while i < n and text[i].isdigit():
        predec = (predec * 10 + ord(text[i]) - 48) % (1 << 64)
        i += 1
    value = _F(predec)
    if i < n and text[i] == ".":
        i += 1
        val2, pow10, count = 0, 1, 0
        while i < n and text[i].isdigit():
            if count < _MAX_DIGITS:
                val2, pow10 = val2 * 10 + ord(text[i]) - 48, pow10 * 10
            i += 1
            count += 1
        value = _F(value + _F(float(val2) / float(pow10)))
    if i < n and text[i] in "eE":
        i += 1
        frac = False
        if i < n and text[i] in "+-":
            frac = text[i] == "-"
            i += 1
        expon = 0
        while i < n and text[i].isdigit():
            expon = (expon * 10 + ord(text[i]) - 48) % (1 << 32)
            i += 1
        expon = min(expon, _MAX_EXP)
        if expon == _MAX_EXP and (not frac and value > _MAX_SIG_POS or frac and value < _MAX_SIG_NEG):
            value = _MAX_SIG_NEG if frac else _MAX_SIG_POS
        scale = _F(1.0)
        with np.errstate(over="ignore", under="ignore"):
            while expon >= 8:
                scale, expon = _F(scale * _F(1e8)), expon - 8
            while expon > 0:
                scale, expon = _F(scale * _F(10.0)), expon - 1
            value = _F(value / scale) if frac else _F(value * scale)
    if i < n and text[i] in "fF":
        i += 1
    return (value if positive else -value), i
