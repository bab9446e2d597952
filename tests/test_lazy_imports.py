"""Submodules torch2gluon loads on first use (mx.np, mx.npx, mx.sym.np, mx.sym.npx) stay reachable as MXNet's are."""
import subprocess
import sys
import textwrap

import numpy as np

import torch2gluon as mx


def test_symbol_numpy_namespaces_are_attributes():
    import torch2gluon.symbol.numpy as sym_np
    import torch2gluon.symbol.numpy_extension as sym_npx
    assert mx.sym.np is sym_np and mx.sym.numpy is sym_np and mx.symbol.np is sym_np
    assert mx.sym.npx is sym_npx and mx.sym.numpy_extension is sym_npx
    assert {"np", "npx", "numpy", "numpy_extension"} <= set(dir(mx.sym))
    from torch2gluon.symbol import np as np_from  # noqa: F401  (MXNet: `from mxnet.symbol import np`)
    assert np_from is sym_np
    x = mx.sym.var("x").as_np_ndarray()
    assert isinstance(x, mx.sym.np._Symbol)


def test_np_arrays_pickle_through_shared_memory():
    from multiprocessing.reduction import ForkingPickler
    from torch2gluon.gluon.data import dataloader  # noqa: F401  (registers the reducers)
    a = mx.np.array([[1.0, 2.0]])
    b = ForkingPickler.loads(ForkingPickler.dumps(a))
    assert type(b) is type(a) and str(b.ctx) == "cpu_shared(0)"
    np.testing.assert_array_equal(b.asnumpy(), [[1.0, 2.0]])


def test_fresh_import_loads_np_on_first_use():
    """`import torch2gluon` leaves mx.np/mx.npx/mx.sym.np unloaded; gluon's DataLoader then still pickles the
    mx.np arrays made afterwards through shared memory (the reducer is registered when mx.np loads)."""
    code = textwrap.dedent("""
        import sys
        import torch2gluon as mx
        from torch2gluon.gluon.data import dataloader
        lazy = ["torch2gluon.numpy", "torch2gluon.numpy_extension", "torch2gluon.symbol.numpy",
                "torch2gluon.symbol.numpy_extension"]
        print([m for m in lazy if m in sys.modules])
        from multiprocessing.reduction import ForkingPickler
        a = mx.np.array([3.0])
        b = ForkingPickler.loads(ForkingPickler.dumps(a))
        print(type(b).__module__, b.ctx, mx.npx.relu(mx.np.array([-1.0, 2.0])).tolist())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "torch2gluon.numpy.multiarray cpu_shared(0) [0.0, 2.0]"]
