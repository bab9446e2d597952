"""The 1.x d2l book's (d2lzh) computer-vision and NLP chapters in miniature, against MXNet 1.9.1: a TinySSD
training step (MultiBoxPrior/Target on multi-scale heads), VOC colour-map labels with random/fixed crops, a
detection .rec read by ImageDetIter with random crops, neural-style's image-as-parameter Adam loop, the
fine-tuning head in a prefix-less HybridSequential, and TextCNN with a frozen embedding. Weights come from
one seeded numpy stream on both sides (the libraries' own random generators differ)."""
import io
import random

import numpy as np
import pytest
from PIL import Image

from tests.oracle import check


def _fill(net, seed, scale=0.1):
    """Overwrite every initialized parameter (insertion order) with seeded numbers."""
    r = np.random.RandomState(seed)
    for p in net.collect_params().values():
        shape = p.data().shape
        p.set_data((r.standard_normal(shape) * scale).astype(np.float32))


def _seeded_init(mx, seed, scale=0.1):
    """An initializer drawing every parameter from one numpy stream (variances kept positive)."""
    r = np.random.RandomState(seed)

    class Seeded(mx.init.Initializer):
        def __call__(self, desc, arr):
            v = r.standard_normal(arr.shape) * scale
            arr[:] = np.abs(v) + 1 if str(desc).endswith('var') else v
    return Seeded()


def _tiny_ssd(mx):
    nn = mx.gluon.nn

    def down(c):
        blk = nn.Sequential()
        for _ in range(2):
            blk.add(nn.Conv2D(c, 3, padding=1), nn.BatchNorm(in_channels=c), nn.Activation('relu'))
        blk.add(nn.MaxPool2D(2))
        return blk

    class TinySSD(nn.Block):
        def __init__(self, **kw):
            super().__init__(**kw)
            self.sizes, self.ratios = [[0.2, 0.272], [0.37, 0.447], [0.71, 0.79]], [1, 2, 0.5]
            for i in range(3):
                setattr(self, 'blk_%d' % i, nn.GlobalMaxPool2D() if i == 2 else down(8))
                setattr(self, 'cls_%d' % i, nn.Conv2D(4 * 2, 3, padding=1))
                setattr(self, 'bbox_%d' % i, nn.Conv2D(4 * 4, 3, padding=1))

        def forward(self, X):
            anchors, cls, bbox = [], [], []
            for i in range(3):
                X = getattr(self, 'blk_%d' % i)(X)
                anchors.append(mx.contrib.nd.MultiBoxPrior(X, sizes=self.sizes[i], ratios=self.ratios))
                cls.append(getattr(self, 'cls_%d' % i)(X).transpose((0, 2, 3, 1)).flatten())
                bbox.append(getattr(self, 'bbox_%d' % i)(X).transpose((0, 2, 3, 1)).flatten())
            return (mx.nd.concat(*anchors, dim=1), mx.nd.concat(*cls, dim=1).reshape((0, -1, 2)),
                    mx.nd.concat(*bbox, dim=1))
    return TinySSD()


def test_tiny_ssd_training_step():
    X = np.random.RandomState(0).rand(2, 3, 16, 16).astype(np.float32)
    Y = np.array([[[0, 0.1, 0.1, 0.5, 0.6]], [[0, 0.4, 0.3, 0.9, 0.8]]], np.float32)

    def fn(mx):
        net = _tiny_ssd(mx)
        net.initialize(_seeded_init(mx, 1))
        trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.2, 'wd': 5e-4})
        cls_loss, bbox_loss = mx.gluon.loss.SoftmaxCrossEntropyLoss(), mx.gluon.loss.L1Loss()
        outs = []
        for _ in range(2):
            with mx.autograd.record():
                anchors, cls_preds, bbox_preds = net(mx.nd.array(X))
                bbox_labels, bbox_masks, cls_labels = mx.contrib.nd.MultiBoxTarget(
                    anchors, mx.nd.array(Y), cls_preds.transpose((0, 2, 1)))
                l = cls_loss(cls_preds, cls_labels) + bbox_loss(bbox_preds * bbox_masks, bbox_labels * bbox_masks)
            l.backward()
            trainer.step(2)
            outs += [anchors, l, cls_labels, bbox_masks, bbox_labels]
        probs = cls_preds.softmax().transpose((0, 2, 1))
        outs.append(mx.contrib.nd.MultiBoxDetection(probs, bbox_preds, anchors, nms_threshold=0.45))
        return outs + [net.cls_0.weight.data(), net.bbox_2.bias.data()]
    check(fn, atol=1e-4, rtol=1e-4)


