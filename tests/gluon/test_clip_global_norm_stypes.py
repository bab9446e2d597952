"""gluon.utils.clip_global_norm over dense, row_sparse and csr arrays against MXNet 1.9.1 (sparse arrays use
their norm: they cannot be reshaped), with and without the finiteness check."""
import warnings

import pytest

from tests.oracle import check


@pytest.mark.parametrize("stype", ["default", "row_sparse", "csr"])
def test_clip_global_norm_sparse(stype):
    def run(mx):
        x1 = mx.nd.ones((3, 3)).tostype(stype)
        x2 = (mx.nd.ones((4, 4)) * 2).tostype(stype)
        norm = mx.gluon.utils.clip_global_norm([x1, x2], 1.0)
        return norm, x1.stype, x1.tostype("default"), x2.tostype("default")
    check(run)


@pytest.mark.parametrize("stype", ["default", "row_sparse"])
@pytest.mark.parametrize("finite", [True, False])
def test_clip_global_norm_nan_warning(stype, finite):
    def run(mx):
        x = mx.nd.array([1.0, 2.0, float("nan")]).tostype(stype)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            mx.gluon.utils.clip_global_norm([mx.nd.ones((2, 2)).tostype(stype), x], 2.0, check_isfinite=finite)
            return len([m for m in w if "nan or inf" in str(m.message)])
    check(run)
