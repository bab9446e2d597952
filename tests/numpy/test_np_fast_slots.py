"""mx.np hot paths build arrays inline (numpy/_op_math.py and numpy/multiarray.py `_fast`, `_wrap.wrap_np`): every
NDArray slot must be set there, as `ndarray.wrap` sets it (the legacy check is tests/ndarray/test_op_dispatch.py)."""
import numpy as np

import torch2gluon


def test_np_fast_paths_set_every_slot():
    mnp = torch2gluon.np
    ref = torch2gluon.ndarray.ndarray.wrap(torch2gluon.nd.ones((2,)).to_torch())
    slots = [s for s in torch2gluon.nd.NDArray.__slots__ if s != "__weakref__"]
    x = mnp.array(np.arange(12, dtype=np.float32).reshape(3, 4))
    for y in (x + 1, x * 2.0, x - 1.5, x / 2, 1 + x, x[1:3], x[0], mnp.zeros((2,)), mnp.exp(x), x.sum(axis=0),
              x + x, mnp.maximum(x, x), x < x, x * mnp.ones((4,))):
        assert isinstance(y, mnp.ndarray)
        got = {s: getattr(y, s) for s in slots}  # AttributeError if a slot was left unset
        assert {s: v for s, v in got.items() if s != "_t"} == {s: getattr(ref, s) for s in slots if s != "_t"}
