"""mx.np.linalg against real MXNet 1.9.1: values (invariants where signs/orders are LAPACK's choice), shapes,
dtypes, errors and gradients."""
import numpy as onp
import pytest

from tests.oracle import MODULES, assert_same_error


pytestmark = pytest.mark.usefixtures("np_mode")


RS = onp.random.RandomState(7)
M34 = RS.rand(3, 4) - 0.5
M234 = RS.rand(2, 3, 4) - 0.5
SQ = RS.rand(3, 3) + onp.eye(3)
SPD = SQ @ SQ.T + onp.eye(3)
BSQ = RS.rand(2, 3, 3) + onp.eye(3)
SYM = onp.array([[2., 1., 0.5], [7., 3., 1.], [9., 4., 5.]])  # not symmetric: UPLO picks a triangle
VEC = RS.rand(5) - 0.5


def A(mx, x, dtype="float32"):
    return mx.nd.array(onp.asarray(x), dtype=dtype).as_np_ndarray()


def canon(mx, r):
    if isinstance(r, (list, tuple)):
        return type(r)(canon(mx, x) for x in r)
    if isinstance(r, mx.nd.NDArray):
        assert isinstance(r, mx.np.ndarray), type(r)
        return ("arr", r.shape, onp.dtype(r.dtype).name, str(r.ctx), r.asnumpy())
    return r


def both(fn, post=None):
    out = []
    for mx in MODULES:
        try:
            r = canon(mx, fn(mx))
            out.append((True, post(r) if post else r))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append((False, e))
    (ok_r, ref), (ok_o, ours) = out
    if not ok_r or not ok_o:
        assert not ok_r, f"oracle returned {ref!r:.300} but torch2gluon raised {ours!r}"
        assert not ok_o, f"oracle raised {ref!r:.300} but torch2gluon returned {ours!r:.300}"
        assert_same_error(ref, ours)
        return None
    return ref, ours


def assert_arrays(ref, ours, rtol=1e-4, atol=1e-5):
    if isinstance(ref, (list, tuple)) and not (ref and ref[0] == "arr"):
        assert type(ref) is type(ours) and len(ref) == len(ours)
        for r, o in zip(ref, ours):
            assert_arrays(r, o, rtol, atol)
        return
    if isinstance(ref, tuple):
        assert ours[1:4] == ref[1:4], (ours[1:4], ref[1:4])
        onp.testing.assert_allclose(ours[4], ref[4], rtol=rtol, atol=atol)
        return
    assert type(ours) is type(ref), (type(ours), type(ref))
    if isinstance(ref, (onp.ndarray, onp.generic, float)):
        onp.testing.assert_allclose(ours, ref, rtol=rtol, atol=atol)
    else:
        assert ours == ref


ORDS = [None, "fro", "f", "nuc", "inf", "-inf", onp.inf, -onp.inf, 0, 1, -1, 2, -2, 3, 0.5, -1.5, "bad"]
AXES = [None, 0, 1, -1, (0, 1), (1, 0), (0, -1), (1, -2), (0, 0), (0, 5), [0, 1]]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=repr)
@pytest.mark.parametrize("ord_", ORDS, ids=repr)
def test_norm_2d(ord_, axis, keepdims):
    res = both(lambda mx: mx.np.linalg.norm(A(mx, M34), ord_, axis, keepdims))
    if res:
        assert_arrays(*res)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 2, (1, 2), (2, 1), (0, 2), (-1, 0), (-2, -1), (0, 1, 2)], ids=repr)
@pytest.mark.parametrize("ord_", [None, "fro", "nuc", "inf", onp.inf, 1, -1, 2, -2, 3, 0], ids=repr)
def test_norm_3d(ord_, axis, keepdims):
    res = both(lambda mx: mx.np.linalg.norm(A(mx, M234, "float64"), ord_, axis, keepdims))
    if res:
        assert_arrays(*res)


