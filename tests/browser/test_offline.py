"""Start-up, offline and the runtime's lifecycle in a real browser: the start-up
snapshot, the plain start it falls back to (on the trimmed standard library,
with the full one read if a module is missing), the service worker's offline
copy (with the unpacked copies a repeat visit starts from), its update to a
newer build (what did not change carried over, not fetched again), a deploy
while a tab is open (the tab loads the new build whole), the internal
edition kept offline after one page read, and failures answered in words:
a worker that stops answering, a missing runtime.json, a kept snapshot of
another build (playbook_plugin/snapshot.py, playbook_plugin/stdlib.py, playbook_plugin/offline.py,
docs/assets/js/pyodide-start.js, runtime.js).

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
    return expected_with(DATA, **params)


def expected_with(data_dir: Path, **params) -> dict:
    """What the page shows for a link giving `params`: the fields it leaves out hold their starting values for
    its currency (Python fills them, as it does for the page)."""
    playbook = load_data_dir(data_dir, "public")
    return registry.run("economics", params, playbook)["display"]


def hook_module():
    from playbook_plugin import offline
    return offline


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

    def shows_the_shared_answer(self, url: str):
        """Opens the ROI page from the shared link and checks its answer is CPython's for those inputs."""
        self.page.goto(url + ROI + SHARED)
        self.ready()
        expect(self.page.locator(HEADLINE)).to_have_text(expected(**SHARED_PARAMS)["headline"])

    def fetched(self, pattern: str) -> list[str]:
        """What the page and its calculator worker asked for (the service worker's own fetches aside)."""
        return [u for u in self.own if re.search(pattern, u)]

    def assert_clean(self, served_url: str):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(served_url))
        assert [u for u in self.requests if not u.removeprefix("blob:").startswith(origin)] == []
        assert self.errors == [], f"console errors (CSP violations among them): {self.errors}"

    def close(self):
        self.context.close()


def sw_value(site: Path, name: str):
    """One of the lists (or, for UNPACKED, the URL: sha256 object) playbook_plugin/offline.py writes in front of sw.js."""
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
        seen.shows_the_shared_answer(served.url)
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
        seen.shows_the_shared_answer(served.url)
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
        seen.shows_the_shared_answer(served.url)
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
        seen.shows_the_shared_answer(served.url)
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
    seen.shows_the_shared_answer(served.url)
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
    seen.shows_the_shared_answer(served.url)
    assert not seen.fetched(r"\.gz$"), "nothing gzipped is fetched or unpacked again"
    assert seen.fetched(r"/pyodide\.asm\.wasm$"), "the WebAssembly by its own URL (the code cache's key)"
    assert not seen.fetched(r"\.whl$"), "restored from the snapshot, not started the plain way"
    seen.assert_clean(served.url)


def test_sw_lists_the_sha256_of_each_unpacked_copy(site_copy):
    for url, sha256 in sw_value(site_copy, "UNPACKED").items():
        packed = (site_copy / (url + ".gz")).read_bytes()
        assert hashlib.sha256(gzip.decompress(packed)).hexdigest() == sha256, url


