"""gluon.utils.download parity with MXNet 1.9.1 (from MXNet's test_gluon_utils.py sweep).

MXNet downloads with `requests.get(url, stream=True, verify=verify_ssl)`; torch2gluon does too when
requests is installed, so code that mocks `requests.get` (as MXNet's own tests do) behaves the same.
"""
import io
import os
import warnings
from unittest import mock

import pytest

requests = pytest.importorskip("requests")

from tests.oracle import MODULES, MODULE_IDS  # noqa: E402


def _response(status, body):
    r = requests.Response()
    r.status_code = status
    r.raw = io.BytesIO(body)
    return r


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_download_writes_the_mocked_body_and_leaves_no_temp_files(mx, tmp_path):
    """The body lands at `path`; no `<name>.<uuid>` temporary file is left behind."""
    body = b"MOCK CONTENT" * 100
    get = mock.Mock(side_effect=lambda *a, **k: _response(200, body))
    with mock.patch("requests.get", get):
        out = mx.gluon.utils.download("https://example.invalid/dir/README.md", path=str(tmp_path))
    assert out == os.path.join(str(tmp_path), "README.md")
    assert open(out, "rb").read() == body
    assert sorted(os.listdir(tmp_path)) == ["README.md"]
    assert get.call_args[1] == {"stream": True, "verify": True}


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_download_verify_ssl_false_warns_and_is_passed_on(mx, tmp_path):
    """verify_ssl=False warns 'Unverified HTTPS request...' and reaches requests.get as verify=False."""
    get = mock.Mock(side_effect=lambda *a, **k: _response(200, b"x"))
    with mock.patch("requests.get", get), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mx.gluon.utils.download("https://example.invalid/index.html", path=str(tmp_path / "i.html"),
                                verify_ssl=False)
    assert any(str(w.message).startswith("Unverified HTTPS request") for w in caught)
    assert get.call_args[1]["verify"] is False


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_download_http_error_retries_then_raises_runtime_error(mx, tmp_path):
    """A non-200 status is retried `retries` times, then RuntimeError('Failed downloading url ...')."""
    get = mock.Mock(side_effect=lambda *a, **k: _response(404, b""))
    with mock.patch("requests.get", get), pytest.raises(RuntimeError, match="Failed downloading url"):
        mx.gluon.utils.download("https://example.invalid/missing.bin", path=str(tmp_path / "m.bin"), retries=2)
    assert get.call_count == 2
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_download_connection_error_raises(mx, tmp_path):
    """A connection error on every attempt ends in an exception after the retries."""
    get = mock.Mock(side_effect=requests.exceptions.ConnectionError)
    with mock.patch("requests.get", get), pytest.raises(Exception):
        mx.gluon.utils.download("http://doesnotexist.notfound", path=str(tmp_path / "f"), retries=1)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("shape", [None, (), (2, 3), (2, 0), [3], (0,)])
def test_shape_is_known(shape):
    """Legacy shape semantics: None, an empty shape and any 0 dim are unknown."""
    from tests.oracle import check
    check(lambda mx: mx.gluon.utils.shape_is_known(shape))


def test_shape_is_known_rejects_negative_dims():
    """A negative dimension is an AssertionError."""
    from tests.oracle import check
    check(lambda mx: mx.gluon.utils.shape_is_known((2, -1)), raises=AssertionError)
