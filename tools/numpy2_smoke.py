"""numpy-2 smoke test of torch2gluon's numpy-facing surfaces (hand-computed values; real MXNet cannot run on numpy 2).

Run it in a venv with numpy>=2 (the README's main-job venv has one): `PYTHONPATH=. python tools/numpy2_smoke.py`.
It exits 1 if any check fails.
"""
import io, os, tempfile, pickle
import numpy as np
import torch2gluon as mx
from torch2gluon import nd, autograd, gluon
from torch2gluon.gluon import nn
print('numpy', np.__version__)
fails = []
def t(name, f):
    try:
        f(); print('ok  ', name)
    except Exception as e:
        import traceback; fails.append(name); print('FAIL', name, type(e).__name__, e); traceback.print_exc(limit=3)
def dtypes():
    for dt in ['float16','float32','float64','uint8','int8','int32','int64','bool']:
        a = nd.array(np.arange(6).reshape(2,3).astype(dt), dtype=dt)
        assert a.dtype == np.dtype(dt).type, (a.dtype, dt)
        assert a.asnumpy().dtype == np.dtype(dt)
        assert np.asarray(a.asnumpy()).dtype == np.dtype(dt)
t('dtypes', dtypes)
def scalars():
    a = nd.array([1.5, 2.5])
    assert a.sum().asscalar() == 4.0
    assert isinstance(a.sum().asscalar(), np.float32)
    b = a + np.float32(2) ; b2 = a * np.float64(2); b3 = a + np.int64(1)
    assert b.asnumpy().tolist() == [3.5, 4.5] and b2.dtype == np.float32 and b3.dtype == np.float32
    assert a[0].asscalar() == 1.5
    c = nd.array(np.array(3.0)); assert c.shape in ((), (1,))
t('scalars', scalars)
def indexing():
    a = nd.arange(12).reshape((3,4))
    assert a[np.int64(1)].asnumpy().tolist() == [4,5,6,7]
    assert a[np.array([0,2])].shape == (2,4)
    a[np.int32(0)] = np.float64(9)
    assert a[0].asnumpy().tolist() == [9]*4
    a[:, 1] = np.array([1,2,3], dtype=np.float32)
t('indexing', indexing)
def saveload():
    d = tempfile.mkdtemp(); f = os.path.join(d, 'x.params')
    nd.save(f, {'a': nd.array(np.arange(4)), 'b': nd.ones((2,2), dtype='float16')})
    r = nd.load(f); assert r['a'].asnumpy().tolist() == [0,1,2,3] and r['b'].dtype == np.float16
    s = pickle.dumps(nd.ones(3)); assert pickle.loads(s).asnumpy().tolist() == [1,1,1]
t('save/load/pickle', saveload)
def recordio():
    d = tempfile.mkdtemp()
    w = mx.recordio.MXIndexedRecordIO(os.path.join(d,'a.idx'), os.path.join(d,'a.rec'), 'w')
    for i in range(3):
        h = mx.recordio.IRHeader(0, np.array([i, i+1], dtype=np.float32), i, 0)
        w.write_idx(i, mx.recordio.pack(h, b'abc'))
    w.close()
    r = mx.recordio.MXIndexedRecordIO(os.path.join(d,'a.idx'), os.path.join(d,'a.rec'), 'r')
    h, s = mx.recordio.unpack(r.read_idx(2)); assert list(h.label) == [2,3] and s == b'abc'
    img = (np.random.rand(8,8,3)*255).astype(np.uint8)
    p = mx.recordio.pack_img(mx.recordio.IRHeader(0, 1.0, 0, 0), img, img_fmt='.png')
    h2, im2 = mx.recordio.unpack_img(p); assert (im2 == img).all()
t('recordio', recordio)
def image():
    img = nd.array((np.random.rand(10,12,3)*255).astype(np.uint8), dtype='uint8')
    r = mx.image.imresize(img, 6, 5); assert r.shape == (5,6,3)
    c, _ = mx.image.center_crop(img, (4,4)); assert c.shape == (4,4,3)
    aug = mx.image.CreateAugmenter((3,8,8), rand_crop=True, rand_mirror=True, mean=True, std=True)
    x = img
    for a in aug: x = a(x)
    assert x.shape == (8,8,3)
    from torch2gluon.gluon.data.vision import transforms as T
    y = T.Compose([T.Resize(8), T.ToTensor(), T.Normalize(0.5, 0.2)])(img); assert y.shape == (3,8,8)
