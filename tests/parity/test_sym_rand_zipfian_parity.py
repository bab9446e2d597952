"""sym.contrib.rand_zipfian: the graph, output dtypes/shapes, the deterministic expected counts of the true
classes, and expected counts of the sampled classes consistent with the samples (oracle-checked)."""
import json

import numpy as np

from tests.oracle import check

TRUE = np.array([0, 3, 7, 19, 2])


def test_rand_zipfian_symbol():
    def fn(mx):
        with mx.name.NameManager():
            out = mx.sym.Group(list(mx.sym.contrib.rand_zipfian(mx.sym.var("t"), 1000, 20)))
        ex = out.bind(mx.cpu(), {"t": mx.nd.array(TRUE, dtype="int32")})
        sampled, cnt_true, cnt_sampled = ex.forward()
        s = sampled.asnumpy().astype("float64")
        consistent = np.allclose(cnt_sampled.asnumpy(), np.log((s + 2) / (s + 1)) / np.log(21) * 1000)
        in_range = bool(((s >= 0) & (s < 20)).all())
        return (json.loads(out.tojson()), out.list_outputs(), sampled.shape, sampled.dtype, cnt_sampled.dtype,
                cnt_true, consistent, in_range)
    check(fn)
