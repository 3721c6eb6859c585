"""Start-up and offline in a real browser: the start-up snapshot, the plain start
it falls back to, the service worker's offline copy (with the unpacked copies
of the snapshot and WebAssembly a repeat visit starts from) and its
replacement by a newer build (hooks/snapshot.py, hooks/offline.py,
docs/assets/js/pyodide-start.js).

Each test serves its own copy of a built edition, so one test's service
worker never meets another's; every browser context starts with an empty
profile. Expected figures come from CPython.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from calculators import registry
from calculators.loader import load_data_dir
from conftest import DATA, ROOT

from .conftest import READY, SETTLED, serve

pytestmark = pytest.mark.browser

ROI = "calculators/roi/"
SHARED = "?fractional_monthly_fee=4000&hours_saved_per_month=55&months=24&currency=EUR"
SHARED_PARAMS = {"fractional_monthly_fee": "4000", "hours_saved_per_month": "55", "months": "24", "currency": "EUR"}
HEADLINE = "[data-results-for=economics] [data-output=headline]"


def expected(**params) -> dict:
    playbook = load_data_dir(DATA, "public")
    return registry.run("economics", {**registry.defaults("economics", playbook), **params}, playbook)["display"]


def hook_module():
    import importlib.util
    import sys
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec = importlib.util.spec_from_file_location("offline_hook_under_test", ROOT / "hooks" / "offline.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "hooks"))


@pytest.fixture
def site_copy(public_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(public_site, copy)
    return copy


@pytest.fixture
def served(site_copy):
    running = serve(site_copy, "/project/")  # a sub-path, as on a GitHub Pages project site
    yield running
    running.close()


class Watched:
    """A fresh browser context with its requests, console errors and CSP violations recorded."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.context.set_default_timeout(60_000)
        self.requests: list[str] = []  # every request, the service worker's too
        self.own: list[str] = []  # the page's and its calculator worker's
        self.errors: list[str] = []
        self.context.on("request", self._record)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _record(self, request):
        self.requests.append(request.url)
        if request.service_worker is None:
            self.own.append(request.url)

    def ready(self):
        self.page.wait_for_selector(SETTLED, timeout=90_000)
        assert self.page.get_attribute("form[data-calculator]", "data-calculator-state") == "ready", \
            self.page.inner_text("[data-calculator-status]")

    def fetched(self, pattern: str) -> list[str]:
        """What the page and its calculator worker asked for (the service worker's own fetches aside)."""
        return [u for u in self.own if re.search(pattern, u)]

    def assert_clean(self, served_url: str):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(served_url))
        assert [u for u in self.requests if not u.startswith(origin)] == []
        assert self.errors == [], f"console errors (CSP violations among them): {self.errors}"

    def close(self):
        self.context.close()


def sw_value(site: Path, name: str):
    """One of the lists (or, for UNPACKED, the URL: sha256 object) hooks/offline.py writes in front of sw.js."""
    return json.loads(re.search(rf"const {name} = ([\[{{].*?[\]}}]);", (site / "sw.js").read_text(), re.S)[1])


def sw_list(site: Path, name: str) -> list[str]:
    return list(sw_value(site, name))


def runtime_cached(page, site: Path) -> bool:
    """Every runtime file this build's sw.js lists, and the unpacked copy of each gzipped one,
    is in the service worker's cache."""
    listed = sw_list(site, "RUNTIME") + sw_list(site, "UNPACKED")
    return page.evaluate("""async (count) => {
        const names = await caches.keys();
        if (names.length !== 1) return false;
        const cache = await caches.open(names[0]);
        const keys = await cache.keys();
        return keys.filter((r) => /\\/assets\\/(pyodide|calculators)\\//.test(r.url)).length >= count;
    }""", len(listed))


def wait_until(check, timeout_s: float = 60):
    import time
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError("timed out waiting")


@pytest.fixture
def kept(browser, served, site_copy):
    """A fresh browser context after one visit to the ROI page, once the service worker
    has kept the whole runtime (and its unpacked copies)."""
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + ROI)
        seen.ready()
        wait_until(lambda: runtime_cached(seen.page, site_copy))
        yield seen
    finally:
        seen.close()


def test_snapshot_start_reaches_ready_with_the_shared_links_figures(browser, served):
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + ROI + SHARED)
        seen.ready()
        expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
        expect(seen.page.locator("[data-results-for=economics][data-state]").first).to_have_attribute(
            "data-state", "current")
        assert seen.fetched(r"/assets/calculators/snapshot\.[0-9a-f]+\.bin\.gz$")
        assert seen.fetched(r"/python_stdlib\.deferred\.zip$"), "the snapshot starts without the standard library"
        assert not seen.fetched(r"\.whl$"), "the snapshot holds the calculators: no wheel to load"
        assert not seen.fetched(r"/pyodide\.asm\.wasm$"), "the WebAssembly comes gzipped"
        seen.assert_clean(served.url)
    finally:
        seen.close()


