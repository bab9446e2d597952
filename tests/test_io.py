"""mx.io against real MXNet 1.9.1: DataDesc/DataBatch, NDArrayIter, ResizeIter, PrefetchingIter, CSVIter,
MNISTIter and ImageRecordIter (deterministic settings compared value for value)."""
import io
import struct

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import MODULES, MODULE_IDS, check


def _epochs(it, n=3):
    out = []
    for _ in range(n):
        out.append([([d.asnumpy() for d in b.data], [d.asnumpy() for d in b.label], b.pad) for b in it])
        it.reset()
    return out


def test_datadesc_and_batch():
    def f(mx):
        d = mx.io.DataDesc("x", (2, 3), np.int32, "NTC")
        lst = mx.io.DataDesc.get_list([("a", (1,)), ("b", (2,))], [("a", np.float16), ("b", np.int8)])
        b = mx.io.DataBatch([mx.nd.ones((2, 3))], [mx.nd.zeros((2,))], pad=1)
        return (repr(d), d.dtype, d.layout, tuple(d), mx.io.DataDesc.get_batch_axis("TNC"),
                mx.io.DataDesc.get_batch_axis(None), [repr(x) for x in lst], str(b), b.pad, b.index)
    check(f)
    check(lambda mx: mx.io.DataBatch(mx.nd.ones(2)))


@pytest.mark.parametrize("handle", ["pad", "discard", "roll_over"])
@pytest.mark.parametrize("bs", [3, 4, 13])
def test_ndarrayiter_last_batch(handle, bs):
    data = np.arange(40, dtype=np.float32).reshape(10, 4)
    label = np.arange(10)

    def f(mx):
        it = mx.io.NDArrayIter(data, label, batch_size=bs, last_batch_handle=handle)
        return _epochs(it), it.provide_data, [tuple(x) for x in it.provide_label], it.getpad() if False else 0
    check(f)


def test_ndarrayiter_inputs():
    a = np.arange(24).reshape(6, 2, 2)
    b = np.ones((6, 3), dtype=np.float64)

    def f(mx):
        out = []
        for data, label in [({"b": b, "a": a}, {"lab": np.arange(6)}), ([a, b], None),
                            (mx.nd.array(a, dtype="int32"), [mx.nd.arange(6)])]:
            it = mx.io.NDArrayIter(data, label, batch_size=4)
            out.append((_epochs(it, 1), [repr(d) for d in it.provide_data], [repr(d) for d in it.provide_label]))
        return out
    check(f)


def test_ndarrayiter_shuffle_uses_numpy_rng():
    data = np.arange(20, dtype=np.float32).reshape(10, 2)

    def f(mx):
        np.random.seed(7)
        it = mx.io.NDArrayIter(data, np.arange(10), batch_size=4, shuffle=True, last_batch_handle="roll_over")
        return _epochs(it, 2)
    check(f)


def test_ndarrayiter_layout_and_hard_reset():
    data = np.arange(30, dtype=np.float32).reshape(3, 10)

    def f(mx):
        it = mx.io.NDArrayIter(data, batch_size=4, layout="TN", last_batch_handle="roll_over")
        first = _epochs(it, 1)
        it.hard_reset()
        return first, [b.data[0].asnumpy() for b in it], [repr(d) for d in it.provide_data]
    check(f)


def test_ndarrayiter_errors():
    check(lambda mx: mx.io.NDArrayIter(None))
    check(lambda mx: mx.io.NDArrayIter("abc"))


def test_resize_iter():
    data = np.arange(10, dtype=np.float32).reshape(5, 2)

    def f(mx):
        it = mx.io.ResizeIter(mx.io.NDArrayIter(data, np.arange(5), batch_size=2), 4)
        return _epochs(it, 2), it.batch_size, [tuple(d) for d in it.provide_data]
    check(f)


