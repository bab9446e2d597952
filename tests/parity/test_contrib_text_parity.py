"""mx.contrib.text (token counting, Vocabulary, CustomEmbedding/CompositeEmbedding) against MXNet 1.9.1."""
import collections
import importlib

import pytest

import torch2gluon
from tests.oracle import check

TEXT = " Life is great ! \n life is good . \n a b b c c c\n"
EMB = "hello 0.1 0.2 0.3\nworld 1 2 3\n<unk> 9 9 9\nhello 5 5 5\nhdr 7\nLife -1 -2 -3\n"


def _text(mx):
    return importlib.import_module(mx.__name__ + ".contrib.text")


@pytest.mark.parametrize("kw", [dict(), dict(to_lower=True), dict(token_delim=r"\s", seq_delim="\n")])
def test_count_tokens_from_str(kw):
    check(lambda mx: dict(_text(mx).utils.count_tokens_from_str(TEXT, **kw)))


def test_count_tokens_updates_given_counter():
    def fn(mx):
        c = collections.Counter({"life": 5})
        out = _text(mx).utils.count_tokens_from_str(TEXT, counter_to_update=c)
        return out is c, dict(c)
    check(fn)


@pytest.mark.parametrize("kw", [dict(), dict(min_freq=2), dict(most_freq_count=3),
                                dict(reserved_tokens=["<pad>", "<bos>"]),
                                dict(unknown_token="UNK", most_freq_count=2, reserved_tokens=["x"])])
def test_vocabulary_order_and_lookup(kw):
    def fn(mx):
        t = _text(mx)
        v = t.vocab.Vocabulary(t.utils.count_tokens_from_str(TEXT), **kw)
        return (v.idx_to_token, v.token_to_idx, len(v), v.unknown_token, v.reserved_tokens,
                v.to_indices(["c", "nope", "is"]), v.to_indices("b"), v.to_tokens([0, 1]), v.to_tokens(2))
    check(fn)


@pytest.mark.parametrize("call", [lambda t: t.vocab.Vocabulary(min_freq=0),
                                  lambda t: t.vocab.Vocabulary(reserved_tokens=["<unk>"]),
                                  lambda t: t.vocab.Vocabulary(reserved_tokens=["a", "a"]),
                                  lambda t: t.vocab.Vocabulary({"a": 1}),
                                  lambda t: t.vocab.Vocabulary().to_tokens(5)])
def test_vocabulary_errors(call):
    check(lambda mx: call(_text(mx)))


def _emb_file(tmp_path):
    p = tmp_path / "emb.txt"
    p.write_text(EMB)
    return str(p)


def test_custom_embedding_loads_file(tmp_path):
    path = _emb_file(tmp_path)

    def fn(mx):
        with pytest.warns(UserWarning):
            e = _text(mx).embedding.CustomEmbedding(path)
        return (e.idx_to_token, e.token_to_idx, e.vec_len, e.idx_to_vec, e.get_vecs_by_tokens("world"),
                e.get_vecs_by_tokens(["hello", "zzz"]), e.get_vecs_by_tokens(["life"], lower_case_backup=True),
                e.get_vecs_by_tokens(["LIFE", "Life"], lower_case_backup=True), e.to_indices("Life"))
    check(fn)


def test_custom_embedding_with_vocabulary_and_init(tmp_path):
    path = str(tmp_path / "c.txt")
    open(path, "w").write("hello 0.1 0.2\nworld 1 2\n")

    def fn(mx):
        t = _text(mx)
        v = t.vocab.Vocabulary(collections.Counter(["world", "x", "x", "hello"]), reserved_tokens=["<pad>"])
        e = t.embedding.CustomEmbedding(path, init_unknown_vec=mx.nd.ones, vocabulary=v)
        return e.idx_to_token, e.reserved_tokens, e.idx_to_vec, e.vec_len
    check(fn)


def test_update_token_vectors(tmp_path):
    path = _emb_file(tmp_path)

    def fn(mx):
        with pytest.warns(UserWarning):
            e = _text(mx).embedding.CustomEmbedding(path)
        e.update_token_vectors("world", mx.nd.array([4, 5, 6]))
        e.update_token_vectors(["hello", "<unk>"], mx.nd.array([[1, 1, 1], [2, 2, 2]]))
        return e.idx_to_vec
    check(fn)


@pytest.mark.parametrize("bad", [lambda mx, e: e.update_token_vectors("nope", mx.nd.ones(3)),
                                 lambda mx, e: e.update_token_vectors("world", mx.nd.ones(4)),
                                 lambda mx, e: e.update_token_vectors(["world", "hello"], mx.nd.ones(3))])
def test_update_token_vectors_errors(tmp_path, bad):
    path = _emb_file(tmp_path)

    def fn(mx):
        with pytest.warns(UserWarning):
            e = _text(mx).embedding.CustomEmbedding(path)
        return bad(mx, e)
    check(fn)


def test_composite_embedding(tmp_path):
    p1, p2 = tmp_path / "a.txt", tmp_path / "b.txt"
    p1.write_text("x 1 2\ny 3 4\n")
    p2.write_text("y 5\nz 6\n<unk> 0.5\n")

    def fn(mx):
        t = _text(mx)
        v = t.vocab.Vocabulary(collections.Counter(["z", "y", "y", "q"]))
        with pytest.warns(UserWarning):   # 1-d vectors look like a header line: skipped with a warning
            e2 = t.embedding.CustomEmbedding(str(p2))
        c = t.embedding.CompositeEmbedding(v, [t.embedding.CustomEmbedding(str(p1)), e2])
        return c.idx_to_token, c.vec_len, c.idx_to_vec
    check(fn)


def test_create_and_registry_errors():
    check(lambda mx: _text(mx).embedding.create("customembedding", pretrained_file_path="x"))
    check(lambda mx: _text(mx).embedding.get_pretrained_file_names("nope"))


def test_missing_file_is_value_error():
    check(lambda mx: _text(mx).embedding.CustomEmbedding("/nonexistent/emb.txt"))


def test_pretrained_downloads_refused_loudly():
    t = torch2gluon.contrib.text
    for call in (lambda: t.embedding.create("glove", pretrained_file_name="glove.6B.50d.txt"),
                 lambda: t.embedding.FastText(), lambda: t.embedding.get_pretrained_file_names("glove"),
                 lambda: t.embedding.get_pretrained_file_names()):
        with pytest.raises(NotImplementedError, match="CustomEmbedding"):
            call()
