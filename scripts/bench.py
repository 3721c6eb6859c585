"""Benchmark the in-browser calculators (`make bench`); not a timed test.

In one run, in headless Debian Chromium on localhost:

- startup: time from navigation to "calculator ready" on the ROI page, against
  a bare page (generated beside the built site) that only loads the same
  Pyodide; cold cache each time, runs alternating, medians compared (goal:
  ratio <= 1.15);
- input latency: once ready (and half a second on, as a reader's first
  change would be), time from an input event to the updated result in the
  page, over many changes (goal: p95 <= 16 ms, one frame).

Prints a table and writes the figures to bench-results.json. Each
measurement is a function in MEASUREMENTS taking a Bench and returning rows;
add one there to measure more (the batch scorer, say).

Usage: .venv/bin/python scripts/bench.py [--runs N] [--changes N] [--site DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402  (the browser tests' server and flags)

RESULTS = ROOT / "bench-results.json"
FIRST_CHANGE_AFTER_MS = 500
"""A reader's first change comes a while after the page says it is ready."""
PAGE = "site/calculators/roi/"

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title>
<script type="module" src="bare.js"></script></head>
<body><p>Loads Pyodide in a worker and nothing else.</p></body></html>
"""
BARE_PAGE_JS = """const worker = new Worker(new URL("./bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = () => performance.mark("calculator-ready");
"""
BARE_WORKER_JS = """const indexURL = new URL("../site/assets/pyodide/", import.meta.url).href;
const lockFileURL = new URL("../site/assets/calculators/LOCK", import.meta.url).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
await loadPyodide({ indexURL, lockFileURL });
self.postMessage("ready");
"""

READY_AT = """() => {
  const mark = performance.getEntriesByName("calculator-ready")[0];
  return mark ? mark.startTime : null;
}"""

INPUT_LATENCY = """async ({ changes }) => {
  const form = document.querySelector("form[data-calculator]");
  const fields = ["months", "fractional_monthly_fee", "hourly_cost", "hours_saved_per_month"];
  const values = {
    months: (i) => String(1 + (i * 7) % 60),
    fractional_monthly_fee: (i) => String(850 + (i * 37) % 4150),
    hourly_cost: (i) => String(20 + (i * 3) % 150),
    hours_saved_per_month: (i) => String(10 + (i * 5) % 90),
  };
  const times = [];
  for (let i = 0; i < changes; i++) {
    const name = fields[i % fields.length];
    const input = form.elements.namedItem(name);
    const updated = new Promise((resolve) => form.addEventListener("calculator:result", resolve, { once: true }));
    const start = performance.now();
    input.value = values[name](i);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await updated;
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 30)); // keystrokes are apart
  }
  return times;
}"""


@dataclass
class Bench:
    """What measurements share: the browser, the server URL, the options, the figures."""

    browser: object
    url: str
    runs: int
    changes: int
    figures: dict = field(default_factory=dict)

    def ready_time(self, path: str) -> float:
        """Milliseconds from navigation to the page's calculator-ready mark, cold cache."""
        context = self.browser.new_context()
        try:
            page = context.new_page()
            page.goto(self.url + path)
            for _ in range(2400):  # polled: the mark holds the exact time
                at = page.evaluate(READY_AT)
                if at is not None:
                    return at
                page.wait_for_timeout(50)
            raise RuntimeError(f"{path}: the calculator was not ready after 120 s")
        finally:
            context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def startup(bench: Bench) -> list[tuple]:
    ours, bare = [], []
    for _ in range(bench.runs):  # alternating, so load on the machine hits both alike
        ours.append(bench.ready_time(PAGE))
        bare.append(bench.ready_time("bare/"))
    ratio = statistics.median(ours) / statistics.median(bare)
    bench.figures["startup"] = {
        "runs": bench.runs, "roi_page_ms": ours, "bare_pyodide_ms": bare,
        "roi_page_median_ms": statistics.median(ours), "bare_pyodide_median_ms": statistics.median(bare),
        "ratio": ratio, "goal_ratio": 1.15, "met": ratio <= 1.15,
    }
    return [
        ("ROI page: navigation to ready (median)", f"{statistics.median(ours):.0f} ms", ""),
        ("Bare Pyodide page: navigation to ready (median)", f"{statistics.median(bare):.0f} ms", ""),
        ("Startup ratio, ROI page / bare Pyodide", f"{ratio:.3f}", _goal(ratio <= 1.15, "<= 1.15")),
    ]


def input_latency(bench: Bench) -> list[tuple]:
    context = bench.browser.new_context()
    try:
        page = context.new_page()
        page.goto(bench.url + PAGE)
        page.wait_for_selector("form[data-calculator][data-calculator-state=ready]", timeout=120_000)
        page.wait_for_timeout(FIRST_CHANGE_AFTER_MS)
        times = page.evaluate(INPUT_LATENCY, {"changes": bench.changes})
    finally:
        context.close()
    median, p95 = statistics.median(times), percentile(times, 0.95)
    bench.figures["input_latency"] = {
        "changes": len(times), "first_ms": times[0], "median_ms": median, "p95_ms": p95, "max_ms": max(times),
        "goal_p95_ms": 16, "met": p95 <= 16,
    }
    return [
        ("Input change to updated result, first change", f"{times[0]:.1f} ms", ""),
        ("Input change to updated result, median", f"{median:.1f} ms", ""),
        ("Input change to updated result, p95", f"{p95:.1f} ms", _goal(p95 <= 16, "<= 16 ms")),
    ]


MEASUREMENTS = [startup, input_latency]


def _goal(met: bool, goal: str) -> str:
    return f"goal {goal}: {'met' if met else 'NOT met'}"


def build_site(into: Path, edition: str) -> None:
    env = dict(os.environ, PLAYBOOK_EDITION=edition, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(into)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating startup runs per page (default 5)")
    parser.add_argument("--changes", type=int, default=200, help="input changes timed (default 200)")
    parser.add_argument("--site", type=Path, help="a built site to use instead of building the public edition")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        work = Path(work)
        if options.site:
            shutil.copytree(options.site, work / "site")
        else:
            build_site(work / "site", "public")
        (work / "bare").mkdir()
        (work / "bare" / "index.html").write_text(BARE_HTML, encoding="utf-8")
        (work / "bare" / "bare.js").write_text(BARE_PAGE_JS, encoding="utf-8")
        lock = json.loads((work / "site/assets/calculators/runtime.json").read_text(encoding="utf-8"))["lock"]
        (work / "bare" / "bare-worker.js").write_text(BARE_WORKER_JS.replace("LOCK", lock), encoding="utf-8")
        served = serve(work)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                bench = Bench(browser, served.url, options.runs, options.changes)
                rows = [row for measure in MEASUREMENTS for row in measure(bench)]
                browser.close()
        finally:
            served.close()

    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'figure':>10}  goal")
    for name, figure, goal in rows:
        print(f"{name:<{width}}  {figure:>10}  {goal}")
    RESULTS.write_text(json.dumps(bench.figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
