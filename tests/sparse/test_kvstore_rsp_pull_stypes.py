"""KVStore.row_sparse_pull refuses what MXNet 1.9.1 refuses (MXNetError): a dense or csr `out`, csr/row_sparse
`row_ids`, a key whose stored value is dense; single keys and lists. Against MXNet."""
import pytest

from tests.oracle import check

W = "mx.nd.arange(8).reshape((4, 2))"
CASES = {
    "dense_out": (W + ".tostype('row_sparse')", "mx.nd.zeros((4, 2))", "mx.nd.array([1, 3])"),
    "csr_out": (W + ".tostype('row_sparse')", "mx.nd.zeros((4, 2)).tostype('csr')", "mx.nd.array([1])"),
    "csr_row_ids": (W + ".tostype('row_sparse')", "mx.nd.zeros((4, 2)).tostype('row_sparse')",
                    "mx.nd.array([[1, 2]]).tostype('csr')"),
    "dense_stored": (W, "mx.nd.zeros((4, 2)).tostype('row_sparse')", "mx.nd.array([1])"),
    "dense_stored_dense_out": (W, "mx.nd.zeros((4, 2))", "mx.nd.array([1])"),
    "ok": (W + ".tostype('row_sparse')", "mx.nd.zeros((4, 2)).tostype('row_sparse')", "mx.nd.array([3, 1, 3])"),
}


def _sp(o):
    return (o.stype, o.asnumpy(), o.indices.asnumpy()) if o.stype == "row_sparse" else (o.stype, o.asnumpy())


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("as_list", [False, True])
def test_row_sparse_pull_storage_types(name, as_list):
    stored, out, ids = CASES[name]

    def f(mx):
        env = {"mx": mx}
        kv = mx.kv.create("local")
        if as_list:
            kv.init([5, 7], [eval(stored, env), eval(stored, env)])
            outs = [eval(out, env), eval(out, env)]
            kv.row_sparse_pull([5, 7], out=outs, row_ids=[eval(ids, env), eval(ids, env)])
        else:
            kv.init("w", eval(stored, env))
            outs = [eval(out, env)]
            kv.row_sparse_pull("w", out=outs[0], row_ids=eval(ids, env))
        mx.nd.waitall()
        return [_sp(o) for o in outs]
    check(f)
