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

from _contenders import in_process_main


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
    in_process_main(__doc__, "numpy-mode ops", "op", 26, _torch_cases, _np_cases, n=3000, rounds=7,
                    warmup=200, setup=lambda m: m.npx.set_np(), skip_option=False)


if __name__ == "__main__":
    main()
