"""Time batch scoring in CPython: 10,000 and 100,000 generated accounts.

Usage: .venv/bin/python scripts/bench_batch.py [ROWS ...]
Prints the best of five runs of score_csv and of run_batch (the browser's
JSON) for each size. Not a test: timings vary by machine and load.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators.batch import run_batch, score_csv, to_csv  # noqa: E402
from calculators.loader import load_data_dir  # noqa: E402

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
        result = score_csv(text, playbook)
        assert len(result.rows) == rows and not result.errors, result.errors[:3]
        runs = 5 if rows <= 20_000 else 2
        print(f"{rows:>7,} rows: score_csv {best_of(runs, lambda: score_csv(text, playbook)):.3f} s, "
              f"run_batch {best_of(runs, lambda: run_batch(text, playbook)):.3f} s, "
              f"to_csv {best_of(runs, lambda: to_csv(result)):.3f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
