"""mx.rnn (MXNet 1.x symbolic RNN cells, BucketSentenceIter, RNN checkpoints) against MXNet 1.9.1."""
import json
import os
import warnings

import numpy as np
import pytest

from tests.oracle import check

IN, H, N, T = 6, 5, 3, 4


def _graph(sym):
    """Nodes (op, name, attrs, inputs), arg nodes and heads of a Symbol's JSON."""
    conf = json.loads(sym.tojson())
    return [(n["op"], n["name"], n.get("attrs", {}), n["inputs"]) for n in conf["nodes"]], \
        conf["arg_nodes"], conf["heads"]


def _cell(mx, kind):
    r = mx.rnn
    return {
        "rnn": lambda: r.RNNCell(H, prefix='rnn_'),
        "rnn_relu": lambda: r.RNNCell(H, activation='relu', prefix='r_'),
        "lstm": lambda: r.LSTMCell(H, prefix='lstm_', forget_bias=2.0),
        "gru": lambda: r.GRUCell(H, prefix='gru_'),
        "stack": lambda: _stack(mx),
        "bi": lambda: r.BidirectionalCell(r.LSTMCell(H, prefix='l_'), r.GRUCell(H, prefix='r_'), output_prefix='b_'),
        "residual": lambda: r.ResidualCell(r.GRUCell(IN, prefix='res_')),
        "zoneout": lambda: r.ZoneoutCell(r.LSTMCell(H, prefix='z_'), zoneout_outputs=0.3, zoneout_states=0.2),
        "dropout": lambda: _dropout_stack(mx),
        "unfused": lambda: r.FusedRNNCell(H, num_layers=2, mode='gru', bidirectional=True, dropout=0.2,
                                          prefix='f_').unfuse(),
    }[kind]()


def _stack(mx):
    s = mx.rnn.SequentialRNNCell()
    s.add(mx.rnn.LSTMCell(H, prefix='s0_'))
    s.add(mx.rnn.ResidualCell(mx.rnn.RNNCell(H, prefix='s1_')))
    s.add(mx.rnn.GRUCell(H, prefix='s2_'))
    return s


def _dropout_stack(mx):
    s = mx.rnn.SequentialRNNCell()
    s.add(mx.rnn.RNNCell(H, prefix='d0_'))
    s.add(mx.rnn.DropoutCell(0.5, prefix='drop_'))
    s.add(mx.rnn.RNNCell(H, prefix='d1_'))
    return s


def _forward(mx, sym, data, seed=3):
    """Bind `sym` in a Module with data (N, T, IN) and seeded uniform parameters; outputs as numpy."""
    mod = mx.mod.Module(sym, data_names=['data'], label_names=None, context=mx.cpu())
    mod.bind(data_shapes=[('data', data.shape)], for_training=False)
    arg_shapes, _, aux_shapes = sym.infer_shape(data=data.shape)
    rng = np.random.RandomState(seed)
    args = {n: mx.nd.array(rng.uniform(-0.5, 0.5, s)) for n, s in zip(sym.list_arguments(), arg_shapes)
            if n != 'data'}
    mod.set_params(args, {}, allow_missing=True)
    mod.forward(mx.io.DataBatch([mx.nd.array(data)]), is_train=False)
    return [o.asnumpy() for o in mod.get_outputs()]


