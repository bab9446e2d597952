"""`python -m torch2gluon SCRIPT [ARGS...]`: run an unmodified MXNet script on torch2gluon."""
import os
import runpy
import sys


def _is_launcher_frame(filename):
    """Frames of this launcher and of runpy, trimmed from a script's traceback."""
    if filename in ("<frozen runpy>", os.path.abspath(__file__), __file__, "<string>"):
        return True
    return os.path.splitext(os.path.abspath(filename))[0] == os.path.splitext(os.path.abspath(runpy.__file__))[0]


def _report(exc):
    """Print `exc` as `python SCRIPT` would: the traceback starts at the script's first frame."""
    tb = exc.__traceback__
    while tb is not None and _is_launcher_frame(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    exc = exc.with_traceback(tb)  # None when the error is in the script's compilation (a SyntaxError)
    sys.excepthook(type(exc), exc, exc.__traceback__)


def _run_script(path):
    """Execute the file `path` as the `__main__` module, the way `python path` does."""
    import builtins
    import importlib.machinery
    import io
    import types
    if os.path.isdir(path) or not path.endswith((".py", ".pyw")) and _looks_like_zip(path):
        runpy.run_path(path, run_name="__main__")
        return
    full = os.path.abspath(path)
    with io.open_code(full) as f:
        source = f.read()
    code = compile(source, full, "exec", dont_inherit=True)
    mod = types.ModuleType("__main__")
    mod.__dict__.update(__file__=full, __cached__=None, __package__=None, __spec__=None,
                        __builtins__=builtins,
                        __loader__=importlib.machinery.SourceFileLoader("__main__", full))
    sys.modules["__main__"] = mod
    _spawn_children_via_alias(full)
    exec(code, mod.__dict__)


def _spawn_children_via_alias(full):
    """spawn/forkserver children re-run the main script; make them run it with the alias installed."""
    import multiprocessing.spawn as spawn
    os.environ["TORCH2GLUON_MAIN_PATH"] = full
    if getattr(spawn.get_preparation_data, "_torch2gluon", False):
        return
    original = spawn.get_preparation_data

    def get_preparation_data(name):
        data = original(name)
        if data.get("init_main_from_path") == full:
            del data["init_main_from_path"]
            data["init_main_from_name"] = "torch2gluon._mp_main"
        return data
    get_preparation_data._torch2gluon = True
    spawn.get_preparation_data = get_preparation_data


def _looks_like_zip(path):
    import zipfile
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def main(argv=None):
    """Run SCRIPT (or `-m MODULE`) as `__main__` with `import mxnet` resolving to torch2gluon.

    Like `python SCRIPT ARGS`: sys.argv is [SCRIPT, ARGS...], sys.path[0] is the script's folder, an
    uncaught exception prints a traceback from the script's frame on and exits with status 1, and
    `sys.exit(n)` in the script exits with n.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m torch2gluon SCRIPT [ARGS...]\n"
              "       python -m torch2gluon -m MODULE [ARGS...]\n"
              "       torch2gluon SCRIPT [ARGS...]\n"
              "Runs an MXNet 1.9.1 script unchanged: `import mxnet` resolves to torch2gluon.")
        return 0 if argv else 2
    from . import _alias
    from ._alias import install_as_mxnet
    install_as_mxnet()
    _alias.LAUNCHED = True
    if argv[0] == "-m":
        if len(argv) < 2:
            print("torch2gluon: -m needs a module name", file=sys.stderr)
            return 2
        sys.argv = argv[1:]
        run = lambda: runpy.run_module(argv[1], run_name="__main__", alter_sys=True)  # noqa: E731
    else:
        script = argv[0]
        if not os.path.exists(script):
            print(f"torch2gluon: can't open file {os.path.abspath(script)!r}: "
                  "[Errno 2] No such file or directory", file=sys.stderr)
            return 2
        sys.argv = argv
        script_dir = os.path.dirname(os.path.abspath(script))
        if sys.path and sys.path[0] in ("", os.getcwd(), os.path.dirname(os.path.abspath(sys.argv[0]))):
            sys.path[0] = script_dir
        else:
            sys.path.insert(0, script_dir)
        run = lambda: _run_script(script)  # noqa: E731
    try:
        run()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:  # noqa: BLE001 - report like the interpreter does
        _report(exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