@pytest.mark.parametrize("ord_", [None, 0, 1, 2, 3, -1, "inf", "-inf", onp.inf, "fro", "nuc"], ids=repr)
def test_norm_1d(ord_):
    res = both(lambda mx: mx.np.linalg.norm(A(mx, VEC), ord_))
    if res:
        assert_arrays(*res)


@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_norm_dtypes(dtype):
    assert_arrays(*both(lambda mx: mx.np.linalg.norm(A(mx, [[3., 4.]], dtype))))
    assert_arrays(*both(lambda mx: mx.np.linalg.norm(A(mx, [[3., 4.]], dtype), 1, 1)))


@pytest.mark.parametrize("x,kw", [([3, 4], {}), ([4, 4], {}), ([1, 1, 1, 1], {}), ([5, 12], {}), ([2, 3], {"ord": 1}),
                                  ([2, 3], {"ord": 3}), ([[3, 4], [1, 2]], {"ord": 2}),
                                  ([[3, 4], [1, 2]], {"ord": "nuc"}),
                                  ([[3, 4], [1, 2]], {"axis": 1}), ([[3, 4], [1, 2]], {"ord": "inf"}),
                                  ([[3, 4], [1, 2]], {"ord": 1}), ([[3, 4], [1, 2]], {"ord": "fro"}), ([-3, 4], {}),
                                  ([0, 0], {}), ([0, 5, 0], {"ord": 0})], ids=repr)
def test_norm_integer_inputs(x, kw):
    res = both(lambda mx: mx.np.linalg.norm(A(mx, x, "int32"), **kw))
    if res:
        assert_arrays(*res)


def test_norm_zero_size():
    assert_arrays(*both(lambda mx: mx.np.linalg.norm(A(mx, onp.zeros((0, 3))))))


def _svd_invariants(r):
    ut, l, v = (x[4].astype("float64") for x in r)
    meta = [x[1:4] for x in r]
    return meta, l, (ut * l[..., None, :]) @ v, onp.abs(ut[..., :, 0:1] * v[..., 0:1, :])


@pytest.mark.parametrize("shape,dtype", [((2, 3), "float32"), ((3, 3), "float64"), ((4, 2, 3), "float32"),
                                         ((2, 3), "float16"), ((2, 3), "int32")])
def test_svd(shape, dtype):
    x = RS.rand(*shape)
    res = both(lambda mx: mx.np.linalg.svd(A(mx, x, dtype)), _svd_invariants)
    if dtype in ("float16", "int32"):
        assert res is None
        return
    (m1, l1, r1, p1), (m2, l2, r2, p2) = res
    tol = 1e-2 if dtype == "float16" else 1e-4
    assert m1 == m2
    onp.testing.assert_allclose(l2, l1, rtol=tol, atol=tol)
    onp.testing.assert_allclose(r2, x, rtol=tol, atol=tol)
    onp.testing.assert_allclose(p2, p1, rtol=tol, atol=tol)


