"""`gluon.utils`: data splitting across devices, gradient clipping, and the one place files are downloaded."""
import hashlib
import os
import sys
import urllib.error
import urllib.request
import uuid
import warnings

import numpy as np

from .. import ndarray
from ..ndarray.ndarray import NDArray
from ..util import _NP

__all__ = ["split_data", "split_and_load", "clip_global_norm", "check_sha1", "download", "replace_file"]


def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Split `data` into `num_slice` slices along `batch_axis` (the first slices get the extra rows)."""
    if _NP.array and _legacy(data):
        from ..numpy._wrap import legacy_operand_error
        raise legacy_operand_error("_npi_split")   # numpy mode: MXNet's np.split refuses a legacy NDArray
    size = data.shape[batch_axis]
    if even_split and size % num_slice != 0:
        raise ValueError(
            f"data with shape {data.shape} cannot be evenly split into {num_slice} slices along axis "
            f"{batch_axis}. Use a batch size that's multiple of {num_slice} or set even_split=False to "
            "allow uneven partitioning of data.")
    each, extras = divmod(size, num_slice)
    bounds = np.cumsum([0] + [each + 1] * extras + [each] * (num_slice - extras)).tolist()
    if batch_axis == 0:
        slices = [data[bounds[i]:bounds[i + 1]] for i in range(num_slice)]
    else:
        if _NP.array:   # numpy mode: MXNet's np.split; the legacy slice_axis runs on a legacy view
            from ..numpy._wrap import as_nd
            data = as_nd(data)
        slices = [ndarray.slice_axis(data, axis=batch_axis, begin=bounds[i], end=bounds[i + 1])
                  for i in range(num_slice)]
    return _np_out(slices) if _NP.array else slices   # numpy mode: `np.split`'s `mx.np.ndarray`s


def _legacy(x):
    from ..ndarray._np_inputs import is_np
    return isinstance(x, NDArray) and not is_np(x)


def _np_out(res):
    from ..numpy._wrap import as_np_out
    return as_np_out(res)


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """Split `data` along `batch_axis` and put slice i on `ctx_list[i]`."""
    if not isinstance(data, NDArray):
        data = ndarray.array(data, ctx=ctx_list[0])
        if _NP.array:   # MXNet makes an `mx.np.array`
            from ..numpy._wrap import as_np
            data = as_np(data)
    if len(ctx_list) == 1:
        out = [data.as_in_context(ctx_list[0])]
        if _NP.array and _legacy(data):   # MXNet moves a legacy NDArray as it is
            return out
    else:
        slices = split_data(data, len(ctx_list), batch_axis, even_split)
        out = [s.as_in_context(c) for s, c in zip(slices, ctx_list)]
    return _np_out(out) if _NP.array else out   # numpy mode: `mx.np.ndarray`s, as MXNet's


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Scale `arrays` in place so that their joint 2-norm is at most `max_norm`; returns the norm before."""
    assert len(arrays) > 0
    ctx = arrays[0].context
    squares = [(ndarray.dot(a.reshape((-1,)), a.reshape((-1,))) if a.stype == "default"
                else a.norm().square()).as_in_context(ctx) for a in arrays]  # sparse: no reshape
    total_norm = ndarray.sqrt(ndarray.add_n(*squares))
    if check_isfinite and not np.isfinite(total_norm.asscalar()):
        warnings.warn(UserWarning("nan or inf is detected. Clipping results will be undefined."), stacklevel=2)
    scale = max_norm / (total_norm + 1e-8)
    scale = ndarray.min(ndarray.concat(scale, ndarray.ones(1, ctx=ctx), dim=0))
    for a in arrays:
        a *= scale.as_in_context(a.context)
    return total_norm.asscalar() if check_isfinite else total_norm


