"""mx.profiler: MXNet's configuration surface and trace file format, recorded with torch.profiler."""
import json
import os
import subprocess
import sys

import pytest

import mxnet
import torch2gluon

_CHILD = "T2G_PROFILER_TEST_CHILD"


def _oracle_ran_in_child(mx, request):
    """Real MXNet's profiler keeps process-wide state (its dump thread) that makes a later set_config fail
    depending on which tests ran before in the worker, so the oracle side of a test runs in its own process.
    True when this call ran it there (and it passed): the caller returns."""
    if mx is not mxnet or os.environ.get(_CHILD):
        return False
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                        "-o", "addopts=", request.node.nodeid], capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, **{_CHILD: "1"}),
                       cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "1 passed" in r.stdout, r.stdout[-2000:]
    return True


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_config_and_argument_errors(request, mx):
    if _oracle_ran_in_child(mx, request):
        return
    with pytest.raises(mx.base.MXNetError, match="Cannot find argument 'bogus'"):
        mx.profiler.set_config(bogus=1)
    with pytest.raises(AssertionError, match="format"):
        mx.profiler.dumps(format="xml")
    with pytest.raises(AssertionError, match="sort_by"):
        mx.profiler.dumps(sort_by="median")


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_trace_file_has_chrome_format_and_user_ranges(request, mx, tmp_path):
    if _oracle_ran_in_child(mx, request):
        return
    fname = str(tmp_path / "profile.json")
    mx.profiler.set_config(profile_all=True, aggregate_stats=True, filename=fname)
    mx.profiler.set_state("run")
    dom = mx.profiler.Domain("dom")
    task = dom.new_task("t2g_task")
    task.start()
    y = mx.nd.dot(mx.nd.ones((32, 32)), mx.nd.ones((32, 32)))
    y.wait_to_read()
    task.stop()
    mx.profiler.set_state("stop")
    table = mx.profiler.dumps(reset=True)
    mx.profiler.dump()
    with open(fname) as f:
        data = json.load(f)
    assert set(data) == {"traceEvents", "displayTimeUnit"}
    assert "Profile Statistics:" in table and "Total Count" in table
    names = {e.get("name") for e in data["traceEvents"]}
    assert "t2g_task" in names
    assert y.asnumpy()[0, 0] == 32


def test_ours_reports_torch_kernels_and_pause_resume(tmp_path):
    mx = torch2gluon
    mx.profiler.set_config(filename=str(tmp_path / "p.json"))
    mx.profiler.set_state("run")
    mx.nd.dot(mx.nd.ones((8, 8)), mx.nd.ones((8, 8)))
    mx.profiler.pause()
    mx.nd.ones((3,)).exp()
    mx.profiler.resume()
    mx.profiler.set_state("stop")
    table = mx.profiler.dumps(reset=True, sort_by="count")
    assert "aten::mm" in table and "aten::exp" not in table
    assert json.loads(mx.profiler.dumps(format="json"))["Unit"] == {"Time": "ms", "Memory": "kB"}


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_aggregate_domains_units_and_sorting(request, mx, tmp_path):
    if _oracle_ran_in_child(mx, request):
        return
    mx.profiler.set_config(profile_all=True, aggregate_stats=True, filename=str(tmp_path / "agg.json"))
    mx.profiler.set_state("run")
    mx.profiler.dumps(reset=True)
    dom = mx.profiler.Domain("UserDomain")
    task = mx.profiler.Task(dom, "user_task")
    task.start()
    (mx.nd.ones((50, 50)) + 1).wait_to_read()
    task.stop()
    ev = mx.profiler.Event("user_event")
    for _ in range(2):
        ev.start()
        mx.nd.ones((10,)).wait_to_read()
        ev.stop()
    mx.profiler.set_state("stop")
    stats = json.loads(mx.profiler.dumps(format="json"))
    assert set(stats) == {"Time", "Memory", "Unit"}
    assert stats["Unit"] == {"Time": "ms", "Memory": "kB"}
    assert stats["Time"]["UserDomain"]["user_task"]["Count"] == 1
    assert stats["Time"]["event"]["user_event"]["Count"] == 2
    assert "operator" in stats["Time"]
    assert list(stats["Time"]) == sorted(stats["Time"])
    for sort_by, key in (("total", "Total"), ("count", "Count"), ("min", "Min"), ("max", "Max"), ("avg", "Avg")):
        for asc in (False, True):
            ops = json.loads(mx.profiler.dumps(format="json", sort_by=sort_by, ascending=asc))["Time"]["operator"]
            vals = [v[key] for v in ops.values()]
            assert vals == sorted(vals, reverse=not asc)
    table = mx.profiler.dumps(reset=True)
    assert "UserDomain\n=================" in table and "user_task" in table
    assert "operator" not in json.loads(mx.profiler.dumps(format="json"))["Time"]


def test_continuous_dump_writes_periodically_and_dump_false_flushes(tmp_path):
    """(MXNet 1.9.1 also rewrites the file periodically, but whether it does depends on its earlier state in
    the process, so this runs on torch2gluon only.)"""
    import os
    mx = torch2gluon
    import time
    fname = str(tmp_path / "cont.json")
    mx.profiler.set_config(profile_all=True, filename=fname, continuous_dump=True, dump_period=0.1,
                           aggregate_stats=True)
    mx.profiler.set_state("run")
    sizes = []
    for _ in range(3):
        (mx.nd.ones((20, 20)) * 2).wait_to_read()
        time.sleep(0.35)
        sizes.append(os.path.getsize(fname) if os.path.exists(fname) else 0)
    assert sizes[0] > 0 and sizes == sorted(sizes)      # written without any dump() call
    mx.profiler.dump(False)
    after = os.path.getsize(fname)
    assert after >= sizes[-1]
    mx.nd.ones((5,)).exp().wait_to_read()
    mx.profiler.dump(False)
    assert os.path.getsize(fname) >= after
    mx.profiler.set_state("stop")
    mx.profiler.dump(True)
    with open(fname) as f:
        assert len(json.load(f)["traceEvents"]) > 0
    mx.profiler.set_config(continuous_dump=False)


def test_ours_dump_false_keeps_running_and_trace_is_valid_json(tmp_path):
    mx = torch2gluon
    fname = str(tmp_path / "p.json")
    mx.profiler.set_config(filename=fname, continuous_dump=False)
    mx.profiler.set_state("run")
    mx.nd.ones((4,)).exp().wait_to_read()
    mx.profiler.dump(False)
    with open(fname) as f:
        first = json.load(f)["traceEvents"]
    mx.nd.ones((4,)).sin().wait_to_read()
    mx.profiler.dump(False)
    mx.profiler.dump(True)   # repeated dumps of the same recordings work
    mx.profiler.dump(True)
    with open(fname) as f:
        names = {e.get("name") for e in json.load(f)["traceEvents"]}
    assert "aten::exp" in {e.get("name") for e in first} and "aten::sin" in names
