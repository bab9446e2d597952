"""mx.mod.Module over sparse storage (variables declared csr / row_sparse), step by step against MXNet 1.9.1:
bound storage types, outputs, row_sparse gradients, lazy optimizer updates, kvstore row_sparse_pull through
prepare(sparse_row_id_fn), checkpoints, fit, LibSVMIter batches and the sparse train.md tutorial's loop."""
import os
import warnings

import numpy as np
import pytest

from tests.oracle import check

os.environ.setdefault("MXNET_STORAGE_FALLBACK_LOG_VERBOSE", "0")
RS = np.random.RandomState(0)
DATA = (RS.uniform(size=(12, 10)) * (RS.uniform(size=(12, 10)) < 0.3)).astype(np.float32)
W0 = RS.uniform(size=(10, 1)).astype(np.float32)


def _sym(mx, x_stype="csr", w_stype="row_sparse", w_name="weight"):
    X = mx.sym.Variable('data', stype=x_stype)
    w = mx.sym.Variable(w_name, stype=w_stype, shape=(10, 1))
    b = mx.sym.Variable('bias', shape=(1,))
    pred = mx.sym.broadcast_add(mx.sym.sparse.dot(X, w), b)
    return mx.sym.LinearRegressionOutput(data=pred, label=mx.sym.Variable('label'), name='lro')


def _iter(mx, batch_size):
    data = mx.nd.array(DATA).tostype('csr')
    label = mx.nd.dot(data, mx.nd.arange(1, 11).reshape((10, 1)))
    return mx.io.NDArrayIter(data, label, batch_size, last_batch_handle='discard', label_name='label')


def _arr(a):
    # a snapshot: MXNet's executors overwrite their output and gradient arrays at the next step
    return (a.stype, a.copy())


def _params(mod):
    return {k: _arr(v) for k, v in mod.get_params()[0].items()}


def _module(mx, it, w_stype="row_sparse", x_stype="csr", ndev=1, w_name="weight"):
    mod = mx.mod.Module(_sym(mx, x_stype, w_stype, w_name), data_names=['data'], label_names=['label'],
                        context=[mx.cpu(i) for i in range(ndev)])
    mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
    mod.init_params(initializer=mx.init.Constant(0.3))
    mod.set_params({w_name: mx.nd.array(W0).tostype(w_stype), 'bias': mx.nd.array([0.5])}, {})
    return mod


