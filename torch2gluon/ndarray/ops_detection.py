"""Detection operators of `nd.contrib`: box_nms, bipartite_matching, box_encode, box_decode, MultiBoxPrior."""
import math

import numpy as np
import torch

from ..base import MXNetError
from ._args import as_bool, as_tuple
from .ndarray import tensor_of, wrap
from .register import mxop
from ._checks import float_only, F32
from ._nondiff import no_fgradient_op, zero_grad_op
from .ops_contrib import _Scaled
from ._roi_batch import roi_image


def _to_corner(b, fmt):
    if fmt == "corner":
        return b
    if fmt == "center":
        x, y, w, h = b.unbind(-1)
        return torch.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], dim=-1)
    raise MXNetError(f"invalid box format {fmt!r} (corner or center)")


def _from_corner(b, fmt):
    if fmt == "corner":
        return b
    x1, y1, x2, y2 = b.unbind(-1)
    return torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], dim=-1)


def _iou_rect(a, b):
    """IoU (len(a), len(b)) of corner boxes `a` and `b`."""
    ax1, ay1, ax2, ay2 = a.unbind(-1)
    bx1, by1, bx2, by2 = b.unbind(-1)
    area_a = (ax2 - ax1).clamp(min=0) * (ay2 - ay1).clamp(min=0)
    area_b = (bx2 - bx1).clamp(min=0) * (by2 - by1).clamp(min=0)
    iw = (torch.minimum(ax2[:, None], bx2[None]) - torch.maximum(ax1[:, None], bx1[None])).clamp(min=0)
    ih = (torch.minimum(ay2[:, None], by2[None]) - torch.maximum(ay1[:, None], by1[None])).clamp(min=0)
    inter = iw * ih
    union = area_a[:, None] + area_b[None] - inter
    return torch.where(union > 0, inter / torch.where(union > 0, union, torch.ones_like(union)),
                       torch.zeros_like(union))


_NMS_BLOCK = 128


def _greedy_nms(corner, ids, thresh):
    """Indices (in order) kept by greedy NMS over boxes already sorted by descending score; boxes suppress
    only boxes of the same id when `ids` is given. Blocks of `_NMS_BLOCK` still-alive boxes take their IoU
    against the boxes still alive from there on (no n x n matrix: SSD keeps thousands of anchors), then
    suppress in order inside the block."""
    n = corner.shape[0]
    if n > _NMS_BLOCK and _kernel_nms_ok(corner, thresh) and _torchvision_nms():
        return _kernel_nms(corner, ids, thresh)
    dev = corner.device
    alive = np.ones(n, dtype=bool)
    for s in range(0, n, _NMS_BLOCK):
        rows = s + np.nonzero(alive[s:s + _NMS_BLOCK])[0]
        if not len(rows):
            continue
        cols = s + np.nonzero(alive[s:])[0]
        rt, ct = torch.from_numpy(rows).to(dev), torch.from_numpy(cols).to(dev)
        sup = _iou_rect(corner[rt], corner[ct]) > thresh
        if ids is not None:
            sup &= ids[rt][:, None] == ids[ct][None]
        sup &= ct[None] > rt[:, None]   # a box suppresses only lower-scored ones
        sup = sup.cpu().numpy()
        for k, r in enumerate(rows):
            if alive[r]:
                alive[cols[sup[k]]] = False
    return torch.from_numpy(np.nonzero(alive)[0]).to(dev)


def _kernel_nms_ok(corner, thresh):
    """Whether torchvision's NMS kernel computes exactly `_iou_rect(...) > thresh` for these boxes: float32/64,
    finite, x2 >= x1 and y2 >= y1 (areas need no clamp, a zero union only between empty boxes), thresh >= 0."""
    return (corner.dtype in (torch.float32, torch.float64) and thresh >= 0 and corner.shape[0] < 2 ** 24
            and bool(torch.isfinite(corner).all()) and bool((corner[:, 2:] >= corner[:, :2]).all()))


_TV_NMS = []


def _torchvision_nms():
    """torchvision.ops.nms, imported at the first large NMS; None when torchvision is missing or fails to import
    (the blocked path computes the same boxes)."""
    if not _TV_NMS:
        try:
            from torchvision.ops import nms  # pylint: disable=import-outside-toplevel
        except Exception:  # pylint: disable=broad-except
            nms = None
        _TV_NMS.append(nms)
    return _TV_NMS[0]