def test_prefetching_iter():
    a = np.arange(12, dtype=np.float32).reshape(6, 2)

    def f(mx):
        it = mx.io.PrefetchingIter([mx.io.NDArrayIter(a, np.arange(6), batch_size=4),
                                    mx.io.NDArrayIter(a * 2, np.arange(6) + 1, batch_size=4, data_name="d2",
                                                      label_name="l2")],
                                   rename_data=[{"data": "x"}, {"d2": "y"}])
        return _epochs(it, 2), [repr(d) for d in it.provide_data], [repr(d) for d in it.provide_label]
    check(f)


def test_prefetching_iter_surfaces_errors():
    class Boom(torch2gluon.io.DataIter):
        provide_data = [("data", (1,))]
        provide_label = []

        def next(self):
            raise ValueError("boom in worker")
    it = torch2gluon.io.PrefetchingIter(Boom())
    with pytest.raises(ValueError, match="boom"):
        it.next()


@pytest.fixture
def csv_files(tmp_path):
    np.savetxt(tmp_path / "d.csv", np.arange(30).reshape(10, 3) * 1.5, delimiter=",")
    np.savetxt(tmp_path / "l.csv", np.arange(10), delimiter=",")
    np.savetxt(tmp_path / "l2.csv", np.arange(20).reshape(10, 2), delimiter=",")
    return tmp_path


@pytest.mark.parametrize("kw", [dict(batch_size=3), dict(batch_size=4, round_batch=False), dict(batch_size=4),
                                dict(batch_size=4, dtype="int32", data_shape=(3, 1)),
                                dict(batch_size=2, label_csv="l2.csv", label_shape=(2,)), dict(batch_size=20)])
def test_csviter(csv_files, kw):
    args = dict(data_csv=str(csv_files / "d.csv"), data_shape=(3,), label_csv=str(csv_files / "l.csv"))
    args.update(kw)
    if "label_csv" in kw:
        args["label_csv"] = str(csv_files / kw["label_csv"])

    def f(mx):  # one epoch: MXNet's prefetch thread makes later epochs' start timing-dependent
        it = mx.io.CSVIter(**args)
        return _epochs(it, 1), [repr(d) for d in it.provide_data], [repr(d) for d in it.provide_label]
    check(f)


def test_round_batch_epochs_hand_computed(csv_files):
    """10 rows, batch 3: the wrapped rows 0 and 1 are skipped at the start of the next epoch (as MXNet usually does)."""
    it = torch2gluon.io.CSVIter(data_csv=str(csv_files / "d.csv"), data_shape=(3,), label_csv=str(csv_files / "l.csv"),
                                batch_size=3)
    got = [[(b.label[0].asnumpy().astype(int).tolist(), b.pad) for b in e] for e in
           (lambda: [list(it), it.reset(), list(it), it.reset(), list(it)])()[::2]]
    assert got == [[([0, 1, 2], 0), ([3, 4, 5], 0), ([6, 7, 8], 0), ([9, 0, 1], 2)],
                   [([2, 3, 4], 0), ([5, 6, 7], 0), ([8, 9, 0], 1)],
                   [([1, 2, 3], 0), ([4, 5, 6], 0), ([7, 8, 9], 0)]]


def test_csviter_no_label_and_errors(csv_files):
    d = str(csv_files / "d.csv")
    check(lambda mx: _epochs(mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=5), 1))
    check(lambda mx: mx.io.CSVIter(data_csv=str(csv_files / "nope.csv"), data_shape=(3,), batch_size=5))
    check(lambda mx: mx.io.CSVIter(data_csv=d, data_shape=(4,), batch_size=5))
    check(lambda mx: mx.io.CSVIter(d, data_shape=(3,), batch_size=5))
    # a keyword that is not a CSVIter parameter is ignored, as MXNet's parameter parser does
    check(lambda mx: mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=5, bogus=1).next().data[0])


@pytest.fixture
def mnist_files(tmp_path):
    rng = np.random.RandomState(0)
    imgs = (rng.rand(10, 28, 28) * 255).astype(np.uint8)
    (tmp_path / "img").write_bytes(struct.pack(">IIII", 2051, 10, 28, 28) + imgs.tobytes())
    (tmp_path / "lab").write_bytes(struct.pack(">II", 2049, 10) + np.arange(10, dtype=np.uint8).tobytes())
    return tmp_path