def test_a_kept_runtime_file_whose_bytes_differ_from_the_builds_is_replaced(kept, served, site_copy):
    """A gzipped snapshot in the cache whose bytes are not this build's (changed at rest, say) is
    dropped and fetched again when the runtime is next kept, and its unpacked copy is made from
    the good one: the next visit restores the snapshot."""
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
        return unpacked.url;
    }""")
    assert re.search(KEPT_SNAPSHOT, changed)
    seen.page.goto(served.url + ROI)  # a visit: the service worker starts afresh, checks what it keeps
    seen.ready()
    sha256 = sw_value(site_copy, "UNPACKED")[urlsplit(changed).path.removeprefix("/project/")]
    wait_until(lambda: seen.page.evaluate(KEPT_SHA256, changed) == sha256)
    seen.own.clear()
    seen.shows_the_shared_answer(served.url)
    assert not seen.fetched(r"\.whl$"), "restored from the good snapshot"
    seen.assert_clean(served.url)


KEPT_SHA256 = """async (url) => {
    const hit = await caches.match(url);
    if (!hit) return null;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await hit.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}"""


def page_build(page) -> str:
    return page.get_attribute('meta[name="playbook-build"]', "content")


def redeploy(site: Path, change) -> str:
    """The next build of `site`, made in place as a deploy would: `change(site)` edits its
    files, then every page, runtime.json and sw.js get the new build's identity (playbook_plugin/offline.py);
    returns it."""
    hook = hook_module()
    old = json.loads((site / "assets/calculators/runtime.json").read_text())["build"]
    change(site)
    lists = hook.file_lists(site)
    new = lists[-1]
    for path in [*site.rglob("*.html"), site / "assets/calculators/runtime.json"]:
        path.write_text(path.read_text().replace(old, new))
    (site / "sw.js").write_text(hook.service_worker(site, False, lists))
    return new


RUNTIME_FILES = r"/assets/(pyodide|calculators)/.*(\.gz|\.whl|\.zip|\.mjs|\.wasm|playbook\.[0-9a-f]+\.json)$"


def test_an_update_keeps_the_unchanged_runtime_and_the_calculators_offline(kept, served, site_copy):
    """Build B changes a page only: a reader who then opens any page online gets B's cache,
    with the runtime carried over from A's (not downloaded again), and every calculator offline."""
    seen = kept
    old = seen.page.evaluate("async () => await caches.keys()")

    def change(site):
        page = site / "buyers-guide/index.html"
        page.write_text(page.read_text().replace("</h1>", " (new build)</h1>", 1))

    build = redeploy(site_copy, change)
    seen.requests.clear()
    seen.page.goto(served.url + "buyers-guide/")
    caches_now = lambda: seen.page.evaluate("async () => await caches.keys()")  # noqa: E731
    wait_until(lambda: caches_now() == [f"playbook /project/ {build}"])  # the new build's cache, alone
    assert old != caches_now()
    assert [u for u in seen.requests if re.search(RUNTIME_FILES, u)] == [], "the unchanged runtime is copied, not fetched"
    seen.context.set_offline(True)
    seen.page.goto(served.url + "buyers-guide/")
    expect(seen.page.locator("h1").first).to_contain_text("(new build)")
    seen.shows_the_shared_answer(served.url)
    assert page_build(seen.page) == build


def internal_copy(internal_site, tmp_path) -> Path:
    copy = tmp_path / "internal"
    shutil.copytree(internal_site, copy)
    return copy


def test_the_internal_edition_works_offline_after_reading_one_page(browser, internal_site, tmp_path):
    """A rep who only read the playbook's home page once ranks a list on the prioritise page with no network."""
    from calculators.ranking import run
    copy = internal_copy(internal_site, tmp_path)
    running = serve(copy, "/playbook-site/")
    seen = Watched(browser)
    try:
        seen.page.goto(running.url)
        wait_until(lambda: runtime_cached(seen.page, copy), 120)
        assert not seen.fetched(r"/assets/(pyodide|calculators)/"), "the service worker fetched it, not the page"
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


