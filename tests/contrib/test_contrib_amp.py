"""mx.contrib.amp against real MXNet 1.9.1: operator casting after amp.init(), Gluon layers, symbols, loss scaling.

`amp.init()` patches the operator namespaces for the rest of the process (in both libraries), so each scenario
runs in a fresh subprocess per library and the printed results are compared. Errors print only their kind
(message texts differ). MXNet's CPU build has no float16 FullyConnected/Convolution kernels, so the low-precision
cases compare dtypes (values would fail on the oracle's side); loss scaling compares numbers.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_PRELUDE = {
    "mxnet": "import mxnet as mx\nfrom mxnet.contrib import amp\nERR = mx.base.MXNetError\n",
    "torch2gluon": "import torch2gluon as mx\nfrom torch2gluon.contrib import amp\nERR = mx.base.MXNetError\n",
}
_HELPERS = """
import json, warnings
warnings.simplefilter('ignore')
OUT = {}
def kind(e):
    return 'MXNetError' if isinstance(e, ERR) else type(e).__name__
def dt(name, f):
    try:
        r = f()
        OUT[name] = str(r.dtype) if not isinstance(r, (list, tuple)) else [str(v.dtype) for v in r]
    except Exception as e:  # noqa: BLE001
        OUT[name] = 'error ' + kind(e)
"""


def _run(lib, code):
    src = _PRELUDE[lib] + _HELPERS + textwrap.dedent(code) + "\nprint('@@' + json.dumps(OUT, sort_keys=True))\n"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    p = subprocess.run([sys.executable, "-c", src], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("@@")]
    assert lines, f"{lib} failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return json.loads(lines[-1][2:])


def _both(code):
    ref, ours = _run("mxnet", code), _run("torch2gluon", code)
    assert ours == ref
    return ours


OPS_CODE = """
amp.init()
OUT['flags'] = [amp.amp._amp_initialized, amp.amp._amp_loss_scale_initialized,
                type(amp.amp._loss_scaler).__name__, hasattr(amp, '_amp_initialized')]
x = mx.nd.ones((2, 3)); w = mx.nd.ones((4, 3)); b = mx.nd.ones((4,))
h = x.astype('float16')
dt('FullyConnected', lambda: mx.nd.FullyConnected(x, w, b, num_hidden=4))
dt('op.FullyConnected', lambda: mx.nd.op.FullyConnected(x, w, b, num_hidden=4))
dt('Convolution', lambda: mx.nd.Convolution(mx.nd.ones((1, 1, 3, 3)), mx.nd.ones((1, 1, 2, 2)), no_bias=True,
                                            kernel=(2, 2), num_filter=1))
for name, f in [('h+x', lambda: h + x), ('x+h', lambda: x + h), ('h-x', lambda: h - x), ('x*h', lambda: x * h),
                ('h/x', lambda: h / x), ('h==x', lambda: h == x), ('h>x', lambda: h > x), ('h**x', lambda: h ** x),
                ('h+1', lambda: h + 1), ('h+=x', lambda: h.copy().__iadd__(x)), ('nd.add', lambda: mx.nd.add(h, x)),
                ('nd.maximum', lambda: mx.nd.maximum(h, x)), ('broadcast_add', lambda: mx.nd.broadcast_add(h, x)),
                ('elemwise_add', lambda: mx.nd.elemwise_add(h, x)), ('exp', lambda: mx.nd.exp(h)),
                ('h.exp', lambda: h.exp()), ('h.sum', lambda: h.sum()), ('x.sum', lambda: x.sum()),
                ('concat', lambda: mx.nd.concat(h, x, dim=0)), ('stack', lambda: mx.nd.stack(h, x)),
                ('dot', lambda: mx.nd.dot(h, x.T)), ('add_n', lambda: mx.nd.add_n(h, x, h)),
                ('where', lambda: mx.nd.where(x, h, x)),
                ('batch_dot', lambda: mx.nd.batch_dot(h.reshape((1, 2, 3)), x.reshape((1, 3, 2)))),
                ('softrelu32', lambda: mx.nd.Activation(x, act_type='softrelu')),
                ('softrelu16', lambda: mx.nd.Activation(h, act_type='softrelu')),
                ('relu16', lambda: mx.nd.Activation(h, act_type='relu')),
                ('elu16', lambda: mx.nd.LeakyReLU(h, act_type='elu')), ('softmax16', lambda: mx.nd.softmax(h)),
                ('BatchNorm16', lambda: mx.nd.BatchNorm(h, mx.nd.ones(3), mx.nd.zeros(3), mx.nd.zeros(3),
                                                       mx.nd.ones(3))),
                ('LayerNorm16', lambda: mx.nd.LayerNorm(h, mx.nd.ones(3), mx.nd.zeros(3))),
                ('SoftmaxOutput', lambda: mx.nd.SoftmaxOutput(x, mx.nd.zeros(2))),
                ('Embedding', lambda: mx.nd.Embedding(mx.nd.array([0, 1]), w, input_dim=4, output_dim=3)),
                ('Dropout16', lambda: mx.nd.Dropout(h)), ('int+int', lambda: mx.nd.ones(2, dtype='int32') + 1)]:
    dt(name, f)