@pytest.mark.parametrize("opt", ["sgd", "adam", "ftrl", "adagrad"])
@pytest.mark.parametrize("x_stype,w_stype", [("csr", "row_sparse"), ("csr", "default"), ("default", "row_sparse")])
def test_module_sparse_steps(x_stype, w_stype, opt):
    def f(mx):
        it = _iter(mx, 3)
        mod = mx.mod.Module(_sym(mx, x_stype, w_stype), data_names=['data'], label_names=['label'])
        mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
        ex = mod._exec_group.execs[0]
        bound = ({k: v.stype for k, v in ex.arg_dict.items()},
                 {k: v.stype for k, v in ex.grad_dict.items() if v is not None})
        mod.init_params(initializer=mx.init.Constant(0.3))
        init = _params(mod)
        mod.set_params({'weight': mx.nd.array(W0).tostype(w_stype), 'bias': mx.nd.array([0.5])}, {})
        params = {'learning_rate': 0.1, 'wd': 0.01}
        if opt == "sgd":
            params['momentum'] = 0.9
        mod.init_optimizer(optimizer=opt, optimizer_params=params)
        steps = []
        for batch in it:
            mod.forward(batch, is_train=True)
            mod.backward()
            steps.append((_arr(mod.get_outputs()[0]), _arr(ex.grad_dict['weight'])))
            mod.update()
        return bound, init, steps, _params(mod)
    check(f, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("prepare", [True, False])
@pytest.mark.parametrize("kvstore", ["local", "device", None])
@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_module_sparse_two_devices_kvstore(opt, kvstore, prepare):
    # update_on_kvstore: row_sparse weights stay in the kvstore (the pull after push ignores them) and
    # prepare() pulls the rows a batch needs; get_params pulls every row
    def f(mx):
        it = _iter(mx, 4)
        mod = _module(mx, it, ndev=2)
        mod.init_optimizer(kvstore=kvstore, optimizer=opt, optimizer_params={'learning_rate': 0.1})
        out = [(mod._kvstore is not None, mod._update_on_kvstore)]

        def rows(batch):
            cols = np.unique(np.nonzero(batch.data[0].asnumpy())[1])
            return {'weight': mx.nd.array(cols, dtype='int64')}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for batch in it:
                if prepare:
                    mod.prepare(batch, sparse_row_id_fn=rows)
                out.append([_arr(e.arg_dict['weight']) for e in mod._exec_group.execs])
                mod.forward(batch, is_train=True)
                mod.backward()
                out.append(([_arr(o) for o in mod.get_outputs()],
                            [_arr(e.grad_dict['weight']) for e in mod._exec_group.execs]))
                mod.update()
        out.append(_params(mod))
        return out
    check(f, atol=1e-5, rtol=1e-5)


def _warned(fn):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fn()
    return sorted(str(w.message) for w in rec
                  if "sparse_row_id_fn" in str(w.message) or "perform row_sparse_pull" in str(w.message))


def test_module_sparse_prepare_warnings_and_errors():
    def f(mx):
        it = _iter(mx, 4)
        batch = next(iter(it))
        one = _module(mx, it)   # one device, kvstore 'local': no kvstore, so nothing to pull
        one.init_optimizer(kvstore='local', optimizer='sgd')
        two = _module(mx, it, ndev=2)
        two.init_optimizer(kvstore='local', optimizer='sgd')
        ids = mx.nd.array([0, 3], dtype='int64')
        out = [_warned(lambda: one.prepare(batch, sparse_row_id_fn=lambda b: {'weight': ids})),
               _warned(lambda: two.prepare(batch, sparse_row_id_fn=lambda b: {'bias': ids})),
               _warned(lambda: two.prepare(batch))]
        two.prepare(batch, sparse_row_id_fn=lambda b: {'weight': ids})
        out.append([_arr(e.arg_dict['weight']) for e in two._exec_group.execs])
        for bad in (lambda b: {'nope': ids}, lambda b: [('weight', ids)]):
            try:
                two.prepare(batch, sparse_row_id_fn=bad)
            except (ValueError, AssertionError) as e:
                out.append(type(e).__name__)
        return out
    check(f)


def test_module_sparse_adagrad_weight_decay_refused():
    # the effective weight decay (wd * wd_mult) decides: 'fc_weight' keeps wd, sparse adagrad_update refuses it
    def f(mx):
        it = _iter(mx, 3)
        mod = _module(mx, it, w_name='fc_weight')
        mod.init_optimizer(optimizer='adagrad', optimizer_params={'learning_rate': 0.1, 'wd': 0.01})
        batch = next(iter(it))
        mod.forward_backward(batch)
        mod.update()
    check(f)


def test_module_sparse_checkpoint_roundtrip(tmp_path):
    def f(mx):
        it = _iter(mx, 3)
        mod = _module(mx, it)
        mod.init_optimizer(optimizer='adam', optimizer_params={'learning_rate': 0.1})
        for b in it:
            mod.forward_backward(b)
            mod.update()
        prefix = str(tmp_path / mx.__name__)
        mod.save_checkpoint(prefix, 1, save_optimizer_states=True)
        _, args, _ = mx.model.load_checkpoint(prefix, 1)
        out = [{k: _arr(v) for k, v in args.items()},
               {k: v.stype for k, v in mx.nd.load(prefix + '-0001.params').items()}]
        m2 = mx.mod.Module.load(prefix, 1, load_optimizer_states=True, data_names=['data'], label_names=['label'])
        m2.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
        m2.init_optimizer(optimizer='adam', optimizer_params={'learning_rate': 0.1})
        out.append({k: v.stype for k, v in m2._exec_group.execs[0].arg_dict.items()})
        it.reset()
        for b in it:
            m2.forward_backward(b)
            m2.update()
        out.append(_params(m2))
        return out
    check(f)


def test_module_sparse_fit_score_predict():
    def f(mx):
        it = _iter(mx, 3)
        mod = mx.mod.Module(_sym(mx), data_names=['data'], label_names=['label'])
        log = []
        mod.fit(it, eval_data=it, eval_metric='mse', optimizer='sgd',
                optimizer_params={'learning_rate': 0.1, 'momentum': 0.9},
                arg_params={'weight': mx.nd.array(W0).tostype('row_sparse'), 'bias': mx.nd.array([0.5])},
                num_epoch=3, batch_end_callback=lambda p: log.append(p.eval_metric.get()[1]))
        return log, _params(mod), mod.score(it, 'mse'), _arr(mod.predict(it))
    check(f, atol=1e-4, rtol=1e-5)


def test_module_embedding_sparse_grad():
    def f(mx):
        e = mx.sym.Embedding(mx.sym.var('data'), input_dim=8, output_dim=3, sparse_grad=True, name='emb')
        out = mx.sym.LinearRegressionOutput(mx.sym.sum(e, axis=1), label=mx.sym.var('label'), name='lro')
        it = mx.io.NDArrayIter(mx.nd.array([[1, 2], [3, 3], [0, 7], [2, 5]]),
                               mx.nd.array(np.arange(12).reshape(4, 3)), 2, label_name='label')
        mod = mx.mod.Module(out, data_names=['data'], label_names=['label'])
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(mx.init.Constant(0.1))
        mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.5, 'wd': 0.1})
        res = []
        for b in it:
            mod.forward_backward(b)
            res.append(_arr(mod._exec_group.execs[0].grad_dict['emb_weight']))
            mod.update()
        return res, _params(mod)
    check(f)


