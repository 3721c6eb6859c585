"""A generated CRM accounts export with no scores (Salesforce-style, messy values), for `make bench`.

Usage: .venv/bin/python scripts/bench_crm.py [ROWS ...]  prints the best of five triages in CPython.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import crm  # noqa: E402
from calculators.loader import load_data_dir  # noqa: E402

INDUSTRIES = ("Banking", "Insurance", "Retail", "Government", "Computer Software", "Hospital & Health Care",
              "COMPUTER_GAMES", "Manufacturing", "Agriculture", "")


def revenue(rnd: random.Random) -> str:
    amount = rnd.randrange(50, 5_000_000) * 1000
    return rnd.choice([str(amount), f'"USD {amount:,}.00"', f"${amount / 1e6:.1f}M", ""])


def crm_csv(rows: int, seed: int = 7) -> str:
    """An unmodified accounts export: id, name, industry, revenue and employees, no scores."""
    rnd = random.Random(seed)
    lines = ["Account ID,Account Name,Industry,Annual Revenue,Employees,Type,Billing Country"]
    for n in range(rows):
        lines.append(f"001BENCH{n:08d},Account {n},{rnd.choice(INDUSTRIES)},{revenue(rnd)},"
                     f"{rnd.choice([str(rnd.randrange(1, 90000)), '', '1001-5000'])},Prospect,United States")
    return "\r\n".join(lines) + "\r\n"


def main(sizes: list[int]) -> None:
    playbook = load_data_dir(ROOT / "data")
    for rows in sizes:
        text = crm_csv(rows)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = crm.run_triage(text, playbook)
            times.append(time.perf_counter() - start)
        assert len(result["accounts"]) == rows and not result["errors"], result["errors"][:3]
        print(f"{rows:>7,} unscored rows: run_triage {min(times):.3f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
