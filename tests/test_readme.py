"""The README holds exactly two set-up commands, and `.ci/run` runs the README's test command."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _commands():
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"## Set up and run.*?(?=\n## )", text, flags=re.S)[0]
    return re.findall(r"```bash\n(.*?)\n```", blocks, flags=re.S)


def test_exactly_two_setup_commands():
    cmds = _commands()
    assert len(cmds) == 2
    assert all("\n" not in c for c in cmds)
    assert "examples/pytorch_users_10min.py" in cmds[0]
    assert "pytest" in cmds[1] and "mxnet==1.9.1" in cmds[1] and "numpy<1.24" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert _commands()[1] in ci.splitlines()