def test_module_libsvm_iter_two_devices(tmp_path):
    path = tmp_path / "train.libsvm"
    path.write_text("".join("%d " % (i % 2) + " ".join("%d:%g" % (j, v) for j, v in enumerate(row) if v) + "\n"
                            for i, row in enumerate(DATA)))

    def f(mx):
        it = mx.io.LibSVMIter(data_libsvm=str(path), data_shape=(10,), batch_size=5)
        X = mx.sym.Variable('data', stype='csr')
        w = mx.sym.Variable('weight', stype='row_sparse', shape=(10, 2))
        sym = mx.sym.SoftmaxOutput(mx.sym.sparse.dot(X, w), label=mx.sym.var('softmax_label'), name='sm')
        mod = mx.mod.Module(sym, context=[mx.cpu(0), mx.cpu(1)])
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(mx.init.Constant(0.05))
        mod.init_optimizer(kvstore='local', optimizer='sgd', optimizer_params={'learning_rate': 0.5})
        res = []
        for b in it:
            res.append((b.data[0].stype, b.data[0].shape))
            mod.prepare(b, sparse_row_id_fn=lambda b: {'weight': b.data[0].indices})
            mod.forward_backward(b)
            res.append([_arr(o) for o in mod.get_outputs()])
            mod.update()
        return res, _params(mod)
    check(f)