VOC_COLORMAP = [[0, 0, 0], [128, 0, 0], [0, 128, 0], [128, 128, 0], [0, 0, 128]]


def test_voc_label_indices_and_crops():
    r = np.random.RandomState(2)
    lab = np.zeros((30, 40, 3), np.uint8)
    for c in range(1, 5):
        y0, x0 = r.randint(0, 20, size=2)
        lab[y0:y0 + 9, x0:x0 + 12] = VOC_COLORMAP[c]
    img = (r.rand(30, 40, 3) * 255).astype(np.uint8)

    def fn(mx):
        random.seed(5)
        colormap2label = mx.nd.zeros(256 ** 3)
        for i, cm in enumerate(VOC_COLORMAP):
            colormap2label[(cm[0] * 256 + cm[1]) * 256 + cm[2]] = i
        feature, label = mx.nd.array(img, dtype='uint8'), mx.nd.array(lab, dtype='uint8')
        feature, rect = mx.image.random_crop(feature, (20, 15))
        label = mx.image.fixed_crop(label, *rect)
        cm = label.astype('int32')
        idx = (cm[:, :, 0] * 256 + cm[:, :, 1]) * 256 + cm[:, :, 2]
        norm = (feature.astype('float32') / 255 - mx.nd.array([0.485, 0.456, 0.406])) / mx.nd.array(
            [0.229, 0.224, 0.225])
        return rect, colormap2label[idx], norm.transpose((2, 0, 1))
    check(fn)


def _det_rec(tmp_path, mx):
    rec = mx.recordio.MXIndexedRecordIO(str(tmp_path / 'd.idx'), str(tmp_path / 'd.rec'), 'w')
    r = np.random.RandomState(3)
    for i in range(6):
        img = (r.rand(64, 64, 3) * 80).astype(np.uint8)
        x0, y0 = r.randint(4, 30, size=2)
        s = r.randint(12, 30)
        img[y0:y0 + s, x0:x0 + s] = [230, 200, 30]
        b = io.BytesIO()
        Image.fromarray(img).save(b, format='JPEG', quality=95)
        lab = [4, 5, 64, 64, 0, x0 / 64., y0 / 64., (x0 + s) / 64., (y0 + s) / 64.]
        rec.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, np.array(lab, np.float32), i, 0), b.getvalue()))
    rec.close()


def test_image_det_iter_pikachu_style(tmp_path):
    import torch2gluon
    _det_rec(tmp_path, torch2gluon)

    def fn(mx):
        random.seed(0)
        np.random.seed(0)
        it = mx.image.ImageDetIter(path_imgrec=str(tmp_path / 'd.rec'), path_imgidx=str(tmp_path / 'd.idx'),
                                   batch_size=4, data_shape=(3, 32, 32), shuffle=True, rand_crop=1,
                                   min_object_covered=0.95, max_attempts=200)
        out = []
        for _ in range(2):
            it.reset()
            for batch in it:
                out += [batch.data[0], batch.label[0], batch.pad]
        return out + [it.provide_data[0][1], it.provide_label[0][1]]
    check(fn, atol=1e-4)