KINDS = ["rnn", "rnn_relu", "lstm", "gru", "stack", "bi", "residual", "zoneout", "dropout", "unfused"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("merge", [None, True, False])
def test_unroll_graph_and_values(kind, merge):
    data = np.random.RandomState(0).uniform(-1, 1, (N, T, IN))

    def run(mx):
        with mx.name.NameManager():
            cell = _cell(mx, kind)
            outputs, states = cell.unroll(T, mx.sym.var('data'), layout='NTC', merge_outputs=merge)
            grouped = outputs if isinstance(outputs, mx.sym.Symbol) else mx.sym.Group(outputs)
            flat_states = [s for st in states for s in (st if isinstance(st, list) else [st])]
            return (_graph(grouped), sorted(cell.params._params), cell.state_info, cell.state_shape,
                    [s.name for s in flat_states], grouped.list_outputs(),
                    grouped.infer_shape(data=(N, T, IN))[1], _forward(mx, grouped, data))
    check(run)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_step_by_step_and_begin_state(kind):
    def run(mx):
        with mx.name.NameManager():
            cell = _cell(mx, kind)
            states = cell.begin_state()
            names = [s.name for s in states]
            more = [s.name for s in cell.begin_state(func=mx.sym.Variable)]
            out = None
            for t in range(2):
                out, states = cell(mx.sym.var('x%d' % t), states)
            group = mx.sym.Group([out] + states)
            return names, more, _graph(group), group.infer_shape(x0=(N, IN), x1=(N, IN))[1]
    check(run)


@pytest.mark.parametrize("mode", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
@pytest.mark.parametrize("layout,bidir,next_state", [("TNC", False, False), ("NTC", True, True),
                                                      ("TNC", True, True)])
def test_fused_cell(mode, layout, bidir, next_state):
    shape = (T, N, IN) if layout == "TNC" else (N, T, IN)
    data = np.random.RandomState(1).uniform(-1, 1, shape)

    def run(mx):
        with mx.name.NameManager(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cell = mx.rnn.FusedRNNCell(H, num_layers=2, mode=mode, bidirectional=bidir,
                                       get_next_state=next_state, prefix='fz_')
            out, states = cell.unroll(T, mx.sym.var('data'), layout=layout, merge_outputs=True)
            group = mx.sym.Group([out] + states)
            return (_graph(group), cell.state_info, [s.list_attr() for s in states],
                    group.infer_shape(data=shape), _forward(mx, group, data))
    check(run)


@pytest.mark.parametrize("mode", ["lstm", "gru"])
@pytest.mark.parametrize("bidir", [False, True])
def test_pack_unpack_weights(mode, bidir):
    def run(mx):
        cell = mx.rnn.FusedRNNCell(H, num_layers=2, mode=mode, bidirectional=bidir, prefix='p_')
        out, _ = cell.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
        size = out.infer_shape(data=(T, N, IN))[0][out.list_arguments().index('p_parameters')]
        flat = mx.nd.array(np.arange(np.prod(size)) % 97 / 97.0)
        unpacked = cell.unpack_weights({'p_parameters': flat, 'other': mx.nd.ones(2)})
        packed = cell.pack_weights(unpacked)
        unfused = cell.unfuse()
        return (sorted((k, v.shape) for k, v in unpacked.items()), unpacked, packed,
                sorted(unfused.pack_weights(unpacked)))
    check(run)


def test_cell_pack_unpack_and_errors():
    def run(mx):
        lstm = mx.rnn.LSTMCell(3, prefix='c_')
        args = {'c_i2h_weight': mx.nd.array(np.arange(24.).reshape(12, 2)), 'c_i2h_bias': mx.nd.arange(12),
                'c_h2h_weight': mx.nd.array(np.arange(36.).reshape(12, 3)), 'c_h2h_bias': mx.nd.arange(12) * 2}
        un = lstm.unpack_weights(args)
        return un, lstm.pack_weights(un), mx.rnn.DropoutCell(0.2).unpack_weights({'a': mx.nd.ones(1)})
    check(run)
    check(lambda mx: mx.rnn.FusedRNNCell(3)(mx.sym.var('x'), []))
    check(lambda mx: mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2), mx.rnn.RNNCell(2))(mx.sym.var('x'), []))

    def modified(mx):
        base = mx.rnn.RNNCell(2, prefix='m_')
        mx.rnn.ZoneoutCell(base, zoneout_outputs=0.5)
        return base.begin_state()
    check(modified)
    check(lambda mx: mx.rnn.ZoneoutCell(mx.rnn.FusedRNNCell(2)))
    check(lambda mx: mx.rnn.DropoutCell('0.5'))
    check(lambda mx: mx.rnn.RNNCell(2).unroll(2, None))

    def seq_params(mx):
        p = mx.rnn.RNNParams('shared_')
        s = mx.rnn.SequentialRNNCell(params=p)
        s.add(mx.rnn.RNNCell(2, prefix='a_'))
    check(seq_params)

    def rnn_unroll(mx):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return mx.rnn.rnn_unroll(mx.rnn.RNNCell(2), 2, [mx.sym.var('a'), mx.sym.var('b')])
    check(rnn_unroll)


def test_shared_params():
    def run(mx):
        with mx.name.NameManager():
            p = mx.rnn.RNNParams('sh_')
            a = mx.rnn.LSTMCell(H, prefix='a_', params=p)
            b = mx.rnn.LSTMCell(H, prefix='b_', params=p)
            x = mx.sym.var('data')
            out1, _ = a.unroll(2, x, merge_outputs=True)
            out2, _ = b.unroll(2, out1, merge_outputs=True)
            return sorted(p._params), out2.list_arguments(), a._own_params
    check(run)


@pytest.mark.parametrize("kind", ["ConvRNNCell", "ConvLSTMCell", "ConvGRUCell"])
def test_conv_cells(kind):
    data = np.random.RandomState(2).uniform(-1, 1, (2, T, 3, 6, 5))

    def run(mx):
        with mx.name.NameManager():
            cell = getattr(mx.rnn, kind)(input_shape=(2, 3, 6, 5), num_hidden=4, i2h_kernel=(3, 3),
                                         i2h_pad=(1, 1), h2h_kernel=(3, 3), prefix='cv_')
            out, states = cell.unroll(T, mx.sym.var('data'), merge_outputs=True)
            group = mx.sym.Group([out] + states)
            return (_graph(group), cell.state_info, sorted(cell.params._params),
                    [(k, v.list_attr()) for k, v in sorted(cell.params._params.items())],
                    group.infer_shape(data=data.shape)[1], _forward(mx, group, data))
    check(run)


def test_lstm_forget_bias_init_in_module():
    def run(mx):
        with mx.name.NameManager():
            stack = mx.rnn.SequentialRNNCell()
            stack.add(mx.rnn.LSTMCell(4, forget_bias=2.5, prefix='l0_'))
            stack.add(mx.rnn.FusedRNNCell(4, mode='lstm', forget_bias=1.5, prefix='f_').unfuse())
            sym, _ = stack.unroll(1, mx.sym.var('data'), merge_outputs=True)
            mod = mx.mod.Module(sym, label_names=None, context=mx.cpu(0))
            mod.bind(data_shapes=[('data', (2, 1, 3))], label_shapes=None)
            mod.init_params(initializer=mx.init.Zero())
            return {k: v for k, v in mod.get_params()[0].items() if k.endswith('bias')}
    check(run)


def test_encode_sentences():
    sents = [['a', 'b', 'c'], ['b', 'd'], ['e', 'a']]

    def run(mx):
        enc = mx.rnn.encode_sentences
        r1 = enc(sents)
        r2 = enc(sents, invalid_label=1, start_label=0)
        r3 = enc([['a', 'z']], vocab=dict(r1[1]), unknown_token='<unk>')
        return r1, r2, r3
    check(run)
    check(lambda mx: mx.rnn.encode_sentences([['q']], vocab={'a': 1}))


@pytest.mark.parametrize("layout", ["NT", "TN"])
def test_bucket_sentence_iter(layout, capsys):
    rng = np.random.RandomState(5)
    sents = [list(rng.randint(1, 20, size=rng.randint(2, 9))) for _ in range(40)]

    def run(mx):
        import random
        random.seed(7)
        np.random.seed(7)
        it = mx.rnn.BucketSentenceIter([list(s) for s in sents], batch_size=3, buckets=[3, 5, 6],
                                       invalid_label=0, layout=layout)
        out = [it.buckets, it.default_bucket_key, [(d.name, d.shape, d.layout) for d in it.provide_data],
               [(d.name, d.shape, d.layout) for d in it.provide_label]]
        for _ in range(2):
            it.reset()
            out.append([(b.bucket_key, b.data[0], b.label[0], b.pad, b.provide_data[0].shape) for b in it])
        auto = mx.rnn.BucketSentenceIter([list(s) for s in sents], batch_size=4)
        out.append((auto.buckets, len(auto.idx)))
        return out
    check(run)
    check(lambda mx: mx.rnn.BucketSentenceIter([[1, 2]], 1, buckets=[2], layout='XY'))


def test_rnn_checkpoint(tmp_path):
    def run(mx):
        with mx.name.NameManager():
            cell = mx.rnn.FusedRNNCell(3, mode='gru', prefix='ck_')
            sym, _ = cell.unroll(2, mx.sym.var('data'), layout='TNC', merge_outputs=True)
            size = sym.infer_shape(data=(2, 1, 2))[0][1]
            arg = {'ck_parameters': mx.nd.array(np.linspace(-1, 1, int(np.prod(size))))}
            folder = tmp_path / mx.__name__
            folder.mkdir()
            prefix = str(folder / 'ck')
            mx.rnn.save_rnn_checkpoint(cell, prefix, 3, sym, arg, {})
            saved = sorted(mx.nd.load(prefix + '-0003.params'))
            sym2, arg2, aux2 = mx.rnn.load_rnn_checkpoint([cell], prefix, 3)
            cb = mx.rnn.do_rnn_checkpoint(cell, prefix, period=2)
            cb(0, sym, arg, {})
            cb(1, sym, arg, {})
            return saved, arg2, aux2, sym2.list_arguments(), sorted(os.listdir(folder))
    check(run)


def test_bucketing_language_model_training(capsys):
    """The MXNet 1.x lstm_bucketing recipe (BucketSentenceIter + mx.rnn cells + BucketingModule) trains alike."""
    rng = np.random.RandomState(0)
    sents = [list(rng.randint(1, 30, size=rng.randint(3, 10))) for _ in range(40)]

    def run(mx):
        import random
        random.seed(1)
        np.random.seed(1)
        it = mx.rnn.BucketSentenceIter([list(s) for s in sents], 4, buckets=[5, 10], invalid_label=0)
        cell = mx.rnn.SequentialRNNCell()
        cell.add(mx.rnn.LSTMCell(8, prefix='lstm_l0_'))
        cell.add(mx.rnn.GRUCell(8, prefix='gru_l1_'))

        def sym_gen(seq_len):
            embed = mx.sym.Embedding(data=mx.sym.Variable('data'), input_dim=30, output_dim=6, name='embed')
            cell.reset()
            outputs, _ = cell.unroll(seq_len, inputs=embed, merge_outputs=True)
            pred = mx.sym.FullyConnected(data=mx.sym.Reshape(outputs, shape=(-1, 8)), num_hidden=30, name='pred')
            label = mx.sym.Reshape(mx.sym.Variable('softmax_label'), shape=(-1,))
            return mx.sym.SoftmaxOutput(data=pred, label=label, name='softmax'), ('data',), ('softmax_label',)
        mod = mx.mod.BucketingModule(sym_gen=sym_gen, default_bucket_key=it.default_bucket_key, context=mx.cpu())
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params()
        args, _ = mod.get_params()
        rs = np.random.RandomState(3)
        mod.set_params({k: mx.nd.array(rs.uniform(-0.3, 0.3, v.shape)) for k, v in sorted(args.items())}, {})
        mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1})
        metric = mx.metric.Perplexity(0)
        history = []
        for _ in range(2):
            it.reset()
            metric.reset()
            for batch in it:
                mod.forward_backward(batch)
                mod.update()
                mod.update_metric(metric, batch.label)
            history.append(metric.get())
        return history, mod.get_params()[0]
    check(run, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("mode", ["lstm", "gru", "rnn_tanh"])
def test_fused_checkpoint_loads_into_unfused_cells(mode, tmp_path):
    """cudnn_rnn_bucketing recipe: a FusedRNNCell checkpoint (saved unpacked) runs through cell.unfuse()."""
    data = np.random.RandomState(4).uniform(-1, 1, (N, T, IN))

    def run(mx):
        with mx.name.NameManager(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fused = mx.rnn.FusedRNNCell(H, num_layers=2, mode=mode, bidirectional=True, prefix='m_')
            f_out, _ = fused.unroll(T, mx.sym.var('data'), layout='NTC', merge_outputs=True)
            size = f_out.infer_shape(data=data.shape)[0][f_out.list_arguments().index('m_parameters')]
            packed = {'m_parameters': mx.nd.array(np.random.RandomState(5).uniform(-0.4, 0.4, size))}
            folder = tmp_path / mx.__name__
            folder.mkdir()
            mx.rnn.save_rnn_checkpoint(fused, str(folder / 'm'), 1, f_out, packed, {})
            unfused = fused.unfuse()
            u_out, _ = unfused.unroll(T, mx.sym.var('data'), layout='NTC', merge_outputs=True)
            _, arg, aux = mx.rnn.load_rnn_checkpoint(unfused, str(folder / 'm'), 1)
            mod = mx.mod.Module(u_out, data_names=['data'], label_names=None)
            mod.bind(data_shapes=[('data', data.shape)], for_training=False)
            mod.set_params(arg, aux)
            mod.forward(mx.io.DataBatch([mx.nd.array(data)]), is_train=False)
            fused_mod = mx.mod.Module(f_out, data_names=['data'], label_names=None)
            fused_mod.bind(data_shapes=[('data', data.shape)], for_training=False)
            fused_mod.set_params(packed, {})
            fused_mod.forward(mx.io.DataBatch([mx.nd.array(data)]), is_train=False)
            return sorted(arg), mod.get_outputs()[0], fused_mod.get_outputs()[0]
    check(run, atol=1e-4, rtol=1e-4)


def test_stateful_module_with_variable_begin_states():
    """Stateful LM pattern: begin states as Variables fed through Module(state_names=...), carried by
    set_states/get_states across batches."""
    data = np.random.RandomState(6).uniform(-1, 1, (N, T, IN))

    def run(mx):
        with mx.name.NameManager():
            cell = mx.rnn.LSTMCell(H, prefix='st_')
            states = cell.begin_state(func=mx.sym.Variable)
            out, last = cell.unroll(T, mx.sym.var('data'), begin_state=states, merge_outputs=True)
            sym = mx.sym.Group([out] + [mx.sym.BlockGrad(s) for s in last])
            names = [s.name for s in states]
            mod = mx.mod.Module(sym, data_names=['data'], label_names=None, state_names=names)
            mod.bind(data_shapes=[('data', data.shape)], for_training=False)
            rs = np.random.RandomState(7)
            arg_shapes = dict(zip(sym.list_arguments(), sym.infer_shape(data=data.shape, st_begin_state_0=(N, H),
                                                                          st_begin_state_1=(N, H))[0]))
            mod.init_params(arg_params={k: mx.nd.array(rs.uniform(-0.3, 0.3, arg_shapes[k]))
                                        for k in sym.list_arguments() if k.startswith('st_') and 'state' not in k})
            mod.set_states(value=0)
            results = []
            for _ in range(2):
                mod.forward(mx.io.DataBatch([mx.nd.array(data)]), is_train=False)
                outs = mod.get_outputs()
                results.append(outs[0])
                mod.set_states(states=[[o] for o in outs[1:]])
            return names, results, mod.get_states()
    check(run, atol=1e-5, rtol=1e-4)
