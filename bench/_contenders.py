"""Shared runner of the side-by-side benchmarks: one subprocess per contender, JSON result on its last line."""
import json
import os
import statistics
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


def interleaved_table(title, label, width, contenders, args, warmup):
    """Time every case of `contenders` ({name: (cases dict, sync)}; "torch" first) in interleaved rounds
    (`args.n` calls x `args.rounds`, after `warmup` calls; `args.only` filters case names) and print a markdown
    table: median (best) us per call per contender, and the t2g/torch and t2g/mxnet ratios."""
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    names = [n for n in contenders["torch"][0]
             if not args.only or any(s.strip() in n for s in args.only.split(","))]
    times = {c: {n: [] for n in names} for c in contenders}
    for name in names:
        for cases, sync in contenders.values():
            per_call_us(cases[name], warmup, sync, clock)
        for _ in range(args.rounds):
            for cname, (cases, sync) in contenders.items():
                times[cname][name].append(per_call_us(cases[name], args.n, sync, clock))
    try:
        load = f", load average {os.getloadavg()[0]:.2f}"
    except OSError:
        load = ""
    print(f"{title}: us per call ({args.clock} clock), median (best) of {args.rounds} interleaved rounds x "
          f"{args.n} calls, {args.threads} thread(s), {os.cpu_count()} CPUs{load}")
    print(f"| {label:{width}s} | {'torch':>14s} | {'torch2gluon':>14s} | {'mxnet':>15s} | t2g/torch | t2g/mxnet |")
    print(f"|{'-' * (width + 2)}|{'-' * 15}:|{'-' * 15}:|{'-' * 16}:|----------:|----------:|")
    nan = float("nan")
    for name in names:
        med = {c: statistics.median(times[c][name]) for c in contenders}
        best = {c: min(times[c][name]) for c in contenders}
        t, g, m = med["torch"], med.get("torch2gluon", nan), med.get("mxnet", nan)
        cell = {c: f"{med[c]:6.2f} ({best[c]:5.2f})" for c in contenders}
        print(f"| {name:{width}s} | {cell['torch']:>14s} | {cell.get('torch2gluon', 'n/a'):>14s} "
              f"| {cell.get('mxnet', 'n/a'):>15s} | {g / t:8.2f}x | {g / m:8.2f}x |")


def in_process_main(doc, title, label, width, torch_cases, gluon_cases, n, rounds, warmup, setup=None,
                    skip_option=True):
    """The command line of the in-process side-by-side benches: parse `--n/--rounds/--threads/--clock/--only`
    (and `--skip`), build the torch, torch2gluon and (if installed) MXNet cases, print `interleaved_table`.
    `setup(module)` runs on torch2gluon and mxnet before their cases are built (e.g. `npx.set_np()`)."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--n", type=int, default=n, help=f"calls per round (default {n})")
    ap.add_argument("--rounds", type=int, default=rounds, help=f"interleaved rounds (default {rounds})")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter; cpu: time.process_time (CPU of all the process's threads)")
    ap.add_argument("--only", default="", help=f"comma list of substrings of {label} names to run (default all)")
    if skip_option:
        ap.add_argument("--skip", default="", help="comma list of contenders to leave out (torch2gluon,mxnet)")
    args = ap.parse_args()
    os.environ.update(thread_env(args.threads))
    import torch
    torch.set_num_threads(args.threads)
    skip = set(getattr(args, "skip", "").split(","))
    contenders = {"torch": (torch_cases(torch), lambda: None)}
    for name in ("torch2gluon", "mxnet"):
        if name in skip:
            continue
        try:
            mod = __import__(name)
        except ImportError:
            print(f"(real {name} not installed: its column skipped)")
            continue
        if setup is not None:
            setup(mod)
        contenders[name] = (gluon_cases(mod), mod.nd.waitall)
    interleaved_table(title, label, width, contenders, args, warmup=warmup)
