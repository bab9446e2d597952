"""`python -m torch2gluon SCRIPT`, the `torch2gluon` console script and `install_as_mxnet()`:
`import mxnet` resolves to torch2gluon, the real MXNet is never loaded, and the script runs as
`python SCRIPT ARGS` would run it (argv, `__main__`, sys.path[0], tracebacks, exit status)."""
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PY = sys.executable
CONSOLE = pathlib.Path(PY).with_name("torch2gluon")

# Everything the probe script checks; written as JSON on its last stdout line.
PROBE = textwrap.dedent('''
    import json, os, sys
    out = {"argv": sys.argv, "name": __name__, "file": __file__,
           "path0": sys.path[0], "main_is_me": sys.modules["__main__"].__dict__ is globals()}
    import mxnet
    import mxnet as mx
    import torch2gluon
    from mxnet import nd, gluon, autograd
    import mxnet.gluon.nn as nn
    out["mxnet_name"] = mxnet.__name__
    out["mxnet_is_pkg"] = mxnet is torch2gluon and mx is torch2gluon
    out["nd"] = nd is torch2gluon.nd and mxnet.nd is torch2gluon.nd
    out["gluon"] = gluon is torch2gluon.gluon and autograd is torch2gluon.autograd
    out["nn"] = nn.__name__
    out["nn_same"] = nn is torch2gluon.gluon.nn and sys.modules["mxnet.gluon.nn"] is nn
    out["dense"] = nn.Dense.__module__
    out["mxnet_mods"] = sorted(k for k, v in sys.modules.items()
                               if (k == "mxnet" or k.startswith("mxnet."))
                               and not getattr(v, "__name__", "").startswith("torch2gluon"))
    if os.environ.get("PROBE_VISION"):
        from mxnet.gluon.data.vision import datasets, transforms
        import mxnet.gluon.data.vision as vision
        out["vision"] = [datasets.__name__, transforms.__name__, vision.__name__]
        out["vision_same"] = (datasets is torch2gluon.gluon.data.vision.datasets
                              and transforms is torch2gluon.gluon.data.vision.transforms)
    try:
        import mxnet.tvmop
        out["libinfo"] = mxnet.tvmop.__name__
    except ImportError:
        out["libinfo"] = None
    out["real_mxnet_pkg_loaded"] = any(
        os.sep + "mxnet" + os.sep in (getattr(m, "__file__", None) or "")
        for m in list(sys.modules.values()))
    with open("/proc/self/maps") as f:
        out["libmxnet_mapped"] = "libmxnet" in f.read()
    x = nd.ones((2, 3)) + 1
    out["sum"] = float(x.sum().asscalar())
    print(json.dumps(out))
''')

FAIL = textwrap.dedent('''\
    import mxnet as mx


    def inner():
        raise ValueError("boom from the script")


    inner()
''')


def _run(cmd, cwd, env=None, timeout=120):
    e = dict(os.environ)
    e.pop("PYTHONPATH", None)
    e.update(env or {})
    return subprocess.run(cmd, cwd=cwd, env=e, capture_output=True, text=True, timeout=timeout)


def _probe_json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _check_probe(out, script, args):
    assert out["argv"] == [script] + args
    assert out["name"] == "__main__" and out["main_is_me"]
    assert out["mxnet_name"] == "torch2gluon" and out["mxnet_is_pkg"]
    assert out["nd"] and out["gluon"]
    assert out["nn"] == "torch2gluon.gluon.nn" and out["nn_same"]
    assert out["dense"].startswith("torch2gluon.")
    assert out["mxnet_mods"] == []          # every mxnet* module in sys.modules is a torch2gluon one
    assert out["libinfo"] is None           # mxnet.tvmop (real MXNet only) cannot be imported
    assert not out["real_mxnet_pkg_loaded"] and not out["libmxnet_mapped"]
    assert out["sum"] == 12.0


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "probe.py").write_text(PROBE)
    (tmp_path / "fail.py").write_text(FAIL)
    return tmp_path


def test_python_m_runs_script_as_main(workdir):
    out = _probe_json(_run([PY, "-m", "torch2gluon", "probe.py", "--epochs", "3", "x y"], workdir))
    _check_probe(out, "probe.py", ["--epochs", "3", "x y"])
    assert out["file"] == str(workdir / "probe.py")
    assert out["path0"] == str(workdir)


