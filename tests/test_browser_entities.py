"""The entity graph and entity pages in a real browser (same server, fixtures and axe-core
checks as tests/test_browser.py): open the graph, highlight a person's neighbours, filter,
click the person and read their offices from the knowledge base."""

from __future__ import annotations

import pytest

from tests.test_browser import _requirements, assert_accessible, browser, page, server, shot  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_graph_to_person_page_with_offices(page):
    page.goto("/entities")
    graph = page.locator("svg#entity-graph")
    assert graph.is_visible()
    nodes = page.locator("svg#entity-graph a.node")
    assert nodes.count() >= 20
    for kind in ("person", "organisation", "place"):
        assert page.locator(f"svg#entity-graph a.node.kind-{kind}").count() >= 1
    shot(page, "20-entities-graph", full_page=False)
    assert_accessible(page, "entities")

    # Pointing at a person highlights them, their neighbours and the lines between them.
    page.locator("figure.graph").scroll_into_view_if_needed()
    stoltenberg = page.locator('svg#entity-graph a.node[data-id="jens-stoltenberg"]')
    stoltenberg.locator(".shape").hover()
    assert "focusing" in graph.get_attribute("class")
    assert page.locator('svg#entity-graph a.node.near[data-id="org:NATO"]').count() == 1
    assert page.locator('svg#entity-graph a.node.near[data-id="donald-trump"]').count() == 0
    assert page.locator("svg#entity-graph line.edge.near").count() >= 3
    shot(page, "21-entities-hover", full_page=False)
    page.mouse.move(0, 0)
    assert "focusing" not in graph.get_attribute("class")
    # Tabbing to a node highlights it too.
    stoltenberg.focus()
    assert "focusing" in graph.get_attribute("class")

    # The tables carry the same entities for readers without the picture.
    table = page.locator("table.entity-table").first
    assert table.get_by_role("link", name="Jens Stoltenberg").is_visible()
    assert table.locator("tbody tr").count() == nodes.count()

    # Only persons, named in the same sentence.
    page.get_by_role("checkbox", name="organisation").uncheck()
    page.get_by_role("checkbox", name="place").uncheck()
    page.get_by_role("radio", name="sentence").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/entities?*type=person*")
    assert "scope=sentence" in page.url
    kinds = page.locator("svg#entity-graph a.node").evaluate_all("ns => ns.map(n => n.classList[1])")
    assert kinds and set(kinds) == {"kind-person"}
    shot(page, "22-entities-persons-sentence", full_page=False)
    assert_accessible(page, "entities-persons")

    # Clicking the person opens their page with their offices from the knowledge base.
    page.locator('svg#entity-graph a.node[data-id="jens-stoltenberg"] .shape').click()
    page.wait_for_url("**/entities/jens-stoltenberg")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Jens Stoltenberg")
    offices = page.locator("table.offices")
    assert "Secretary General of NATO" in offices.inner_text() and "2014-10-01" in offices.inner_text()
    reports = page.locator("section[aria-labelledby=docs-h] tbody tr")
    assert reports.count() >= 3
    together = page.locator("section[aria-labelledby=with-h]")
    assert together.get_by_role("link", name="NATO").is_visible()
    shot(page, "23-entity-person")
    assert_accessible(page, "entity-person")

    page.get_by_role("link", name="Jens Stoltenberg in the knowledge base").click()
    page.wait_for_url("**/kb?person=jens-stoltenberg")
    assert "Secretary General of NATO" in page.locator("main").inner_text()


def test_article_links_its_entities_and_the_graph_around_one(page):
    page.goto("/documents/demo-vilnius-1")
    meta = page.locator("dl.meta")
    assert meta.get_by_role("link", name="Jens Stoltenberg").is_visible()
    meta.get_by_role("link", name="NATO").click()
    page.wait_for_url("**/entities/org:NATO")
    assert page.get_by_role("heading", level=1).inner_text().startswith("NATO")
    assert page.locator("table.offices").count() == 0  # offices are shown for persons
    shot(page, "24-entity-organisation", full_page=False)
    assert_accessible(page, "entity-organisation")

    page.get_by_role("link", name="Graph of the reports naming NATO").click()
    page.wait_for_url("**/entities?around=*")
    assert "Only reports naming" in page.locator("p.note").inner_text()
    assert page.locator('svg#entity-graph a.node[data-id="org:NATO"]').count() == 1
    assert page.locator('svg#entity-graph a.node[data-id="donald-trump"]').count() == 0
    shot(page, "25-entities-around-nato", full_page=False)
    assert_accessible(page, "entities-around")