@pytest.mark.parametrize("code", [
    "L.svd(A(mx, M34.T))", "L.svd(A(mx, VEC))", "L.cholesky(A(mx, -onp.eye(2)))", "L.cholesky(A(mx, M34))",
    "L.cholesky(A(mx, onp.eye(2), 'float16'))", "L.inv(A(mx, SQ, 'float16'))",
    "L.cholesky(A(mx, [[4, 2], [2, 5]], 'int32'))",
    "L.inv(A(mx, onp.zeros((2, 2))))", "L.inv(A(mx, [[1, 2], [3, 4]], 'int32'))", "L.inv(A(mx, onp.ones(3)))",
    "L.inv(A(mx, onp.ones((2, 3))))", "L.det(A(mx, onp.zeros(2)))", "L.det(A(mx, [[1, 2], [3, 4]], 'int32'))",
    "L.det(A(mx, [[1, 2], [3, 4]], 'float16'))", "L.slogdet(A(mx, M34))",
    "L.solve(A(mx, BSQ), A(mx, RS.rand(3, 2)))", "L.solve(A(mx, onp.zeros((2, 2))), A(mx, onp.ones(2)))",
    "L.solve(A(mx, SQ, 'float16'), A(mx, onp.ones((3, 2)), 'float16'))",
    "L.tensorinv(A(mx, RS.rand(4, 6, 8, 3)), ind=1)", "L.tensorinv(A(mx, RS.rand(4, 4)), ind=0)",
    "L.tensorinv(A(mx, onp.eye(4).reshape(4, 2, 2), 'int32'), 1)",
    "L.tensorsolve(A(mx, RS.rand(2, 3, 6)), A(mx, RS.rand(6)), axes=(0,))",
    "L.tensorsolve(A(mx, RS.rand(6, 6)), A(mx, RS.rand(3)))", "L.eigvals(A(mx, [[0., -1], [1, 0]]))",
    "L.eig(A(mx, [[0., -1], [1, 0]]))", "L.eigvals(A(mx, SQ, 'float16'))", "L.eigh(A(mx, SPD, 'float16'))",
    "L.eigvalsh(A(mx, SPD, 'float16'))", "L.pinv(A(mx, SQ), hermitian=True)", "L.pinv(A(mx, [[4, 2]], 'int32'))",
    "L.pinv(A(mx, SQ, 'float16'))", "L.norm(A(mx, M34), axis=[0, 1])", "L.norm(A(mx, M34), ord=True)",
    "L.norm(mx.nd.ones((2, 2)))", "L.norm([[1., 2]])", "L.norm(onp.ones((2, 2)))", "L.svd(mx.nd.ones((2, 2)))",
    "L.det(mx.nd.ones((2, 2)))", "L.eigh(mx.nd.ones((2, 2)))", "L.cholesky([[1., 0], [0, 1]])",
    "L.pinv(mx.nd.ones((2, 2)))", "L.solve(A(mx, onp.eye(2)), mx.nd.ones((2,)))",
])
def test_errors(code):
    def run(mx):
        r = eval(code, {"mx": mx, "L": mx.np.linalg, "A": A, "onp": onp, "RS": onp.random.RandomState(0),
                        **{k: v for k, v in globals().items() if k.isupper()}})
        return [x.asnumpy() for x in r] if isinstance(r, (list, tuple)) else r.asnumpy()
    assert both(run) is None


VALUES = [
    "L.cholesky(A(mx, SPD))", "L.cholesky(A(mx, SPD, 'float64'))", "L.cholesky(A(mx, onp.stack([SPD, 2 * SPD])))",
    "L.cholesky(A(mx, [[4., 100], [2, 5]]))", "L.inv(A(mx, SQ))", "L.inv(A(mx, BSQ, 'float64'))",
    "L.inv(A(mx, onp.zeros((2, 0, 0))))", "L.det(A(mx, SQ))",
    "L.det(A(mx, BSQ, 'float64'))", "L.det(A(mx, onp.zeros((2, 2))))",
    "L.slogdet(A(mx, SQ))", "L.slogdet(A(mx, [[1., 2], [3, 4]]))", "L.slogdet(A(mx, onp.zeros((2, 2))))",
    "L.slogdet(A(mx, BSQ, 'float64'))", "L.solve(A(mx, SQ), A(mx, [1., 2, 3]))",
    "L.solve(A(mx, SQ, 'float64'), A(mx, RS.rand(3, 2), 'float64'))", "L.solve(A(mx, BSQ), A(mx, RS.rand(2, 3)))",
    "L.solve(A(mx, BSQ), A(mx, RS.rand(2, 3, 4)))", "L.tensorinv(A(mx, RS.rand(4, 6, 8, 3) + 0.0), ind=2)",
    "L.tensorinv(A(mx, RS.rand(6, 2, 3)), ind=1)", "L.tensorsolve(A(mx, RS.rand(6, 2, 3)), A(mx, RS.rand(6)))",
    "L.tensorsolve(A(mx, RS.rand(2, 3, 6)), A(mx, RS.rand(6)), axes=(0, 1))",
    "L.tensorsolve(A(mx, onp.eye(4).reshape(4, 2, 2), 'int32'), A(mx, onp.ones(4)))",
    "L.eigvalsh(A(mx, SPD))", "L.eigvalsh(A(mx, SYM))", "L.eigvalsh(A(mx, SYM), UPLO='U')",
    "L.eigvalsh(A(mx, SYM), UPLO=5)", "L.eigvalsh(A(mx, [[1, 2], [2, 4]], 'int32'))",
    "L.eigh(A(mx, SPD))[0]", "L.eigh(A(mx, SYM), 'U')[0]", "L.eigh(A(mx, onp.stack([SPD, SPD * 2]), 'float64'))[0]",
    "L.pinv(A(mx, M34))", "L.pinv(A(mx, M234, 'float64'))", "L.pinv(A(mx, M234), A(mx, [0.1, 0.2]))",
    "L.pinv(A(mx, [[1., 0], [0, 1e-3]]), 1e-2)", "L.pinv(A(mx, M34.T), 0.5)",
]


