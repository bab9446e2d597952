"""`Context.default_ctx`: MXNet 1.x's deprecated class property (read and set), used by its unit tests."""
import warnings

from tests.oracle import check


def test_default_ctx_reads_and_sets_the_current_context():
    def snippet(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = [str(mx.Context.default_ctx), str(mx.cpu(3).default_ctx)]
            with mx.cpu(2):
                out.append(str(mx.Context.default_ctx))
            old = mx.Context.default_ctx
            mx.Context.default_ctx = mx.cpu(1)
            out += [str(mx.current_context()), str(mx.nd.zeros(1).context)]
            mx.Context.default_ctx = old
            out.append(str(mx.current_context()))
        return out
    check(snippet)


def test_default_ctx_warns_deprecation():
    import pytest
    import torch2gluon as mx
    with pytest.warns(DeprecationWarning):
        mx.Context.default_ctx