def test_plain_start_when_the_build_has_no_snapshot(browser, served, site_copy):
    manifest = site_copy / "assets/calculators/runtime.json"
    data = json.loads(manifest.read_text())
    assert "snapshot" in data, "the build made a snapshot"
    del data["snapshot"]
    manifest.write_text(json.dumps(data))
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + ROI + SHARED)
        seen.ready()
        expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
        assert seen.fetched(r"\.whl$") and not seen.fetched(r"snapshot\.")
        seen.assert_clean(served.url)
    finally:
        seen.close()


def test_a_snapshot_that_fails_to_restore_falls_back_to_the_plain_start(browser, served, site_copy):
    data = json.loads((site_copy / "assets/calculators/runtime.json").read_text())
    snapshot = site_copy / "assets/calculators" / data["snapshot"]["file"]
    snapshot.write_bytes(gzip.compress(b"\0" * data["snapshot"]["size"]))  # the right size, no Python in it
    data["snapshot"]["sha256"] = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    (site_copy / "assets/calculators/runtime.json").write_text(json.dumps(data))
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + ROI + SHARED)
        seen.ready()
        expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
        assert seen.fetched(r"\.whl$"), "the plain start loaded the wheel"
    finally:
        seen.close()


def test_a_snapshot_other_than_the_one_runtime_json_names_is_not_restored(browser, served, site_copy):
    data = json.loads((site_copy / "assets/calculators/runtime.json").read_text())
    snapshot = site_copy / "assets/calculators" / data["snapshot"]["file"]
    raw = bytearray(gzip.decompress(snapshot.read_bytes()))
    raw[len(raw) // 2] ^= 1  # one bit of Python's memory changed
    snapshot.write_bytes(gzip.compress(bytes(raw), compresslevel=1))
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + ROI + SHARED)
        seen.ready()
        expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
        assert seen.fetched(r"\.whl$"), "the plain start loaded the wheel"
    finally:
        seen.close()


def test_content_pages_fetch_no_runtime(browser, served):
    seen = Watched(browser)
    try:
        seen.page.goto(served.url)
        seen.page.wait_for_load_state("load")
        wait_until(lambda: seen.page.evaluate("async () => (await caches.keys()).length === 1"))
        seen.page.goto(served.url + "buyers-guide/")
        seen.page.wait_for_timeout(500)
        assert not seen.fetched(r"/assets/(pyodide|calculators)/")
        seen.assert_clean(served.url)
    finally:
        seen.close()


def test_repeat_visit_works_offline_after_one_visit(kept, served):
    seen = kept
    seen.context.set_offline(True)
    seen.page.goto(served.url + ROI + SHARED)
    seen.ready()
    expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
    seen.page.fill("#calc-economics-months", "36")
    want = expected(**{**SHARED_PARAMS, "months": "36"})
    expect(seen.page.locator(HEADLINE)).to_have_text(want["headline"])
    seen.page.goto(served.url + "buyers-guide/")  # a content page, offline too
    expect(seen.page.locator("h1").first).to_be_visible()
    assert seen.errors == [] or all("net::ERR_INTERNET_DISCONNECTED" in e for e in seen.errors), seen.errors


KEPT_SNAPSHOT = r"/assets/calculators/snapshot\.[0-9a-f]+\.bin$"


def test_sw_keeps_an_unpacked_copy_of_each_gzipped_runtime_file_from_the_cache_first(site_copy):
    runtime, unpacked, immutable = (sw_list(site_copy, n) for n in ("RUNTIME", "UNPACKED", "IMMUTABLE"))
    assert sorted(unpacked) == sorted(u[: -len(".gz")] for u in runtime if u.endswith(".gz"))
    assert any(u.endswith("/pyodide.asm.wasm") for u in unpacked) and any(u.endswith(".bin") for u in unpacked)
    assert set(unpacked) <= set(immutable), "content-addressed: served from the cache first"
    assert not set(unpacked) & set(runtime), "made from the gzipped copies, never downloaded"


def keep_only_the_unpacked_copies(page):
    """Drops the gzipped snapshot and WebAssembly from the cache: a start that still
    wanted them would have to fetch them (and the test would see the request)."""
    page.evaluate("""async () => {
        const cache = await caches.open((await caches.keys())[0]);
        for (const request of await cache.keys()) {
            if (/(snapshot\\.[0-9a-f]+\\.bin|pyodide\\.asm\\.wasm)\\.gz$/.test(request.url)) await cache.delete(request);
        }
    }""")


