"""mx.np.random.pareto/weibull/power with a 0-d result (size=None or ()) and a parameter array, plain and in a
hybridized block: one draw of MXNet's stream (they raised TypeError from torch.from_numpy on a numpy scalar)."""
import pytest

from tests.oracle import check


@pytest.mark.parametrize("op", ["pareto", "weibull", "power"])
@pytest.mark.parametrize("size", [None, (), (2,)])
@pytest.mark.parametrize("hybridize", [False, True])
def test_one_parameter_sampler_0d(op, size, hybridize):
    def fn(mx):
        mx.npx.set_np()
        try:
            class Draw(mx.gluon.HybridBlock):
                def hybrid_forward(self, F, a):  # pylint: disable=arguments-differ
                    return getattr(F.np.random, op)(a, size=size)
            net = Draw()
            if hybridize:
                net.hybridize()
            mx.npx.random.seed(3)
            return net(mx.np.array(1.5)).as_nd_ndarray()
        finally:
            mx.npx.reset_np()
    check(fn, rtol=1e-6, atol=1e-7)  # (an array parameter: MXNet's last float32 bit may differ, see numpy/random.py)
