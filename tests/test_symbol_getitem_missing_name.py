"""Symbol['name'] with no such output: MXNet 1.9.1's ValueError and its text (the official PyTorch-to-MXNet
guide indexes get_internals() with a name that a model-zoo network does not have)."""
import pytest

from tests.oracle import MODULES, MODULE_IDS


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_missing_output_name_message(mx):
    data = mx.sym.var("data")
    out = mx.sym.FullyConnected(data, num_hidden=3, name="fc")
    internals = out.get_internals()
    with pytest.raises(ValueError) as e:
        internals["model_dense0_relu_fwd_output"]
    assert str(e.value) == 'Cannot find output that matches name "model_dense0_relu_fwd_output"'
    assert internals["fc_output"].name == "fc"