def _kernel_nms(corner, ids, thresh):
    """`_greedy_nms` through torchvision's C++ kernel (same IoU expression, same order of operations), one call
    per id; boxes keep their order through descending rank scores."""
    nms = _torchvision_nms()
    if corner.dtype is torch.float32:  # the kernel compares in double: the float32 threshold, exactly
        thresh = float(np.float32(thresh))
    rank = torch.arange(corner.shape[0], 0, -1, dtype=corner.dtype, device=corner.device)
    if ids is None:
        return torch.sort(nms(corner, rank, thresh)).values
    kept = []
    for c in torch.unique(ids):
        idx = torch.nonzero(ids == c).reshape(-1)
        kept.append(idx[nms(corner[idx], rank[idx], thresh)])
    return torch.sort(torch.cat(kept)).values


@mxop("_contrib_box_nms", "_contrib_box_non_maximum_suppression")
def box_nms(data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2, score_index=1, id_index=-1,
            background_id=-1, force_suppress=False, in_format="corner", out_format="corner"):
    """Greedy non-maximum suppression per batch: kept boxes sorted by descending score, then rows of -1.
    Each output row's gradient goes unchanged to its input row (suppressed rows get zero), as in MXNet."""
    x = float_only(tensor_of(data), "box_nms")
    if x.dim() < 2:
        raise MXNetError("box_nms: input must have at least 2 dimensions (n, k)")
    shape = x.shape
    flat = x.reshape(-1, shape[-2], shape[-1])
    cs, si, ii = int(coord_start), int(score_index), int(id_index)
    force = as_bool(force_suppress)
    outs = []
    for b in range(flat.shape[0]):
        boxes = flat[b]
        det = boxes.detach()
        score = det[:, si]
        valid = score > float(valid_thresh)
        if ii >= 0:  # boxes of the background class are dropped (id -1 by default, as MXNet)
            valid = valid & (det[:, ii] != float(background_id))
        idx = torch.nonzero(valid).reshape(-1)
        idx = idx[torch.argsort(score[idx], descending=True, stable=True)]
        if int(topk) > 0:
            idx = idx[:int(topk)]
        corner = _to_corner(det[idx, cs:cs + 4], in_format)
        kept = idx[_greedy_nms(corner, det[idx, ii] if ii >= 0 and not force else None, float(overlap_thresh))]
        rows = boxes[kept]
        if in_format != out_format:
            coords = _from_corner(_to_corner(rows[:, cs:cs + 4].detach(), in_format), out_format)
            # MXNet's backward copies each output row's gradient to its input row as is
            coords = _Scaled.apply(rows[:, cs:cs + 4], coords, 1.0)
            rows = torch.cat([rows[:, :cs], coords, rows[:, cs + 4:]], dim=1)
        pad = torch.full((shape[-2] - rows.shape[0], shape[-1]), -1.0, dtype=x.dtype, device=x.device)
        outs.append(torch.cat([rows, pad], dim=0))
    return wrap(torch.stack(outs).reshape(shape))


@mxop("_contrib_bipartite_matching")
@zero_grad_op  # zero gradient in MXNet: backward through it gives zeros
def bipartite_matching(data, threshold, is_ascend=False, topk=-1):
    """Greedy matching on (B, N, M) scores: [row -> matched column or -1 (B, N), column -> row or -1 (B, M)].
    As in MXNet 1.9.1, `topk=k` allows k + 1 matches."""
    x = tensor_of(data).detach()
    shape = x.shape
    flat = x.reshape(-1, shape[-2], shape[-1])
    asc = as_bool(is_ascend)
    rows_out = torch.full(flat.shape[:2], -1.0, dtype=x.dtype)
    cols_out = torch.full((flat.shape[0], flat.shape[2]), -1.0, dtype=x.dtype)
    for b in range(flat.shape[0]):
        s = flat[b].reshape(-1).cpu()
        order = torch.argsort(s, descending=not asc, stable=True).tolist()
        count = 0
        for k in order:
            v = float(s[k])
            if (v > float(threshold)) if asc else (v < float(threshold)):
                break
            i, j = divmod(k, shape[-1])
            if rows_out[b, i] < 0 and cols_out[b, j] < 0:
                rows_out[b, i], cols_out[b, j] = j, i
                count += 1
                if 0 < int(topk) < count:  # MXNet 1.9.1 stops after topk + 1 matches
                    break
    return [wrap(rows_out.reshape(shape[:-1]).to(x.device)),
            wrap(cols_out.reshape(tuple(shape[:-2]) + (shape[-1],)).to(x.device))]


