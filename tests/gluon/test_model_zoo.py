"""gluon.model_zoo.vision against real MXNet 1.9.1: names, shapes, repr, MXNet weights in -> same outputs."""
import os
import re

import numpy as np
import pytest

import mxnet
import torch2gluon

ALL_MODELS = ["alexnet", "densenet121", "densenet161", "densenet169", "densenet201", "inceptionv3",
              "mobilenet1.0", "mobilenet0.75", "mobilenet0.5", "mobilenet0.25",
              "mobilenetv2_1.0", "mobilenetv2_0.75", "mobilenetv2_0.5", "mobilenetv2_0.25",
              "resnet18_v1", "resnet34_v1", "resnet50_v1", "resnet101_v1", "resnet152_v1",
              "resnet18_v2", "resnet34_v2", "resnet50_v2", "resnet101_v2", "resnet152_v2",
              "squeezenet1.0", "squeezenet1.1", "vgg11", "vgg13", "vgg16", "vgg19",
              "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"]

# Forward checks (the machine is small): one or more per family, input side as the net allows
# (DenseNet and SqueezeNet end in fixed 7x7 / 13x13 average pools, Inception v3 needs 299).
FORWARD = {"alexnet": 64, "densenet121": 224, "inceptionv3": 299, "mobilenet1.0": 32, "mobilenet0.25": 32,
           "mobilenetv2_1.0": 32, "mobilenetv2_0.5": 32, "resnet18_v1": 32, "resnet50_v1": 32,
           "resnet18_v2": 32, "resnet50_v2": 32, "squeezenet1.0": 224, "squeezenet1.1": 224,
           "vgg11_bn": 32}


def _names_shapes(net):
    return [(k[len(net.prefix):], v.shape, v.grad_req) for k, v in net.collect_params().items()]


def _family(prefix):
    return re.sub(r"\d+_$", "", prefix)


def test_public_names_match_mxnet():
    want = {n for n in dir(mxnet.gluon.model_zoo.vision) if not n.startswith("_")}
    have = {n for n in dir(torch2gluon.gluon.model_zoo.vision) if not n.startswith("_")}
    assert want - have == set()
    for n in ("get_model_file", "purge", "short_hash", "apache_repo_url", "_url_format", "_model_sha1"):
        assert hasattr(torch2gluon.gluon.model_zoo.model_store, n), n


@pytest.mark.parametrize("name", ALL_MODELS)
def test_names_shapes_repr(name):
    ref = mxnet.gluon.model_zoo.vision.get_model(name, classes=10)
    ours = torch2gluon.gluon.model_zoo.vision.get_model(name, classes=10)
    assert _family(ours.prefix) == _family(ref.prefix)
    assert _names_shapes(ours) == _names_shapes(ref)
    assert repr(ours) == repr(ref)


def _randomize_bn(mx, net, rng):
    for k, p in net.collect_params().items():
        if k.endswith(("_gamma", "_running_var")):
            p.set_data(mx.nd.array(rng.uniform(0.5, 1.5, p.shape)))
        elif k.endswith(("_beta", "_running_mean")):
            p.set_data(mx.nd.array(rng.uniform(-0.2, 0.2, p.shape)))


@pytest.mark.parametrize("name", sorted(FORWARD))
def test_forward_with_mxnet_weights(name, tmp_path):
    side = FORWARD[name]
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (1, 3, side, side)).astype(np.float32)
    ref = mxnet.gluon.model_zoo.vision.get_model(name, classes=10)
    ref.initialize(mxnet.init.Xavier())
    ref(mxnet.nd.array(x))  # resolve deferred shapes
    _randomize_bn(mxnet, ref, rng)
    y_ref = ref(mxnet.nd.array(x)).asnumpy()
    path = str(tmp_path / "w.params")
    ref.save_parameters(path)

    ours = torch2gluon.gluon.model_zoo.vision.get_model(name, classes=10)
    ours.load_parameters(path)
    assert _names_shapes(ours) == _names_shapes(ref)
    y = ours(torch2gluon.nd.array(x))
    assert y.shape == y_ref.shape == (1, 10)
    assert y.dtype == np.float32
    scale = max(1.0, float(np.abs(y_ref).max()))
    np.testing.assert_allclose(y.asnumpy(), y_ref, rtol=1e-4, atol=1e-4 * scale)


