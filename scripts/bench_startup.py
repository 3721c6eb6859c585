"""The start-up part of `make bench` (scripts/bench.py calls `measure`).

Navigation to "calculator ready" on the ROI page against the bare page that
only loads the same Pyodide, both served by the same counting server, in
fresh browser contexts (cold caches), runs alternating:

- cold, localhost (goal <= 0.35 x bare);
- cold, Chromium's network emulation (CDP Network.emulateNetworkConditions)
  at 40 Mbit/s + 20 ms (goal <= 0.5 x) and 10 Mbit/s + 40 ms (goal <= 0.45 x);
- repeat visit: a new page in the same profile after one visit, once the
  service worker has kept the runtime and its unpacked copies (goal <= 0.25 x
  bare cold); the profile is a browser profile on disk, as a reader's is
  (Chromium keeps compiled JavaScript there; no such hit for the
  WebAssembly was seen); the same in a private window's profile, which keeps
  nothing on disk, is reported beside it;
- offline repeat visit: the same with the network off; ready and the result
  CPython computes;
- a content page: bytes of Pyodide or snapshot downloaded (goal 0);
- an update: a visit to build A's ROI page (its runtime kept), then build B
  (the same sources but one price in data/pricing.yml) deployed in its
  place, one content page opened online, the network off: every calculator
  page must start with B's figures; reports the runtime bytes fetched again
  (only B's data and snapshot changed).

Bytes are counted by the server (what left it for the case, up to ready), so
cache hits count nothing. Also reports the snapshot's size.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import QuietHandler, Served  # noqa: E402

LINKS = {  # name: (Mbit/s, latency ms, goal ratio)
    "40 Mbit/s + 20 ms": (40, 20, 0.5),
    "10 Mbit/s + 40 ms": (10, 40, 0.45),
}
LOCAL_GOAL, REPEAT_GOAL = 0.35, 0.25
RUNTIME = ("/assets/pyodide/", "/assets/calculators/")
CALCULATOR_FORM = re.compile(r"<form[^>]*\bdata-calculator=")


class CountingHandler(QuietHandler):
    """The browser tests' handler, counting the bytes of each file it sends."""

    def copyfile(self, source, outputfile):
        sent = 0
        try:
            while chunk := source.read(64 * 1024):
                outputfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a page closed at ready, or a download the worker gave up: what was sent counts
        with self.server.lock:
            self.server.sent.append((self.path, sent))


def serve_counted(site: Path) -> Served:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler,
                                                                                 directory=str(site)))
    server.url = f"http://127.0.0.1:{server.server_port}/"
    server.lock, server.sent = threading.Lock(), []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Served(server.url, server)


class Counter:
    """Bytes the server sent from `start()` on."""

    def __init__(self, served):
        self.server = served.server

    def start(self):
        with self.server.lock:
            self.at = len(self.server.sent)

    def sent(self) -> list[tuple[str, int]]:
        with self.server.lock:
            return list(self.server.sent[self.at:])

    def total(self) -> int:
        return sum(n for _, n in self.sent())

    def runtime(self) -> int:
        return sum(n for path, n in self.sent() if any(part in path for part in RUNTIME))


def _emulate(context, page, link):
    if link is None:
        return
    mbit, latency, _ = LINKS[link]
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency,
        "downloadThroughput": mbit * 1_000_000 / 8, "uploadThroughput": mbit * 1_000_000 / 8,
    })


def _ready_at(page, ready_js: str, timeout_s: float = 180) -> float:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:  # polled: the mark holds the exact time
        at = page.evaluate(ready_js)
        if at is not None:
            return at
        page.wait_for_timeout(50)
    raise RuntimeError(f"{page.url}: not ready after {timeout_s:.0f} s")