def test_neural_style_image_parameter_adam():
    X = np.random.RandomState(4).rand(1, 3, 6, 5).astype(np.float32)

    def fn(mx):
        nn = mx.gluon.nn

        class GeneratedImage(nn.Block):
            def __init__(self, img_shape, **kwargs):
                super().__init__(**kwargs)
                self.weight = self.params.get('weight', shape=img_shape)

            def forward(self):
                return self.weight.data()

        def gram(Y):
            c, n = Y.shape[1], Y.size // Y.shape[1]
            Y = Y.reshape((c, n))
            return mx.nd.dot(Y, Y.T) / (c * n)

        def tv(Y):
            return 0.5 * ((Y[:, :, 1:, :] - Y[:, :, :-1, :]).abs().mean() + (Y[:, :, :, 1:] - Y[:, :, :, :-1]).abs().mean())

        gen = GeneratedImage(X.shape)
        gen.initialize(mx.init.Constant(mx.nd.array(X)), force_reinit=True)
        trainer = mx.gluon.Trainer(gen.collect_params(), 'adam', {'learning_rate': 0.01})
        target = gram(mx.nd.array(X[:, ::-1].copy()))
        img, ls = gen(), []
        for i in range(4):
            with mx.autograd.record():
                l = mx.nd.add_n((gram(img) - target).square().mean() * 1e3, tv(img) * 10,
                                (img - 0.5).square().mean())
            l.backward()
            trainer.step(1)
            if i == 1:
                trainer.set_learning_rate(trainer.learning_rate * 0.1)
            ls.append(l)
        return ls + [img, trainer.learning_rate]
    check(fn)


def test_finetune_head_in_prefixless_hybrid_sequential():
    X = np.random.RandomState(5).rand(4, 6).astype(np.float32)
    y = np.array([0, 2, 1, 2], np.float32)

    def fn(mx):
        nn = mx.gluon.nn
        with mx.name.NameManager():
            feats = nn.HybridSequential()
            feats.add(nn.Dense(5, activation='relu'))
            head = nn.HybridSequential(prefix='')
            head.add(nn.Dense(4, activation='relu'))
            head.add(nn.Dense(3))
        feats.initialize()
        head.initialize()
        feats(mx.nd.array(X))
        head(feats(mx.nd.array(X)))
        _fill(feats, 6)
        _fill(head, 7)
        names = list(head.collect_params().keys())
        trainer = mx.gluon.Trainer(head.collect_params(), 'sgd',
                                   {'learning_rate': 0.1, 'momentum': 0.9, 'wd': 1e-4})
        loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        for _ in range(3):
            f = feats(mx.nd.array(X))
            with mx.autograd.record():
                l = loss(head(f), mx.nd.array(y)).sum()
            l.backward()
            trainer.step(4)
        return names, l, mx.nd.softmax(head(feats(mx.nd.array(X)))), feats[0].weight.data()
    check(fn)


@pytest.mark.parametrize("hybrid", [False, True])
def test_textcnn_frozen_embedding(hybrid):
    r = np.random.RandomState(8)
    tokens = r.randint(0, 12, size=(3, 9)).astype(np.float32)
    labels = np.array([0, 1, 1], np.float32)

    def fn(mx):
        nn = mx.gluon.nn

        class TextCNN(nn.Block):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.embedding = nn.Embedding(12, 4)
                self.constant_embedding = nn.Embedding(12, 4)
                self.decoder = nn.Dense(2)
                self.pool = nn.GlobalMaxPool1D()
                self.convs = nn.Sequential()
                for c, k in zip([3, 2], [2, 4]):
                    self.convs.add(nn.Conv1D(c, k, activation='relu'))

            def forward(self, inputs):
                e = mx.nd.concat(self.embedding(inputs), self.constant_embedding(inputs), dim=2)
                e = e.transpose((0, 2, 1))
                enc = mx.nd.concat(*[mx.nd.flatten(self.pool(conv(e))) for conv in self.convs], dim=1)
                return self.decoder(enc)

        net = TextCNN()
        net.initialize(mx.init.Xavier())
        net(mx.nd.array(tokens))
        _fill(net, 9, scale=0.5)
        net.constant_embedding.collect_params().setattr('grad_req', 'null')
        if hybrid:
            net.pool.hybridize()
        trainer = mx.gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.01})
        loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        for _ in range(2):
            with mx.autograd.record():
                l = loss(net(mx.nd.array(tokens)), mx.nd.array(labels))
            l.backward()
            trainer.step(3)
        return (l, net.embedding.weight.grad(), net.embedding.weight.data(), net.constant_embedding.weight.data(),
                net.convs[1].weight.grad(), mx.nd.argmax(net(mx.nd.array(tokens[:1])), axis=1))
    check(fn)
