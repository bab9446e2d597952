"""Shared pytest setup: the `mx` fixture runs a test once on real MXNet (oracle) and once on torch2gluon."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.oracle import MODULES, MODULE_IDS  # noqa: E402


@pytest.fixture(params=MODULES, ids=MODULE_IDS)
def mx(request):
    """The module under test: `mxnet` (the oracle) or `torch2gluon`; assert hand-computed values on both."""
    return request.param