def test_a_repeat_visit_restores_the_unpacked_copies_the_service_worker_kept(kept, served, site_copy):
    seen = kept
    assert [u for u in sw_list(site_copy, "UNPACKED") if re.search(KEPT_SNAPSHOT, "/" + u)]
    keep_only_the_unpacked_copies(seen.page)
    seen.own.clear()
    seen.page.goto(served.url + ROI + SHARED)
    seen.ready()
    expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
    assert not seen.fetched(r"\.gz$"), "nothing gzipped is fetched or unpacked again"
    assert seen.fetched(r"/pyodide\.asm\.wasm$"), "the WebAssembly by its own URL (the code cache's key)"
    assert not seen.fetched(r"\.whl$"), "restored from the snapshot, not started the plain way"
    seen.assert_clean(served.url)


def test_sw_lists_the_sha256_of_each_unpacked_copy(site_copy):
    for url, sha256 in sw_value(site_copy, "UNPACKED").items():
        packed = (site_copy / (url + ".gz")).read_bytes()
        assert hashlib.sha256(gzip.decompress(packed)).hexdigest() == sha256, url


def test_the_sw_never_keeps_an_unpacked_copy_whose_bytes_differ_from_the_builds(kept, served, site_copy):
    """A gzipped snapshot in the cache whose bytes are not this build's (changed at rest, say) is
    not kept unpacked, and the next visit, which checks it against runtime.json, starts the plain way."""
    seen = kept
    changed = seen.page.evaluate("""async () => {
        const cache = await caches.open((await caches.keys())[0]);
        const keys = await cache.keys();
        const packed = keys.find((r) => /snapshot\\.[0-9a-f]+\\.bin\\.gz$/.test(r.url));
        const unpacked = keys.find((r) => /snapshot\\.[0-9a-f]+\\.bin$/.test(r.url));
        const bytes = new Uint8Array(await new Response((await cache.match(packed)).body
            .pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
        bytes[bytes.length >> 1] ^= 1;  // one bit of Python's memory changed, the size kept
        const gzipped = new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")));
        await cache.put(packed, new Response(await gzipped.arrayBuffer()));
        await cache.delete(unpacked);
        // The WebAssembly's copy is made after the snapshot's: once it is back, the snapshot's turn is over.
        await cache.delete(keys.find((r) => /pyodide\\.asm\\.wasm$/.test(r.url)));
        navigator.serviceWorker.controller.postMessage({ type: "cache-runtime" });
        return unpacked.url;
    }""")
    assert re.search(KEPT_SNAPSHOT, changed)
    wait_until(lambda: seen.page.evaluate("""async () => (await (await caches.open((await caches.keys())[0])).keys())
        .some((r) => /pyodide\\.asm\\.wasm$/.test(r.url))"""))
    assert not seen.page.evaluate("async (url) => !!(await caches.match(url))", changed), "not kept"
    seen.own.clear()
    seen.page.goto(served.url + ROI + SHARED)
    seen.ready()
    expect(seen.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])
    assert seen.fetched(r"\.whl$"), "the plain start loaded the wheel (sha256-checked against the lock)"
    seen.assert_clean(served.url)


def test_a_new_build_replaces_the_cached_files(kept, served, site_copy):
    seen = kept
    old = seen.page.evaluate("async () => await caches.keys()")
    # The next build: a page changed, so its sw.js (the hook's own output) differs.
    page = site_copy / "buyers-guide/index.html"
    page.write_text(page.read_text().replace("</h1>", " (new build)</h1>", 1))
    (site_copy / "sw.js").write_text(hook_module().service_worker(site_copy))
    seen.page.goto(served.url + "buyers-guide/")
    caches_now = lambda: seen.page.evaluate("async () => await caches.keys()")  # noqa: E731
    wait_until(lambda: len(caches_now()) == 1 and caches_now() != old)  # the new build's cache, alone
    seen.page.goto(served.url + ROI)
    seen.ready()
    wait_until(lambda: runtime_cached(seen.page, site_copy))
    seen.context.set_offline(True)
    seen.page.goto(served.url + "buyers-guide/")
    expect(seen.page.locator("h1").first).to_contain_text("(new build)")


def test_the_internal_edition_works_offline_after_one_visit(browser, internal_site, tmp_path):
    """A rep who opened one calculator of the playbook once ranks a list on another page with no network."""
    from calculators.ranking import run
    copy = tmp_path / "internal"
    shutil.copytree(internal_site, copy)
    running = serve(copy, "/playbook-site/")
    seen = Watched(browser)
    try:
        seen.page.goto(running.url + "playbook/account-scoring/")
        seen.ready()
        wait_until(lambda: runtime_cached(seen.page, copy))
        seen.context.set_offline(True)
        seen.page.goto(running.url + "playbook/prioritise/")
        seen.page.wait_for_selector("form[data-batch][data-calculator-state=ready]", timeout=90_000)
        text = (ROOT / "docs" / "playbook" / "sample-accounts.csv").read_text(encoding="utf-8")
        seen.page.fill("#batch-csv", text)
        seen.page.click("[data-batch-run]")
        want = run(text, load_data_dir(DATA, "internal"))["summary"]
        expect(seen.page.locator("[data-batch-summary]")).to_have_text(want)
    finally:
        seen.close()
        running.close()