@pytest.mark.parametrize("kw", [dict(batch_size=3), dict(batch_size=4, flat=True),
                                dict(batch_size=1, num_parts=3, part_index=2),
                                dict(batch_size=2, num_parts=4, part_index=3)])
def test_mnistiter(mnist_files, kw):
    def f(mx):
        it = mx.io.MNISTIter(image=str(mnist_files / "img"), label=str(mnist_files / "lab"), shuffle=False,
                             silent=True, **kw)
        return _epochs(it, 2), [repr(d) for d in it.provide_data], [repr(d) for d in it.provide_label]
    check(f)


@pytest.mark.parametrize("seed,kw", [(0, {}), (1, {}), (7, dict(num_parts=2, part_index=1)), (3, dict(flat=True))])
def test_mnistiter_shuffle_matches_mxnet(mnist_files, seed, kw):
    def f(mx):
        it = mx.io.MNISTIter(image=str(mnist_files / "img"), label=str(mnist_files / "lab"), batch_size=2,
                             seed=seed, silent=True, **kw)
        return _epochs(it, 2)
    check(f)


def test_mnistiter_shuffle_large(tmp_path):
    n = 1000
    imgs = np.zeros((n, 28, 28), np.uint8)
    imgs[:, 0, 0], imgs[:, 0, 1] = np.arange(n) % 256, np.arange(n) // 256
    (tmp_path / "img").write_bytes(struct.pack(">IIII", 2051, n, 28, 28) + imgs.tobytes())
    (tmp_path / "lab").write_bytes(struct.pack(">II", 2049, n) + (np.arange(n) % 256).astype(np.uint8).tobytes())

    def f(mx):
        it = mx.io.MNISTIter(image=str(tmp_path / "img"), label=str(tmp_path / "lab"), batch_size=n, seed=0,
                             silent=True)
        return it.next().data[0][:, 0, 0, :2]
    check(f)


def test_mnistiter_missing_file(mnist_files):
    check(lambda mx: mx.io.MNISTIter(image=str(mnist_files / "nope"), label=str(mnist_files / "lab")))


def _png(img):
    b = io.BytesIO()
    Image.fromarray(img).save(b, format="PNG")
    return b.getvalue()


@pytest.fixture
def rec_files(tmp_path):
    rng = np.random.RandomState(0)
    w = mxnet.recordio.MXIndexedRecordIO(str(tmp_path / "i.idx"), str(tmp_path / "i.rec"), "w")
    w3 = mxnet.recordio.MXIndexedRecordIO(str(tmp_path / "j.idx"), str(tmp_path / "j.rec"), "w")
    for i in range(5):
        img = _png((rng.rand(18, 22, 3) * 255).astype(np.uint8))
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, float(i * 10), i, 0), img))
        w3.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, [i, 7.0, 8.0], i, 0), img))
    w.close()
    w3.close()
    return tmp_path


@pytest.mark.parametrize("kw", [
    dict(data_shape=(3, 16, 16), batch_size=2),
    dict(data_shape=(3, 10, 10), batch_size=3, resize=12, mean_r=1, mean_g=2, mean_b=3, std_r=4, std_g=5, std_b=6,
         scale=0.5, mirror=True),
    dict(data_shape=(1, 16, 16), batch_size=2, preprocess_threads=1),
    dict(data_shape=(3, 8, 10), batch_size=4, resize=9, inter_method=0, data_name="x", label_name="y"),
    dict(data_shape=(3, 16, 16), batch_size=2, label_width=3, rec="j", num_parts=2, part_index=0),
    dict(data_shape=(3, 16, 16), batch_size=2, label_width=3, rec="j", num_parts=2, part_index=1),
])
def test_image_record_iter(rec_files, kw):
    kw = dict(kw)
    rec = str(rec_files / (kw.pop("rec", "i") + ".rec"))

    def f(mx):
        it = mx.io.ImageRecordIter(path_imgrec=rec, **kw)
        return _epochs(it, 1), [repr(d) for d in it.provide_data], [repr(d) for d in it.provide_label]
    check(f, atol=1e-4)


