"""`mx.contrib.text.embedding`: token embeddings (vocabulary + `idx_to_vec` matrix) loaded from text files.

`GloVe` and `FastText` download MXNet's mirrored pretrained files and verify them against MXNet's table of
file hashes, which this package does not carry: they raise NotImplementedError. A pretrained file already on
disk loads with `CustomEmbedding(path)` (same text format, same resulting vectors).

One deliberate difference: with `reserved_tokens`, MXNet 1.9.1 builds `idx_to_vec` one row per file token plus one
for the unknown token, so the reserved tokens shift every file token onto its neighbour's vector; here each reserved
token gets a zero row and every token keeps its own vector.
"""
import logging
import os
import tarfile
import warnings
import zipfile

from ... import ndarray as nd
from ... import registry
from . import vocab

__all__ = ["register", "create", "get_pretrained_file_names", "GloVe", "FastText", "CustomEmbedding",
           "CompositeEmbedding"]

_UNK = vocab.UNKNOWN_IDX
_APACHE_REPO_URL = 'https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/'


def register(embedding_cls):
    """Register a `_TokenEmbedding` subclass under its lower-cased class name (for `create`)."""
    return registry.get_register_func(_TokenEmbedding, 'token embedding')(embedding_cls)


def create(embedding_name, **kwargs):
    """Instantiate the token embedding registered as `embedding_name` with `kwargs`."""
    return registry.get_create_func(_TokenEmbedding, 'token embedding')(embedding_name, **kwargs)


def get_pretrained_file_names(embedding_name=None):
    """Pretrained file names of one registered embedding (list), or of all of them (dict name -> list)."""
    table = registry.get_registry(_TokenEmbedding)
    if embedding_name is not None:
        if embedding_name not in table:
            raise KeyError('Cannot find `embedding_name` %s. Use `get_pretrained_file_names('
                           'embedding_name=None).keys()` to get all the valid embedding names.' % embedding_name)
        return list(table[embedding_name].pretrained_file_name_sha1.keys())
    return {name: list(cls.pretrained_file_name_sha1.keys()) for name, cls in table.items()}


