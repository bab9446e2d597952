"""Shared runner of the side-by-side benchmarks: one subprocess per contender, JSON result on its last line."""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def thread_env(threads):
    """The environment every contender runs in: T threads for OpenMP/MKL/OpenBLAS."""
    return dict(os.environ, **{k: str(threads) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                        "OPENBLAS_NUM_THREADS")})


def run_contenders(script, names, known, args, keys, width=20):
    """Run `script --child NAME --k=v...` for each name; {name: parsed JSON}, failures printed and skipped."""
    env = thread_env(args.threads)
    results = {}
    for name in names.split(","):
        if name not in known:
            sys.exit(f"unknown contender {name!r}; choose from {known}")
        cmd = [sys.executable, os.path.abspath(script), "--child", name] + \
              [f"--{k}={getattr(args, k)}" for k in keys]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        line = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
        if r.returncode != 0 or not line.startswith("{"):
            print(f"{name:{width}s} failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
            continue
        results[name] = json.loads(line)
    return results


def per_call_us(fn, n, sync, clock=time.perf_counter):
    """Microseconds per call of `fn` over `n` calls, `sync()` (device synchronisation) included."""
    t0 = clock()
    for _ in range(n):
        fn()
    sync()
    return (clock() - t0) / n * 1e6