def cold(bench, counter, path: str, ready_js: str, link=None) -> tuple[float, int]:
    """(ms to ready, bytes sent until ready) in a fresh profile."""
    context = bench.browser.new_context()
    try:
        page = context.new_page()
        _emulate(context, page, link)
        counter.start()
        page.goto(bench.url + path, wait_until="commit", timeout=120_000)  # ready is the page's own mark
        at = _ready_at(page, ready_js)
        print(f"  cold {path} {link or 'localhost'}: {at:.0f} ms, {counter.total() / 1e6:.1f} MB", flush=True)
        return at, counter.total()
    finally:
        context.close()


def _runtime_kept(page) -> bool:
    return page.evaluate("""async () => {
        const names = await caches.keys();
        if (names.length !== 1) return false;
        const keys = await (await caches.open(names[0])).keys();
        return keys.some((r) => /snapshot\\.[0-9a-f]+\\.bin\\.gz$/.test(r.url))
            && keys.some((r) => /python_stdlib\\.zip$/.test(r.url))
            && keys.some((r) => /snapshot\\.[0-9a-f]+\\.bin$/.test(r.url))  // kept unpacked too
            && keys.some((r) => /pyodide\\.asm\\.wasm$/.test(r.url));
    }""")


def on_disk_profile(bench):
    """A fresh browser profile kept in a folder, as a reader's browser keeps one."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    folder = tempfile.mkdtemp(prefix="bench-profile-")
    context = bench.browser.browser_type.launch_persistent_context(folder, executable_path=CHROMIUM,
                                                                    args=CHROMIUM_ARGS)
    context.folder = folder
    return context


def repeat(bench, counter, path: str, ready_js: str, context) -> dict:
    """A visit, then new pages in the same profile online and offline; closes the context."""
    from calculators import registry
    from calculators.loader import load_data_dir
    try:
        first = context.new_page()
        first.goto(bench.url + path)
        _ready_at(first, ready_js)
        end = time.monotonic() + 120
        while not _runtime_kept(first):
            if time.monotonic() > end:
                raise RuntimeError("the service worker did not keep the runtime within 120 s")
            first.wait_for_timeout(200)
        first.close()
        times, sent = [], []
        for _ in range(bench.runs):
            page = context.new_page()
            counter.start()
            page.goto(bench.url + path, wait_until="commit")
            times.append(_ready_at(page, ready_js))
            sent.append(counter.total())
            page.close()
        context.set_offline(True)
        page = context.new_page()
        counter.start()
        query = "?months=24&hourly_cost=90"
        page.goto(bench.url + path + query)
        offline_ms = _ready_at(page, ready_js)
        page.wait_for_selector("form[data-calculator][data-calculator-state=ready]")
        playbook = load_data_dir(ROOT / "data", "public")
        want = registry.run("economics", {**registry.defaults("economics", playbook), "months": "24",
                                          "hourly_cost": "90"}, playbook)["display"]["headline"]
        shown = ""
        for _ in range(100):
            shown = page.inner_text("[data-results-for=economics] [data-output=headline]").strip()
            if shown == want.strip():
                break
            page.wait_for_timeout(100)
        return {"repeat_ms": times, "repeat_bytes": sent, "offline_ms": offline_ms,
                "offline_bytes": counter.total(), "offline_correct": shown == want.strip()}
    finally:
        context.close()
        if hasattr(context, "folder"):
            shutil.rmtree(context.folder, ignore_errors=True)


def content_page(bench, counter) -> dict:
    context = bench.browser.new_context()
    try:
        page = context.new_page()
        counter.start()
        page.goto(bench.url + "site/buyers-guide/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(3000)  # the service worker installs meanwhile
        return {"bytes": counter.total(), "runtime_bytes": counter.runtime()}
    finally:
        context.close()


def _caches(page) -> list[str]:
    return page.evaluate("async () => await caches.keys()")


def _wait(check, what: str, timeout_s: float = 180) -> None:
    end = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > end:
            raise RuntimeError(f"{what} within {timeout_s:.0f} s")
        time.sleep(0.2)


def price_changed_data(into: Path) -> Path:
    """A copy of data/ with the first fee in pricing.yml 100 higher (build B of the update)."""
    import yaml
    shutil.copytree(ROOT / "data", into)
    pricing = into / "pricing.yml"
    data = yaml.safe_load(pricing.read_text(encoding="utf-8"))

    def bump(node) -> bool:
        if isinstance(node, dict):
            if isinstance(node.get("fee"), dict) and "amount" in node["fee"]:
                node["fee"]["amount"] += 100
                return True
            return any(bump(v) for v in node.values())
        return isinstance(node, list) and any(bump(v) for v in node)

    if not bump(data):
        raise RuntimeError("data/pricing.yml holds no fee to change")
    pricing.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return into


def update(bench, counter, path: str, ready_js: str) -> dict:
    """Build A's calculator visited; build B deployed; a content page online; then offline."""
    from bench import build_site
    from calculators import registry
    from calculators.loader import load_data_dir
    work = Path(tempfile.mkdtemp(prefix="bench-update-"))
    site_a = work / "site-a"
    context = bench.browser.new_context()
    try:
        data_b = price_changed_data(work / "data")
        build_site(work / "site-b", "public", data_b)
        page = context.new_page()
        page.goto(bench.url + path)
        _ready_at(page, ready_js)
        _wait(lambda: _runtime_kept(page), "the service worker did not keep the runtime")
        old = _caches(page)
        bench.site.rename(site_a)  # the deploy
        (work / "site-b").rename(bench.site)
        counter.start()
        page.goto(bench.url + "site/buyers-guide/")
        _wait(lambda: len(_caches(page)) == 1 and _caches(page) != old, "build B's cache was not made")
        _wait(lambda: _runtime_kept(page), "build B's cache did not keep the runtime")
        fetched_again = [(p, n) for p, n in counter.sent() if any(part in p for part in RUNTIME)]
        context.set_offline(True)
        playbook = load_data_dir(data_b, "public")
        query = {"months": "24"}
        want = registry.run("economics", {**registry.defaults("economics", playbook), **query},
                            playbook)["display"]["headline"].strip()
        pages = sorted({f"site/{p.parent.relative_to(bench.site).as_posix()}/" for p in bench.site.rglob("index.html")
                        if CALCULATOR_FORM.search(p.read_text(encoding="utf-8"))})
        working, shown = [], ""
        for calculator_page in pages:
            offline_page = context.new_page()
            offline_page.goto(bench.url + calculator_page + ("?months=24" if calculator_page == path else ""))
            try:
                offline_page.wait_for_selector("form[data-calculator][data-calculator-state=ready]", timeout=120_000)
                working.append(calculator_page)
            except Exception as error:  # noqa: BLE001 - a page that did not start is reported, not fatal
                print(f"  update: {calculator_page} offline: {str(error).splitlines()[0]}", flush=True)
            if calculator_page == path:
                for _ in range(100):
                    shown = offline_page.inner_text("[data-results-for=economics] [data-output=headline]").strip()
                    if shown == want:
                        break
                    offline_page.wait_for_timeout(100)
            offline_page.close()
        return {"calculator_pages": pages, "working_offline": working, "b_figures": shown == want,
                "runtime_bytes_again": sum(n for _, n in fetched_again),
                "runtime_files_again": sorted({p for p, _ in fetched_again})}
    finally:
        context.close()
        if site_a.exists():
            shutil.rmtree(bench.site, ignore_errors=True)
            site_a.rename(bench.site)
        shutil.rmtree(work, ignore_errors=True)


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def _goal(met: bool, goal: str) -> str:
    return f"goal {goal}: {'met' if met else 'NOT met'}"