@pytest.mark.parametrize("code", VALUES)
def test_values(code):
    env = {"L": None, "A": A, "onp": onp, **{k: v for k, v in globals().items() if k.isupper()}}
    res = both(lambda mx: eval(code, {**env, "mx": mx, "L": mx.np.linalg, "RS": onp.random.RandomState(0)}))
    assert res is not None, "both raised"
    assert_arrays(*res, rtol=2e-3, atol=2e-3)


def _eig_invariants(r):
    w, v = r
    wv, vv = w[4], v[4]
    return (w[1:4], v[1:4], onp.sort(wv), onp.sort(onp.abs(vv), axis=None))


@pytest.mark.parametrize("code", ["L.eig(A(mx, SQ))", "L.eig(A(mx, SPD, 'float64'))",
                                  "L.eig(A(mx, [[1, 2], [2, 4]], 'int32'))", "L.eigh(A(mx, SPD))",
                                  "L.eigh(A(mx, SYM), UPLO='U')", "L.eigh(A(mx, [[1, 2], [2, 4]], 'int32'))"])
def test_eig_pairs(code):
    ref, ours = both(lambda mx: eval(code, {"mx": mx, "L": mx.np.linalg, "A": A, "SQ": SQ, "SPD": SPD, "SYM": SYM}),
                     _eig_invariants)
    assert ref[:2] == ours[:2]
    onp.testing.assert_allclose(ours[2], ref[2], rtol=1e-4, atol=1e-5)
    onp.testing.assert_allclose(ours[3], ref[3], rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_eigvals_sorted(dtype):
    x = onp.array([[2., 1, 0], [1, 3, 1], [0, 1, 4]])
    ref, ours = both(lambda mx: mx.np.linalg.eigvals(A(mx, x, dtype)))
    assert ref[1:4] == ours[1:4]
    onp.testing.assert_allclose(onp.sort(ours[4]), onp.sort(ref[4]), rtol=1e-4)


def test_eig_reconstructs():
    import torch2gluon as mx
    mx.npx.set_np()
    w, v = mx.np.linalg.eig(A(mx, SQ, "float64"))
    onp.testing.assert_allclose(SQ @ v.asnumpy(), v.asnumpy() * w.asnumpy()[None, :], atol=1e-10)


GRADS = {
    "norm": "L.norm(x)", "norm_2": "L.norm(x, 2)", "norm_nuc": "L.norm(x, 'nuc')", "norm_inf": "L.norm(x, onp.inf)",
    "norm_1": "L.norm(x, 1)", "norm_axis_3": "L.norm(x, 3, axis=0)", "norm_0": "L.norm(x, 0, axis=0)",
    "norm_fro_axis": "L.norm(x, 'fro', axis=1)", "svd_l": "(L.svd(x)[1] * c).sum()",
    "svd_uv": "(L.svd(x)[0][:, 0:1] * L.svd(x)[2][0:1, :]).sum()", "cholesky": "L.cholesky(x)", "inv": "L.inv(x)",
    "det": "L.det(x)", "slogdet": "L.slogdet(x)[1]", "solve": "L.solve(x, b)", "solve_matrix": "L.solve(x, b2)",
    "tensorinv": "L.tensorinv(x, 1)",
    "tensorsolve": "L.tensorsolve(x, b)", "eig": "L.eig(x)[0]", "eigvals": "L.eigvals(x)", "eigh": "L.eigh(x)[0] * c",
    "eigvalsh": "L.eigvalsh(x) * c", "pinv": "L.pinv(x)",
}


@pytest.mark.parametrize("name", sorted(GRADS))
def test_gradients(name):
    def run(mx):
        x = A(mx, SPD, "float64")
        x.attach_grad()
        env = {"L": mx.np.linalg, "x": x, "onp": onp, "c": A(mx, [1., 2., 3.], "float64"),
               "b": A(mx, [1., -1., 2.], "float64"),
               "b2": A(mx, [[1., 0.5], [-1., 0], [2., 3]], "float64")}
        with mx.autograd.record():
            y = eval(GRADS[name], env)
        y.backward()
        return x.grad.asnumpy()  # MXNet reports a failed backward when the gradient is read
    res = both(run)
    if name == "solve":
        assert res is None
        return
    assert_arrays(*res, rtol=1e-4, atol=1e-6)


def test_zero_norm_gradient_is_nan_like_mxnet():
    def run(mx):
        z = A(mx, onp.zeros((2, 2)))
        z.attach_grad()
        with mx.autograd.record():
            y = mx.np.linalg.norm(z)
        y.backward()
        return z.grad
    ref, ours = both(run)
    assert onp.isnan(ref[4]).all() and onp.isnan(ours[4]).all()


FALLBACK = ["L.cond(x)", "L.matrix_rank(x)", "L.matrix_power(x, 3)", "L.multi_dot([x, x, x])", "L.qr(x)",
            "L.qr(x, mode='r')", "L.lstsq(x, A(mx, [1., 1., 1.]), rcond=None)"]


@pytest.mark.parametrize("code", FALLBACK)
def test_fallbacks(code):
    ref, ours = both(lambda mx: eval(code, {"L": mx.np.linalg, "x": A(mx, SQ), "A": A, "mx": mx}))
    assert_arrays(ref, ours, rtol=1e-4, atol=1e-5)


def test_fallback_refused_under_record():
    def run(mx):
        x = A(mx, SQ)
        with mx.autograd.record():
            return mx.np.linalg.qr(x)
    assert both(run) is None


def test_outside_np_shape():
    for m in MODULES:
        m.npx.reset_np()
    for code in ["L.det(x)", "L.slogdet(x)", "L.norm(x)", "L.inv(x)", "L.norm(x, axis=1)", "L.det(A(mx, BSQ))"]:
        res = both(lambda mx: eval(code, {"L": mx.np.linalg, "x": A(mx, [[3., 1], [1, 2]]), "A": A, "mx": mx,
                                          "BSQ": BSQ}))
        assert_arrays(*res)


WIDE_GRADS = ["(L.svd(x)[1] * A(mx, [1., 2.], 'float64')).sum()", "L.norm(x, 'nuc')", "L.norm(x, 2)",
              "L.norm(x, -2)", "L.norm(x, 'fro', axis=1)", "L.norm(x, 3, axis=1, keepdims=True)",
              "L.norm(x, 1)", "L.norm(x, -1)", "L.norm(x, 'inf', axis=(0, 1))", "L.norm(x, onp.inf)",
              "L.norm(x, 0.5, axis=0)", "(L.svd(x)[0][:, 0:1] * L.svd(x)[2][0:1, :]).sum()"]


@pytest.mark.parametrize("code", WIDE_GRADS)
def test_gradients_wide_matrix(code):
    x0 = onp.array([[1.0, -2.0, 0.5], [0.3, 1.5, -1.0]])

    def run(mx):
        x = A(mx, x0, "float64")
        x.attach_grad()
        with mx.autograd.record():
            y = eval(code, {"L": mx.np.linalg, "x": x, "A": A, "mx": mx, "onp": onp})
        y.backward()
        return x.grad.asnumpy()
    ref, ours = both(run)
    onp.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-6)