t('image', image)
def data():
    X = np.random.rand(10, 3).astype(np.float32); y = np.arange(10)
    ds = gluon.data.ArrayDataset(X, y)
    batches = list(gluon.data.DataLoader(ds, batch_size=4, last_batch='keep'))
    assert batches[0][0].shape == (4,3) and batches[-1][0].shape == (2,3)
    assert batches[0][1].dtype in (np.int64, np.int32, np.float32)
    l = list(gluon.data.DataLoader(gluon.data.SimpleDataset([np.ones(2)]*5), batch_size=2))
    assert l[0].shape == (2,2)
    it = mx.io.NDArrayIter(X, y, batch_size=5)
    assert next(iter(it)).data[0].shape == (5,3)
t('data', data)
def train():
    net = nn.HybridSequential()
    net.add(nn.Dense(8, activation='relu'), nn.Dense(2))
    net.initialize(mx.init.Xavier()); net.hybridize()
    tr = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.01})
    lf = gluon.loss.SoftmaxCrossEntropyLoss()
    X = nd.array(np.random.rand(16,4)); Y = nd.array(np.random.randint(0,2,16))
    acc = mx.metric.Accuracy()
    for _ in range(3):
        with autograd.record():
            out = net(X); L = lf(out, Y)
        L.backward(); tr.step(16)
        acc.update(Y, out)
    acc.update([nd.array(np.array([0,1]))], [nd.array(np.array([[0.9,0.1],[0.2,0.8]]))])
    assert 0 <= acc.get()[1] <= 1
    d = tempfile.mkdtemp(); net.export(os.path.join(d,'m'))
    sb = gluon.SymbolBlock.imports(os.path.join(d,'m-symbol.json'), ['data'], os.path.join(d,'m-0000.params'))
    assert np.allclose(sb(X).asnumpy(), net(X).asnumpy(), atol=1e-5)
t('train/export', train)
def random():
    mx.random.seed(1); a = nd.random.uniform(shape=(3,)); mx.random.seed(1); b = nd.random.uniform(shape=(3,))
    assert (a == b).asnumpy().all()
    nd.random.normal(nd.array([0,1]), nd.array([1,2]), shape=4)
    nd.random.multinomial(nd.array([[0.2,0.8]]), shape=3, get_prob=True)
    nd.random.shuffle(nd.arange(5))
t('random', random)
def init():
    net = nn.Dense(3, in_units=2)
    net.initialize(mx.init.Constant(np.array([[1,2],[3,4],[5,6]], dtype=np.float32)))
    net.weight.set_data(np.ones((3,2)))
    assert net.weight.data().asnumpy().sum() == 6
    mx.init.Orthogonal()(mx.init.InitDesc('w_weight'), nd.zeros((4,4)))
t('init', init)
def misc():
    a = nd.array([1,2,3]); assert (a == 2).asnumpy().tolist() == [0,1,0]
    assert nd.array([1,2]).astype(np.int32).dtype == np.int32
    assert nd.zeros((2,), dtype=np.float64).dtype == np.float64
    assert mx.nd.array([True, False], dtype=bool).dtype == np.bool_
    assert nd.array(np.float32(5.0)).asnumpy().ravel()[0] == 5.0
    assert nd.onehot_encode(nd.array([0,2]), nd.zeros((2,3))).asnumpy().tolist() == [[1,0,0],[0,0,1]]
    assert repr(nd.ones((2,2))).endswith('<NDArray 2x2 @cpu(0)>')
    from torch2gluon import test_utils as tu
    tu.assert_almost_equal(nd.ones(2), np.ones(2))
    tu.check_numeric_gradient(mx.sym.sin(mx.sym.var('x')), [np.random.rand(3)])
t('misc', misc)
print('FAILS', fails)
raise SystemExit(1 if fails else 0)
