"""Per-call time of training-time layers whose torch kernels differ in cost: torch2gluon vs torch vs MXNet 1.9.1.

Run: .venv/bin/python bench/train_layers.py [--n 5] [--rounds 5] [--threads 1] [--clock wall|cpu] [--only a,b]
Rows: `Dropout(0.2)` forward + backward on (64, 50, 200) under `record()` (d2l's decomposable attention),
BatchNorm training forward + backward on (16, 16, 64, 64) (every CNN's training step), and NMS as d2l's SSD
prediction runs it: `contrib.MultiBoxDetection` over 5444 anchors (4 classes) of random boxes and scores.
The torch column is what a PyTorch user writes: `F.dropout`, `nn.BatchNorm2d` in train mode, and
`torchvision.ops.batched_nms` for the NMS (a C++ kernel; it is not MultiBoxDetection's whole decode/sort).
All three contenders run in this process in interleaved rounds (bench/_contenders.py); MXNet's engine is
charged by `waitall()` per round. Prints median (best) ms... as us per call, and the t2g/torch, t2g/MXNet ratios.
"""

import numpy as np

from _contenders import in_process_main

N_ANCHORS = 5444


def _ssd_inputs():
    rs = np.random.RandomState(0)
    prob = rs.rand(1, 4, N_ANCHORS).astype("float32")
    prob /= prob.sum(axis=1, keepdims=True)
    loc = (rs.randn(1, N_ANCHORS * 4) * 0.1).astype("float32")
    xy = rs.rand(N_ANCHORS, 2) * 0.8
    anchors = np.concatenate([xy, xy + rs.rand(N_ANCHORS, 2) * 0.3 + 0.02], 1)
    return prob, loc, anchors.reshape(1, N_ANCHORS, 4).astype("float32")


def _gluon_cases(mx):
    """The benchmarked calls, written against `mx.nd` / `mx.gluon` (real mxnet or torch2gluon)."""
    nd, autograd, nn = mx.nd, mx.autograd, mx.gluon.nn
    rs = np.random.RandomState(0)
    xd = nd.array(rs.randn(64, 50, 200).astype("float32"))
    xd.attach_grad()
    drop = nn.Dropout(0.2)
    xb = nd.array(rs.randn(16, 16, 64, 64).astype("float32"))
    xb.attach_grad()
    bn = nn.BatchNorm(in_channels=16)
    bn.initialize()
    prob, loc, anchors = (nd.array(a) for a in _ssd_inputs())

    def dropout():
        with autograd.record():
            y = drop(xd)
        y.backward()

    def batchnorm():
        with autograd.record():
            y = bn(xb)
        y.backward()

    def nms():
        nd.contrib.MultiBoxDetection(prob, loc, anchors).wait_to_read()

    return {"Dropout(0.2) fwd+bwd 64x50x200": dropout, "BatchNorm train fwd+bwd 16x16x64x64": batchnorm,
            "MultiBoxDetection 5444 anchors": nms}


def _torch_cases(torch):
    import torchvision
    rs = np.random.RandomState(0)
    xd = torch.tensor(rs.randn(64, 50, 200).astype("float32"), requires_grad=True)
    xb = torch.tensor(rs.randn(16, 16, 64, 64).astype("float32"), requires_grad=True)
    bn = torch.nn.BatchNorm2d(16).train()
    prob, loc, anchors = (torch.from_numpy(a) for a in _ssd_inputs())
    score, cls = prob[0, 1:].max(dim=0)
    boxes = anchors[0] + loc.reshape(-1, 4) * 0.1   # a stand-in decode: NMS is the cost here

    def dropout():
        torch.nn.functional.dropout(xd, 0.2, True).sum().backward()

    def batchnorm():
        bn(xb).sum().backward()

    def nms():
        keep = score >= 0.01
        torchvision.ops.batched_nms(boxes[keep], score[keep], cls[keep], 0.5)

    return {"Dropout(0.2) fwd+bwd 64x50x200": dropout, "BatchNorm train fwd+bwd 16x16x64x64": batchnorm,
            "MultiBoxDetection 5444 anchors": nms}


def main():
    in_process_main(__doc__, "Training layers", "call", 36, _torch_cases, _gluon_cases, n=5, rounds=5,
                    warmup=2)


if __name__ == "__main__":
    main()
