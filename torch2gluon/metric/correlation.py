"""Correlation metrics: `PearsonCorrelation` and `PCC` (multiclass Matthews correlation from a confusion matrix)."""
import numpy
import torch

from ..base import MXNetError
from .base import EvalMetric, register, alias, check_label_shapes, tensor

__all__ = ["PearsonCorrelation", "PCC"]


def _corrcoef(x, y):
    """numpy.corrcoef(x, y)[0, 1] of two float64 tensors, computed by numpy itself (bit-exact with MXNet)."""
    return numpy.corrcoef(x.detach().cpu().numpy(), y.detach().cpu().numpy())[0, 1]


def _as_numpy64(x):
    """A float64 numpy copy of a torch tensor, NDArray or array-like."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy().astype(numpy.float64)
    if hasattr(x, "asnumpy"):
        return x.asnumpy().astype(numpy.float64)
    return numpy.asarray(x, dtype=numpy.float64)


@register
@alias("pearsonr")
class PearsonCorrelation(EvalMetric):
    """Pearson correlation of preds and labels; `average` 'macro' (mean of per-pair r) or 'micro' (streaming)."""

    def __init__(self, name="pearsonr", output_names=None, label_names=None, average="macro"):
        self.average = average
        super().__init__(name, output_names=output_names, label_names=label_names, has_global_stats=True)
        if self.average == "micro":
            self.reset_micro()

    def reset_micro(self):
        """Clear the streaming ('micro') moments."""
        self._sse_p = 0
        self._mean_p = 0
        self._sse_l = 0
        self._mean_l = 0
        self._pred_nums = 0
        self._label_nums = 0
        self._conv = 0

    def reset(self):
        """Clear all statistics (and the streaming moments in 'micro' mode)."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        if self.average == "micro":
            self.reset_micro()

    def update_variance(self, new_values, *aggregate):
        """Welford's batched update of `(count, mean, sum of squared deviations)` with `new_values`."""
        count, mean, m_2 = aggregate
        # numpy's pairwise sums, as MXNet: the running moments match it to the last bit
        new_values = _as_numpy64(new_values)
        count += len(new_values)
        before = new_values - mean
        mean += numpy.sum(before / count)
        m_2 += numpy.sum(before * (new_values - mean))
        return count, mean, m_2

    def update_cov(self, label, pred):
        """Add the co-deviation of `label` and `pred` from the current running means."""
        label, pred = _as_numpy64(label), _as_numpy64(pred)
        self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))

    def update(self, labels, preds):
        """Add one correlation per (label, pred) pair ('macro') or fold the pair into the running moments."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            lab = tensor(label).reshape(-1).to(torch.float64)
            prd = tensor(pred).reshape(-1).to(device=lab.device, dtype=torch.float64)
            if self.average == "macro":
                r = _corrcoef(prd, lab)
                self.sum_metric += r
                self.global_sum_metric += r
                self.num_inst += 1
                self.global_num_inst += 1
            else:
                self.global_num_inst += 1
                self.num_inst += 1
                self._label_nums, self._mean_l, self._sse_l = \
                    self.update_variance(lab, self._label_nums, self._mean_l, self._sse_l)
                # MXNet folds the covariance in between the label and the pred update (pred mean not yet moved).
                self.update_cov(lab, prd)
                self._pred_nums, self._mean_p, self._sse_p = \
                    self.update_variance(prd, self._pred_nums, self._mean_p, self._sse_p)

    def get(self):
        """`(name, r)`: mean per-pair r ('macro') or r of the running moments ('micro'); nan before updates."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        if self.average == "macro":
            return (self.name, self.sum_metric / self.num_inst)
        n = self._label_nums
        r = self._conv / ((n - 1) * numpy.sqrt(self._sse_p / (n - 1)) * numpy.sqrt(self._sse_l / (n - 1)))
        return (self.name, r)


