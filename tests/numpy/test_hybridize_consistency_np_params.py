"""`test_utils.check_gluon_hybridize_consistency` on a numpy-mode block with parameters (a Dense layer): reruns
start from the first network's parameters without tripping set_data's array-kind check, as in MXNet."""
import numpy as onp

from tests.oracle import check


def test_np_block_with_parameters():
    x = onp.random.RandomState(0).uniform(size=(4, 3, 5)).astype("float32")

    def fn(mx):
        mx.npx.set_np()
        try:
            class Net(mx.gluon.HybridBlock):
                def __init__(self, prefix=None, params=None):
                    super().__init__(prefix=prefix, params=params)
                    with self.name_scope():
                        self.layer = mx.gluon.nn.Dense(6, flatten=False)

                def hybrid_forward(self, F, a):  # pylint: disable=arguments-differ
                    return self.layer(a[:, -1, :])
            mx.test_utils.check_gluon_hybridize_consistency(Net, [mx.np.array(x)])
            return "consistent"
        finally:
            mx.npx.reset_np()
    check(fn)