class _TokenEmbedding(vocab.Vocabulary):
    """A Vocabulary whose tokens carry vectors: `idx_to_vec[i]` is the vector of `idx_to_token[i]`.

    A registered subclass with a `pretrained_file_name_sha1` table (file name -> SHA-1) fetches its files as
    MXNet does: `_check_pretrained_file_names(name)` validates the name and `_get_pretrained_file(root, name)`
    downloads `<repo>gluon/embeddings/<class name lower-cased>/<file>` into `<root>/<class>/` (verified by SHA-1,
    `.zip`/`.gz` archives extracted) unless a file with that hash is already there.
    """

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        """Name of the file to download for `pretrained_file_name` (itself; subclasses map it to an archive)."""
        return pretrained_file_name

    @classmethod
    def _get_pretrained_file_url(cls, pretrained_file_name):
        """URL of `pretrained_file_name` in the Gluon repository (`MXNET_GLUON_REPO` overrides the base)."""
        repo_url = os.environ.get('MXNET_GLUON_REPO', _APACHE_REPO_URL)
        return '{}gluon/embeddings/{}/{}'.format(repo_url, cls.__name__.lower(),
                                                  cls._get_download_file_name(pretrained_file_name))

    @classmethod
    def _get_pretrained_file(cls, embedding_root, pretrained_file_name):
        """Path of `pretrained_file_name` under `embedding_root`, downloaded (and extracted) when missing."""
        from ...gluon.utils import check_sha1, download
        embedding_dir = os.path.join(os.path.expanduser(embedding_root), cls.__name__.lower())
        pretrained_file_path = os.path.join(embedding_dir, pretrained_file_name)
        url = cls._get_pretrained_file_url(pretrained_file_name)
        downloaded_file = os.path.basename(url)
        downloaded_file_path = os.path.join(embedding_dir, downloaded_file)
        expected_file_hash = cls.pretrained_file_name_sha1[pretrained_file_name]
        if hasattr(cls, 'pretrained_archive_name_sha1'):
            expected_downloaded_hash = cls.pretrained_archive_name_sha1[downloaded_file]
        else:
            expected_downloaded_hash = expected_file_hash
        if not os.path.exists(pretrained_file_path) or not check_sha1(pretrained_file_path, expected_file_hash):
            download(url, downloaded_file_path, sha1_hash=expected_downloaded_hash)
            ext = os.path.splitext(downloaded_file)[1]
            if ext == '.zip':
                with zipfile.ZipFile(downloaded_file_path, 'r') as zf:
                    zf.extractall(embedding_dir)
            elif ext == '.gz':
                with tarfile.open(downloaded_file_path, 'r:gz') as tar:
                    tar.extractall(path=embedding_dir)
        return pretrained_file_path

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name):
        """KeyError unless `pretrained_file_name` is in the class's `pretrained_file_name_sha1` table."""
        embedding_name = cls.__name__.lower()
        if pretrained_file_name not in cls.pretrained_file_name_sha1:
            raise KeyError('Cannot find pretrained file %s for token embedding %s. Valid pretrained files for '
                           'embedding %s: %s' % (pretrained_file_name, embedding_name, embedding_name,
                                                 ', '.join(cls.pretrained_file_name_sha1.keys())))

    def _load_embedding(self, path, elem_delim, init_unknown_vec, encoding='utf8'):
        path = os.path.expanduser(path)
        if not os.path.isfile(path):
            raise ValueError('`pretrained_file_path` must be a valid path to the pre-trained token embedding file.')
        logging.info('Loading pre-trained token embedding vectors from %s', path)
        vec_len, rows, seen, unk_vec = None, [], set(), None
        with open(path, 'r', encoding=encoding) as f:
            for line_num, line in enumerate(f, 1):
                parts = line.rstrip().split(elem_delim)
                if len(parts) <= 1:
                    raise AssertionError('At line %d of the pre-trained text embedding file: the data format of '
                                         'the pre-trained token embedding file %s is unexpected.' % (line_num, path))
                token, vec = parts[0], [float(v) for v in parts[1:]]
                if token == self.unknown_token and unk_vec is None:
                    unk_vec = vec
                    seen.add(token)
                elif token in seen:
                    warnings.warn('At line %d of the pre-trained token embedding file: the embedding vector for '
                                  'token %s has been loaded and a duplicate embedding for the  same token is seen '
                                  'and skipped.' % (line_num, token))
                elif len(vec) == 1:
                    warnings.warn('At line %d of the pre-trained text embedding file: token %s with 1-dimensional '
                                  'vector %s is likely a header and is skipped.' % (line_num, token, vec))
                else:
                    if vec_len is None:
                        vec_len = len(vec)
                    elif len(vec) != vec_len:
                        raise AssertionError('At line %d of the pre-trained token embedding file: the dimension of '
                                             'token %s is %d but the dimension of previous tokens is %d. Dimensions '
                                             'of all the tokens must be the same.'
                                             % (line_num, token, len(vec), vec_len))
                    rows.append(vec)
                    self._token_to_idx[token] = len(self._idx_to_token)
                    self._idx_to_token.append(token)
                    seen.add(token)
        self._vec_len = vec_len
        # rows of the unknown and reserved tokens start at zero; a file without vectors gives MXNet's reshape error
        flat = [0.0] * (len(self._idx_to_token) - len(rows)) * (vec_len or 0) + [v for r in rows for v in r]
        self._idx_to_vec = nd.array(flat).reshape((-1, self.vec_len))
        self._idx_to_vec[_UNK] = init_unknown_vec(shape=self.vec_len) if unk_vec is None else nd.array(unk_vec)

    def _index_tokens_from_vocabulary(self, vocabulary):
        self._token_to_idx = dict(vocabulary.token_to_idx)
        self._idx_to_token = list(vocabulary.idx_to_token)
        self._unknown_token = vocabulary.unknown_token
        self._reserved_tokens = None if vocabulary.reserved_tokens is None else list(vocabulary.reserved_tokens)

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len, vocab_idx_to_token):
        width = sum(e.vec_len for e in token_embeddings)
        mat = nd.zeros(shape=(vocab_len, width))
        col = 0
        for e in token_embeddings:
            mat[0, col:col + e.vec_len] = e.idx_to_vec[0]
            mat[1:, col:col + e.vec_len] = e.get_vecs_by_tokens(vocab_idx_to_token[1:])
            col += e.vec_len
        self._vec_len, self._idx_to_vec = width, mat

    def _build_embedding_for_vocabulary(self, vocabulary):
        if vocabulary is not None:
            if not isinstance(vocabulary, vocab.Vocabulary):
                raise AssertionError('The argument `vocabulary` must be an instance of '
                                     'mxnet.contrib.text.vocab.Vocabulary.')
            self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
            self._index_tokens_from_vocabulary(vocabulary)

    @property
    def vec_len(self):
        """Length of each token vector."""
        return self._vec_len

    @property
    def idx_to_vec(self):
        """NDArray (len(self), vec_len): row i is the vector of token i."""
        return self._idx_to_vec

    def get_vecs_by_tokens(self, tokens, lower_case_backup=False):
        """Vector of a token (1-D) or matrix of a list of tokens; unknown tokens get the unknown vector."""
        single = not isinstance(tokens, list)
        toks = [tokens] if single else tokens
        get = self._token_to_idx.get
        if lower_case_backup:
            idx = [get(t) if t in self._token_to_idx else get(t.lower(), _UNK) for t in toks]
        else:
            idx = [get(t, _UNK) for t in toks]
        vecs = nd.Embedding(nd.array(idx), self.idx_to_vec, self.idx_to_vec.shape[0], self.idx_to_vec.shape[1])
        return vecs[0] if single else vecs

    def update_token_vectors(self, tokens, new_vectors):
        """Overwrite the vectors of known `tokens` with `new_vectors` (1-D for one token, else 2-D)."""
        if self.idx_to_vec is None:
            raise AssertionError('The property `idx_to_vec` has not been properly set.')
        if not isinstance(tokens, list) or len(tokens) == 1:
            if not (isinstance(new_vectors, nd.NDArray) and len(new_vectors.shape) in (1, 2)):
                raise AssertionError('`new_vectors` must be a 1-D or 2-D NDArray if `tokens` is a singleton.')
            tokens = tokens if isinstance(tokens, list) else [tokens]
            if len(new_vectors.shape) == 1:
                new_vectors = nd.expand_dims(new_vectors, axis=0)
        elif not (isinstance(new_vectors, nd.NDArray) and len(new_vectors.shape) == 2):
            raise AssertionError('`new_vectors` must be a 2-D NDArray if `tokens` is a list of multiple strings.')
        if new_vectors.shape != (len(tokens), self.vec_len):
            raise AssertionError('The length of new_vectors must be equal to the number of tokens and the width '
                                 'ofnew_vectors must be equal to the dimension of embeddings of the glossary.')
        indices = []
        for t in tokens:
            if t not in self._token_to_idx:
                raise ValueError('Token %s is unknown. To update the embedding vector for an unknown token, please '
                                 'specify it explicitly as the `unknown_token` %s in `tokens`. This is to avoid '
                                 'unintended updates.' % (t, self.idx_to_token[_UNK]))
            indices.append(self._token_to_idx[t])
        self._idx_to_vec[nd.array(indices)] = new_vectors