def test_training_mode_forward_and_running_stats(tmp_path):
    """BatchNorm in training mode (batch statistics, running stats updated on backward) through a ResNet."""
    rng = np.random.RandomState(1)
    x = rng.uniform(-1, 1, (2, 3, 32, 32)).astype(np.float32)
    ref = mxnet.gluon.model_zoo.vision.resnet18_v2(classes=10, thumbnail=True)
    ref.initialize(mxnet.init.Xavier())
    ref(mxnet.nd.array(x))
    path = str(tmp_path / "w.params")
    ref.save_parameters(path)
    ours = torch2gluon.gluon.model_zoo.vision.resnet18_v2(classes=10, thumbnail=True)
    ours.load_parameters(path)
    outs = []
    for mx, net in ((mxnet, ref), (torch2gluon, ours)):
        with mx.autograd.record():
            y = net(mx.nd.array(x))
        y.backward()
        outs.append((y.asnumpy(), {k[len(net.prefix):]: v.data().asnumpy() for k, v in net.collect_params().items()}))
    np.testing.assert_allclose(outs[1][0], outs[0][0], rtol=1e-4, atol=1e-4)
    for k, v in outs[0][1].items():
        np.testing.assert_allclose(outs[1][1][k], v, rtol=1e-4, atol=1e-5, err_msg=k)


def test_get_model_unknown_name():
    for mx in (mxnet, torch2gluon):
        with pytest.raises(ValueError, match="Model resnet19_v1 is not supported"):
            mx.gluon.model_zoo.vision.get_model("ResNet19_v1")


def test_get_model_is_case_insensitive_and_passes_kwargs():
    net = torch2gluon.gluon.model_zoo.vision.get_model("SqueezeNet1.1", classes=7, prefix="sq_")
    assert net.prefix == "sq_" and net.output[0].weight.shape == (7, 0, 1, 1)
    net.initialize()
    assert net(torch2gluon.nd.ones((1, 3, 224, 224))).shape == (1, 7)
    assert net.output[0].weight.shape == (7, 512, 1, 1)


def test_bad_arguments_match_mxnet():
    for mx in (mxnet, torch2gluon):
        v = mx.gluon.model_zoo.vision
        with pytest.raises(AssertionError):
            v.get_resnet(3, 18)
        with pytest.raises(AssertionError):
            v.get_resnet(1, 19)
        with pytest.raises(AssertionError):
            v.SqueezeNet("1.2")
        with pytest.raises(KeyError):
            v.get_vgg(12)
        with pytest.raises(KeyError):
            v.densenet.get_densenet(100)


def test_model_store_table_matches_mxnet():
    ours = torch2gluon.gluon.model_zoo.model_store
    ref = mxnet.gluon.model_zoo.model_store
    assert ours._model_sha1 == ref._model_sha1
    assert ours.short_hash("resnet50_v1") == ref.short_hash("resnet50_v1") == "0aee57f9"
    for mx in (mxnet, torch2gluon):
        with pytest.raises(ValueError, match="Pretrained model for nope is not available"):
            mx.gluon.model_zoo.model_store.short_hash("nope")


def _fake_pretrained(monkeypatch, tmp_path, name, net_ref, full_names):
    """Write MXNet's weights as the cached pretrained file of `name`, registering its sha1."""
    store = torch2gluon.gluon.model_zoo.model_store
    tmp = str(tmp_path / "tmp.params")
    if full_names:  # the format of MXNet's published files: full names without the net prefix
        net_ref.collect_params().save(tmp, strip_prefix=net_ref.prefix)
    else:
        net_ref.save_parameters(tmp)
    import hashlib
    sha1 = hashlib.sha1(open(tmp, "rb").read()).hexdigest()
    monkeypatch.setitem(store._model_sha1, name, sha1)
    os.replace(tmp, str(tmp_path / f"{name}-{sha1[:8]}.params"))


