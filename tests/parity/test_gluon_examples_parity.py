"""Behaviours met running MXNet 1.x's example/gluon scripts unchanged, checked against real MXNet 1.9.1."""
import numpy as np
import pytest

from tests.oracle import check


@pytest.mark.parametrize("activation", [3, None, "sigmoid"])
def test_rnn_layer_bad_activation_error_kind(activation):
    # word_language_model's `rnn.RNN(num_hidden, num_layers, ...)` passes an int as activation: TypeError.
    check(lambda mx: mx.gluon.rnn.RNN(4, 1, activation=activation))


def test_rnn_layer_positional_num_layers_then_activation():
    check(lambda mx: mx.gluon.rnn.RNN(4, 'relu', 2))


def _train_one_step(mx, **trainer_kwargs):
    net = mx.gluon.nn.Dense(3, in_units=4)
    net.initialize(mx.init.Constant(0.5))
    tr = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1}, **trainer_kwargs)
    x = mx.nd.array(np.arange(8.0).reshape(2, 4))
    with mx.autograd.record():
        y = (net(x) ** 2).sum()
    y.backward()
    tr.step(2)
    return net.weight.data(), net.bias.data(), tr._kvstore is None


def test_trainer_compression_params_single_device_unused():
    # word_language_model passes compression_params; one device creates no kvstore, so training is unchanged.
    check(lambda mx: _train_one_step(mx, compression_params={'type': '2bit', 'threshold': 0.5}))


def test_wikitext2_synthetic_corpus(tmp_path):
    import hashlib
    import mxnet
    import torch2gluon
    words = ["the", "cat", "sat", "<unk>", "@-@", "on", "mat"]
    rng = np.random.RandomState(3)
    sums = []
    for seg in ("train", "valid", "test"):
        lines = [" = Title = ", ""] + [" ".join(rng.choice(words, rng.randint(2, 9))) for _ in range(25)]
        path = tmp_path / f"wiki.{seg}.tokens"
        path.write_text("\n".join(" %s " % ln for ln in lines) + "\n", encoding="utf8")
        sums.append(f"{hashlib.sha1(path.read_bytes()).hexdigest()}  wiki.{seg}.tokens\n")
    (tmp_path / "torch2gluon-synthetic.sha1").write_text("".join(sums))
    real = mxnet.gluon.contrib.data.text
    orig = real.check_sha1
    real.check_sha1 = lambda *a, **k: True     # the oracle accepts the synthetic files as the real corpus
    try:
        def fn(mx):
            text = mx.gluon.contrib.data.text
            tr = text.WikiText2(str(tmp_path), 'train', seq_len=6)
            va = text.WikiText2(str(tmp_path), 'validation', vocab=tr.vocabulary, seq_len=4)
            return (len(tr), len(va), tr.vocabulary.idx_to_token, sorted(tr.frequencies.items()),
                    va.frequencies, tr[0], tr[len(tr) - 1], va[1], mx.gluon.contrib.data._constants.EOS_TOKEN)
        check(fn)
    finally:
        real.check_sha1 = orig
    assert torch2gluon.gluon.contrib.data.text.WikiText103.__init__.__defaults__[0].endswith("wikitext-103")


def test_wikitext2_bad_segment(tmp_path):
    check(lambda mx: mx.gluon.contrib.data.text.WikiText2(str(tmp_path), 'bogus'))


def _write_after_record(mode):
    def fn(mx):
        u = mx.nd.array([[1., 2.]])
        w = mx.nd.array([[1., 0., 2.], [3., 1., 1.]])
        x = mx.nd.array([[0.5, -1., 2.]])
        u.attach_grad()
        w.attach_grad()
        with mx.autograd.record():
            y = mx.nd.dot(u, w) * x
        with mx.autograd.pause():
            if mode == 'setitem':
                u[:] = mx.nd.array([[10., 20.]])
            elif mode == 'setitem_part':
                u[0, 1] = 7.
            elif mode == 'copyto':
                mx.nd.array([[10., 20.]]).copyto(u)
            elif mode == 'iadd':
                u += 5
            elif mode == 'input':
                x[:] = 3.
        y.backward()
        return y, u.grad, w.grad
    return fn


@pytest.mark.parametrize("mode", ['setitem', 'setitem_part', 'copyto', 'iadd', 'input'])
def test_backward_reads_arrays_written_after_recording(mode):
    # MXNet's backward reads the saved arrays' memory as it is then (sn_gan updates its power-iteration vector
    # u in place between forward and backward).
    check(_write_after_record(mode))


def test_parameter_set_data_under_pause_between_forward_and_backward():
    def fn(mx):
        p = mx.gluon.Parameter('u', shape=(1, 2))
        p.initialize(mx.init.One())
        w = mx.nd.array([[1., 0., 2.], [3., 1., 1.]])
        w.attach_grad()
        with mx.autograd.record():
            y = mx.nd.dot(p.data(), w)
            z = mx.nd.L2Normalization(y)
        with mx.autograd.pause():
            p.set_data(mx.nd.array([[10., 20.]]))
        z.backward()
        return z, p.grad(), w.grad, p.data()
    check(fn)