"""


def test_amp_init_casts_ndarray_operators_as_mxnet():
    out = _both(OPS_CODE)
    assert out["FullyConnected"] == "<class 'numpy.float16'>" and out["h+x"] == "<class 'numpy.float32'>"
    assert out["flags"] == [True, False, "LossScaler", False]


GLUON_CODE = """
amp.init()
x = mx.nd.ones((2, 3))
net = mx.gluon.nn.Dense(4); net.initialize()
dt('Dense', lambda: net(x))
dt('Dense16', lambda: net(x.astype('float16')))
seq = mx.gluon.nn.HybridSequential()
seq.add(mx.gluon.nn.Dense(4), mx.gluon.nn.LayerNorm(), mx.gluon.nn.Activation('softrelu'), mx.gluon.nn.Dense(2))
seq.initialize()
dt('seq eager', lambda: seq(x))
seq.hybridize()
dt('seq hybridized', lambda: seq(x))
dt('seq hybridized again', lambda: seq(x))
class Mix(mx.gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return [a + b, F.concat(a, b, dim=0), F.exp(a), F.softmax(b)]
mix = Mix()
a16 = x.astype('float16')
dt('mix eager', lambda: mix(a16, x))
mix.hybridize()
dt('mix hybridized', lambda: mix(a16, x))
conv = mx.gluon.nn.Conv2D(2, 3, in_channels=1); conv.initialize()
dt('Conv2D', lambda: conv(mx.nd.ones((1, 1, 4, 4))))
lstm = mx.gluon.rnn.LSTM(5, num_layers=1); lstm.initialize()
dt('LSTM', lambda: lstm(mx.nd.ones((3, 2, 4))))
emb = mx.gluon.nn.Embedding(10, 4); emb.initialize()
dt('Embedding', lambda: emb(mx.nd.array([1, 2])))
dt('SoftmaxCrossEntropyLoss16', lambda: mx.gluon.loss.SoftmaxCrossEntropyLoss()(a16, mx.nd.array([0, 1])))
dt('L2Loss', lambda: mx.gluon.loss.L2Loss()(a16, x))
bn = mx.gluon.nn.BatchNorm(); bn.initialize()
dt('BatchNorm16', lambda: bn(a16))
"""


def test_amp_gluon_layers_follow_the_casts_eager_and_hybridized():
    out = _both(GLUON_CODE)
    assert out["seq hybridized"] == "<class 'numpy.float16'>" and out["seq eager"].startswith("error")


SYMBOL_CODE = """
amp.init()
d = mx.sym.var('data')
s = mx.sym.FullyConnected(d, num_hidden=4, name='fc')
s2 = mx.sym.Activation(s, act_type='softrelu')
s3 = mx.sym.Activation(s2, act_type='relu')
s4 = mx.sym.BatchNorm(s3 + d, name='bn')
s5 = mx.sym.concat(mx.sym.maximum(s4, d), mx.sym.exp(d))
OUT['internals'] = s5.get_internals().list_outputs()
OUT['same json'] = s5.tojson() == s5.tojson(remove_amp_cast=True)
g = json.loads(s5.tojson(remove_amp_cast=False))
OUT['nodes'] = [(n['op'], n['name'], n['inputs'], n.get('attrs', {}).get('dtype')) for n in g['nodes']]
OUT['clean'] = [(n['op'], n['name']) for n in json.loads(s5.tojson())['nodes']]
OUT['args'] = s5.list_arguments()
OUT['aux'] = s5.list_auxiliary_states()
"""


def test_amp_symbols_get_amp_cast_and_multicast_nodes():
    out = _both(SYMBOL_CODE)
    assert "amp_cast0_output" in out["internals"] and "amp_multicast0_output0" in out["internals"]


TRAIN_CODE = """
ag = mx.autograd
try:
    amp.init_trainer(None)
except AssertionError as e:
    OUT['not initialised'] = str(e)
amp.init()
class Net(mx.gluon.HybridBlock):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.w = self.params.get('w', shape=(3,), init=mx.init.Constant(0.5))
    def hybrid_forward(self, F, x, w):
        return F.sum(F.broadcast_mul(x, w), axis=1)
net = Net(); net.initialize()
tr = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
amp.init_trainer(tr)
OUT['start'] = [tr._amp_loss_scaler.loss_scale, tr._amp_original_scale, amp.amp._amp_loss_scale_initialized,
                tr._amp_loss_scaler is amp.amp._loss_scaler]
x = mx.nd.array([[1, 2, 3], [4, 5, 6]])
hist = []
for it in range(5):
    xx = x if it not in (1, 3) else x * float('inf')   # inf gradients: the step is skipped, the scale halves
    with ag.record():
        loss = net(xx)
        with amp.scale_loss(loss, tr) as sl:
            ag.backward(sl)
    g = net.w.grad().asnumpy().tolist()
    tr.step(2)
    ls = tr._amp_loss_scaler
    hist.append([str(g), net.w.data().asnumpy().tolist(), tr._scale, ls.loss_scale, ls._next_loss_scale,
                 ls._unskipped])
OUT['hist'] = hist
with ag.record():
    loss = net(x)
    with amp.scale_loss([loss, loss], tr) as sl:
        OUT['list'] = [type(sl).__name__, [s.asnumpy().tolist() for s in sl]]
        ag.backward(sl)
amp.unscale(tr)
OUT['unscaled'] = [net.w.grad().asnumpy().tolist(), tr._scale]
tr2 = mx.gluon.Trainer(net.collect_params(), 'sgd')
amp.init_trainer(tr2)
OUT['second trainer'] = [tr2._amp_loss_scaler is tr._amp_loss_scaler, tr2._amp_loss_scaler.loss_scale]
for bad in (mx.optimizer.SGD(), 3):
    try:
        amp.init_trainer(bad)
    except TypeError as e:
        OUT.setdefault('bad', []).append(str(e))
try:
    amp.unscale(mx.optimizer.SGD())
except TypeError as e:
    OUT['unscale optimizer'] = str(e)
d = mx.nd.array([[1., 2.], [3., 1.]]); d.attach_grad()
with ag.record():
    o = mx.nd.SoftmaxOutput(d, mx.nd.array([0, 1]), grad_scale=2.0)   # AMP multiplies grad_scale by the scale
o.backward()
OUT['SoftmaxOutput grad'] = d.grad.asnumpy().tolist()
"""


def test_amp_loss_scaling_and_trainer_skip_on_overflow():
    out = _both(TRAIN_CODE)
    assert out["hist"][1][1] == out["hist"][0][1]  # the overflowing step left the weights alone
    assert [h[4] for h in out["hist"]] == [65536.0, 32768.0, 32768.0, 16384.0, 16384.0]


OPTIONS_CODE = """
try:
    amp.init(layout_optimization=False)
except TypeError:
    OUT['layout_optimization'] = 'TypeError'
amp.init(target_precision_ops=['FullyConnected'], fp32_ops=['Convolution'],
         conditional_fp32_ops=[('Activation', 'act_type', ['relu'])])
amp.init()   # a second call changes nothing
x = mx.nd.ones((2, 3)); w = mx.nd.ones((4, 3)); b = mx.nd.ones((4,))
h = x.astype('float16')
dt('FullyConnected', lambda: mx.nd.FullyConnected(x, w, b, num_hidden=4))
dt('Convolution16', lambda: mx.nd.Convolution(mx.nd.ones((1, 1, 3, 3), dtype='float16'),
                                              mx.nd.ones((1, 1, 2, 2)), no_bias=True, kernel=(2, 2), num_filter=1))
dt('relu', lambda: mx.nd.Activation(x, act_type='relu'))
dt('softrelu', lambda: mx.nd.Activation(x, act_type='softrelu'))
dt('h+x', lambda: h + x)
s = mx.sym.Activation(mx.sym.var('a'), act_type='relu')
OUT['sym'] = s.get_internals().list_outputs()
"""


def test_amp_init_operator_list_overrides():
    _both(OPTIONS_CODE)


LISTS_CODE = """
bf = amp.amp.bfloat16
for fn in ('list_lp16_ops', 'list_fp32_ops', 'list_lp16_fp32_ops', 'list_conditional_fp32_ops',
           'list_widest_type_cast', 'list_loss_output_functions', 'list_lp16_use_fp32_params'):
    for t in ('float16', bf):
        v = getattr(amp, fn)(t)
        OUT[fn + str(t)] = v if not isinstance(v, list) else [list(e) if isinstance(e, tuple) else e for e in v]
OUT['names'] = sorted(k for k in dir(amp) if not k.startswith('__'))
OUT['bucketing'] = hasattr(amp.amp, 'convert_bucketing_module')
OUT['bf16'] = str(bf)
"""


def test_amp_operator_lists_and_module_names():
    _both(LISTS_CODE)


CONVERT_CODE = """
def graph(r):
    out = {}
    for flag in (False, True):
        j = json.loads(r.tojson(remove_amp_cast=flag))
        out[str(flag)] = [[(n['op'], n['name'], n['inputs'], sorted(n.get('attrs', {}).items())) for n in j['nodes']],
                          j['heads'], j['arg_nodes']]
    return out
d = mx.sym.var('data')
fc = mx.sym.FullyConnected(d, num_hidden=4, name='fc')
a = mx.sym.Activation(fc, act_type='relu', name='act')
bn = mx.sym.BatchNorm(a, name='bn')
fl = mx.sym.flatten(bn, name='fl')
e = mx.sym.exp(fl, name='e')
s = mx.sym.elemwise_add(e, fl, name='add')
c = mx.sym.Convolution(mx.sym.reshape(s, shape=(0, 1, 2, 2), name='rs'), kernel=(1, 1), num_filter=2, name='conv')
sr = mx.sym.Activation(c, act_type='softrelu', name='sr')
m = mx.sym.broadcast_mul(sr, d, name='bm')
cc = mx.sym.concat(c, fc, sr, name='cc')
g = mx.sym.Group([mx.sym.softmax(cc, name='sm'), fc, m, mx.sym.Activation(d, act_type='softrelu', name='sr2')])
OUT['default'] = graph(amp.convert_symbol(g))
OUT['optional'] = graph(amp.convert_symbol(g, cast_optional_params=True))
OUT['overrides'] = graph(amp.convert_symbol(g, target_dtype_ops=['FullyConnected'], fp32_ops=['Convolution', 'softmax'],
                                            excluded_sym_names=['bm'],
                                            conditional_fp32_ops=[('Activation', 'act_type', ['relu'])]))
OUT['outputs'] = amp.convert_symbol(g).list_outputs()
for bad in (dict(target_dtype_ops=['FullyConnected'], fp32_ops=['FullyConnected']), dict(fp32_ops=['no_such_op']),
            dict(target_dtype='float64'), dict(fp32_ops='exp')):
    try:
        amp.convert_symbol(g, **bad)
    except Exception as e:  # noqa: BLE001
        OUT.setdefault('bad', []).append(kind(e))
fc = mx.sym.FullyConnected(d, num_hidden=4, name='fc')
out = mx.sym.softmax(mx.sym.FullyConnected(mx.sym.BatchNorm(fc, name='bn'), num_hidden=2, name='fc2'), name='sm')
arg = {'fc_weight': mx.nd.ones((4, 3)), 'fc_bias': mx.nd.zeros(4), 'fc2_weight': mx.nd.ones((2, 4)) / 3,
       'fc2_bias': mx.nd.ones(2), 'bn_gamma': mx.nd.ones(4), 'bn_beta': mx.nd.zeros(4)}
aux = {'bn_moving_mean': mx.nd.zeros(4), 'bn_moving_var': mx.nd.ones(4)}
for cop in (False, True):
    r, a2, x2 = amp.convert_model(out, dict(arg), dict(aux), cast_optional_params=cop)
    OUT['model' + str(cop)] = [graph(r), sorted(r.attr_dict().items()),
                               sorted((k, str(v.dtype), v.asnumpy().tolist()) for k, v in a2.items()),
                               sorted((k, str(v.dtype)) for k, v in x2.items())]
"""


def test_amp_convert_symbol_and_model_as_mxnet():
    out = _both(CONVERT_CODE)
    assert any(n[1] == "fl_0_amp_cast_float32" for n in out["default"]["False"][0])


HYBRID_CONVERT_CODE = """
import numpy as np, os, tempfile
net = mx.gluon.nn.HybridSequential()
net.add(mx.gluon.nn.Dense(4, in_units=3), mx.gluon.nn.BatchNorm(in_channels=4), mx.gluon.nn.Activation('relu'),
        mx.gluon.nn.Dense(2, in_units=4))
net.initialize()
for i, p in enumerate(sorted(net.collect_params().values(), key=lambda p: p.name)):
    p.set_data(mx.nd.array(np.linspace(0.2, 1, int(np.prod(p.shape))).reshape(p.shape) + i * 0.1))
x = mx.nd.array(np.arange(6).reshape(2, 3) / 6.)
try:
    amp.convert_hybrid_block(net, ctx=mx.cpu())
except RuntimeError:
    OUT['not hybridized'] = 'RuntimeError'
net.hybridize()
OUT['fp32'] = net(x).asnumpy().round(4).tolist()
tmp = tempfile.mkdtemp()
for cop in (False, True):
    b = amp.convert_hybrid_block(net, ctx=mx.cpu(), cast_optional_params=cop)
    OUT['params' + str(cop)] = sorted((k, str(p.dtype)) for k, p in b.collect_params().items())
    for flag in (False, True):
        path = os.path.join(tmp, 'm%d%d' % (cop, flag))
        b.export(path, remove_amp_cast=flag)
        OUT['json%d%d' % (cop, flag)] = json.load(open(path + '-symbol.json'))['nodes']
    y = b(x)   # MXNet: the dtype is known at once; its float16 kernel fails only when waited for (not here)
    OUT['out dtype' + str(cop)] = str(y.dtype)
    try:  # MXNet's CPU build has no float16 FullyConnected kernel: the error comes when the result is read
        OUT['read' + str(cop)] = str(y.asnumpy().dtype)
    except Exception as e:  # noqa: BLE001
        OUT['read' + str(cop)] = 'error ' + kind(e)
"""


def test_amp_convert_hybrid_block_as_mxnet():
    out = _both(HYBRID_CONVERT_CODE)
    assert ["dense0_weight", "<class 'numpy.float16'>"] in out["paramsTrue"]
    assert out["readTrue"] == "error MXNetError"


BUCKETING_CODE = """
def sym_gen(key):
    d = mx.sym.var('data')
    fc = mx.sym.FullyConnected(d, num_hidden=3, name='fc')
    out = mx.sym.softmax(mx.sym.Activation(fc, act_type='relu'), name='sm')
    return out, ('data',), None
bm = mx.mod.BucketingModule(sym_gen, default_bucket_key=4, context=mx.cpu())
bm.bind([('data', (2, 4))], for_training=False)
bm.init_params(mx.init.Constant(0.5))
for cop in (False, True):
    r = amp.amp.convert_bucketing_module(bm, cast_optional_params=cop)
    args, auxs = r._curr_module._arg_params, r._curr_module._aux_params
    OUT['bucketing' + str(cop)] = [type(r).__name__, r._default_bucket_key,
                                   sorted((k, str(v.dtype)) for k, v in args.items()),
                                   {str(k): json.loads(m._symbol.tojson(remove_amp_cast=False))['nodes']
                                    for k, m in r._buckets.items()}]
"""


def test_amp_convert_bucketing_module_as_mxnet():
    _both(BUCKETING_CODE)


MXNET_UNITTEST_CODE = """
# the CPU-runnable checks of MXNet 1.x's tests/python/gpu/test_contrib_amp.py (conditional ops, bad lists,
# the FullyConnected + sin graph) and convert_hybrid_block of a SymbolBlock
import os, tempfile
x = mx.sym.var("x"); y = mx.sym.var("y")
fc_cond = mx.sym.FullyConnected(x, y, num_hidden=10, no_bias=True)
for c in (["False"], ["True"]):
    r = amp.convert_symbol(fc_cond, target_dtype="float16", target_dtype_ops=[], fp32_ops=["sin"],
                           conditional_fp32_ops=[("FullyConnected", "no_bias", c)])
    OUT['cond' + c[0]] = [(n['op'], n['name']) for n in json.loads(r.tojson(remove_amp_cast=False))['nodes']]
res = mx.sym.FullyConnected(x, y, num_hidden=10, no_bias=True) + mx.sym.sin(y)
for i, kw in enumerate((dict(fp32_ops=["elemwise_add"]),
                        dict(fp32_ops=["Activation"], conditional_fp32_ops=[('Activation', 'act_type', ['selu'])]),
                        dict(target_dtype_ops=["Activation"], fp32_ops=["Activation"],
                             conditional_fp32_ops=[('Activation', 'act_type', ['selu'])]))):
    try:
        amp.convert_symbol(res, **dict(dict(target_dtype="float16", target_dtype_ops=["FullyConnected"]), **kw))
        OUT['bad%d' % i] = 'ok'
    except AssertionError:
        OUT['bad%d' % i] = 'AssertionError'
r = amp.convert_symbol(res, target_dtype="float16", target_dtype_ops=["FullyConnected"], fp32_ops=["sin"])
OUT['fc sin'] = [(n['op'], n['name'], n['inputs']) for n in json.loads(r.tojson(remove_amp_cast=False))['nodes']]
d = mx.sym.var('data')
out = mx.sym.FullyConnected(mx.sym.Activation(mx.sym.FullyConnected(d, num_hidden=3, name='f1'), act_type='relu'),
                            num_hidden=2, name='f2')
net = mx.gluon.SymbolBlock(out, [d]); net.initialize(mx.init.Constant(0.1))
net(mx.nd.ones((1, 4)))
b = amp.convert_hybrid_block(net, ctx=mx.cpu(), cast_optional_params=True)
OUT['symbolblock params'] = sorted((k, str(p.dtype)) for k, p in b.collect_params().items())
p = os.path.join(tempfile.mkdtemp(), 'q'); b.export(p, remove_amp_cast=False)
OUT['symbolblock json'] = [(n['op'], n['name']) for n in json.load(open(p + '-symbol.json'))['nodes']]
"""


def test_amp_conversion_checks_of_mxnet_unit_tests():
    out = _both(MXNET_UNITTEST_CODE)
    assert out["bad0"] == "AssertionError" and out["condTrue"][1][0] == "amp_cast"


def test_amp_refusals_name_the_api():
    from torch2gluon.contrib import amp
    with pytest.raises(NotImplementedError, match="amp.init.*target_dtype"):
        amp.init("bfloat16")   # in-process: only the refusing path runs, nothing is patched
    assert not amp.amp._amp_initialized
    import torch2gluon as mx
    with pytest.raises(NotImplementedError, match="amp.convert_symbol.*bfloat16"):
        amp.convert_symbol(mx.sym.var("a"), target_dtype="bfloat16")