def _center(c):
    x1, y1, x2, y2 = c.unbind(-1)
    return (x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1


@mxop("_contrib_box_encode")
@zero_grad_op  # zero gradient in MXNet
def box_encode(samples, matches, anchors, refs, means, stds):
    """[targets, masks] (B, N, 4): normalised center offsets of the matched refs w.r.t. the anchors for
    positive samples (> 0.5), zeros elsewhere."""
    smp, mt = tensor_of(samples).detach(), tensor_of(matches).detach().long()
    an, rf = tensor_of(anchors).detach(), tensor_of(refs).detach()
    mean, std = tensor_of(means).detach(), tensor_of(stds).detach()
    g = torch.gather(rf, 1, mt.clamp(min=0).unsqueeze(-1).expand(-1, -1, 4))
    ax, ay, aw, ah = _center(an)
    gx, gy, gw, gh = _center(g)
    t = torch.stack([(gx - ax) / aw, (gy - ay) / ah, torch.log(gw / aw), torch.log(gh / ah)], dim=-1)
    t = (t - mean) / std
    pos = (smp > 0.5).unsqueeze(-1).to(t.dtype)
    return [wrap(t * pos), wrap(pos.expand_as(t).contiguous())]


@mxop("_contrib_box_decode")
@zero_grad_op  # zero gradient in MXNet
def box_decode(data, anchors, std0=1.0, std1=1.0, std2=1.0, std3=1.0, clip=-1.0, format="center"):  # noqa: A002
    """Corner boxes from predicted center offsets (B, N, 4) and anchors (1, N, 4) in `format`."""
    d, an = tensor_of(data).detach(), tensor_of(anchors).detach()
    ax, ay, aw, ah = _center(_to_corner(an, format))
    ox = d[..., 0] * float(std0) * aw + ax
    oy = d[..., 1] * float(std1) * ah + ay
    dw, dh = d[..., 2] * float(std2), d[..., 3] * float(std3)
    if float(clip) > 0:
        dw, dh = dw.clamp(max=float(clip)), dh.clamp(max=float(clip))
    hw, hh = torch.exp(dw) * aw / 2, torch.exp(dh) * ah / 2
    return wrap(torch.stack([ox - hw, oy - hh, ox + hw, oy + hh], dim=-1))


@mxop("_contrib_MultiBoxPrior")
@zero_grad_op  # zero gradient in MXNet: backward through it gives zeros
def MultiBoxPrior(data, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0), offsets=(0.5, 0.5)):
    """SSD prior boxes (1, H*W*(len(sizes)+len(ratios)-1), 4), normalised corners, per feature-map pixel."""
    t = float_only(tensor_of(data), "MultiBoxPrior", F32)
    h, w = t.shape[2], t.shape[3]
    sizes = [float(s) for s in (sizes if isinstance(sizes, (list, tuple)) else as_tuple(sizes))]
    ratios = [float(r) for r in (ratios if isinstance(ratios, (list, tuple)) else as_tuple(ratios))]
    sy, sx = (float(s) for s in steps)
    sy = 1.0 / h if sy <= 0 else sy
    sx = 1.0 / w if sx <= 0 else sx
    oy, ox = (float(o) for o in offsets)
    shapes = [(s * h / w * math.sqrt(ratios[0]) / 2, s / math.sqrt(ratios[0]) / 2) for s in sizes]
    shapes += [(sizes[0] * h / w * math.sqrt(r) / 2, sizes[0] / math.sqrt(r) / 2) for r in ratios[1:]]
    half = torch.tensor(shapes, dtype=torch.float32, device=t.device)  # (A, 2): half width, half height
    cy = (torch.arange(h, dtype=torch.float32, device=t.device) + oy) * sy
    cx = (torch.arange(w, dtype=torch.float32, device=t.device) + ox) * sx
    gy, gx = torch.meshgrid(cy, cx, indexing="ij")
    c = torch.stack([gx, gy], dim=-1).reshape(h * w, 1, 2)
    boxes = torch.cat([c - half, c + half], dim=-1).reshape(1, -1, 4)
    if as_bool(clip):
        boxes = boxes.clamp(0, 1)
    return wrap(boxes.to(t.dtype))


