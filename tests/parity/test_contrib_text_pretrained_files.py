"""A user-registered `contrib.text.embedding._TokenEmbedding` with its own pretrained-file table (the extension
point MXNet documents): file-name checks, repository URL, fetch with SHA-1 check, archive extraction. Against
MXNet 1.9.1; downloads are served by a stub of `requests.get` (both libraries fetch through it)."""
import hashlib
import importlib
import io
import itertools
import os
import zipfile

import pytest
import requests

from tests.oracle import check

VEC = b"hello 1 2 3 4 5\nworld 6 7 8 9 10\n"
_ids = itertools.count()


class _Resp:
    def __init__(self, data):
        self.status_code, self._data = 200, data
        self.headers = {"Content-Length": str(len(data))}

    def iter_content(self, chunk_size=1024):
        for i in range(0, len(self._data), chunk_size):
            yield self._data[i:i + chunk_size]


@pytest.fixture
def served(monkeypatch):
    """`served[url_basename] = bytes` makes `requests.get` answer that URL; the requested URLs are recorded."""
    table, seen = {}, []

    def get(url, *args, **kwargs):
        seen.append(url)
        return _Resp(table[url.split("/")[-1]])

    monkeypatch.setattr(requests, "get", get)
    monkeypatch.delenv("MXNET_GLUON_REPO", raising=False)
    table["_seen"] = seen
    return table


def _sha1(data):
    return hashlib.sha1(data).hexdigest()


def _embedding_cls(mx, table, archive_table=None, archive_ext=None):
    """A fresh registered subclass (unique name per call) loading ' '-delimited files from `root`."""
    text = importlib.import_module(mx.__name__ + ".contrib.text")
    name = "UserEmbed%d" % next(_ids)

    def __init__(self, pretrained_file_name="embedding_test.vec", embedding_root="embeddings", **kwargs):
        type(self)._check_pretrained_file_names(pretrained_file_name)
        text.embedding._TokenEmbedding.__init__(self, **kwargs)
        path = type(self)._get_pretrained_file(embedding_root, pretrained_file_name)
        self._load_embedding(path, " ", mx.nd.zeros)

    attrs = {"pretrained_file_name_sha1": table, "__init__": __init__}
    if archive_table is not None:
        attrs["pretrained_archive_name_sha1"] = archive_table
        attrs["_get_download_file_name"] = classmethod(
            lambda cls, f: os.path.splitext(f)[0] + archive_ext)
    cls = type(name, (text.embedding._TokenEmbedding,), attrs)
    return text.embedding.register(cls), name.lower()


def test_download_verify_and_load(tmp_path, served):
    served["embedding_test.vec"] = VEC

    def fn(mx):
        cls, name = _embedding_cls(mx, {"embedding_test.vec": _sha1(VEC)})
        root = str(tmp_path / mx.__name__)
        e = mx.contrib.text.embedding.create(name, embedding_root=root)
        url = served["_seen"][-1]
        on_disk = open(os.path.join(root, name, "embedding_test.vec"), "rb").read()
        return (e.idx_to_token, e.idx_to_vec, url.replace(name, "NAME"), on_disk,
                mx.contrib.text.embedding.get_pretrained_file_names(name))
    check(fn)


def test_file_already_there_is_not_fetched(tmp_path, served):
    def fn(mx):
        cls, name = _embedding_cls(mx, {"e.vec": _sha1(VEC)})
        root = tmp_path / mx.__name__
        (root / name).mkdir(parents=True)
        (root / name / "e.vec").write_bytes(VEC)
        n_before = len(served["_seen"])
        path = cls._get_pretrained_file(str(root), "e.vec")
        return os.path.relpath(path, str(root)).replace(name, "NAME"), len(served["_seen"]) - n_before
    check(fn)


def test_wrong_hash_on_disk_is_refetched(tmp_path, served):
    served["e.vec"] = VEC

    def fn(mx):
        cls, name = _embedding_cls(mx, {"e.vec": _sha1(VEC)})
        root = tmp_path / mx.__name__
        (root / name).mkdir(parents=True)
        (root / name / "e.vec").write_bytes(b"stale 0 0\n")
        e = cls(pretrained_file_name="e.vec", embedding_root=str(root))
        return e.idx_to_vec, (root / name / "e.vec").read_bytes()
    check(fn)


def test_zip_archive_is_extracted(tmp_path, served):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("wiki.x.vec", VEC)
    served["wiki.x.zip"] = buf.getvalue()

    def fn(mx):
        cls, name = _embedding_cls(mx, {"wiki.x.vec": _sha1(VEC)}, {"wiki.x.zip": _sha1(buf.getvalue())}, ".zip")
        e = cls(pretrained_file_name="wiki.x.vec", embedding_root=str(tmp_path / mx.__name__))
        return e.idx_to_token, e.idx_to_vec, served["_seen"][-1].split("/")[-1]
    check(fn)


def test_unknown_file_name_and_repo_override(monkeypatch):
    def unknown(mx):
        cls, _ = _embedding_cls(mx, {"a.vec": "0" * 40})
        return cls._check_pretrained_file_names("b.vec")
    check(unknown, raises=KeyError)

    monkeypatch.setenv("MXNET_GLUON_REPO", "http://mirror.example/")

    def url(mx):
        cls, name = _embedding_cls(mx, {"a.vec": "0" * 40})
        return cls._get_pretrained_file_url("a.vec").replace(name, "NAME"), cls._get_download_file_name("a.vec")
    check(url)
