"""Block/Parameter naming and collect_params against real MXNet 1.9.1."""
import subprocess
import sys
import textwrap

import mxnet
import torch2gluon

NAMING_SNIPPET = textwrap.dedent("""
    import sys
    mx = __import__(sys.argv[1])
    nn = mx.gluon.nn
    out = []
    a = nn.Dense(3); b = nn.Dense(4)
    out.append([a.name, b.name, a.prefix])
    net = nn.Sequential()
    with net.name_scope():
        net.add(nn.Dense(5, activation='relu'), nn.Dense(2), nn.Dropout(0.5), nn.Flatten())
    outside = nn.Dense(7)
    net.add(outside)
    out.append(list(net.collect_params().keys()))
    out.append(list(net.collect_params('.*bias').keys()))
    net2 = nn.HybridSequential()
    with net2.name_scope():
        net2.add(nn.Dense(5))
    out.append(list(net2.collect_params().keys()))
    class MyBlock(mx.gluon.HybridBlock):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.fc = nn.Dense(2)
                self.w = self.params.get('myw', shape=(2, 2))
        def hybrid_forward(self, F, x, w):
            return self.fc(F.dot(x, w))
    m = MyBlock()
    out.append([m.name] + list(m.collect_params().keys()))
    out.append(sorted(m._collect_params_with_prefix().keys()))
    p = nn.Dense(3, prefix='foo_')
    out.append(list(p.collect_params().keys()))
    act = nn.Activation('tanh')
    out.append([act.name, repr(act), repr(nn.Dense(3, in_units=4)), repr(nn.Dense(3, activation='relu'))])
    print(repr(out))
""")


def _run(modname):
    res = subprocess.run([sys.executable, "-c", NAMING_SNIPPET, modname], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


def test_names_match_mxnet_in_fresh_process():
    assert _run("torch2gluon") == _run("mxnet")


def test_collect_params_regex_and_order():
    for mx in (mxnet, torch2gluon):
        net = mx.gluon.nn.HybridSequential(prefix="net_")
        with net.name_scope():
            net.add(mx.gluon.nn.Dense(4), mx.gluon.nn.Dense(2))
        assert list(net.collect_params().keys()) == ["net_dense0_weight", "net_dense0_bias",
                                                     "net_dense1_weight", "net_dense1_bias"]
        assert list(net.collect_params("net_dense1.*").keys()) == ["net_dense1_weight", "net_dense1_bias"]


def test_top_level_names_come_from_name_manager_like_mxnet():
    import threading

    import mxnet
    import torch2gluon
    res = []
    for mx in (mxnet, torch2gluon):
        out = []
        with mx.name.NameManager():
            out += [mx.gluon.nn.Dense(2).name, mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2).name,
                    mx.gluon.nn.Dense(2).name]
        with mx.name.Prefix("p_"):
            out.append(mx.gluon.nn.Dense(2).prefix)
        with mx.name.NameManager():
            thread_names = []
            t = threading.Thread(target=lambda: thread_names.append(mx.gluon.nn.Conv2D(2, 3).name))
            t.start()
            t.join()
            out.append(thread_names[0].rstrip("0123456789"))  # a thread has its own manager
        res.append(out)
    assert res[0] == res[1]


def test_empty_prefix_children_name_symbols_in_the_parent_scope():
    """Blocks made with prefix='' open no name scope: their symbol nodes count on in the parent's
    (resnet's stage activations are unique, so feature extraction by node name works)."""
    from tests.oracle import check

    def snippet(mx):
        nn = mx.gluon.nn

        class Unit(mx.gluon.HybridBlock):
            def __init__(self, **kw):
                super().__init__(**kw)
                with self.name_scope():
                    self.act = nn.Activation("relu")

            def hybrid_forward(self, F, x):
                return F.Activation(self.act(x), act_type="relu")

        with mx.name.NameManager():
            net = nn.HybridSequential(prefix="stage1_")
            with net.name_scope():
                net.add(Unit(prefix=""), Unit(prefix=""))
            out = net(mx.sym.var("data"))
        return out.get_internals().list_outputs()
    check(snippet)
