"""Legacy Symbols and numpy-mode `mx.sym.np._Symbol`s do not mix in one operator call, as in MXNet 1.9.1 (the oracle).

MXNet's legacy symbol functions refuse a `_Symbol` ("This is a legacy operator which can only accept legacy
ndarrays ..."), its numpy ones a legacy Symbol ("This is a numpy operator ..."); `legacy + np` fails in the legacy
`_Plus`, `legacy * np` in `_npi_multiply` (Python asks the subclass's reflected method first). Exception types and
messages are compared; calls of one kind still build their Symbol.
"""
import pytest

from tests.oracle import run_both

CASES = [
    "L + N", "N + L", "L * N", "N * L", "L - N", "N - L", "L / N", "L ** N", "L == N",
    "mx.sym.concat(L, N)", "mx.sym.Concat(*[L, N])", "mx.sym.np.concatenate([N, L])", "mx.sym.np.sum(L)",
    "mx.sym.npx.relu(L)", "mx.sym.contrib.box_nms(N)", "mx.sym.flatten(N)",
    "mx.sym.FullyConnected(data=N, num_hidden=2)", "mx.sym.FullyConnected(L, weight=N, num_hidden=2)",
    "mx.sym.np.add(N, L)", "mx.sym.np.dot(L, N)", "mx.sym.np.add(L, 1)",
    # one kind: fine
    "L + 1", "N + 1", "1 + N", "mx.sym.Group([L, N])", "L.reshape((2,))", "mx.sym.relu(L)", "mx.sym.npx.relu(N)",
    "mx.sym.np.add(N, N)", "N.reshape((2,))", "mx.sym.FullyConnected(L, num_hidden=2)",
]


@pytest.mark.parametrize("code", CASES)
def test_symbol_kinds_as_mxnet(code):
    def fn(mx):
        L = mx.sym.var("y")
        N = mx.sym.var("x").as_np_ndarray()
        out = eval(code, {"mx": mx, "L": L, "N": N})  # noqa: S307 - fixed test expressions
        return type(out).__name__, out.list_arguments()
    (ok_ref, ref), (ok, ours) = run_both(fn)
    assert ok_ref == ok, f"oracle: {ref!r}\ntorch2gluon: {ours!r}"
    if ok:
        assert ref == ours
    else:
        assert type(ref) is TypeError and type(ours) is TypeError
        assert str(ref) == str(ours)


def _hybrid_user_block(mx, op):
    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.FullyConnected(x, num_hidden=2, no_bias=True, weight=F.ones_like(x)) if op == "legacy" \
                else F.np.sum(x, axis=1)
    mx.npx.set_np()
    try:
        net = Net()
        net.hybridize()
        return net(mx.np.ones((2, 2))).asnumpy().tolist()
    finally:
        mx.npx.reset_np()


@pytest.mark.parametrize("op", ["legacy", "numpy"])
def test_user_hybrid_forward_in_numpy_mode(op):
    """User code in a hybridized numpy-mode block gets `_Symbol`s: a legacy operator on them is MXNet's TypeError,
    `F.np` works."""
    (ok_ref, ref), (ok, ours) = run_both(lambda mx: _hybrid_user_block(mx, op))
    assert ok_ref == ok, f"oracle: {ref!r}\ntorch2gluon: {ours!r}"
    if ok:
        assert ref == ours
    else:
        assert type(ref) is type(ours) is TypeError
