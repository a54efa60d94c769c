"""The event view and the map in a real browser (see tests/test_browser.py for what it
needs): `lagebild serve` over the demo corpus, Chromium through Playwright, axe-core on
every page, screenshots in artifacts/screenshots/events-*.png."""

from __future__ import annotations

import re

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


def scroll_to(page, element_id: str) -> None:
    """The element at the top of the viewport, for a screenshot of what follows it."""
    page.evaluate("id => document.getElementById(id).scrollIntoView({block: 'start'})", element_id)


def test_event_view_reports_timeline_and_map(page):
    page.goto("/events")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 3
    shot(page, "events-01-list")
    assert_accessible(page, "events-list")

    # The summit: five English and two German reports of 10-13 July 2023.
    rows.filter(has_text="Baltic Wire").get_by_role("link").first.click()
    page.wait_for_url("**/events/ev-*")
    assert "2023-07-10 – 2023-07-13" in page.locator(".event-meta").inner_text()
    languages = page.locator(".lang-column h3").all_inner_texts()
    assert any(t.startswith("English") for t in languages) and any(t.startswith("German") for t in languages)
    assert page.locator(".report-card").count() == 7
    assert page.get_by_role("button", name="Check 7 reports").is_visible()
    shot(page, "events-02-event", full_page=False)

    # The timeline: one cell per dated claim, each claim also listed with a text label.
    chart = page.locator("svg.timechart")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    cells = page.locator("svg.timechart rect.cell")
    assert cells.count() == page.locator(".timeline-list li.dated").count() >= 10
    assert page.locator("svg.timechart text.date", has_text="11 Jul").count() == 1
    assert page.locator(".status-badge", has_text="not checked yet").count() == cells.count()
    scroll_to(page, "timeline-h")
    shot(page, "events-03-event-timeline", full_page=False)

    # The event's places on the offline map, zoomed to them, and listed beside it.
    event_map = page.locator("svg.worldmap")
    event_map.scroll_into_view_if_needed()
    assert page.locator("svg.worldmap circle.marker").count() == page.locator("table.places tbody tr").count()
    assert page.locator("svg.worldmap text", has_text="Vilnius").count() == 1
    scroll_to(page, "places-h")
    shot(page, "events-04-event-map", full_page=False)
    page.evaluate("() => window.scrollTo(0, 0)")
    assert_accessible(page, "events-event")

    # From a report to its article and back to the event.
    event_url = page.url
    page.locator(".report-card a.report-title", has_text="Pistorius").click()
    page.wait_for_url("**/documents/demo-vilnius-2")
    page.get_by_role("link", name="the reports of the same event, side by side").click()
    page.wait_for_url(event_url)


def test_checking_an_event_shows_what_its_reports_agree_and_disagree_on(page):
    page.goto("/documents")
    page.get_by_role("link", name=re.compile("same event as Australia to get")).click()
    page.wait_for_url("**/events/ev-*")
    assert "3 of 3 reports have no saved check" in page.locator(".notice").inner_text()
    assert page.get_by_role("heading", name=re.compile("^Conflicts")).count() == 0
    # The click waits for the page the checks end on: the first check loads the models.
    page.get_by_role("button", name="Check 3 reports").click(timeout=CHECK_TIMEOUT_MS)
    page.wait_for_url("**/events/ev-*#comparison-h", timeout=CHECK_TIMEOUT_MS)
    assert page.get_by_role("button", name=re.compile("Check")).count() == 0
    conflicts = page.locator("ol.conflicts > li")
    assert conflicts.count() >= 1
    assert "Unsupported quote" in conflicts.first.inner_text()
    agreements = page.locator("table.agreements").first.locator("tbody tr")
    assert agreements.count() >= 3
    assert agreements.first.locator(".lang-tag").count() >= 2  # statements side by side, with their languages
    assert page.locator("svg.timechart rect.status-corroborated").count() >= 1
    scroll_to(page, "comparison-h")
    shot(page, "events-05-event-checked", full_page=False)
    scroll_to(page, "agreements-h")
    shot(page, "events-06-event-agreements", full_page=False)
    scroll_to(page, "timeline-h")
    shot(page, "events-07-event-checked-timeline", full_page=False)
    assert_accessible(page, "events-event-checked")


def test_map_of_the_corpus(page):
    page.goto("/map")
    markers = page.locator("svg.worldmap circle.marker")
    assert markers.count() >= 20
    assert markers.count() == page.locator("table.places tbody tr").count()
    vilnius = page.locator("svg.worldmap circle.marker.city", has=page.locator("title", has_text="Vilnius"))
    assert vilnius.count() == 1
    assert page.locator("svg.worldmap text", has_text="Washington").count() == 1
    box = page.locator("svg.worldmap").bounding_box()
    assert box and box["width"] > 1000  # the map takes the width of the page
    shot(page, "events-08-map")
    assert_accessible(page, "events-map")
    page.locator("table.places a", has_text="Australia to get").first.click()
    page.wait_for_url("**/events/ev-*")
