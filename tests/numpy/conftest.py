"""Shared fixtures of the mx.np tests."""
import pytest

from tests.oracle import MODULES


@pytest.fixture
def np_mode():
    """Numpy semantics on in both libraries for one test; the oracle's asynchronous errors are drained and both
    are reset afterwards, so later tests run in legacy mode."""
    for m in MODULES:
        m.npx.set_np()
    try:
        yield
    finally:
        for m in MODULES:
            try:
                m.nd.waitall()  # drain the oracle's asynchronous errors of bad-input cases
            except Exception:  # noqa: BLE001
                pass
            m.npx.reset_np()
