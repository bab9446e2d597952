"""Per-call time of small `mx.np` / `mx.npx` operators: torch2gluon vs raw torch vs real `mxnet.numpy`.

Run: .venv/bin/python bench/np_ops.py [--n 3000] [--rounds 7] [--threads 1] [--clock wall|cpu] [--only a,b]
All three contenders run in this one process, in numpy mode (`npx.set_np()` for both MXNets), the same loop
of N calls per round; rounds are interleaved (torch, torch2gluon, mxnet, torch, ...) so the machine's load
hits every contender alike. MXNet's asynchronous engine is charged by a `waitall()` at the end of each
round. Prints the median (and best) microseconds per call over the rounds, and the ratios
torch2gluon/torch and torch2gluon/MXNet of the medians. `--clock cpu` times the CPU used by the whole
process (every thread, so MXNet's engine workers count) instead of wall time: on a shared, busy machine it
leaves out the time spent waiting for a core.
"""
import argparse
import os

from _contenders import interleaved_table


def _np_cases(mx):
    """The benchmarked calls, written against `mx.np` / `mx.npx` (real mxnet or torch2gluon)."""
    np, npx = mx.np, mx.npx
    x = np.ones((5, 3))
    y = np.full((5, 3), 0.5)
    a = np.ones((64, 64))
    v = np.ones((100, 100))
    return {
        "x + 1 (5x3)": lambda: x + 1,
        "np.dot 64x64": lambda: np.dot(a, a),
        "npx.relu (5x3)": lambda: npx.relu(x),
        "x.sum(axis=1) (100x100)": lambda: v.sum(axis=1),
        "x[2:4] (100x100)": lambda: v[2:4],
        "x[1, 2] (100x100)": lambda: v[1, 2],
        "np.maximum(x, y) (5x3)": lambda: np.maximum(x, y),
        "npx.softmax (5x3)": lambda: npx.softmax(x),
    }


def _torch_cases(torch):
    """The same calls as a PyTorch user would write them."""
    x = torch.ones((5, 3))
    y = torch.full((5, 3), 0.5)
    a = torch.ones((64, 64))
    v = torch.ones((100, 100))
    return {
        "x + 1 (5x3)": lambda: x + 1,
        "np.dot 64x64": lambda: torch.matmul(a, a),
        "npx.relu (5x3)": lambda: torch.relu(x),
        "x.sum(axis=1) (100x100)": lambda: v.sum(dim=1),
        "x[2:4] (100x100)": lambda: v[2:4],
        "x[1, 2] (100x100)": lambda: v[1, 2],
        "np.maximum(x, y) (5x3)": lambda: torch.maximum(x, y),
        "npx.softmax (5x3)": lambda: torch.softmax(x, -1),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000, help="calls per round (default 3000)")
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter; cpu: time.process_time (CPU of all the process's threads)")
    ap.add_argument("--only", default="", help="comma list of substrings of op names to run (default all)")
    args = ap.parse_args()
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[k] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    import torch2gluon
    torch2gluon.npx.set_np()
    contenders = {"torch": (_torch_cases(torch), lambda: None),
                  "torch2gluon": (_np_cases(torch2gluon), torch2gluon.nd.waitall)}
    try:
        import mxnet
        mxnet.npx.set_np()
        contenders["mxnet"] = (_np_cases(mxnet), mxnet.nd.waitall)
    except ImportError:
        print("(real mxnet not installed: MXNet column skipped)")
    interleaved_table("numpy-mode ops", "op", 26, contenders, args, warmup=200)

if __name__ == "__main__":
    main()
