"""mx.base.data_dir / data_dir_default follow MXNET_HOME on every call, as MXNet 1.9.1."""
import os

import pytest

from tests.oracle import check


@pytest.mark.parametrize("home", [None, "/tmp/mxnet_data_h", ""])
def test_data_dir(home, monkeypatch):
    if home is None:
        monkeypatch.delenv("MXNET_HOME", raising=False)
    else:
        monkeypatch.setenv("MXNET_HOME", home)
    check(lambda mx: (mx.base.data_dir(), mx.base.data_dir_default()))
    assert os.environ.get("MXNET_HOME") == home
