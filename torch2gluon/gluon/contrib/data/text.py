"""`gluon.contrib.data.text`: the WikiText-2 and WikiText-103 word-level language-modelling datasets
(MXNet 1.9.1): `root/wiki.{train,valid,test}.tokens`, verified by SHA-1, else fetched as the zip archive."""
import os
import shutil
import zipfile

import numpy as np

from ...data import dataset
from ...data.vision.datasets import _DATA_DIR, _synthetic_ok
from ...utils import download, check_sha1, _get_repo_file_url
from ....contrib import text
from .... import ndarray as nd
from ._constants import EOS_TOKEN

__all__ = ["WikiText2", "WikiText103"]


class _LanguageModelDataset(dataset._DownloadedDataset):
    """A text corpus with a vocabulary (built from the corpus' token counts when none is given)."""

    def __init__(self, root, namespace, vocabulary):
        self._vocab = vocabulary
        self._counter = None
        self._namespace = namespace
        super().__init__(root, None)

    @property
    def vocabulary(self):
        """The `contrib.text.vocab.Vocabulary` that indexes the tokens."""
        return self._vocab

    @property
    def frequencies(self):
        """Token counts (a `collections.Counter`) of this segment; None when a vocabulary was passed in."""
        return self._counter

    def _build_vocab(self, content):
        if not self._counter:
            self._counter = text.utils.count_tokens_from_str(content)
        if not self._vocab:
            self._vocab = text.vocab.Vocabulary(counter=self.frequencies, reserved_tokens=[EOS_TOKEN])


class _WikiText(_LanguageModelDataset):
    """Samples are `seq_len`-long int32 rows of token indices; the label row is the data shifted by one token."""

    def _read_batch(self, filename):
        with open(filename, "r", encoding="utf8") as fin:
            content = fin.read()
        self._build_vocab(content)
        lines = [line for line in (x.strip().split() for x in content.splitlines()) if line]
        tokens = [tok for line in lines for tok in line + [EOS_TOKEN] if tok]
        ids = self.vocabulary.to_indices(tokens)
        return np.array(ids[0:-1], dtype=np.int32), np.array(ids[1:], dtype=np.int32)

    def _get_data(self):
        if self._segment not in self._data_file:
            raise KeyError(self._segment)
        archive_name, archive_hash = self._archive_file
        data_name, data_hash = self._data_file[self._segment]
        path = os.path.join(self._root, data_name)
        if not _synthetic_ok(self._root, data_name) and (
                not os.path.exists(path) or not check_sha1(path, data_hash)):
            archive = download(_get_repo_file_url("gluon/dataset/" + self._namespace, archive_name),
                               path=self._root, sha1_hash=archive_hash)
            with zipfile.ZipFile(archive, "r") as zf:
                for member in zf.namelist():
                    filename = os.path.basename(member)
                    if filename:
                        with zf.open(member) as source, open(os.path.join(self._root, filename), "wb") as target:
                            shutil.copyfileobj(source, target)
        data, label = self._read_batch(path)
        n = len(data) // self._seq_len * self._seq_len
        self._data = nd.array(data, dtype=data.dtype)[:n].reshape((-1, self._seq_len))
        self._label = nd.array(label, dtype=label.dtype)[:n].reshape((-1, self._seq_len))

    def __getitem__(self, idx):
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


class WikiText2(_WikiText):
    """WikiText-2 word-level dataset; segment 'train', 'validation' or 'test'; '<eos>' ends each line."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "wikitext-2"), segment="train", vocab=None,
                 seq_len=35):
        self._archive_file = ("wikitext-2-v1.zip", "3c914d17d80b1459be871a5039ac23e752a53cbe")
        self._data_file = {"train": ("wiki.train.tokens", "863f29c46ef9d167fff4940ec821195882fe29d1"),
                           "validation": ("wiki.valid.tokens", "0418625c8b4da6e4b5c7a0b9e78d4ae8f7ee5422"),
                           "test": ("wiki.test.tokens", "c7b8ce0aa086fb34dab808c5c49224211eb2b172")}
        self._segment = segment
        self._seq_len = seq_len
        super().__init__(root, "wikitext-2", vocab)


class WikiText103(_WikiText):
    """WikiText-103 word-level dataset; segment 'train', 'validation' or 'test'; '<eos>' ends each line."""

    def __init__(self, root=os.path.join(_DATA_DIR, "datasets", "wikitext-103"), segment="train", vocab=None,
                 seq_len=35):
        self._archive_file = ("wikitext-103-v1.zip", "0aec09a7537b58d4bb65362fee27650eeaba625a")
        self._data_file = {"train": ("wiki.train.tokens", "b7497e2dfe77e72cfef5e3dbc61b7b53712ac211"),
                           "validation": ("wiki.valid.tokens", "c326ac59dc587676d58c422eb8a03e119582f92b"),
                           "test": ("wiki.test.tokens", "8a5befc548865cec54ed4273cf87dbbad60d1e47")}
        self._segment = segment
        self._seq_len = seq_len
        super().__init__(root, "wikitext-103", vocab)
