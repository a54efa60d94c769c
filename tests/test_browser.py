"""The web workbench in a real browser: `lagebild serve` over a store with the demo corpus,
driven through Debian's Chromium with Playwright, and axe-core on every main page.

Needs /usr/bin/chromium (`apt-get install -y chromium`) and axe-core from npm
(`make browser-deps`); without them the tests skip and say so, unless
LAGEBILD_REQUIRE_BROWSER=1 (set by `.ci/run`), which turns the skip into a failure.
Screenshots and the axe reports land in artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("LAGEBILD_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(os.environ.get("LAGEBILD_AXE", REPO / ".cache/npm/node_modules/axe-core/axe.min.js"))
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET = REPO / "src/lagebild/demo/targets/tampered_vilnius_de.txt"
CHECK_TIMEOUT_MS = 180_000  # the first check loads the language models in the server

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (install it with `apt-get install -y chromium`)"
    if not AXE.exists():
        return f"axe-core is not at {AXE} (install it with `make browser-deps`)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _requirements():
    reason = _missing()
    if reason and os.environ.get("LAGEBILD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here (LAGEBILD_REQUIRE_BROWSER=1) but {reason}")
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, _requirements):
    """`lagebild serve` in a subprocess over a fresh store with the demo corpus ingested."""
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import ingest
    from lagebild.store import Store

    db = tmp_path_factory.mktemp("browser") / "cases.db"
    with Store(db) as store:
        ingest(store, corpus_inputs())
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = db.with_suffix(".log")
    command = [str(Path(sys.executable).parent / "lagebild"), "serve", "--db", str(db), "--port", str(port)]
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/documents?limit=1", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"lagebild serve did not start: {log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser(_requirements):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A page whose requests may only go to the workbench; console errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server,
                                  locale="de-DE", timezone_id="Europe/Berlin")
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    # A page may be an error page on purpose; what it loads (CSS, JavaScript) may not fail.
    page.on("response", lambda r: problems.append(f"{r.status} for {r.url}")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    yield page
    context.close()
    assert not outside, f"the page asked outside hosts: {outside}"
    assert not problems, problems


def shot(page, name: str, *, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_accessible(page, name: str) -> None:
    """axe-core on the page as it is: no violation of impact serious or critical."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{name}.axe.json").write_text(json.dumps(
        [{"id": v["id"], "impact": v["impact"], "help": v["help"],
          "nodes": [n["target"] for n in v["nodes"]]} for v in violations], indent=1))
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in bad)


def target_article() -> tuple[dict, str]:
    _, front, body = TARGET.read_text(encoding="utf-8").split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    return fields, body.strip()


def test_paste_check_highlights_and_evidence(page):
    fields, body = target_article()
    page.goto("/add")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "add")
    page.get_by_label("Text").fill(body)
    page.get_by_label("Title").fill(fields["title"])
    page.get_by_label("Publisher").fill(fields["publisher"])
    page.get_by_label("Published").fill(fields["published"])
    page.get_by_label("Language").select_option("de")
    shot(page, "01-add-filled")

    # The button shows that the check runs. To look at that state, a listener after
    # lagebild.js's own holds the first submit back; the form is then sent as it is.
    page.evaluate("""() => document.getElementById("add-form").addEventListener(
        "submit", (event) => event.preventDefault(), {once: true})""")
    page.get_by_role("button", name="Store and check").click()
    assert page.locator("#progress").is_visible()
    assert page.get_by_role("button", name="Checking…").is_disabled()
    shot(page, "02-add-checking", full_page=False)
    page.evaluate("() => { setTimeout(() => document.getElementById('add-form').submit(), 0); }")
    page.wait_for_url("**/documents/web-*", timeout=CHECK_TIMEOUT_MS)

    # The article view: the planted errors are highlighted, each with a text label.
    assert page.get_by_role("heading", level=1).inner_text() == fields["title"]
    marks = page.locator("mark.finding")
    assert marks.count() >= 4
    kinds = " ".join(marks.evaluate_all("ms => ms.map(m => m.className)"))
    for kind in ("wrong_office_holder", "generation_artifact", "unverifiable_person"):
        assert f"kind-{kind}" in kinds, kinds
    lambrecht = page.locator("mark.finding.kind-wrong_office_holder", has_text="Lambrecht").first
    assert lambrecht.is_visible()
    assert page.locator("a.tag.kind-wrong_office_holder").first.inner_text().endswith("Wrong office holder")
    assert page.locator("article.text").get_attribute("lang") == "de"
    shot(page, "03-article", full_page=False)
    page.locator("#claims-h").scroll_into_view_if_needed()
    shot(page, "03b-article-claims", full_page=False)
    page.evaluate("() => window.scrollTo(0, 0)")
    assert_accessible(page, "article")

    # Clicking the highlight opens its finding with the evidence beside the text.
    lambrecht.click()
    popover = page.get_by_role("dialog", name="Findings for the highlighted text")
    popover.wait_for(state="visible")
    assert "Pistorius" in popover.inner_text()
    assert page.locator(".finding-card.active").count() >= 1
    shot(page, "04-finding-popover", full_page=False)
    assert_accessible(page, "article-popover")
    page.keyboard.press("Escape")
    assert popover.count() == 0

    # Keyboard: Enter on a focused highlight opens it as well.
    lambrecht.focus()
    page.keyboard.press("Enter")
    popover.wait_for(state="visible")
    page.keyboard.press("Escape")

    # The evidence links to the knowledge base entry of the actual office holder.
    card = page.locator("li.finding-card.kind-wrong_office_holder").first
    evidence = card.locator("ul.evidence a", has_text="kb:").first
    evidence.click()
    page.wait_for_url("**/kb?person=*")
    assert "Boris Pistorius" in page.locator("main").inner_text()
    shot(page, "05-evidence-kb-person")

    # And a corpus document as evidence opens that report.
    page.go_back()
    corpus_link = page.locator("ul.evidence a[href^='/documents/demo-']").first
    target = corpus_link.get_attribute("href")
    corpus_link.click()
    page.wait_for_url("**" + target)
    assert page.locator("article.text").inner_text().strip()
    shot(page, "06-evidence-document")


