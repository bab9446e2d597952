"""mx.metric parity with MXNet 1.9.1 (from MXNet's test_metric.py sweep)."""
import numpy as np

from tests.oracle import check

_RS = np.random.RandomState(3)
_BATCHES = [(_RS.rand(4, 3), _RS.rand(4, 3)) for _ in range(3)] + [(np.array([[1, 2], [3, 2], [4, 6.]]),
                                                                    np.array([[1, 0], [0, 1], [0, 1.]]))]


def test_pearsonr_micro_is_bit_exact():
    """'micro' PearsonCorrelation streams moments with numpy's sums: the oracle's value to the last bit."""
    def snippet(mx):
        m = mx.metric.create("pearsonr", average="micro")
        out = []
        for pred, label in _BATCHES:
            m.update([mx.nd.array(label)], [mx.nd.array(pred)])
            out.append(m.get()[1])
        return out, m.get_global()
    check(snippet, atol=0, rtol=0)


def test_metric_family_values():
    """acc/top-k/ce/nll/perplexity/mse/mae/rmse/f1/mcc/pcc/loss over two updates, local and global."""
    pred = np.array([[0.1, 0.3, 0.6], [0.5, 0.2, 0.3], [0.2, 0.7, 0.1]])
    label = np.array([2, 1, 1])

    def snippet(mx):
        out = {}
        for name, kw in [("acc", {}), ("top_k_accuracy", {"top_k": 2}), ("ce", {}), ("nll_loss", {}),
                         ("perplexity", {"ignore_label": None}), ("pcc", {})]:
            m = mx.metric.create(name, **kw)
            for _ in range(2):
                m.update([mx.nd.array(label)], [mx.nd.array(pred)])
            out[name] = (m.get(), m.get_global(), m.num_inst)
        for name in ("mse", "mae", "rmse"):
            m = mx.metric.create(name)
            m.update(mx.nd.array(pred[:, :1] + 0.1), mx.nd.array(pred[:, :1]))
            out[name] = m.get()
        b_pred = np.array([[0.1, 0.9], [0.5, 0.5], [0.85, 0.15], [1.0, 0.0]])
        b_label = np.array([1, 0, 1, 0])
        for name in ("f1", "mcc"):
            m = mx.metric.create(name, average="micro")
            m.update([mx.nd.array(b_label)], [mx.nd.array(b_pred)])
            out[name] = m.get()
        m = mx.metric.create("loss")
        m.update(None, mx.nd.array(pred))
        out["loss"] = m.get()
        return out
    check(snippet)


def test_pearsonr_macro_is_bit_exact():
    """'macro' PearsonCorrelation uses numpy.corrcoef per batch: the oracle's value to the last bit."""
    def snippet(mx):
        m = mx.metric.create("pearsonr")
        out = []
        for pred, label in _BATCHES + [(np.array([[0.7, 0.3], [0.1, 0.9], [1., 0]]),
                                        np.array([[0, 1], [1, 0], [1, 0.]]))]:
            m.update([mx.nd.array(label)], [mx.nd.array(pred)])
            out.append(m.get()[1])
        return out, m.get_global()
    check(snippet, atol=0, rtol=0)
