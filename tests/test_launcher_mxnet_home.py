"""`python -m torch2gluon SCRIPT`: MXNET_HOME set by the script before `import mxnet` picks the dataset root,
as it does with real MXNet (which fixes its default roots when the script imports it)."""
import os
import subprocess
import sys

from torch2gluon.gluon.data.vision._mnist_files import write_mnist_files

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_script_sets_mxnet_home_before_import(tmp_path):
    home = tmp_path / "home"
    write_mnist_files(str(home / "datasets" / "mnist"), 64, 32)
    script = tmp_path / "s.py"
    script.write_text(
        "import os, warnings\n"
        f"os.environ['MXNET_HOME'] = {str(home)!r}\n"
        "import mxnet as mx\n"
        "warnings.simplefilter('ignore')\n"
        "ds = mx.gluon.data.vision.datasets.MNIST(train=False)\n"
        "print(ds._root, len(ds))\n"
        "explicit = mx.gluon.data.vision.datasets.MNIST(root=ds._root, train=False)\n"
        "print(explicit._root)\n")
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("MXNET_HOME", None)
    out = subprocess.run([sys.executable, "-m", "torch2gluon", str(script)], capture_output=True, text=True,
                         env=env, cwd=str(tmp_path), check=True).stdout.split("\n")
    assert out[0] == f"{home / 'datasets' / 'mnist'} 32"
    assert out[1] == str(home / "datasets" / "mnist")
