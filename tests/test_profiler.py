"""mx.profiler: MXNet's configuration surface and trace file format, recorded with torch.profiler."""
import json

import pytest

import mxnet
import torch2gluon


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_config_and_argument_errors(mx):
    with pytest.raises(mx.base.MXNetError, match="Cannot find argument 'bogus'"):
        mx.profiler.set_config(bogus=1)
    with pytest.raises(AssertionError, match="format"):
        mx.profiler.dumps(format="xml")
    with pytest.raises(AssertionError, match="sort_by"):
        mx.profiler.dumps(sort_by="median")


@pytest.mark.parametrize("mx", [mxnet, torch2gluon], ids=["mxnet", "torch2gluon"])
def test_trace_file_has_chrome_format_and_user_ranges(mx, tmp_path):
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
    assert json.loads(mx.profiler.dumps(format="json"))["Unit"] == {"Time": "ms"}
    with pytest.raises(NotImplementedError, match="continuous_dump"):
        mx.profiler.set_config(continuous_dump=True)