def _refuse_pretrained(name):
    raise NotImplementedError(
        'contrib.text.embedding.%s: downloading and verifying pretrained %s files is not supported (MXNet\'s table '
        'of their hashes is not carried); load a file already on disk with '
        'contrib.text.embedding.CustomEmbedding(path)' % (name, name))


class _PretrainedFiles(object):
    """`pretrained_file_name_sha1` of GloVe/FastText: any use refuses (see the module docstring)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        _refuse_pretrained(self._name)

    def __contains__(self, key):
        _refuse_pretrained(self._name)


@register
class GloVe(_TokenEmbedding):
    """GloVe pretrained embeddings: refused (NotImplementedError), see the module docstring."""
    pretrained_file_name_sha1 = _PretrainedFiles('GloVe')

    def __init__(self, pretrained_file_name='glove.840B.300d.txt', embedding_root=None,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        _refuse_pretrained('GloVe')


@register
class FastText(_TokenEmbedding):
    """fastText pretrained embeddings: refused (NotImplementedError), see the module docstring."""
    pretrained_file_name_sha1 = _PretrainedFiles('FastText')

    def __init__(self, pretrained_file_name='wiki.simple.vec', embedding_root=None,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        _refuse_pretrained('FastText')


class CustomEmbedding(_TokenEmbedding):
    """Token embedding read from a text file of lines `token<delim>v1<delim>v2...`."""

    def __init__(self, pretrained_file_path, elem_delim=' ', encoding='utf8', init_unknown_vec=nd.zeros,
                 vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self._load_embedding(pretrained_file_path, elem_delim, init_unknown_vec, encoding)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CompositeEmbedding(_TokenEmbedding):
    """The tokens of `vocabulary` with the concatenated vectors of one or more token embeddings."""

    def __init__(self, vocabulary, token_embeddings):
        if not isinstance(vocabulary, vocab.Vocabulary):
            raise AssertionError('The argument `vocabulary` must be an instance of '
                                 'mxnet.contrib.text.indexer.Vocabulary.')
        if not isinstance(token_embeddings, list):
            token_embeddings = [token_embeddings]
        for e in token_embeddings:
            if not isinstance(e, _TokenEmbedding):
                raise AssertionError('The argument `token_embeddings` must be an instance or a list of instances of '
                                     '`mxnet.contrib.text.embedding.TextEmbedding` whose embedding vectors will '
                                     'beloaded or concatenated-then-loaded to map to the indexed tokens.')
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(token_embeddings, len(self), self.idx_to_token)