def test_image_record_iter_no_round_batch(rec_files):
    def f(mx):
        it = mx.io.ImageRecordIter(path_imgrec=str(rec_files / "i.rec"), data_shape=(3, 16, 16), batch_size=2,
                                   round_batch=False)
        batches = [(b.data[0].copy(), b.pad) for b in it]
        batches = [mx.io.DataBatch([d], pad=p) for d, p in batches]
        return [b.data[0][:1].asnumpy() for b in batches], [b.pad for b in batches]
    check(f)


def test_image_record_iter_random_options(rec_files):
    it = torch2gluon.io.ImageRecordIter(path_imgrec=str(rec_files / "i.rec"), data_shape=(3, 12, 12), batch_size=5,
                                        shuffle=True, rand_mirror=True, seed=3,
                                        random_resized_crop=True, max_random_area=1.0, min_random_area=0.3,
                                        max_aspect_ratio=1.3, preprocess_threads=2)
    b = it.next()
    assert b.data[0].shape == (5, 3, 12, 12) and sorted(b.label[0].asnumpy().tolist()) == [0, 10, 20, 30, 40]
    assert 0 <= b.data[0].asnumpy().min() and b.data[0].asnumpy().max() <= 255


@pytest.mark.parametrize("kw", [dict(label_width=2), dict(rec="j"), dict(rec="nope"), dict(data_shape=None)])
def test_image_record_iter_errors(rec_files, kw):
    kw = dict(kw)
    rec = str(rec_files / (kw.pop("rec", "i") + ".rec"))
    args = dict(path_imgrec=rec, data_shape=(3, 16, 16), batch_size=2)
    args.update(kw)
    if args["data_shape"] is None:
        del args["data_shape"]
    check(lambda mx: mx.io.ImageRecordIter(**args))


@pytest.mark.parametrize("mx", MODULES, ids=MODULE_IDS)
def test_image_record_iter_positional(mx, rec_files):
    with pytest.raises(mx.base.MXNetError):
        mx.io.ImageRecordIter(str(rec_files / "i.rec"))
    with pytest.raises(TypeError):
        mx.io.ImageRecordIter(str(rec_files / "i.rec"), path_imgrec=str(rec_files / "i.rec"), data_shape=(3, 8, 8),
                              batch_size=1)


def test_image_record_iter_refuses_unsupported(rec_files):
    for k, v in [("aug_seq", "x"), ("dtype", "float16")]:
        with pytest.raises(NotImplementedError, match=k):
            torch2gluon.io.ImageRecordIter(path_imgrec=str(rec_files / "i.rec"), data_shape=(3, 16, 16),
                                           batch_size=2, **{k: v})


def test_image_record_iter_broken_image(tmp_path):
    w = torch2gluon.recordio.MXRecordIO(str(tmp_path / "b.rec"), "w")
    w.write(torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 1.0, 0, 0), _png(np.zeros((8, 8, 3),
                                                                                                 np.uint8))))
    w.write(torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 1.0, 1, 0), b"broken"))
    w.close()
    with pytest.raises(torch2gluon.base.MXNetError, match=r"b\.rec', record at byte \d+: Decoding failed"):
        torch2gluon.io.ImageRecordIter(path_imgrec=str(tmp_path / "b.rec"), data_shape=(3, 8, 8), batch_size=2)


@pytest.mark.parametrize("kind", ["uint8_iter", "int8_iter", "dtype_uint8", "dtype_int8"])
def test_image_record_iter_integer_outputs(rec_files, kind):
    def f(mx):
        kw = dict(path_imgrec=str(rec_files / "i.rec"), data_shape=(3, 16, 16), batch_size=2, mean_r=10.5, mean_g=-3.5,
                  mean_b=200, std_r=3, scale=0.5)
        if kind == "uint8_iter":
            it = mx.io.ImageRecordUInt8Iter(**kw)
        elif kind == "int8_iter":
            it = mx.io.ImageRecordInt8Iter(**kw)
        else:
            it = mx.io.ImageRecordIter(dtype=kind.split("_")[1], **kw)
        return _epochs(it, 1), [repr(d) for d in it.provide_data]
    check(f)
