"""Inception v3 ("Rethinking the Inception Architecture for Computer Vision"); input 299x299."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ...contrib.nn import HybridConcurrent
from ._pretrained import load_pretrained

__all__ = ["Inception3", "inception_v3"]


def _basic_conv(**conv_kwargs):
    """Conv2D (no bias) + BatchNorm(eps=1e-3) + ReLU."""
    out = nn.HybridSequential(prefix="")
    out.add(nn.Conv2D(use_bias=False, **conv_kwargs))
    out.add(nn.BatchNorm(epsilon=0.001))
    out.add(nn.Activation("relu"))
    return out


_CONV_ARGS = ("channels", "kernel_size", "strides", "padding")


def _branch(pool, *convs):
    """Optional pool ('avg' 3x3/1 pad 1, 'max' 3x3/2) then basic convs from (channels, kernel, stride, pad) rows."""
    out = nn.HybridSequential(prefix="")
    if pool == "avg":
        out.add(nn.AvgPool2D(pool_size=3, strides=1, padding=1))
    elif pool == "max":
        out.add(nn.MaxPool2D(pool_size=3, strides=2))
    for row in convs:
        out.add(_basic_conv(**{k: v for k, v in zip(_CONV_ARGS, row) if v is not None}))
    return out


def _concurrent(prefix, *branch_specs):
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        for spec in branch_specs:
            out.add(_branch(*spec))
    return out


def _block_a(pool_features, prefix):
    return _concurrent(prefix,
                       (None, (64, 1, None, None)),
                       (None, (48, 1, None, None), (64, 5, None, 2)),
                       (None, (64, 1, None, None), (96, 3, None, 1), (96, 3, None, 1)),
                       ("avg", (pool_features, 1, None, None)))


def _block_b(prefix):
    return _concurrent(prefix,
                       (None, (384, 3, 2, None)),
                       (None, (64, 1, None, None), (96, 3, None, 1), (96, 3, 2, None)),
                       ("max",))


def _block_c(c7, prefix):
    return _concurrent(prefix,
                       (None, (192, 1, None, None)),
                       (None, (c7, 1, None, None), (c7, (1, 7), None, (0, 3)), (192, (7, 1), None, (3, 0))),
                       (None, (c7, 1, None, None), (c7, (7, 1), None, (3, 0)), (c7, (1, 7), None, (0, 3)),
                        (c7, (7, 1), None, (3, 0)), (192, (1, 7), None, (0, 3))),
                       ("avg", (192, 1, None, None)))


def _block_d(prefix):
    return _concurrent(prefix,
                       (None, (192, 1, None, None), (320, 3, 2, None)),
                       (None, (192, 1, None, None), (192, (1, 7), None, (0, 3)), (192, (7, 1), None, (3, 0)),
                        (192, 3, 2, None)),
                       ("max",))


def _split(first, channels):
    """`first` followed by a concat of (1x3) and (3x1) convolutions of `channels` each."""
    seq = nn.HybridSequential(prefix="")
    seq.add(first)
    pair = HybridConcurrent(axis=1, prefix="")
    seq.add(pair)
    pair.add(_branch(None, (channels, (1, 3), None, (0, 1))))
    pair.add(_branch(None, (channels, (3, 1), None, (1, 0))))
    return seq


def _block_e(prefix):
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_branch(None, (320, 1, None, None)))
        out.add(_split(_branch(None, (384, 1, None, None)), 384))
        out.add(_split(_branch(None, (448, 1, None, None), (384, 3, None, 1)), 384))
        out.add(_branch("avg", (192, 1, None, None)))
    return out


def make_aux(classes):
    """Auxiliary classifier head of Inception v3 (built by MXNet 1.9.1 but not used by Inception3)."""
    out = nn.HybridSequential(prefix="")
    out.add(nn.AvgPool2D(pool_size=5, strides=3))
    out.add(_basic_conv(channels=128, kernel_size=1))
    out.add(_basic_conv(channels=768, kernel_size=5))
    out.add(nn.Flatten())
    out.add(nn.Dense(classes))
    return out


class Inception3(HybridBlock):
    """Inception v3 for 299x299 inputs with a `classes`-way output."""

    def __init__(self, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix="")
            add = self.features.add
            add(_basic_conv(channels=32, kernel_size=3, strides=2))
            add(_basic_conv(channels=32, kernel_size=3))
            add(_basic_conv(channels=64, kernel_size=3, padding=1))
            add(nn.MaxPool2D(pool_size=3, strides=2))
            add(_basic_conv(channels=80, kernel_size=1))
            add(_basic_conv(channels=192, kernel_size=3))
            add(nn.MaxPool2D(pool_size=3, strides=2))
            add(_block_a(32, "A1_"))
            add(_block_a(64, "A2_"))
            add(_block_a(64, "A3_"))
            add(_block_b("B_"))
            for i, c7 in enumerate((128, 160, 160, 192)):
                add(_block_c(c7, f"C{i + 1}_"))
            add(_block_d("D_"))
            add(_block_e("E1_"))
            add(_block_e("E2_"))
            add(nn.AvgPool2D(pool_size=8))
            add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def inception_v3(pretrained=False, ctx=cpu(), root=None, **kwargs):
    """Inception v3; `pretrained=True` loads MXNet's ImageNet weights from `root` (default $MXNET_HOME/models)."""
    net = Inception3(**kwargs)
    if pretrained:
        load_pretrained(net, "inceptionv3", ctx, root)
    return net
