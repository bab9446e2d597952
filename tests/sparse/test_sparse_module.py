"""Module with sparse data: csr batches into plain variables train as MXNet (declared sparse stypes:
test_sparse_module_stypes.py)."""
import numpy as np
import pytest

from tests.oracle import check

RS = np.random.RandomState(0)
DATA = (RS.uniform(size=(12, 10)) * (RS.uniform(size=(12, 10)) < 0.3)).astype(np.float32)


def _linreg(mx, x_stype, w_stype):
    X = mx.sym.Variable('data', stype=x_stype)
    w = mx.sym.Variable('weight', stype=w_stype, shape=(10, 1))
    b = mx.sym.Variable('bias', shape=(1,))
    pred = mx.sym.broadcast_add(mx.sym.sparse.dot(X, w), b)
    return mx.sym.LinearRegressionOutput(data=pred, label=mx.sym.Variable('label'), name='lro')


def test_module_csr_batches_into_dense_variable_train_as_mxnet():
    def f(mx):
        data = mx.nd.array(DATA).tostype('csr')
        label = mx.nd.dot(data, mx.nd.arange(1, 11).reshape((10, 1)))
        it = mx.io.NDArrayIter(data, label, 3, last_batch_handle='discard', label_name='label')
        mod = mx.mod.Module(_linreg(mx, 'default', 'default'), data_names=['data'], label_names=['label'])
        mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)
        mod.init_params(initializer=mx.init.Constant(0.01))
        mod.init_optimizer(optimizer=mx.optimizer.SGD(learning_rate=0.05, momentum=0.9, wd=0.01))
        metric, out = mx.metric.create('MSE'), []
        for _ in range(3):
            it.reset()
            metric.reset()
            for batch in it:
                mod.forward(batch, is_train=True)
                mod.update_metric(metric, batch.label)
                mod.backward()
                mod.update()
            out.append(metric.get()[1])
        return out, mod.get_params()[0]['weight'].asnumpy()
    check(f, atol=1e-4, rtol=1e-4)