@mxop("_contrib_MultiBoxDetection")
@zero_grad_op  # zero gradient in MXNet: backward through it gives zeros
def MultiBoxDetection(cls_prob, loc_pred, anchor, clip=True, threshold=0.01, background_id=0, nms_threshold=0.5,
                      force_suppress=False, variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """SSD detections (B, N, 6) [class id, score, x1, y1, x2, y2]: best non-background class per anchor,
    boxes decoded with `variances`, sorted by score, NMS-suppressed rows get id -1, rows below `threshold`
    are all -1 (at the end). Rows beyond `nms_topk` hold the remaining detections in anchor order with id -1,
    as MXNet's CPU operator leaves them."""
    if int(background_id) != 0:
        raise NotImplementedError("contrib.MultiBoxDetection: argument 'background_id' other than 0 is not supported")
    prob, loc, an = tensor_of(cls_prob).detach(), tensor_of(loc_pred).detach(), tensor_of(anchor).detach()
    b, _, n = prob.shape
    v = [float(x) for x in variances]
    ax, ay, aw, ah = _center(an.reshape(n, 4))
    d = loc.reshape(b, n, 4)
    cx, cy = d[..., 0] * v[0] * aw + ax, d[..., 1] * v[1] * ah + ay
    hw, hh = torch.exp(d[..., 2] * v[2]) * aw / 2, torch.exp(d[..., 3] * v[3]) * ah / 2
    boxes = torch.stack([cx - hw, cy - hh, cx + hw, cy + hh], dim=-1)
    if as_bool(clip):
        boxes = boxes.clamp(0, 1)
    score, cls = prob[:, 1:].max(dim=1)
    ids = cls.to(prob.dtype)
    out = torch.full((b, n, 6), -1.0, dtype=prob.dtype, device=prob.device)
    thresh = float(nms_threshold)
    for i in range(b):
        valid = torch.nonzero(score[i] >= float(threshold)).reshape(-1)  # anchor order, as MXNet collects them
        rows = torch.cat([ids[i][valid, None], score[i][valid, None], boxes[i][valid]], dim=1)
        if rows.shape[0] and 0 < thresh <= 1:  # MXNet sorts and suppresses only for a threshold in (0, 1]
            order = torch.argsort(rows[:, 1], descending=True, stable=True)
            nkeep = rows.shape[0] if int(nms_topk) <= 0 else min(int(nms_topk), rows.shape[0])
            top = rows[order[:nkeep]]
            kept = _greedy_nms(top[:, 2:], None if as_bool(force_suppress) else top[:, 0], thresh)
            alive = torch.zeros(nkeep, dtype=torch.bool, device=top.device)
            alive[kept] = True
            top[~alive, 0] = -1
            rows[nkeep:, 0] = -1  # beyond nms_topk: MXNet keeps the unsorted rows there, with id -1
            rows[:nkeep] = top
        out[i, :rows.shape[0]] = rows
    return wrap(out)


@mxop("_contrib_MultiBoxTarget")
@zero_grad_op  # zero gradient in MXNet: backward through it gives zeros
def MultiBoxTarget(anchor, label, cls_pred, overlap_threshold=0.5, ignore_label=-1.0, negative_mining_ratio=-1.0,
                   negative_mining_thresh=0.5, minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """SSD training targets [loc_target (B, N*4), loc_mask (B, N*4), cls_target (B, N)]: each ground truth
    (label rows [cls, x1, y1, x2, y2], cls -1 = padding) takes its best anchor, then anchors whose best IoU
    exceeds `overlap_threshold` match too; optional hard-negative mining on the background probability
    (`ratio * positives` negatives; like MXNet 1.9.1, `minimum_negative_samples` has no effect)."""
    an = tensor_of(anchor).detach().reshape(-1, 4)
    lab, pred = tensor_of(label).detach(), tensor_of(cls_pred).detach()
    b, n = lab.shape[0], an.shape[0]
    v = [float(x) for x in variances]
    loc_t = torch.zeros((b, n, 4), dtype=an.dtype, device=an.device)
    loc_m = torch.zeros((b, n, 4), dtype=an.dtype, device=an.device)
    cls_t = torch.zeros((b, n), dtype=an.dtype, device=an.device)
    ax, ay, aw, ah = _center(an)
    for i in range(b):
        gt = lab[i][lab[i][:, 0] >= 0]
        match = torch.full((n,), -1, dtype=torch.long)
        if gt.shape[0]:
            iou = _iou_pairs(an, gt[:, 1:5]).cpu()
            work = iou.clone()
            for _ in range(gt.shape[0]):
                k = int(torch.argmax(work))
                a_i, g_j = divmod(k, gt.shape[0])
                if float(work[a_i, g_j]) <= 1e-6:
                    break
                match[a_i] = g_j
                work[a_i, :] = -1
                work[:, g_j] = -1
            best, arg = iou.max(dim=1)
            extra = (match < 0) & (best > float(overlap_threshold))
            match[extra] = arg[extra]
        else:  # no ground truth in this image: every anchor is ignored
            cls_t[i] = float(ignore_label)
            continue
        pos = match >= 0
        if bool(pos.any()):
            g = gt[match[pos].to(gt.device)]
            gx, gy, gw, gh = _center(g[:, 1:5])
            pd = pos.to(an.device)
            t = torch.stack([(gx - ax[pd]) / aw[pd] / v[0], (gy - ay[pd]) / ah[pd] / v[1],
                             torch.log(gw / aw[pd]) / v[2], torch.log(gh / ah[pd]) / v[3]], dim=-1)
            loc_t[i, pd] = t
            loc_m[i, pd] = 1
            cls_t[i, pd] = g[:, 0] + 1
        if float(negative_mining_ratio) > 0:
            cand = (~pos) & (best < float(negative_mining_thresh))
            # MXNet 1.9.1 ignores minimum_negative_samples here: ratio * positives, capped by the candidates
            num_neg = int(min(float(negative_mining_ratio) * int(pos.sum()), int(cand.sum())))
            bg = torch.softmax(pred[i].float(), dim=0)[0].cpu()
            order = torch.nonzero(cand).reshape(-1)
            order = order[torch.argsort(bg[order], stable=True)][:num_neg]
            neg = torch.zeros(n, dtype=torch.bool)
            neg[order] = True
            cls_t[i, ((~pos) & (~neg)).to(an.device)] = float(ignore_label)
    return [wrap(loc_t.reshape(b, -1)), wrap(loc_m.reshape(b, -1)), wrap(cls_t)]


def _iou_pairs(a, g):
    """IoU (len(a), len(g)) of corner boxes (only the anchor x ground-truth block: anchors are thousands)."""
    return _iou_rect(a, g)


def _c_round(v):
    return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)


@mxop("_contrib_PSROIPooling")
def PSROIPooling(data, rois, spatial_scale, output_dim, pooled_size, group_size=0):
    """Position-sensitive RoI average pooling (R-FCN): bin (i, j) of output channel k averages input channel
    (k * group_size + gi) * group_size + gj over the bin."""
    x, r = tensor_of(data), tensor_of(rois)
    ps = int(pooled_size)
    gs = int(group_size) or ps
    od = int(output_dim)
    if x.shape[1] != od * gs * gs:
        raise MXNetError(f"PSROIPooling: input has {x.shape[1]} channels, expected output_dim * group_size^2 = "
                         f"{od * gs * gs}")
    h, w = x.shape[2], x.shape[3]
    sc = float(spatial_scale)
    outs = []
    for b, x1, y1, x2, y2 in r.detach().double().cpu().tolist():
        sw, sh = _c_round(x1) * sc, _c_round(y1) * sc
        ew, eh = (_c_round(x2) + 1.0) * sc, (_c_round(y2) + 1.0) * sc
        rw, rh = max(ew - sw, 0.1), max(eh - sh, 0.1)
        bw, bh = rw / ps, rh / ps
        img = roi_image(x, b, "PSROIPooling")
        if img is None:
            outs.append(x.new_zeros((od, ps, ps)))
            continue
        cells = []
        for i in range(ps):
            h0 = min(max(int(math.floor(i * bh + sh)), 0), h)
            h1 = min(max(int(math.ceil((i + 1) * bh + sh)), 0), h)
            gi = min(max(int(math.floor(i * gs / ps)), 0), gs - 1)
            for j in range(ps):
                w0 = min(max(int(math.floor(j * bw + sw)), 0), w)
                w1 = min(max(int(math.ceil((j + 1) * bw + sw)), 0), w)
                gj = min(max(int(math.floor(j * gs / ps)), 0), gs - 1)
                chans = torch.arange(od, device=x.device) * gs * gs + gi * gs + gj
                if h1 <= h0 or w1 <= w0:
                    cells.append(torch.zeros(od, dtype=x.dtype, device=x.device))
                else:
                    cells.append(img[chans, h0:h1, w0:w1].mean(dim=(1, 2)))
        outs.append(torch.stack(cells, dim=1).reshape(od, ps, ps))
    return wrap(torch.stack(outs) if outs else x.new_zeros((0, od, ps, ps)))


def _base_anchors(stride, scales, ratios):
    """py-faster-rcnn anchors around the cell [0, 0, stride-1, stride-1]: ratios outer, scales inner."""
    base = [0.0, 0.0, stride - 1.0, stride - 1.0]
    w, h = base[2] - base[0] + 1, base[3] - base[1] + 1
    cx, cy = base[0] + 0.5 * (w - 1), base[1] + 0.5 * (h - 1)
    out = []
    for r in ratios:
        size = w * h
        ws = float(round(math.sqrt(size / r)))
        hs = float(round(ws * r))
        for s in scales:
            aw, ah = ws * s, hs * s
            out.append([cx - 0.5 * (aw - 1), cy - 0.5 * (ah - 1), cx + 0.5 * (aw - 1), cy + 0.5 * (ah - 1)])
    return torch.tensor(out, dtype=torch.float32)


def _nms_plus1(boxes, thresh, limit):
    """Greedy NMS (areas with the +1 pixel convention) over score-sorted boxes; kept indices, at most `limit`."""
    x1, y1, x2, y2 = boxes.unbind(-1)
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    keep, alive = [], torch.ones(boxes.shape[0], dtype=torch.bool)
    for i in range(boxes.shape[0]):
        if not alive[i]:
            continue
        keep.append(i)
        if len(keep) >= limit:
            break
        iw = (torch.minimum(x2[i], x2) - torch.maximum(x1[i], x1) + 1).clamp(min=0)
        ih = (torch.minimum(y2[i], y2) - torch.maximum(y1[i], y1) + 1).clamp(min=0)
        inter = iw * ih
        iou = inter / (area[i] + area - inter)
        alive &= ~(iou > thresh)
        alive[i] = False
    return keep


def _decode_anchors(anchors, d, iou_loss):
    """Predicted (x1, y1, x2, y2) of each anchor: corner offsets added (`iou_loss`) or py-faster-rcnn's
    center/log-size deltas (+1 pixel widths)."""
    if iou_loss:
        return (anchors + d).unbind(-1)
    aw = anchors[:, 2] - anchors[:, 0] + 1
    ah = anchors[:, 3] - anchors[:, 1] + 1
    cx = anchors[:, 0] + 0.5 * (aw - 1)
    cy = anchors[:, 1] + 0.5 * (ah - 1)
    px, py = d[:, 0] * aw + cx, d[:, 1] * ah + cy
    pw, ph = torch.exp(d[:, 2]) * aw, torch.exp(d[:, 3]) * ah
    return px - 0.5 * (pw - 1), py - 0.5 * (ph - 1), px + 0.5 * (pw - 1), py + 0.5 * (ph - 1)


def _proposals(cls_prob, bbox_pred, im_info, pre_n, post_n, thresh, min_size, scales, ratios, stride, iou_loss):
    prob, deltas, info = (tensor_of(a).detach().float().cpu() for a in (cls_prob, bbox_pred, im_info))
    n, a2, h, w = prob.shape
    na = a2 // 2
    anchors = _base_anchors(int(stride), [float(s) for s in scales], [float(r) for r in ratios])
    if anchors.shape[0] != na:
        raise MXNetError(f"Proposal: cls_prob has {na} anchors per cell but scales x ratios give {anchors.shape[0]}")
    sy, sx = torch.meshgrid(torch.arange(h) * float(stride), torch.arange(w) * float(stride), indexing="ij")
    shifts = torch.stack([sx, sy, sx, sy], dim=-1).reshape(h, w, 1, 4)
    all_anchors = (anchors.reshape(1, 1, na, 4) + shifts).reshape(-1, 4)          # (h, w, a) order
    rois, scores = [], []
    for b in range(n):
        sc = prob[b, na:].permute(1, 2, 0).reshape(-1)
        d = deltas[b].reshape(na, 4, h, w).permute(2, 3, 0, 1).reshape(-1, 4)
        x1, y1, x2, y2 = _decode_anchors(all_anchors, d, as_bool(iou_loss))
        im_h, im_w, im_s = (float(v) for v in info[b, :3])
        real_h, real_w = int(im_h / float(stride)), int(im_w / float(stride))
        if h < real_h or w < real_w:
            raise MXNetError(f"Proposal: Check failed: height >= real_height ({h} vs. {real_h}) and width >= "
                             f"real_width ({w} vs. {real_w})")
        outside = ((torch.arange(h) >= real_h)[:, None] | (torch.arange(w) >= real_w)[None, :])
        sc = torch.where(outside[:, :, None].expand(h, w, na).reshape(-1), torch.full_like(sc, -1.0), sc)
        box = torch.stack([x1.clamp(0, im_w - 1), y1.clamp(0, im_h - 1), x2.clamp(0, im_w - 1),
                           y2.clamp(0, im_h - 1)], -1)
        ms = float(min_size) * im_s
        small = ((box[:, 2] - box[:, 0] + 1) < ms) | ((box[:, 3] - box[:, 1] + 1) < ms)
        grow = torch.tensor([-ms / 2, -ms / 2, ms / 2, ms / 2])
        box = torch.where(small[:, None], box + grow, box)   # MXNet widens too-small boxes and scores them -1
        sc = torch.where(small, torch.full_like(sc, -1.0), sc)
        order = torch.argsort(sc, descending=True, stable=True)[:int(pre_n)]
        box, sc = box[order], sc[order]
        keep = _nms_plus1(box, float(thresh), int(post_n))
        idx = [keep[i % len(keep)] for i in range(int(post_n))] if keep else [0] * int(post_n)
        rois.append(torch.cat([torch.full((int(post_n), 1), float(b)), box[idx]], dim=1))
        scores.append(sc[idx].reshape(-1, 1))
    dev = tensor_of(cls_prob).device
    return torch.cat(rois).to(dev), torch.cat(scores).to(dev)


@mxop("_contrib_Proposal", "_contrib_MultiProposal")
@zero_grad_op  # MXNet's Proposal backward is zero: recorded outputs backpropagate zeros, not an error
def Proposal(cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n=6000, rpn_post_nms_top_n=300, threshold=0.7,
             rpn_min_size=16, scales=(4.0, 8.0, 16.0, 32.0), ratios=(0.5, 1.0, 2.0), feature_stride=16,
             output_score=False, iou_loss=False):
    """RPN proposals: anchors decoded by bbox_pred, clipped, small boxes scored -1, top-N by score, NMS;
    (N * post_n, 5) rois [batch, x1, y1, x2, y2] (kept boxes repeated cyclically to fill), with scores
    (N * post_n, 1) when `output_score`."""
    rois, sc = _proposals(cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n, rpn_post_nms_top_n, threshold,
                          rpn_min_size, scales, ratios, feature_stride, iou_loss)
    return [wrap(rois), wrap(sc)] if as_bool(output_score) else wrap(rois)


MultiProposal = Proposal


def _bilinear_points(img, y, x):
    """Bilinear samples of img (C, H, W) at float points y, x (P,) with RoIAlign's border rule
    (points beyond one pixel outside read 0; others are clamped into the image)."""
    c, h, w = img.shape
    out_of = (y < -1.0) | (y > h) | (x < -1.0) | (x > w)
    y = y.clamp(min=0)
    x = x.clamp(min=0)
    y0 = torch.floor(y).long().clamp(max=h - 1)
    x0 = torch.floor(x).long().clamp(max=w - 1)
    y = torch.where(y0 >= h - 1, y0.to(y.dtype), y)
    x = torch.where(x0 >= w - 1, x0.to(x.dtype), x)
    y1 = (y0 + 1).clamp(max=h - 1)
    x1 = (x0 + 1).clamp(max=w - 1)
    ly, lx = y - y0.to(y.dtype), x - x0.to(x.dtype)
    val = (img[:, y0, x0] * (1 - ly) * (1 - lx) + img[:, y0, x1] * (1 - ly) * lx
           + img[:, y1, x0] * ly * (1 - lx) + img[:, y1, x1] * ly * lx)
    return val * (~out_of).to(val.dtype)


@mxop("_contrib_RROIAlign")
@no_fgradient_op("_contrib_RROIAlign")
def RROIAlign(data, rois, pooled_size, spatial_scale, sampling_ratio=-1):
    """Rotated RoIAlign: rois [batch, cx, cy, w, h, angle in degrees] average `sampling_ratio`^2 bilinear
    samples per bin (adaptive count when -1) on the rotated grid."""
    x, r = float_only(tensor_of(data), "RROIAlign"), tensor_of(rois)
    ph, pw = as_tuple(pooled_size)
    sc = float(spatial_scale)
    outs = []
    for b, cx, cy, rw, rh, ang in r.detach().double().cpu().tolist():
        cx, cy, rw, rh = cx * sc, cy * sc, max(rw * sc, 1.0), max(rh * sc, 1.0)
        theta = ang * math.pi / 180.0
        bh, bw = rh / ph, rw / pw
        gh = int(sampling_ratio) if int(sampling_ratio) > 0 else int(math.ceil(rh / ph))
        gw = int(sampling_ratio) if int(sampling_ratio) > 0 else int(math.ceil(rw / pw))
        iy = (torch.arange(ph, dtype=torch.float64).reshape(-1, 1, 1, 1) * bh
              + (torch.arange(gh, dtype=torch.float64).reshape(1, 1, -1, 1) + 0.5) * bh / gh - rh / 2)
        ix = (torch.arange(pw, dtype=torch.float64).reshape(1, -1, 1, 1) * bw
              + (torch.arange(gw, dtype=torch.float64).reshape(1, 1, 1, -1) + 0.5) * bw / gw - rw / 2)
        iy, ix = torch.broadcast_tensors(iy, ix)                          # (ph, pw, gh, gw), roi frame
        ct, st = math.cos(theta), math.sin(theta)
        yy = iy * ct - ix * st + cy
        xx = iy * st + ix * ct + cx
        yy, xx = (v.reshape(-1).to(device=x.device, dtype=x.dtype) for v in (yy, xx))
        img = roi_image(x, b, "RROIAlign")
        if img is None:
            outs.append(x.new_zeros((x.shape[1], ph, pw)))
            continue
        vals = _bilinear_points(img, yy, xx)
        outs.append(vals.reshape(x.shape[1], ph, pw, gh * gw).mean(dim=-1))
    return wrap(torch.stack(outs) if outs else x.new_zeros((0, x.shape[1], ph, pw)))


def _interp_ceil(img, y, x):
    """Bilinear samples of img (C, H, W) at in-image points, with floor/ceil corners (R-FCN's kernel)."""
    y0, x0 = torch.floor(y), torch.floor(x)
    y1, x1 = torch.ceil(y), torch.ceil(x)
    dy, dx = y - y0, x - x0
    y0, x0, y1, x1 = (v.long() for v in (y0, x0, y1, x1))
    return (img[:, y0, x0] * (1 - dx) * (1 - dy) + img[:, y0, x1] * dx * (1 - dy)
            + img[:, y1, x0] * (1 - dx) * dy + img[:, y1, x1] * dx * dy)


@mxop("_contrib_DeformablePSROIPooling")
def DeformablePSROIPooling(data, rois, trans=None, spatial_scale=1.0, output_dim=None, group_size=None,
                           pooled_size=None, part_size=0, sample_per_part=1, trans_std=0.0, no_trans=False):
    """Deformable position-sensitive RoI pooling (Deformable ConvNets): PSROIPooling whose bins are shifted by
    `trans` (N_rois, 2 * classes, part, part) scaled by `trans_std`, averaging `sample_per_part`^2 samples."""
    for pname, val in (("output_dim", output_dim), ("group_size", group_size), ("pooled_size", pooled_size)):
        if val is None:
            raise MXNetError(f"Required parameter {pname} is not presented, in operator DeformablePSROIPooling")
    x = float_only(tensor_of(data), "DeformablePSROIPooling")
    r = tensor_of(rois).detach().double().cpu().tolist()
    nt = as_bool(no_trans)
    if nt and trans is not None:
        raise MXNetError("DeformablePSROIPooling: expects 2 inputs (data, rois) when no_trans=True, got 3")
    if not nt and trans is None:
        raise MXNetError("DeformablePSROIPooling: expects 3 inputs (data, rois, trans) unless no_trans=True")
    tr = None if nt else tensor_of(trans)
    tflat = None if nt else tr.reshape(-1)
    ps, gs, od = int(pooled_size), int(group_size), int(output_dim)
    part = int(part_size) or ps
    spp = int(sample_per_part)
    h, w = x.shape[2], x.shape[3]
    ncls = 1 if nt else tr.shape[1] // 2
    per_cls = od // ncls
    sc = float(spatial_scale)
    outs = []
    for ri, (b, x1, y1, x2, y2) in enumerate(r):
        sw, sh = _c_round(x1) * sc - 0.5, _c_round(y1) * sc - 0.5
        ew, eh = (_c_round(x2) + 1.0) * sc - 0.5, (_c_round(y2) + 1.0) * sc - 0.5
        rw, rh = max(ew - sw, 0.1), max(eh - sh, 0.1)
        bw, bh = rw / ps, rh / ps
        img = roi_image(x, b, "DeformablePSROIPooling")
        if img is None:
            outs.append(x.new_zeros((od, ps, ps)))
            continue
        cells = []
        for i in range(ps):
            for j in range(ps):
                pi, pj = int(math.floor(i / ps * part)), int(math.floor(j / ps * part))
                gi = min(max(int(math.floor(i * gs / ps)), 0), gs - 1)
                gj = min(max(int(math.floor(j * gs / ps)), 0), gs - 1)
                vals = []
                for k in range(od):
                    cls = k // per_cls
                    if nt:
                        tx = ty = 0.0
                    else:  # MXNet indexes trans with part_size strides, whatever trans's own shape
                        base = (ri * ncls * 2 + 2 * cls) * part
                        tx = tflat[(base + pi) * part + pj] * float(trans_std)
                        ty = tflat[(base + part + pi) * part + pj] * float(trans_std)
                    ws = j * bw + sw + tx * rw
                    hs = i * bh + sh + ty * rh
                    sub_w = torch.arange(spp, dtype=x.dtype, device=x.device) * (bw / spp) + ws
                    sub_h = torch.arange(spp, dtype=x.dtype, device=x.device) * (bh / spp) + hs
                    yy, xx = torch.meshgrid(sub_h, sub_w, indexing="ij")
                    yy, xx = yy.reshape(-1), xx.reshape(-1)
                    ok = (xx >= -0.5) & (xx <= w - 0.5) & (yy >= -0.5) & (yy <= h - 0.5)
                    c = (k * gs + gi) * gs + gj
                    if not bool(ok.any()):
                        vals.append(x.new_zeros(()))
                        continue
                    yv, xv = yy[ok].clamp(0, h - 1), xx[ok].clamp(0, w - 1)
                    vals.append(_interp_ceil(img[c:c + 1], yv, xv).mean())
                cells.append(torch.stack(vals))
        outs.append(torch.stack(cells, dim=1).reshape(od, ps, ps))
    return wrap(torch.stack(outs) if outs else x.new_zeros((0, od, ps, ps)))