def price_changed(data_dir: Path) -> Path:
    """A copy of the data with the first fee in pricing.yml 100 higher."""
    import yaml
    copy = data_dir.parent / "data-b"
    shutil.copytree(DATA, copy)
    pricing = yaml.safe_load((copy / "pricing.yml").read_text(encoding="utf-8"))
    fee = next(tier["fee"] for tier in pricing["tiers"] if isinstance(tier.get("fee"), dict))
    fee["amount"] += 100
    (copy / "pricing.yml").write_text(yaml.safe_dump(pricing, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return copy


def test_a_page_of_a_new_build_reloads_the_tab_so_no_figure_of_the_old_build_is_shown(
        browser, served, site_copy, tmp_path):
    """A tab open on build A; build B (one fee changed) is deployed; the reader follows a link
    (Material's instant navigation): the tab loads B whole and computes with B's fee."""
    from conftest import build_site
    data_b = price_changed(tmp_path / "data")
    site_b = tmp_path / "site-b"
    assert build_site(site_b, "public", data_dir=data_b, quick_start=False).returncode == 0
    want = {d: expected_with(d, months="36")["headline"] for d in (DATA, data_b)}
    assert want[DATA] != want[data_b], "the two builds' figures differ"
    seen = Watched(browser)
    try:
        seen.page.goto(served.url + "calculators/readiness/")
        seen.ready()
        # A tab open a while: the service worker controls it (and asks the server for each page).
        wait_until(lambda: seen.page.evaluate("!!navigator.serviceWorker.controller"))
        build_a = page_build(seen.page)
        shutil.rmtree(site_copy)
        shutil.copytree(site_b, site_copy)  # the deploy
        build_b = json.loads((site_copy / "assets/calculators/runtime.json").read_text())["build"]
        assert build_a != build_b
        follow(seen.page, "calculators/roi/")
        seen.page.wait_for_function("(b) => document.querySelector('meta[name=playbook-build]').content === b",
                                    arg=build_b)
        seen.ready()
        assert seen.page.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"
        seen.page.fill("#calc-economics-months", "36")
        expect(seen.page.locator(HEADLINE)).to_have_text(want[data_b])
        expect(seen.page.locator("[data-results-for=economics][data-state]").first).to_have_attribute(
            "data-state", "current")
    finally:
        seen.close()


def follow(page, path: str):
    """Follows the page's link to `path` as a click does (Material's instant navigation takes it)."""
    page.evaluate("""(path) => [...document.querySelectorAll("a[href]")]
        .find((a) => new URL(a.href).pathname.endsWith("/" + path)).click()""", path)


def calculator_worker(page):
    return next(w for w in page.workers if "calculator-worker.js" in w.url)


def test_a_worker_that_stops_answering_is_answered_in_words_then_restarted(browser, served):
    seen = Watched(browser)
    try:
        seen.page.add_init_script("window.__calculatorSilenceMs = 1500")
        seen.page.goto(served.url + ROI)
        seen.ready()
        calculator_worker(seen.page).evaluate("setTimeout(() => self.close(), 0)")  # it dies, saying nothing
        seen.page.fill("#calc-economics-months", "30")
        form = seen.page.locator("form[data-calculator=economics]")
        expect(form.locator("[data-error-for='']")).to_contain_text("stopped answering")
        expect(seen.page.locator("[data-results-for=economics][data-state]").first).to_have_attribute(
            "data-stale", "failed")
        expect(form).to_have_attribute("data-calculator-state", "ready", timeout=90_000)  # started again, once
        assert seen.page.evaluate("window.__calculatorWorkerStarts") == 2
        seen.page.fill("#calc-economics-months", "36")
        expect(seen.page.locator(HEADLINE)).to_have_text(expected(months="36")["headline"])
        expect(form.locator("[data-error-for='']")).to_have_text("")
    finally:
        seen.close()


def test_a_missing_runtime_json_answers_every_form_with_an_error_then_recovers(browser, internal_site, tmp_path):
    """The prioritise page's form (any account file) and account scoring answer, in words, instead of
    hanging at "Ranking…"; once runtime.json is back, the next calculator page shown starts the worker
    again."""
    copy = internal_copy(internal_site, tmp_path)
    manifest = copy / "assets/calculators/runtime.json"
    kept_aside = manifest.read_bytes()
    manifest.unlink()
    running = serve(copy, "/playbook-site/")
    seen = Watched(browser)
    try:
        seen.page.goto(running.url + "playbook/prioritise/")
        batch = seen.page.locator("form[data-batch]")
        expect(batch).to_have_attribute("data-calculator-state", "error", timeout=60_000)
        seen.page.click("[data-batch-run]")
        expect(seen.page.locator("[data-batch-file-errors]")).to_contain_text("could not start")
        expect(seen.page.locator("[data-batch-progress]")).to_be_hidden()
        assert batch.get_attribute("aria-busy") is None
        manifest.write_bytes(kept_aside)
        follow(seen.page, "playbook/account-scoring/")
        scoring = seen.page.locator("form[data-calculator]")
        expect(scoring).to_have_attribute("data-calculator-state", "ready", timeout=90_000)
    finally:
        seen.close()
        running.close()


def test_a_kept_snapshot_of_another_build_is_refused_and_replaced(kept, served, site_copy, internal_site):
    seen = kept
    ours = next(u for u in sw_list(site_copy, "UNPACKED") if u.endswith(".bin"))
    foreign = json.loads((internal_site / "assets/calculators/runtime.json").read_text())["snapshot"]["file"]
    shutil.copyfile(internal_site / "assets/calculators" / foreign, site_copy / "foreign.bin.gz")
    seen.page.evaluate("""async ([ours, foreign]) => {
        const bytes = await new Response((await fetch(foreign)).body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
        const cache = await caches.open((await caches.keys())[0]);
        await cache.put(new URL(ours, location).href, new Response(bytes));
    }""", [served.url + ours, served.url + "foreign.bin.gz"])
    seen.own.clear()
    seen.shows_the_shared_answer(served.url)
    assert seen.fetched(r"\.whl$"), "refused: the plain start loaded the wheel"
    sha256 = sw_value(site_copy, "UNPACKED")[ours]
    wait_until(lambda: seen.page.evaluate(KEPT_SHA256, served.url + ours) == sha256)  # replaced by this build's


@pytest.mark.parametrize("missing", ["no-such-page/", "buyers-guide/no/such/page/"])
def test_the_404_page_finds_its_styles_and_links_under_another_path(browser, served, site_copy, missing):
    """404.html is served at whatever address was not found, here under /project/ (site_url says /playbook/)."""
    seen = Watched(browser)
    try:
        body = (site_copy / "404.html").read_text()
        seen.page.route(served.url + missing, lambda route: route.fulfill(status=404, body=body,
                                                                          content_type="text/html"))
        failed = []
        seen.page.on("requestfailed", lambda request: failed.append(request.url))
        seen.page.on("response", lambda response: failed.append(response.url) if response.status >= 400
                     and response.url != served.url + missing else None)
        seen.page.goto(served.url + missing)
        seen.page.wait_for_load_state("load")
        assert seen.page.evaluate("document.baseURI") == served.url
        assert seen.page.evaluate("[...document.styleSheets].filter((s) => s.href).length") >= 2
        home = seen.page.locator("a.md-header__button.md-logo")
        assert home.evaluate("(a) => a.href") == served.url
        seen.page.wait_for_timeout(300)
        assert failed == []
        assert [e for e in seen.errors if "status of 404" not in e] == []  # the page's own status aside
    finally:
        seen.close()


def test_a_module_missing_from_the_trimmed_standard_library_is_read_from_the_full_one(browser, served, site_copy):
    """The plain start on a trimmed library that lacks a module the calculators import (decimal)."""
    import zipfile
    manifest = site_copy / "assets/calculators/runtime.json"
    data = json.loads(manifest.read_text())
    del data["snapshot"]
    manifest.write_text(json.dumps(data))
    trimmed = site_copy / "assets/calculators" / data["stdlib"]
    with zipfile.ZipFile(trimmed) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    assert "decimal.py" in entries
    with zipfile.ZipFile(trimmed, "w") as out:
        for name, content in entries.items():
            if name != "decimal.py":
                out.writestr(name, content)
    seen = Watched(browser)
    try:
        seen.shows_the_shared_answer(served.url)
        assert seen.fetched(r"/assets/pyodide/[0-9a-f]+/python_stdlib\.zip$"), "the full library, read once"
        seen.assert_clean(served.url)
    finally:
        seen.close()
