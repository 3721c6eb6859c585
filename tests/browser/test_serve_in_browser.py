"""`make serve` in Chromium: with a broken data file the open tab shows the
error instead of hanging, and comes back by itself when the file is fixed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from preview import Preview, break_a_retainer, broken_retainer_message

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    server = Preview(tmp_path_factory.mktemp("serve-browser"))
    yield server
    server.stop()


def test_the_open_tab_shows_the_data_error_and_reloads_when_fixed(preview, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(preview.url + "playbook/profiles/")
        expect(page.locator("h1")).to_contain_text("profiles", ignore_case=True)
        original = (preview.project / "data" / "profiles.yml").read_text(encoding="utf-8")

        preview.edit("data/profiles.yml", break_a_retainer)
        expect(page.locator("h1")).to_have_text("The preview did not build", timeout=30_000)
        expect(page.locator("li code")).to_contain_text(broken_retainer_message(original))

        preview.edit("data/profiles.yml", lambda text: original)
        expect(page.locator("h1")).not_to_have_text("The preview did not build", timeout=30_000)
        expect(page.locator("h2").first).to_be_visible()
        assert errors == []
    finally:
        context.close()
