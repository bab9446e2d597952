"""One rank of the SyncBatchNorm torch.distributed test: normalise this rank's half batch, save the results.

    python _sync_bn_worker.py RANK WORLD PORT IN.npz OUT.npz
"""
import os
import sys

import numpy as np
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import torch2gluon as mx  # noqa: E402


def main():
    rank, world, port, inp, outp = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
    d = np.load(inp)
    x = np.array_split(d["x"], world)[rank]
    head = np.array_split(d["head"], world)[rank]
    bn = mx.gluon.contrib.nn.SyncBatchNorm(num_devices=world, momentum=0.8)
    bn.initialize()
    bn(mx.nd.array(x))
    bn.gamma.set_data(mx.nd.array(d["gamma"]))
    bn.beta.set_data(mx.nd.array(d["beta"]))
    xx = mx.nd.array(x)
    xx.attach_grad()
    with mx.autograd.record():
        y = bn(xx)
        loss = (y * mx.nd.array(head)).sum()
    loss.backward()
    with mx.autograd.predict_mode():
        y_eval = bn(mx.nd.array(x))
    np.savez(outp, y=y.asnumpy(), gx=xx.grad.asnumpy(), ggamma=bn.gamma.grad().asnumpy(),
             gbeta=bn.beta.grad().asnumpy(), rm=bn.running_mean.data().asnumpy(),
             rv=bn.running_var.data().asnumpy(), y_eval=y_eval.asnumpy())
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