def _confusion(pred, label, k, negative):
    """Counts of (pred, label) index pairs in [-k, k), with numpy `bcm[i, j] += 1` semantics per zipped row."""
    rows = min(pred.shape[0], label.shape[0])
    pred, label = pred[:rows], label[:rows]
    a, b = tuple(pred.shape[1:]), tuple(label.shape[1:])
    try:
        inner = tuple(torch.broadcast_shapes(a, b))
    except RuntimeError:
        raise IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes "
                         f"{a} {b}") from None
    r = len(inner)
    pred = pred.reshape((rows,) + (1,) * (r - len(a)) + a).expand((rows,) + inner)
    label = label.reshape((rows,) + (1,) * (r - len(b)) + b).expand((rows,) + inner)
    if negative:  # numpy's negative indices count from the end
        pred, label = pred.remainder(k), label.remainder(k)
    flat = (pred * k + label).reshape(rows, -1)
    if flat.shape[1] > 1:  # fancy-index `+= 1` adds once per distinct cell within a row
        flat, _ = torch.sort(flat, dim=1)
        keep = torch.ones_like(flat, dtype=torch.bool)
        keep[:, 1:] = flat[:, 1:] != flat[:, :-1]
        flat = flat[keep]
    return torch.bincount(flat.reshape(-1), minlength=k * k).reshape(k, k).cpu().numpy()


@register
class PCC(EvalMetric):
    """Multiclass Matthews correlation (Pearson on the confusion matrix); the class count grows as labels appear."""

    def __init__(self, name="pcc", output_names=None, label_names=None, has_global_stats=True):
        self.k = 2
        super().__init__(name=name, output_names=output_names, label_names=label_names,
                         has_global_stats=has_global_stats)

    def _grow(self, inc):
        pad = ((0, inc), (0, inc))
        self.lcm = numpy.pad(self.lcm, pad, "constant", constant_values=0)
        self.gcm = numpy.pad(self.gcm, pad, "constant", constant_values=0)
        self.k += inc

    @staticmethod
    def _calc_mcc(cmat):
        total = cmat.sum()
        per_pred = cmat.sum(axis=1)
        per_label = cmat.sum(axis=0)
        cov_pp = numpy.sum(per_pred * (total - per_pred))
        cov_ll = numpy.sum(per_label * (total - per_label))
        if cov_pp == 0 or cov_ll == 0:
            return float("nan")
        cov_pl = numpy.sum(cmat.diagonal() * total - per_pred * per_label)
        return cov_pl / (cov_pp * cov_ll) ** 0.5

    def update(self, labels, preds):
        """Add each (label, pred) pair to the confusion matrices; each update counts once."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            lab = tensor(label)
            if lab.dim() == 0 and lab.dtype is not torch.int32:
                raise MXNetError("PCC: label.astype('int32') of a 0-d NDArray fails in MXNet 1.9.1 "
                                 "(legacy NDArrays have no 0-d shape)")
            lab = lab.to(torch.int32)
            prd = tensor(pred)
            if prd.shape != lab.shape:
                if prd.dim() < 2:
                    raise numpy.AxisError(1, prd.dim())
                prd = torch.argmax(prd, dim=1)
            else:
                prd = prd.to(torch.int32)
            lab = lab.to(prd.device)
            if prd.numel() == 0 or lab.numel() == 0:
                raise ValueError("zero-size array to reduction operation maximum which has no identity")
            (p_lo, p_hi), (l_lo, l_hi) = ((int(v) for v in t.aminmax()) for t in (prd, lab))
            top = max(p_hi, l_hi)
            if top >= self.k:
                self._grow(top + 1 - self.k)
            if prd.dim() == 0 or lab.dim() == 0:
                raise TypeError("iteration over a 0-d array")
            for low, axis in ((p_lo, 0), (l_lo, 1)):
                if low < -self.k:
                    raise IndexError(f"index {low} is out of bounds for axis {axis} with size {self.k}")
            counts = _confusion(prd.to(torch.int64), lab.to(torch.int64), self.k, min(p_lo, l_lo) < 0)
            self.lcm += counts
            self.gcm += counts
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        """Local MCC times the local update count (so `get()` yields the MCC)."""
        return self._calc_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        """Global MCC times the global update count."""
        return self._calc_mcc(self.gcm) * self.global_num_inst

    def reset(self):
        """Clear the local and global confusion matrices."""
        self.global_num_inst = 0.
        self.gcm = numpy.zeros((self.k, self.k))
        self.reset_local()

    def reset_local(self):
        """Clear the local confusion matrix."""
        self.num_inst = 0.
        self.lcm = numpy.zeros((self.k, self.k))
