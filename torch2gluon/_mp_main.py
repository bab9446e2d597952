"""`__mp_main__` of spawn/forkserver children of a `python -m torch2gluon SCRIPT` process.

multiprocessing's spawn and forkserver start methods re-run the parent's main script in each child
(as `__mp_main__`) before unpickling the work. Run plainly, the script's `import mxnet` would there load
the real MXNet; `torch2gluon.__main__` points the children here instead, which installs the alias and
then executes the script (path in TORCH2GLUON_MAIN_PATH) the way multiprocessing would have.
"""
import os

from torch2gluon._alias import install_as_mxnet

install_as_mxnet()
_path = os.environ.get("TORCH2GLUON_MAIN_PATH")
if __name__ == "__mp_main__" and _path:
    import io as _io
    with _io.open_code(_path) as _f:
        _code = compile(_f.read(), _path, "exec", dont_inherit=True)
    globals()["__file__"] = _path
    del _f
    exec(_code, globals())