def measure(bench, page_path: str, ready_js: str) -> list[tuple]:
    counter = Counter(bench.served)
    rows, figures = [], {}
    manifest = json.loads((bench.site / "assets/calculators/runtime.json").read_text(encoding="utf-8"))
    snapshot = manifest.get("snapshot")
    rows.append(("Start-up snapshot: gzipped / restored",
                 f"{_mb(snapshot['bytes'])} / {_mb(snapshot['size'])}" if snapshot else "none", ""))
    figures["snapshot"] = snapshot
    bare_cold = None
    for link, goal in [(None, LOCAL_GOAL)] + [(name, spec[2]) for name, spec in LINKS.items()]:
        runs = bench.runs if link is None else max(3, bench.runs // 3)
        ours, bare = [], []
        for _ in range(runs):  # alternating, so load on the machine hits both alike
            ours.append(cold(bench, counter, page_path, ready_js, link))
            bare.append(cold(bench, counter, "bare/", ready_js, link))
        ours_ms, bare_ms = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in bare)
        ratio = ours_ms / bare_ms
        name = link or "localhost"
        bare_cold = bare_cold or bare_ms
        figures[f"cold {name}"] = {"runs": runs, "roi_ms": [t for t, _ in ours], "bare_ms": [t for t, _ in bare],
                                   "roi_median_ms": ours_ms, "bare_median_ms": bare_ms, "ratio": ratio,
                                   "roi_bytes": ours[0][1], "bare_bytes": bare[0][1], "goal_ratio": goal,
                                   "met": ratio <= goal}
        rows += [
            (f"Cold, {name}: ROI page / bare Pyodide (median ms)", f"{ours_ms:.0f} / {bare_ms:.0f}", ""),
            (f"Cold, {name}: bytes until ready, ROI / bare", f"{_mb(ours[0][1])} / {_mb(bare[0][1])}", ""),
            (f"Cold, {name}: ratio", f"{ratio:.2f}", _goal(ratio <= goal, f"<= {goal}")),
        ]
    again = repeat(bench, counter, page_path, ready_js, on_disk_profile(bench))
    repeat_ms = statistics.median(again["repeat_ms"])
    ratio = repeat_ms / bare_cold
    private = repeat(bench, counter, page_path, ready_js, bench.browser.new_context())
    private_ms = statistics.median(private["repeat_ms"])
    figures["repeat"] = {**again, "repeat_median_ms": repeat_ms, "ratio_to_bare_cold": ratio,
                         "goal_ratio": REPEAT_GOAL, "met": ratio <= REPEAT_GOAL}
    figures["repeat_private_window"] = {**private, "repeat_median_ms": private_ms,
                                        "ratio_to_bare_cold": private_ms / bare_cold}
    rows += [
        ("Repeat visit (same profile, on disk): ready (median ms)", f"{repeat_ms:.0f}", ""),
        ("Repeat visit: bytes from the network", _mb(statistics.median(again["repeat_bytes"])), ""),
        ("Repeat visit / bare cold, localhost", f"{ratio:.2f}", _goal(ratio <= REPEAT_GOAL, f"<= {REPEAT_GOAL}")),
        ("Repeat visit in a private window (no code kept on disk): ready, ratio",
         f"{private_ms:.0f} ms, {private_ms / bare_cold:.2f}", ""),
        ("Offline repeat visit: ready (ms)", f"{again['offline_ms']:.0f}",
         _goal(again["offline_correct"] and private["offline_correct"], "ready, correct result")),
    ]
    content = content_page(bench, counter)
    figures["content_page"] = content
    rows += [
        ("Content page: bytes (all, incl. the service worker's copy)", _mb(content["bytes"]), ""),
        ("Content page: bytes of Pyodide or snapshot", f"{content['runtime_bytes']}",
         _goal(content["runtime_bytes"] == 0, "0")),
    ]
    updated = update(bench, counter, page_path, ready_js)
    figures["update"] = updated
    met = updated["b_figures"] and updated["working_offline"] == updated["calculator_pages"]
    rows += [
        ("Update (A visited, B deployed, a page online, offline): calculator pages working with B's figures",
         f"{len(updated['working_offline'])} of {len(updated['calculator_pages'])}",
         _goal(met, "all, B's figures")),
        ("Update: runtime bytes fetched again", _mb(updated["runtime_bytes_again"]),
         ", ".join(p.rsplit("/", 1)[-1] for p in updated["runtime_files_again"])),
    ]
    bench.figures["startup"] = figures
    return rows
