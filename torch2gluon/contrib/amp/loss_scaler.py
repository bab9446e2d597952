"""`mx.contrib.amp.loss_scaler`: MXNet 1.9.1's dynamic loss scaler (halve on overflow, double after 2000 clean
steps, at most 2**24)."""
import logging

import torch

from ... import autograd as ag

__all__ = ["LossScaler"]


def _first_grads(params):
    """The gradient buffer of each parameter's first context, for parameters that have one (MXNet's
    `p._grad[0]` where `p._grad` is not None)."""
    out = []
    for p in params:
        if p._data is None or p.grad_req == "null":
            continue
        g = p.list_grad()[0]
        if g is not None:
            out.append(g)
    return out


class LossScaler(object):
    """Dynamic loss scaler for AMP: `loss_scale` is the current scale; `has_overflow(params)` checks the grads."""

    def __init__(self):
        self._loss_scale = 2.**16
        self._next_loss_scale = self._loss_scale
        self._max_loss_scale = 2.**24
        self._scale_seq_len = 2000
        self._unskipped = 0

    @property
    def loss_scale(self):
        """The current loss scale."""
        return self._loss_scale

    def has_overflow(self, params):
        """Whether any gradient of `params` holds inf/nan; also moves the scale as MXNet's scaler does."""
        with ag.pause():
            grads = _first_grads(params)
            grads[0]  # pylint: disable=pointless-statement  (no gradients at all: IndexError, as MXNet)
            finite = all(bool(torch.isfinite(g._t).all()) for g in grads)
        overflow = not finite
        self._loss_scale = self._next_loss_scale
        if overflow:
            self._next_loss_scale = self._loss_scale / 2.
            self._unskipped = 0
            logging.info("AMP: decreasing loss scale to %f", self._next_loss_scale)
        else:
            self._unskipped += 1
        if self._unskipped == self._scale_seq_len:
            self._unskipped = 0
            self._next_loss_scale = min(self._max_loss_scale, self._loss_scale * 2.)
            logging.info("AMP: increasing loss scale to %f", self._next_loss_scale)
        return overflow