def test_inbox_and_search(page):
    page.goto("/")
    page.wait_for_url("**/documents")
    rows = page.locator("table.docs tbody tr")
    assert rows.count() >= 5
    assert page.locator("tr.copy").count() >= 1  # the corpus has a near-duplicate
    shot(page, "07-inbox")
    assert_accessible(page, "inbox")

    page.get_by_role("searchbox", name="Search the documents").fill("Vilnius Gipfel")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/documents?q=*")
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 1
    assert "hit(s) for" in page.get_by_role("heading", level=2).first.inner_text()
    shot(page, "08-search")
    assert_accessible(page, "search")
    hits.first.locator("a").first.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("article.text").is_visible()


def test_knowledge_base_who_held_an_office(page):
    page.goto("/kb")
    assert_accessible(page, "kb")
    page.get_by_label("Office").select_option("defence_minister")
    page.get_by_label("Country").fill("DE")
    page.get_by_label("Date").fill("2023-07-11")
    page.get_by_role("button", name="Look up").first.click()
    page.wait_for_url("**/kb?role=defence_minister*")
    results = page.locator("main").inner_text()
    assert "Boris Pistorius" in results and "Christine Lambrecht" not in results
    shot(page, "09-kb-who")
    assert_accessible(page, "kb-who")

    page.get_by_role("link", name="Boris Pistorius").click()
    page.wait_for_url("**/kb?person=*")
    assert page.get_by_role("table").first.is_visible()
    shot(page, "10-kb-person")


def test_error_page(page):
    page.goto("/documents/no-such-document")
    assert page.get_by_role("heading", level=1).inner_text() == "Error 404"
    shot(page, "11-error", full_page=False)
    assert_accessible(page, "error")


def test_reading_without_javascript(browser, server):
    """With JavaScript off the form still posts, and the article view, event, map and
    entity pages carry their highlights, findings and figures in the HTML itself."""
    context = browser.new_context(java_script_enabled=False, base_url=server,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        fields, body = target_article()
        page.goto("/add")
        page.get_by_label("Text").fill(body)
        page.get_by_label("Title").fill(fields["title"])
        page.get_by_label("Published").fill(fields["published"])
        page.get_by_label("Language").select_option("de")
        # The check runs inside the form's request: wait for the article, not for the click.
        page.get_by_role("button", name="Store and check").click(no_wait_after=True)
        page.wait_for_url("**/documents/web-*", timeout=CHECK_TIMEOUT_MS)

        assert page.locator("mark.finding").count() >= 4
        cards = page.locator("li.finding-card")
        assert cards.count() >= 4
        office = page.locator("li.finding-card.kind-wrong_office_holder").first
        assert "Pistorius" in office.inner_text()  # the evidence is in the list, no click needed
        shot(page, "12-article-no-javascript", full_page=False)

        page.get_by_role("link", name="the reports of the same event, side by side").click()
        page.wait_for_url("**/events/*")
        assert page.locator("svg").count() >= 1  # timeline and map are drawn by the server
        page.goto("/map")
        assert page.locator("svg circle").count() >= 5
        page.goto("/entities")
        assert page.locator("svg a").count() >= 5
    finally:
        context.close()