def test_script_in_other_folder_gets_its_folder_on_path(workdir, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere")
    out = _probe_json(_run([PY, "-m", "torch2gluon", str(workdir / "probe.py")], other))
    assert out["path0"] == str(workdir) and out["argv"] == [str(workdir / "probe.py")]


@pytest.mark.skipif(importlib.util.find_spec("torch2gluon.gluon.data") is None
                    or not (ROOT / "torch2gluon/gluon/data/vision/datasets.py").exists()
                    or not (ROOT / "torch2gluon/gluon/data/vision/transforms.py").exists(),
                    reason="torch2gluon.gluon.data.vision not landed yet")
def test_vision_imports_resolve(workdir):
    out = _probe_json(_run([PY, "-m", "torch2gluon", "probe.py"], workdir, env={"PROBE_VISION": "1"}))
    _check_probe(out, "probe.py", [])
    assert out["vision"] == ["torch2gluon.gluon.data.vision.datasets",
                             "torch2gluon.gluon.data.vision.transforms",
                             "torch2gluon.gluon.data.vision"]
    assert out["vision_same"]


def test_console_script(workdir):
    assert CONSOLE.exists(), "console script missing: run `.venv/bin/pip install -e . --no-deps`"
    out = _probe_json(_run([str(CONSOLE), "probe.py", "a"], workdir))
    _check_probe(out, "probe.py", ["a"])


def test_install_as_mxnet_from_python(workdir):
    code = ("import torch2gluon; m = torch2gluon.install_as_mxnet(); assert m is torch2gluon\n"
            "import runpy; runpy.run_path('probe.py', run_name='__main__')\n")
    out = _probe_json(_run([PY, "-c", code], workdir))
    assert out["mxnet_name"] == "torch2gluon" and out["mxnet_mods"] == []
    assert out["libinfo"] is None and not out["real_mxnet_pkg_loaded"] and not out["libmxnet_mapped"]
    assert out["nn_same"] and out["sum"] == 12.0


def test_install_as_mxnet_refuses_after_real_mxnet(workdir):
    if importlib.util.find_spec("mxnet") is None:
        pytest.skip("real mxnet not installed")
    code = ("import mxnet, torch2gluon\n"
            "try:\n    torch2gluon.install_as_mxnet()\nexcept ImportError as e:\n    print('refused', e)\n")
    proc = _run([PY, "-c", code], workdir)
    assert proc.returncode == 0, proc.stderr
    assert "refused" in proc.stdout and "already imported" in proc.stdout


@pytest.mark.parametrize("launcher", ["python-m", "console"])
def test_exception_traceback_names_script_line(workdir, launcher):
    cmd = [PY, "-m", "torch2gluon"] if launcher == "python-m" else [str(CONSOLE)]
    proc = _run(cmd + ["fail.py"], workdir)
    assert proc.returncode == 1
    err = proc.stderr
    assert err.startswith("Traceback (most recent call last):")
    path = str(workdir / "fail.py")
    assert f'File "{path}", line 8, in <module>' in err
    assert f'File "{path}", line 5, in inner' in err
    assert err.rstrip().endswith("ValueError: boom from the script")
    # The launcher's own frames (runpy, torch2gluon/__main__.py) are trimmed, as in `python fail.py`.
    assert "runpy" not in err and "__main__.py" not in err


def test_sys_exit_status_passes_through(workdir):
    (workdir / "exit3.py").write_text("import sys, mxnet\nprint('ran', mxnet.__name__)\nsys.exit(3)\n")
    proc = _run([PY, "-m", "torch2gluon", "exit3.py"], workdir)
    assert proc.returncode == 3 and "ran torch2gluon" in proc.stdout


def test_missing_script_and_usage(workdir):
    proc = _run([PY, "-m", "torch2gluon", "nope.py"], workdir)
    assert proc.returncode == 2 and "nope.py" in proc.stderr
    proc = _run([PY, "-m", "torch2gluon"], workdir)
    assert proc.returncode == 2 and "usage" in proc.stdout


def test_dash_m_module(workdir):
    (workdir / "probemod.py").write_text(PROBE)
    out = _probe_json(_run([PY, "-m", "torch2gluon", "-m", "probemod", "z"], workdir))
    assert out["name"] == "__main__" and out["argv"][1:] == ["z"]
    assert out["mxnet_name"] == "torch2gluon" and out["mxnet_mods"] == []


SPAWN = textwrap.dedent('''
    import multiprocessing as mp, sys
    import mxnet

    def work(i):
        mods = sys.modules
        return [i, mods["mxnet"].__name__, mods["__main__"].__name__,
                sorted(k for k, v in mods.items() if k.startswith("mxnet")
                       and not getattr(v, "__name__", "").startswith("torch2gluon"))]

    if __name__ == "__main__":
        ctx = mp.get_context(sys.argv[1])
        with ctx.Pool(1) as pool:
            print("RESULT", pool.map(work, [7]))
''')


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawned_children_also_get_torch2gluon(workdir, method):
    """spawn/forkserver children re-run the script as __mp_main__: their `import mxnet` is torch2gluon too."""
    (workdir / "spawner.py").write_text(SPAWN)
    proc = _run([PY, "-m", "torch2gluon", "spawner.py", method], workdir, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "RESULT [[7, 'torch2gluon', '__mp_main__', []]]" in proc.stdout


def test_aliased_submodule_keeps_its_own_spec(workdir):
    # `import mxnet.x.y` of an already imported torch2gluon.x.y must not replace its __spec__ (importlib sets the
    # alias spec on the shared module): a relative import inside a function would warn '__package__ !=
    # __spec__.parent' (an extra warning in `warnings.catch_warnings(record=True)` blocks of user code).
    code = textwrap.dedent('''
        import warnings, torch2gluon
        torch2gluon.install_as_mxnet()
        import mxnet as mx
        import mxnet.ndarray.ndarray, mxnet.gluon.utils
        from mxnet.ndarray.ndarray import NDArray
        mods = [torch2gluon.ndarray.ndarray, torch2gluon.ndarray, torch2gluon.gluon.utils]
        print([m.__spec__.name for m in mods], all(m.__spec__.parent == m.__package__ for m in mods))
        x = mx.nd.ones((3, 3)).tostype("row_sparse")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            mx.gluon.utils.clip_global_norm([x], 1.0)
            mx.nd.ones((3, 3)).copyto(x)
        print(sorted({c.category.__name__ for c in w}))
    ''')
    proc = _run([PY, "-c", code], workdir)
    assert proc.returncode == 0, proc.stderr
    names, warned = proc.stdout.strip().splitlines()[-2:]
    assert names == ("['torch2gluon.ndarray.ndarray', 'torch2gluon.ndarray', 'torch2gluon.gluon.utils'] True")
    assert warned == "[]"
