"""RecordFileDataset, ImageRecordDataset, ImageFolderDataset (against real MXNet 1.9.1) and ImageListDataset."""
import io
import warnings

import mxnet
import numpy as np
import pytest
from PIL import Image

import torch2gluon
from tests.oracle import check


def _img(seed, h=12, w=10):
    return (np.random.RandomState(seed).rand(h, w, 3) * 255).astype(np.uint8)


def _bytes(img, fmt):
    b = io.BytesIO()
    Image.fromarray(img).save(b, format=fmt)
    return b.getvalue()


@pytest.fixture
def rec(tmp_path):
    w = mxnet.recordio.MXIndexedRecordIO(str(tmp_path / "r.idx"), str(tmp_path / "r.rec"), "w")
    for i in range(4):
        label = float(i) if i % 2 == 0 else [i, 0.5]
        w.write_idx(i, mxnet.recordio.pack(mxnet.recordio.IRHeader(0, label, i, 0),
                                           _bytes(_img(i), "PNG" if i < 2 else "JPEG")))
    w.close()
    return str(tmp_path / "r.rec")


def test_record_file_dataset(rec):
    check(lambda mx: [len(mx.gluon.data.RecordFileDataset(rec))] + list(mx.gluon.data.RecordFileDataset(rec)))


@pytest.mark.parametrize("flag", [1, 0])
def test_image_record_dataset(rec, flag):
    def f(mx):
        ds = mx.gluon.data.vision.ImageRecordDataset(rec, flag=flag)
        return len(ds), [ds[i] for i in range(len(ds))]
    check(f)


def test_image_record_dataset_transform_and_loader(rec):
    def f(mx):
        ds = mx.gluon.data.vision.ImageRecordDataset(rec, transform=lambda x, y: (x.astype("float32") / 2, y))
        first = ds[0]
        loader = mx.gluon.data.DataLoader(
            mx.gluon.data.vision.ImageRecordDataset(rec).filter(lambda s: not isinstance(s[1], np.ndarray))
            .transform_first(mx.gluon.data.vision.transforms.ToTensor()), batch_size=3)
        return first, [list(b) for b in loader]
    check(f)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "imgs"
    for ci, cls in enumerate(["cat", "dog"]):
        (root / cls).mkdir(parents=True)
        for j in range(2):
            (root / cls / f"{j}.png").write_bytes(_bytes(_img(10 * ci + j), "PNG"))
        (root / cls / "x.jpg").write_bytes(_bytes(_img(5 + ci), "JPEG"))
        (root / cls / "notes.txt").write_text("not an image")
    (root / "README").write_text("file at top level")
    return str(root)


@pytest.mark.parametrize("flag", [1, 0])
def test_image_folder_dataset(folder, flag):
    def f(mx):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ds = mx.gluon.data.vision.ImageFolderDataset(folder, flag=flag)
        items = [(p.split("imgs")[-1], label) for p, label in ds.items]
        return ds.synsets, items, len(ds), [ds[i] for i in range(len(ds))], len(caught)
    check(f)


def test_image_folder_dataset_transform(folder):
    check(lambda mx: mx.gluon.data.vision.ImageFolderDataset(folder, transform=lambda x, y: (x[:2], y + 1))[3])


def test_image_list_dataset(tmp_path):
    imgs = [_img(i) for i in range(3)]
    for i, im in enumerate(imgs):
        (tmp_path / f"{i}.png").write_bytes(_bytes(im, "PNG"))
    (tmp_path / "a.lst").write_text("".join(f"{i * 10}\t{i}\t{i + 0.5}\t{i}.png\n" for i in range(3)))
    vis = torch2gluon.gluon.data.vision
    ds = vis.ImageListDataset(str(tmp_path), "a.lst")
    assert len(ds) == 3
    img, label = ds[2]
    np.testing.assert_array_equal(img.asnumpy(), imgs[2])
    assert label.dtype == np.float32 and label.asnumpy().tolist() == [2.0, 2.5]
    ds = vis.ImageListDataset(str(tmp_path), [[1, "0.png"], [[2, 3], "1.png"], [4, 5, "2.png"]], flag=0)
    assert [ds[i][1].asnumpy().tolist() for i in range(3)] == [[1.0], [2.0, 3.0], [4.0, 5.0]]
    assert ds[1][0].shape == (12, 10, 1)
    with pytest.raises(ValueError):
        vis.ImageListDataset(str(tmp_path), None)


@pytest.mark.parametrize("num_workers,thread_pool", [(2, False), (3, True)])
def test_record_dataset_in_workers(rec, num_workers, thread_pool):
    """Forked workers reopen the file (pid check); threads share one reader under its lock."""
    vis = torch2gluon.gluon.data.vision
    ds = vis.ImageRecordDataset(rec).filter(lambda s: not isinstance(s[1], np.ndarray)) \
        .transform_first(vis.transforms.ToTensor())
    loader = torch2gluon.gluon.data.DataLoader(ds, batch_size=1, num_workers=num_workers, thread_pool=thread_pool)
    got = [(x.asnumpy(), y.asnumpy().tolist()) for x, y in loader]
    assert [y for _, y in got] == [[0.0], [2.0]]
    for i in range(2):
        np.testing.assert_array_equal(got[i][0][0], ds[i][0].asnumpy())


def test_broken_files_named(tmp_path):
    w = torch2gluon.recordio.MXIndexedRecordIO(str(tmp_path / "b.idx"), str(tmp_path / "b.rec"), "w")
    w.write_idx(7, torch2gluon.recordio.pack(torch2gluon.recordio.IRHeader(0, 1.0, 0, 0), b"broken"))
    w.close()
    for mx in (mxnet, torch2gluon):
        with pytest.raises(mx.base.MXNetError):
            mx.gluon.data.vision.ImageRecordDataset(str(tmp_path / "b.rec"))[0]
    with pytest.raises(torch2gluon.base.MXNetError, match=r"b\.rec', record 0 \(key 7\)"):
        torch2gluon.gluon.data.vision.ImageRecordDataset(str(tmp_path / "b.rec"))[0]
    (tmp_path / "c" / "x").mkdir(parents=True)
    (tmp_path / "c" / "x" / "bad.png").write_bytes(b"not a png")
    for mx in (mxnet, torch2gluon):
        with pytest.raises(mx.base.MXNetError):
            mx.gluon.data.vision.ImageFolderDataset(str(tmp_path / "c"))[0]
    with pytest.raises(torch2gluon.base.MXNetError, match="bad.png"):
        torch2gluon.gluon.data.vision.ImageFolderDataset(str(tmp_path / "c"))[0]