def test_sparse_train_md_tutorial_loop():
    # docs/python_docs/python/tutorials/packages/ndarray/sparse/train.md (its random data and Normal
    # initializer replaced by fixed values: the two libraries' random generators differ)
    rs = np.random.RandomState(42)
    dense = (rs.uniform(size=(200, 100)) * (rs.uniform(size=(200, 100)) < 0.01)).astype(np.float32)
    w_init = rs.normal(0, 0.01, (100, 1)).astype(np.float32)

    def f(mx):
        feature_dimension = 100
        train_data = mx.nd.array(dense).tostype('csr')
        target_weight = mx.nd.arange(1, feature_dimension + 1).reshape((feature_dimension, 1))
        train_label = mx.nd.dot(train_data, target_weight)
        batch_size = 1
        train_iter = mx.io.NDArrayIter(train_data, train_label, batch_size, last_batch_handle='discard',
                                       label_name='label')
        initializer = mx.initializer.Normal(sigma=0.01)
        X = mx.sym.Variable('data', stype='csr')
        Y = mx.symbol.Variable('label')
        weight = mx.symbol.Variable('weight', stype='row_sparse', shape=(feature_dimension, 1), init=initializer)
        bias = mx.symbol.Variable('bias', shape=(1, ))
        pred = mx.sym.broadcast_add(mx.sym.sparse.dot(X, weight), bias)
        lro = mx.sym.LinearRegressionOutput(data=pred, label=Y, name="lro")
        mod = mx.mod.Module(symbol=lro, data_names=['data'], label_names=['label'])
        mod.bind(data_shapes=train_iter.provide_data, label_shapes=train_iter.provide_label)
        mod.init_params(initializer=initializer)
        mod.set_params({'weight': mx.nd.array(w_init).tostype('row_sparse'), 'bias': mx.nd.zeros((1,))}, {})
        sgd = mx.optimizer.SGD(learning_rate=0.05, rescale_grad=1.0 / batch_size, momentum=0.9)
        mod.init_optimizer(optimizer=sgd)
        metric = mx.metric.create('MSE')
        out = []
        for _ in range(3):
            train_iter.reset()
            metric.reset()
            for batch in train_iter:
                mod.forward(batch, is_train=True)
                mod.update_metric(metric, batch.label)
                mod.backward()
                mod.update()
            out.append(metric.get())
        return out, _params(mod)
    check(f, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("opt", ["sgd", "adagrad"])
def test_module_factorization_machine(opt):
    # MXNet 1.x test_module.py's factorization machine (smaller, fixed data and weights): row_sparse-only
    # _square_sum on a row_sparse weight, square(csr), dot(csr, rsp) twice, sym.var(shape=1)
    rs = np.random.RandomState(1)
    feat, k, n, bs = 50, 4, 64, 16
    dense = (rs.uniform(size=(n, feat)) * (rs.uniform(size=(n, feat)) < 0.1)).astype(np.float32)
    v0, w0 = rs.normal(0, 0.01, (feat, k)).astype(np.float32), rs.normal(0, 0.01, (feat, 1)).astype(np.float32)

    def f(mx):
        x = mx.symbol.Variable("data", stype='csr')
        v = mx.symbol.Variable("v", shape=(feat, k), stype='row_sparse')
        w1_weight = mx.symbol.var('w1_weight', shape=(feat, 1), stype='row_sparse')
        w1 = mx.symbol.broadcast_add(mx.symbol.dot(x, w1_weight), mx.symbol.var('w1_bias', shape=(1)))
        v_s = mx.symbol._internal._square_sum(data=v, axis=1, keepdims=True)
        bd_sum = mx.sym.dot(mx.symbol.square(data=x), v_s)
        w2_squared = 0.5 * mx.symbol.square(data=mx.symbol.dot(x, v))
        sum1 = mx.symbol.sum(data=mx.symbol.Concat(w1, w2_squared, dim=1), axis=1, keepdims=True)
        model = mx.sym.elemwise_add(sum1, 0.5 * mx.symbol.negative(bd_sum))
        model = mx.symbol.LinearRegressionOutput(data=model, label=mx.symbol.Variable("label"))
        it = mx.io.NDArrayIter(data=mx.nd.array(dense).tostype('csr'), label={'label': mx.nd.ones((n, 1))},
                               batch_size=bs, last_batch_handle='discard')
        mod = mx.mod.Module(symbol=model, data_names=['data'], label_names=['label'])
        mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
        mod.init_params(initializer=mx.init.Constant(0.01))
        mod.set_params({'v': mx.nd.array(v0).tostype('row_sparse'),
                        'w1_weight': mx.nd.array(w0).tostype('row_sparse'), 'w1_bias': mx.nd.zeros((1,))}, {})
        if opt == 'sgd':
            o = mx.optimizer.SGD(momentum=0.1, clip_gradient=5.0, learning_rate=0.01, rescale_grad=1.0 / bs)
        else:
            o = mx.optimizer.AdaGrad(clip_gradient=5.0, learning_rate=0.01, rescale_grad=1.0 / bs)
        mod.init_optimizer(optimizer=o)
        ex = mod._exec_group.execs[0]
        metric, out = mx.metric.create('MSE'), []
        for _ in range(2):
            it.reset()
            metric.reset()
            for batch in it:
                mod.forward(batch, is_train=True)
                mod.update_metric(metric, batch.label)
                mod.backward()
                out.append(_arr(ex.grad_dict['v']))
                mod.update()
            out.append(metric.get())
        return out, _params(mod)
    check(f, atol=1e-6, rtol=1e-4)


@pytest.mark.parametrize("x_stype,w_stype", [("csr", "row_sparse"), ("default", "row_sparse"), ("csr", "default")])
def test_module_sparse_batch_size_change(x_stype, w_stype):
    # a batch of another size re-binds: a dense data variable reshapes (the row_sparse weight is kept), a csr
    # one cannot (MXNet's reshape check, an MXNetError)
    def f(mx):
        mod = mx.mod.Module(_sym(mx, x_stype, w_stype), data_names=['data'], label_names=['label'])
        mod.bind(data_shapes=[('data', (4, 10))], label_shapes=[('label', (4, 1))])
        mod.init_params(mx.init.Constant(0.2))
        mod.set_params({'weight': mx.nd.array(W0).tostype(w_stype), 'bias': mx.nd.array([0.5])}, {})
        mod.init_optimizer(optimizer='adam')
        out = []
        for n in (4, 3, 6):
            batch = mx.io.DataBatch([mx.nd.array(DATA[:n]).tostype('csr')], [mx.nd.ones((n, 1))])
            try:
                mod.forward(batch, is_train=True)
            except mx.base.MXNetError:
                out.append("MXNetError")
                break
            mod.backward()
            mod.update()
            ex = mod._exec_group.execs[0]
            out.append((ex.arg_dict['data'].stype, _arr(ex.arg_dict['weight']), _arr(mod.get_outputs()[0])))
        out.append(_params(mod))
        return out
    check(f)


def test_ftrl_row_sparse_weight_keeps_rows_that_become_zero():
    # Ftrl's lamda1 zeroes weights; MXNet's row_sparse weight still stores every row, so the next sparse
    # update passes its all-rows check (the linear_classification example trains Ftrl this way)
    def f(mx):
        opt = mx.optimizer.create('ftrl', learning_rate=0.1, lamda1=3.0)
        upd = mx.optimizer.get_updater(opt)
        w = mx.nd.array(W0.reshape(5, 2) * 0.05).tostype('row_sparse')
        out = []
        for rows in ([1, 3], [0, 3, 4], [2]):
            g = mx.nd.sparse.row_sparse_array((mx.nd.ones((len(rows), 2)), rows), shape=(5, 2))
            upd(0, g, w)
            out.append((w.stype, w.indices, w))
        return out
    check(f)


def test_module_sparse_fit_two_devices_sparse_row_id_fn(tmp_path):
    # fit() calls prepare(batch, sparse_row_id_fn) before each forward (training, and scoring the eval data);
    # save_checkpoint reads every row back from the kvstore
    def f(mx):
        it = _iter(mx, 4)

        def rows(batch):
            return {'weight': mx.nd.array(np.unique(np.nonzero(batch.data[0].asnumpy())[1]), dtype='int64')}
        mod = mx.mod.Module(_sym(mx), data_names=['data'], label_names=['label'], context=[mx.cpu(0), mx.cpu(1)])
        log = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mod.fit(it, eval_data=it, eval_metric='mse', optimizer='adam', optimizer_params={'learning_rate': 0.1},
                    arg_params={'weight': mx.nd.array(W0).tostype('row_sparse'), 'bias': mx.nd.array([0.5])},
                    num_epoch=2, sparse_row_id_fn=rows, kvstore='local',
                    batch_end_callback=lambda p: log.append(p.eval_metric.get()[1]))
            prefix = str(tmp_path / mx.__name__)
            mod.save_checkpoint(prefix, 2)
        _, args, _ = mx.model.load_checkpoint(prefix, 2)
        return log, {k: _arr(v) for k, v in args.items()}, mod._update_on_kvstore
    check(f, atol=1e-5, rtol=1e-5)


def test_module_embedding_sparse_grad_two_devices_kvstore():
    # a dense weight with row_sparse gradients: pushed to the kvstore (lazy update there), pulled back dense
    def f(mx):
        e = mx.sym.Embedding(mx.sym.var('data'), input_dim=8, output_dim=3, sparse_grad=True, name='emb')
        out = mx.sym.LinearRegressionOutput(mx.sym.sum(e, axis=1), label=mx.sym.var('label'), name='lro')
        it = mx.io.NDArrayIter(mx.nd.array([[1, 2], [3, 3], [0, 7], [2, 5]] * 2),
                               mx.nd.array(np.arange(24).reshape(8, 3)), 4, label_name='label')
        mod = mx.mod.Module(out, data_names=['data'], label_names=['label'], context=[mx.cpu(0), mx.cpu(1)])
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(mx.init.Constant(0.1))
        mod.init_optimizer(kvstore='local', optimizer='sgd',
                           optimizer_params={'learning_rate': 0.1, 'momentum': 0.5, 'wd': 0.1})
        res = []
        for b in it:
            mod.forward_backward(b)
            res.append([_arr(e.grad_dict['emb_weight']) for e in mod._exec_group.execs])
            mod.update()
            res.append([_arr(e.arg_dict['emb_weight']) for e in mod._exec_group.execs])
        return res, _params(mod)
    check(f)
