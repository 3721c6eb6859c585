"""Time the account pipeline on a scored list in CPython: generated accounts in memory and on the command line.

Usage: .venv/bin/python scripts/bench_batch.py [ROWS ...]
Prints the best of five runs of ranking.rank, ranking.run (every account as
JSON, as --json prints) and the worksheet (to_csv) for each size (default
10,000 and 100,000), then the command line's figures: `python -m
calculators batch FILE -o OUT` on a generated file of 100,000 and 2,000,000
rows (~125 bytes a row), its time, rows per second and peak memory (the
child's maxrss). scripts/bench_crm.py sets a CRM export beside it;
scripts/bench.py reports both in `make bench`. Not a test: timings vary by
machine and load.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators.loader import load_data_dir  # noqa: E402
from calculators.ranking import rank, run, to_csv  # noqa: E402

INDUSTRIES = ("Financial Services", "Gaming", "E-commerce/Retail", "Media/Entertainment", "Logistics")
FLAGS = ("", "", "", "", "", "", "", "", "on_premise_only", "exotic_architectures|real_time_training")


def accounts_csv(rows: int, seed: int = 1) -> str:
    """A realistic CRM export: half scores, revenue and budget, a few disqualifiers."""
    rnd = random.Random(seed)
    half = lambda: str(rnd.randrange(0, 21) / 2).removesuffix(".0")  # noqa: E731
    lines = ["Name,Domain,Industry,Use Case Fit,Commercial Fit,Technical Fit,Strategic Value,"
             "Annual Revenue,Annual Budget,Disqualifiers"]
    for n in range(rows):
        lines.append(f"Account {n},account{n}.example,{rnd.choice(INDUSTRIES)},{half()},{half()},{half()},{half()},"
                     f"{rnd.randrange(1, 5000) * 10**6},{rnd.randrange(0, 900) * 1000},{rnd.choice(FLAGS)}")
    return "\r\n".join(lines) + "\r\n"


HEADER = ("Name,Domain,Industry,Use Case Fit,Commercial Fit,Technical Fit,Strategic Value,Annual Revenue,"
          "Annual Budget,Disqualifiers,Owner")
OWNERS = ("Priya Raman", "Tom Okafor", "Lena Fischer", "Diego Alvarez", "Mei Chen")

CLI_ROWS = (100_000, 2_000_000)
"""Sizes the command line is measured at."""
PEAK_GOAL_MIB = 1024
"""2,000,000 rows rank on the command line in under 1 GiB."""


def write_accounts(path: Path, rows: int, seed: int = 1) -> int:
    """A CRM export of `rows` accounts written to `path` a block at a time (an owner column, ignored, for
    a realistic width); returns its size in bytes."""
    rnd = random.Random(seed)
    half = lambda: str(rnd.randrange(0, 21) / 2).removesuffix(".0")  # noqa: E731
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        block = []
        for n in range(rows):
            block.append(f"Account {n},account{n}.example,{rnd.choice(INDUSTRIES)},{half()},{half()},{half()},"
                         f"{half()},{rnd.randrange(1, 5000) * 10**6},{rnd.randrange(0, 900) * 1000},"
                         f"{rnd.choice(FLAGS)},{rnd.choice(OWNERS)} ({n % 97})\r\n")
            if len(block) == 10_000:
                out.write("".join(block))
                block = []
        out.write("".join(block))
    return path.stat().st_size


# Runs the command in a child of its own, so maxrss is that command's peak alone.
_MEASURE = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
            "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
            "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "done.returncode, len(done.stderr.splitlines()))")


def cli_figures(rows: int, folder: Path, write=None, kind: str = "accounts") -> dict:
    """`python -m calculators batch FILE -o OUT` on a generated file (`write(path, rows)` writes it, a scored
    list by default): seconds, rows per second, peak MiB."""
    source, ranked = folder / f"{kind}-{rows}.csv", folder / f"ranked-{kind}-{rows}.csv"
    size = (write or write_accounts)(source, rows)
    command = [sys.executable, "-m", "calculators", "batch", str(source), "-o", str(ranked)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    line = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.split()
    seconds, peak_kib, code, stderr_lines = float(line[0]), int(line[1]), int(line[2]), int(line[3])
    with open(ranked, "rb") as out:
        written = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b"")) - 1
    source.unlink()
    ranked.unlink()
    if code != 0 or written < rows:
        raise RuntimeError(f"{rows:,} rows: exit {code}, {written:,} worksheet rows written")
    return {"rows": rows, "file_mb": size / 1e6, "seconds": seconds, "rows_per_s": rows / seconds,
            "peak_mib": peak_kib / 1024, "stderr_lines": stderr_lines}


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    playbook = load_data_dir(ROOT / "data")
    for rows in sizes:
        text = accounts_csv(rows)
        result = rank(text, playbook)
        assert len(result.accounts) == rows and not result.rejected, result.rejected[:3]
        runs = 5 if rows <= 20_000 else 2
        print(f"{rows:>7,} scored rows: rank {best_of(runs, lambda: rank(text, playbook)):.3f} s, "
              f"run (JSON) {best_of(runs, lambda: run(text, playbook)):.3f} s, "
              f"to_csv {best_of(runs, lambda: to_csv(result)):.3f} s")


def main_cli(sizes: tuple[int, ...] = CLI_ROWS) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        for rows in sizes:
            f = cli_figures(rows, Path(folder))
            print(f"{rows:>9,} rows on the command line ({f['file_mb']:.0f} MB): {f['seconds']:.1f} s, "
                  f"{f['rows_per_s']:,.0f} rows/s, peak {f['peak_mib']:,.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
    main_cli()
