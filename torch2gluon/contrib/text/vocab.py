"""`mx.contrib.text.vocab.Vocabulary`: token <-> index tables built from a `collections.Counter`."""
import collections

__all__ = ["Vocabulary"]

UNKNOWN_IDX = 0   # the unknown token always has index 0


def _check(cond, msg):
    if not cond:
        raise AssertionError(msg)


class Vocabulary(object):
    """Indexes the unknown token (index 0), then the reserved tokens, then counter keys by frequency."""

    def __init__(self, counter=None, most_freq_count=None, min_freq=1, unknown_token='<unk>',
                 reserved_tokens=None):
        _check(min_freq > 0, '`min_freq` must be set to a positive value.')
        if reserved_tokens is not None:
            _check(unknown_token not in set(reserved_tokens), '`reserved_token` cannot contain `unknown_token`.')
            _check(len(set(reserved_tokens)) == len(reserved_tokens),
                   '`reserved_tokens` cannot contain duplicate reserved tokens.')
        self._unknown_token = unknown_token
        self._reserved_tokens = None if reserved_tokens is None else list(reserved_tokens)
        self._idx_to_token = [unknown_token] + (self._reserved_tokens or [])
        self._token_to_idx = {tok: i for i, tok in enumerate(self._idx_to_token)}
        if counter is not None:
            self._index_counter(counter, most_freq_count, min_freq)

    def _index_counter(self, counter, most_freq_count, min_freq):
        _check(isinstance(counter, collections.Counter), '`counter` must be an instance of collections.Counter.')
        special = set(self._idx_to_token)
        # highest frequency first; ties in ascending token order
        ordered = sorted(sorted(counter.items(), key=lambda kv: kv[0]), key=lambda kv: kv[1], reverse=True)
        cap = len(special) + (len(counter) if most_freq_count is None else most_freq_count)
        for token, freq in ordered:
            if freq < min_freq or len(self._idx_to_token) == cap:
                break
            if token not in special:
                self._token_to_idx[token] = len(self._idx_to_token)
                self._idx_to_token.append(token)

    def __len__(self):
        return len(self._idx_to_token)

    @property
    def token_to_idx(self):
        """dict token -> index."""
        return self._token_to_idx

    @property
    def idx_to_token(self):
        """list index -> token."""
        return self._idx_to_token

    @property
    def unknown_token(self):
        """The token standing for every unknown token (index 0)."""
        return self._unknown_token

    @property
    def reserved_tokens(self):
        """The reserved tokens (indices 1..), or None."""
        return self._reserved_tokens

    def to_indices(self, tokens):
        """Index of a token, or list of indices of a list of tokens (unknown tokens -> 0)."""
        if not isinstance(tokens, list):
            return self._token_to_idx.get(tokens, UNKNOWN_IDX)
        return [self._token_to_idx.get(t, UNKNOWN_IDX) for t in tokens]

    def to_tokens(self, indices):
        """Token of an index, or list of tokens of a list of indices (ValueError for a bad index)."""
        single = not isinstance(indices, list)
        out = []
        for idx in ([indices] if single else indices):
            if not isinstance(idx, int) or idx > len(self._idx_to_token) - 1:
                raise ValueError('Token index %d in the provided `indices` is invalid.' % idx)
            out.append(self._idx_to_token[idx])
        return out[0] if single else out