@pytest.mark.parametrize("full_names", [True, False])
def test_pretrained_reads_cached_file_offline(monkeypatch, tmp_path, full_names):
    rng = np.random.RandomState(2)
    x = rng.uniform(-1, 1, (1, 3, 32, 32)).astype(np.float32)
    ref = mxnet.gluon.model_zoo.vision.mobilenet0_25()
    ref.initialize(mxnet.init.Xavier())
    ref(mxnet.nd.array(x))
    _randomize_bn(mxnet, ref, rng)
    y_ref = ref(mxnet.nd.array(x)).asnumpy()
    _fake_pretrained(monkeypatch, tmp_path, "mobilenet0.25", ref, full_names)
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")  # any download attempt would fail
    net = torch2gluon.gluon.model_zoo.vision.get_model("mobilenet0.25", pretrained=True, root=str(tmp_path))
    np.testing.assert_allclose(net(torch2gluon.nd.array(x)).asnumpy(), y_ref, rtol=1e-4, atol=1e-5)
    net = torch2gluon.gluon.model_zoo.vision.get_mobilenet(0.25, pretrained=True, root=str(tmp_path),
                                                          ctx=torch2gluon.cpu(1))
    assert {str(c) for p in net.collect_params().values() for c in p.list_ctx()} == {"cpu(1)"}
    # default root: $MXNET_HOME/models
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    for f in tmp_path.glob("mobilenet0.25-*.params"):
        os.replace(str(f), str(home / "models" / f.name))
    monkeypatch.setenv("MXNET_HOME", str(home))
    net = torch2gluon.gluon.model_zoo.vision.mobilenet0_25(pretrained=True)
    np.testing.assert_allclose(net(torch2gluon.nd.array(x)).asnumpy(), y_ref, rtol=1e-4, atol=1e-5)


def test_pretrained_offline_missing_file_raises_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")
    with pytest.raises(RuntimeError, match=r"resnet18_v1-a0666292\.params"):
        torch2gluon.gluon.model_zoo.vision.resnet18_v1(pretrained=True, root=str(tmp_path / "models"))
    assert [f for f in os.listdir(tmp_path / "models")] == []  # no partial files left behind


def test_get_model_file_url_and_stale_file(monkeypatch, tmp_path):
    """A cached file with the wrong SHA-1 is fetched again from {repo}gluon/models/{name}-{hash}.zip."""
    import hashlib
    import zipfile
    store = torch2gluon.gluon.model_zoo.model_store
    monkeypatch.setitem(store._model_sha1, "vgg11", hashlib.sha1(b"fresh").hexdigest())
    fname = f"vgg11-{store.short_hash('vgg11')}"
    (tmp_path / f"{fname}.params").write_bytes(b"stale")
    seen = []

    def fake_download(url, path=None, overwrite=False, **kw):
        seen.append((url, overwrite))
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(f"{fname}.params", b"fresh")
        return path

    monkeypatch.setattr(store, "download", fake_download)
    monkeypatch.setenv("MXNET_GLUON_REPO", "https://example.org/repo")
    path = store.get_model_file("vgg11", root=str(tmp_path))
    assert seen == [(f"https://example.org/repo/gluon/models/{fname}.zip", True)]
    assert path == str(tmp_path / f"{fname}.params") and open(path, "rb").read() == b"fresh"
    assert os.listdir(tmp_path) == [f"{fname}.params"]  # zip and temp folder removed
    assert store.get_model_file("vgg11", root=str(tmp_path)) == path and len(seen) == 1  # cached now
    store.purge(str(tmp_path))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name,side", [("squeezenet1.1", 224), ("mobilenetv2_0.25", 32), ("resnet18_v2", 32)])
def test_export_both_ways(name, side, tmp_path):
    """A hybridized model-zoo net exported here loads in real MXNet (and MXNet's export loads here)."""
    x = np.random.RandomState(4).uniform(-1, 1, (1, 3, side, side)).astype(np.float32)
    for src, dst in ((torch2gluon, mxnet), (mxnet, torch2gluon)):
        net = src.gluon.model_zoo.vision.get_model(name, classes=10)
        net.initialize(src.init.Xavier())
        net.hybridize()
        y = net(src.nd.array(x)).asnumpy()
        base = str(tmp_path / f"{src.__name__}_{name}")
        net.export(base)
        loaded = dst.gluon.SymbolBlock.imports(base + "-symbol.json", ["data"], base + "-0000.params")
        np.testing.assert_allclose(loaded(dst.nd.array(x)).asnumpy(), y, rtol=1e-4, atol=1e-5)
