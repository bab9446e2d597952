"""Trainer with dist kvstores on 2 processes over loopback gloo (launched with torchrun), against one process
on the whole batch; the kvstore API across workers; a killed worker surfaces as an error in bounded time."""
import os
import pickle
import socket
import subprocess
import sys

import numpy as np
import pytest

import torch2gluon as tg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _dist_trainer_worker as W  # noqa: E402

WORKER = os.path.join(HERE, "_dist_trainer_worker.py")
WORLD = 2


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra):
    env = dict(os.environ, OMP_NUM_THREADS="1", TORCH2GLUON_DIST_TIMEOUT="30")
    for var in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(var, None)
    env.update(extra)
    return env


def _load(outdir):
    return [pickle.load(open(os.path.join(outdir, f"rank{r}.pkl"), "rb")) for r in range(WORLD)]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    outdir = str(tmp_path_factory.mktemp("dist"))
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", str(WORLD), "--nnodes", "1",
           "--master-addr", "127.0.0.1", "--master-port", str(_free_port()), WORKER, "all", outdir]
    proc = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return _load(outdir)


def _assert_weights(got, ref, rtol=1e-5, atol=1e-6):
    assert sorted(got) == sorted(ref)
    for k in ref:
        np.testing.assert_allclose(got[k], ref[k], rtol=rtol, atol=atol, err_msg=k)


@pytest.mark.parametrize("case,opt,uok,expect_uok", [
    ("sync", W.SGD, None, True), ("sync_uok_false", W.SGD, False, False),
    ("device_sync_adam", W.ADAM, None, True), ("horovod", W.SGD, None, False), ("async", W.SGD, None, True),
    ("kv_object", W.SGD, None, True), ("multi_ctx", W.SGD, None, True),
    ("multi_ctx_uok_false", W.ADAM, False, False)])
def test_two_workers_equal_one_process_on_whole_batch(results, case, opt, uok, expect_uok):
    ref, _, _ = W.train(tg, "device", 0, 1, *opt)            # one process, whole batch, step(8)
    for r in results:
        weights, got_uok, distributed = r[case]
        _assert_weights(weights, ref)
        assert got_uok is expect_uok
        assert distributed is (case != "horovod")


def test_batch_size_is_per_call_as_mxnet(results):
    """step(per-worker batch) divides the sum over all workers by 4: like step(4) on the whole batch."""
    ref, _, _ = W.train(tg, "device", 0, 1, *W.SGD, batch=len(W.X) // WORLD)
    for r in results:
        _assert_weights(r["local_batch"][0], ref)


def test_parameters_broadcast_from_rank0(results):
    ref = {k: v for k, v in zip(sorted(results[0]["broadcast"][0]), W.INIT)}
    for r in results:
        _assert_weights(r["broadcast"][0], ref, rtol=0, atol=0)


def test_kvstore_api_across_workers(results):
    for rank, r in enumerate(results):
        assert r["props"] == ("dist_sync", rank, WORLD, True)
        np.testing.assert_array_equal(r["init"], np.ones(3))
        np.testing.assert_array_equal(r["push"], np.full(3, 5.0))
        for a in r["pushpull"]:
            np.testing.assert_array_equal(a, np.full(3, 0 + 1 + 10 + 10.0))
        np.testing.assert_allclose(r["opt_push"], np.full(2, 1 - 0.1 * 3), rtol=1e-6)
        assert r["save_states"] == ("AssertionError", "Cannot save states for distributed training")
        hv_type, hv_cap, hv_err = r["horovod_props"]
        assert (hv_type, hv_cap, hv_err[0]) == ("horovod", False, "NotImplementedError")
        np.testing.assert_array_equal(r["horovod_bcast"], np.full(2, 5.0))
        np.testing.assert_array_equal(r["horovod_allreduce"], np.full(2, 10.0))
        assert [(a.dtype.name, a.tolist()) for a in r["coalesced"]] == [
            ("float32", [3.0] * 3), ("float64", [[3.0, 3.0], [3.0, 3.0]]), ("int32", [3] * 4)]
        assert [a.tolist() for a in r["buckets"]] == [[3.0] * 3, [5.0] * 5, [1.0] * 2, [rank + 1.0] * 3,
                                                      [rank + 2.0] * 5, [rank + 0.0] * 2]
        assert r["bucket_reuse"] == [(2, 4), (10, 4), (6, 8), (14, 8), (14, 18)]
        assert len(r["async_warnings"]) == 1
        assert r["batch_change"][0] == "UserWarning" and "batch_size" in r["batch_change"][1]
        assert r["trainer_save"][0] == "AssertionError"
        assert r["reset"] == ("RuntimeError", "Cannot reset distributed KVStore.")
        assert r["set_data"] == ("RuntimeError", "Cannot reset distributed KVStore.")


def test_killed_worker_raises_in_bounded_time(tmp_path):
    port = str(_free_port())
    procs = [subprocess.Popen([sys.executable, WORKER, "die", str(tmp_path)],
                              env=_env(RANK=str(r), WORLD_SIZE=str(WORLD), MASTER_ADDR="127.0.0.1",
                                       MASTER_PORT=port, TORCH2GLUON_DIST_TIMEOUT="15"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for r in range(WORLD)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert procs[1].returncode == 3
    assert procs[0].returncode == 0, outs[0][1][-3000:]
    res = pickle.load(open(tmp_path / "rank0.pkl", "rb"))
    assert res["error"] is not None and res["error"][0] == "MXNetError", res
    assert "worker may have died" in res["error"][1]
    assert res["elapsed"] < 30
