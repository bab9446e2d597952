"""`python -m torch2gluon SCRIPT [ARGS...]`: run an unmodified MXNet script on torch2gluon."""
import os
import runpy
import sys


def main(argv=None):
    """Run SCRIPT (or `-m MODULE`) as `__main__` with `import mxnet` resolving to torch2gluon."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m torch2gluon SCRIPT [ARGS...]\n"
              "       python -m torch2gluon -m MODULE [ARGS...]\n"
              "Runs an MXNet 1.9.1 script unchanged: `import mxnet` resolves to torch2gluon.")
        return 0 if argv else 2
    from ._alias import install_as_mxnet
    install_as_mxnet()
    if argv[0] == "-m":
        if len(argv) < 2:
            print("torch2gluon: -m needs a module name", file=sys.stderr)
            return 2
        sys.argv = argv[1:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return 0
    script = argv[0]
    if not os.path.exists(script):
        print(f"torch2gluon: can't open file {script!r}: No such file or directory", file=sys.stderr)
        return 2
    sys.argv = argv
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