def check_sha1(filename, sha1_hash):
    """True when the SHA-1 of the file's content equals `sha1_hash` (hex)."""
    h = hashlib.sha1()
    with open(filename, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Atomically move `src` over `dst`."""
    try:
        os.replace(src, dst)
    except OSError:
        try:
            os.remove(src)
        except OSError:
            pass
        raise OSError(f"Moving downloaded temp file - {src}, to {dst} failed. Please retry the download.")


def _fetch(url, dest, verify_ssl):
    """Stream `url` into `dest`, printing progress to stderr.

    Uses `requests.get(url, stream=True, verify=verify_ssl)` as MXNet does when `requests` is installed
    (so its proxies, certificates and test mocks apply), else the standard library's urllib.
    """
    try:
        import requests  # optional: MXNet's HTTP client
    except ImportError:
        requests = None
    if requests is not None:
        r = requests.get(url, stream=True, verify=verify_ssl)
        if r.status_code != 200:
            raise RuntimeError(f"Failed downloading url {url}")
        total = int(r.headers.get("Content-Length") or 0)
        _write_chunks(r.iter_content(chunk_size=1 << 16), dest, total)
        return
    ctx = None
    if not verify_ssl:
        import ssl
        ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=ctx, timeout=60) as r:
        total = int(r.headers.get("Content-Length") or 0)
        _write_chunks(iter(lambda: r.read(1 << 16), b""), dest, total)


def _write_chunks(chunks, dest, total):
    """Write byte chunks to `dest`, printing progress every 10% when the total size is known."""
    with open(dest, "wb") as f:
        done, shown = 0, -1
        for chunk in chunks:
            if not chunk:
                continue
            f.write(chunk)
            done += len(chunk)
            pct = done * 100 // total if total else -1
            if pct != shown and pct % 10 == 0:
                shown = pct
                print(f"  {os.path.basename(dest.rsplit('.', 1)[0])}: {done >> 10} KiB"
                      + (f" ({pct}%)" if total else ""), file=sys.stderr, flush=True)


def _offline_error(fname, url, err):
    return RuntimeError(
        f"Could not download {url} to {fname}: {err}. The file is expected at {fname}; there is no "
        "network access (or the server is unreachable). Copy the file there by hand (its SHA-1 must "
        "match), or for tests/demos write synthetic files with "
        "`python -m torch2gluon.gluon.data.vision._mnist_files --root DIR`.")


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Download `url` to `path` (a file or a folder) unless a file with the right SHA-1 is there; returns the path."""
    if path is None:
        fname = url.split("/")[-1]
        assert fname, "Can't construct file-name from this URL. Please set the `path` option manually."
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split("/")[-1]) if os.path.isdir(path) else path
    assert retries >= 0, f"Number of retries should be at least 0, currently it's {retries}"
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). "
                      "Adding certificate verification is strongly advised.")
    if not (overwrite or not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash))):
        return fname
    os.makedirs(os.path.dirname(os.path.abspath(fname)), exist_ok=True)
    while retries + 1 > 0:
        tmp = f"{fname}.{uuid.uuid4()}"
        try:
            print(f"Downloading {fname} from {url}...", file=sys.stderr, flush=True)
            _fetch(url, tmp, verify_ssl)
            if not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash)):
                replace_file(tmp, fname)
            else:
                os.remove(tmp)
                warnings.warn(f"File {fname} exists in file system so the downloaded file is deleted")
            if sha1_hash and not check_sha1(fname, sha1_hash):
                raise UserWarning(f"File {fname} is downloaded but the content hash does not match. The repo "
                                  "may be outdated or download may be incomplete. If the \"repo_url\" is "
                                  "overridden, consider switching to the default repo.")
            break
        except Exception as e:  # noqa: BLE001 - retried, then re-raised
            if os.path.exists(tmp):
                os.remove(tmp)
            retries -= 1
            if isinstance(e, (urllib.error.URLError, OSError)) and not isinstance(e, urllib.error.HTTPError):
                if retries <= 0 or isinstance(getattr(e, "reason", None), OSError):
                    raise _offline_error(fname, url, e) from e
            if retries <= 0:
                raise e
            print(f"download failed due to {e!r}, retrying, {retries} attempt{'s' if retries > 1 else ''} left",
                  file=sys.stderr)
    return fname


def _get_repo_url():
    """Base URL of the Gluon dataset/model repository (`MXNET_GLUON_REPO` overrides it)."""
    repo = os.environ.get("MXNET_GLUON_REPO", "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/")
    return repo if repo.endswith("/") else repo + "/"


def _get_repo_file_url(namespace, filename):
    """URL of `filename` under `namespace` in the Gluon repository."""
    return f"{_get_repo_url()}{namespace}/{filename}"


def shape_is_known(shape):
    """Whether every dimension of `shape` is known (legacy mode: 0 and an empty shape mean unknown)."""
    if shape is None or len(shape) == 0:
        return False
    for dim in shape:
        if dim == 0:
            return False
        assert dim > 0, f"shape dimension size cannot be less than 0, while received {dim}"
    return True


def _indent(s_, num_spaces):
    """Indent every line of `s_` but the first by `num_spaces` (block reprs, as MXNet's helper)."""
    lines = s_.split("\n")
    if len(lines) == 1:
        return s_
    return "\n".join([lines[0]] + [(num_spaces * " ") + line for line in lines[1:]])


def _brief_print_list(lst, limit=7):
    """At most `limit` quoted names, the middle elided with ', ..., ' (as MXNet's error messages)."""
    lst = list(lst)
    if len(lst) > limit:
        return (_brief_print_list(lst[:limit // 2], limit) + ", ..., "
                + _brief_print_list(lst[-limit // 2:], limit))
    return ", ".join(f"'{i}'" for i in lst)


def __getattr__(name):
    if name == "HookHandle":  # defined with Block (imported lazily: gluon.block imports this module's package)
        from .block import _HookHandle
        return _HookHandle
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
