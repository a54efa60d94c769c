"""Uploading on the Add page and the export buttons, in a real browser (see
tests/test_browser.py for what it needs); screenshots in artifacts/screenshots/add-*.png."""

from __future__ import annotations

import json

import pytest

from tests.test_browser import (  # noqa: F401  (pytest finds the imported fixtures here)
    CHECK_TIMEOUT_MS,
    _requirements,
    assert_accessible,
    browser,
    page,
    server,
    shot,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BATCH = "\n".join(json.dumps(record, ensure_ascii=False) for record in (
    {"id": "upload-de", "title": "Außenminister in Kiew", "published": "2024-10-29", "language": "de",
     "text": "Für amerikanische Leser: Die Außenminister mehrerer Staaten sind am Dienstag in Kiew eingetroffen."},
    {"id": "upload-en", "title": "Ministers in Kyiv", "published": "2024-10-29", "language": "en",
     "text": "Foreign ministers from several countries arrived in Kyiv on Tuesday for talks with the government."},
)) + "\n"


def test_upload_shows_progress_then_the_uploaded_articles(page):
    page.goto("/add")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "batch.jsonl", "mimeType": "application/octet-stream", "buffer": BATCH.encode()}])
    shot(page, "add-01-upload-chosen", full_page=False)
    # Each progress text, kept in sessionStorage so that it can be read after the page moved on.
    page.evaluate("""() => {
        const text = document.querySelector("#upload-form .progress-text");
        new MutationObserver(() => {
            const seen = JSON.parse(sessionStorage.getItem("steps") || "[]");
            sessionStorage.setItem("steps", JSON.stringify(seen.concat([text.textContent])));
        }).observe(text, {childList: true, characterData: true, subtree: true});
    }""")
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/documents?id=upload-de&id=upload-en", timeout=CHECK_TIMEOUT_MS)
    steps = page.evaluate("() => JSON.parse(sessionStorage.getItem('steps') || '[]')")
    assert "Checking 2 of 2: Ministers in Kyiv…" in steps, steps  # steps in one chunk show only the last
    assert any(step.startswith("Checked 2 of 2") for step in steps), steps
    assert page.locator("table.docs tbody tr").count() == 2
    assert "2 documents of the upload" in page.locator("main").inner_text()
    shot(page, "add-02-uploaded")
    assert_accessible(page, "add-uploaded")


def test_a_file_over_the_cap_is_refused_before_sending(page):
    page.goto("/add")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "huge.txt", "mimeType": "text/plain", "buffer": b"Wort " * (600 * 1024)}])
    page.get_by_role("button", name="Upload and check").click()
    alert = page.locator("#upload-form .form-error")
    alert.wait_for(state="visible")
    assert "over the 2 MiB limit" in alert.inner_text() and page.url.endswith("/add")
    assert page.get_by_role("button", name="Upload and check").is_enabled()
    shot(page, "add-03-too-large", full_page=False)
    assert_accessible(page, "add-too-large")


def test_an_unreadable_file_shows_the_reason_on_the_form(page):
    page.goto("/add")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7"}])
    # The form as it posts without JavaScript (the page fixture counts a 400 to a fetch as
    # a failed load): the answer is the Add page again, with the reason on that form.
    with page.expect_navigation():
        page.evaluate("() => document.getElementById('upload-form').submit()")
    alert = page.locator("#upload-form .form-error")
    assert alert.is_visible() and "scan.pdf: unknown file type '.pdf'" in alert.inner_text()
    shot(page, "add-05-refused", full_page=False)
    assert_accessible(page, "add-refused")


def test_export_buttons_download_the_check(page):
    page.goto("/add")
    page.get_by_label("Text").fill("Für amerikanische Leser: Die Außenminister sind am Dienstag in Kiew eingetroffen.")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Store and check").click()
    page.wait_for_url("**/documents/web-*", timeout=CHECK_TIMEOUT_MS)
    buttons = page.get_by_role("region", name="Export the check").get_by_role("link")
    assert buttons.all_inner_texts() == ["Markdown", "HTML report", "JSON", "STIX 2.1"]
    for name, suffix in (("Markdown", ".md"), ("STIX 2.1", ".stix.json")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename.startswith("lagebild-web-")
        assert download.value.suggested_filename.endswith(suffix)
    shot(page, "add-04-exports", full_page=False)
    assert_accessible(page, "article-exports")
