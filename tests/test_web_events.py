"""Events, the event view and the map (lagebild.events, lagebild.web.events), through
FastAPI's test client over a store with the demo corpus."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.events import Report, find_events, group_reports, load_reports
from lagebild.store import Store
from lagebild.web import create_app

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src/lagebild/demo/targets/tampered_vilnius_de.txt"
VILNIUS = {"demo-vilnius-1", "demo-vilnius-2", "demo-vilnius-3", "demo-vilnius-4"}
AUKUS = {"demo-aukus-1", "demo-aukus-2", "demo-aukus-3"}
ABRAHAM = {"demo-abraham-1", "demo-abraham-2", "demo-abraham-3"}


@pytest.fixture(scope="module")
def client(demo_store) -> TestClient:
    return TestClient(create_app(demo_store))


def events_json(client: TestClient) -> list[dict]:
    response = client.get("/events.json")
    assert response.status_code == 200
    return response.json()["events"]


def event_with(client: TestClient, doc_id: str) -> dict:
    response = client.get("/events", params={"document": doc_id, "format": "json"})
    assert response.status_code == 200, response.text
    return response.json()


# -- grouping -------------------------------------------------------------------------------
def test_the_reports_of_one_event_are_grouped_across_languages(client):
    events = events_json(client)
    assert len(events) == 3
    groups = []
    for e in events:
        data = client.get(e["url"] + ".json").json()
        groups.append(set(data["event"]["documents"]))
    vilnius = next(g for g in groups if VILNIUS <= g)
    assert {d for d in vilnius if d.startswith("demo-vilnius-feed")}, "the feed items of the summit join it"
    assert not vilnius & (AUKUS | ABRAHAM)
    aukus = next(g for g in groups if AUKUS <= g)
    assert "demo-aukus-1-syndicated" in aukus and not aukus & (VILNIUS | ABRAHAM)
    abraham = next(g for g in groups if ABRAHAM <= g)
    assert len(abraham) == 4  # and the HTML page of the Mainufer Zeitung
    # German and English reports of the summit side by side.
    vilnius_event = event_with(client, "demo-vilnius-2")
    assert vilnius_event["event"]["languages"] == {"de": 2, "en": 5}


def test_near_copies_follow_their_original(client):
    data = event_with(client, "demo-aukus-1-syndicated")
    assert data["event"]["reports"] == 3 and data["event"]["copies"] == 1
    copy = next(r for r in data["reports"] if r["id"] == "demo-aukus-1-syndicated")
    assert copy["copy_of"] == "demo-aukus-1"


def test_event_ids_are_deterministic(demo_store):
    with Store(demo_store) as store:
        reports = load_reports(store)
        first = [(e.id, e.reports) for e in group_reports(reports)]
        again = [(e.id, e.reports) for e in group_reports(list(reversed(reports)))]
        assert first == again == [(e.id, e.reports) for e in find_events(store)]
    assert all(re.fullmatch(r"ev-\d{8}-[0-9a-f]{6}", event_id) for event_id, _ in first)


def _report(doc_id: str, day: str, *entities: str, order: int = 0, copy_of: str | None = None) -> Report:
    return Report(doc_id, order, date.fromisoformat(day), {e: 2 for e in entities}, copy_of)


def test_grouping_needs_shared_names_and_nearby_dates():
    summit = ("city:593116", "org:NATO", "jens-stoltenberg", "country:UA")
    floods = ("city:2950159", "country:DE", "olaf-scholz")
    reports = [
        _report("a", "2023-07-11", *summit, "country:US", order=1),
        _report("b", "2023-07-12", *summit[:3], order=2),
        _report("c", "2023-07-11", *floods, "country:US", order=3),  # same day, one shared country
        _report("d", "2023-07-12", *floods, order=4),
        _report("e", "2023-09-30", *summit, order=5),  # the same names, months later
        _report("a-copy", "2023-07-11", *summit, order=6, copy_of="a"),
    ]
    events = {frozenset(e.reports): e for e in group_reports(reports)}
    assert set(events) == {frozenset("ab"), frozenset("cd"), frozenset("e")}
    assert events[frozenset("ab")].copies == {"a-copy": "a"}
    assert events[frozenset("ab")].start == date(2023, 7, 11) and events[frozenset("ab")].end == date(2023, 7, 12)


def test_agreements_and_conflicts_come_from_the_saved_checks():
    from lagebild.events.compare import agreements, conflicts

    def claim(text: str, status: str, *evidence: tuple[str, str]) -> dict:
        return {"start": 0, "end": len(text), "text": text, "status": status, "credibility": 2,
                "evidence": [{"source": s, "text": t} for s, t in evidence]}

    de, en, copy = "Der Gipfel begann am Dienstag.", "The summit opened on Tuesday.", "The summit opened on Tuesday."
    checks = {
        "de-1": {"claims": [claim(de, "corroborated", ("en-1", en), ("en-1-copy", copy)),
                            claim("Es regnete.", "uncorroborated")],
                 "findings": [{"kind": "conflicting_number", "start": 0, "end": 3, "text": "700", "severity": "high",
                               "explanation": "others give 800", "evidence": [{"source": "en-1", "text": "800"}]},
                              {"kind": "generation_artifact", "start": 0, "end": 3, "text": "Für", "severity": "high",
                               "explanation": "a note", "evidence": []}]},
        "en-1": {"claims": [claim(en, "corroborated", ("de-1", de), ("en-1-copy", copy))], "findings": []},
    }
    order = {"de-1": 0, "en-1": 1, "en-1-copy": 2}
    [agreement] = agreements(checks, {"en-1-copy": "en-1"}, order)
    assert agreement.reports == 2 and [s.document for s in agreement.statements] == ["de-1", "en-1"]
    [conflict] = conflicts(checks, order)
    assert conflict.kind == "conflicting_number" and conflict.evidence[0].document == "en-1"


def test_events_are_recomputed_when_the_store_changes(tmp_path, demo_store):
    db = tmp_path / "copy.db"
    shutil.copy(demo_store, db)
    with Store(db) as store:
        before = {e.id for e in find_events(store)}
        store.conn.execute("DELETE FROM documents WHERE id = 'demo-abraham-3'")
        after = find_events(store)
    assert len(after) == len(before) and all("demo-abraham-3" not in e.reports for e in after)


# -- the pages -------------------------------------------------------------------------------
def test_event_list_and_its_twin(client):
    page = client.get("/events")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    events = events_json(client)
    for e in events:
        assert {"id", "url", "title", "start", "end", "reports", "copies", "languages", "publishers", "places",
                "checked", "conflicts"} <= set(e)
        assert e["url"] in page.text
    assert client.get("/events?format=json").json()["events"] == events
    assert [e["start"] for e in events] == sorted((e["start"] for e in events), reverse=True)


def test_event_view_json_twin(client):
    summit = event_with(client, "demo-vilnius-1")
    url = summit["event"]["url"]
    assert client.get(url + ".json").json() == client.get(url, params={"format": "json"}).json() == summit
    assert set(summit) == {"event", "reports", "entities", "comparison", "timeline", "places"}
    assert summit["event"]["start"] == "2023-07-10" and summit["event"]["end"] == "2023-07-13"
    for report in summit["reports"]:
        assert {"id", "title", "publisher", "language", "published", "source_reliability", "findings",
                "copy_of", "view"} <= set(report)
        assert report["view"] == "/documents/" + report["id"]
    assert {e["name"] for e in summit["entities"]} >= {"Vilnius", "Jens Stoltenberg", "NATO"}
    # Nothing is checked in this store yet: the comparison says so.
    assert summit["comparison"]["unchecked"] == summit["event"]["documents"]
    assert summit["comparison"]["agreements"] == summit["comparison"]["conflicts"] == []


def test_the_timeline_holds_the_dated_claims(client):
    summit = event_with(client, "demo-vilnius-3")
    claims = summit["timeline"]["claims"]
    days = {c["date"] for c in claims}
    assert {"2023-07-10", "2023-07-11", "2023-07-12"} <= days
    for claim in claims:
        assert claim["granularity"] == "day" and claim["document"] in summit["event"]["documents"]
        assert all(phrase in claim["claim"] for phrase in claim["phrases"])
        assert claim["status"] == "unchecked"
    # "Monday evening" in a report of 11 July is 10 July.
    monday = [c for c in claims if c["document"] == "demo-vilnius-1" and "Monday evening" in c["phrases"]]
    assert monday and monday[0]["date"] == "2023-07-10"
    # "the next summit in Washington in July 2024" is background, not a day of the event.
    assert any(c["date"].startswith("2024") for c in summit["timeline"]["background"])
    # The page draws one cell per dated claim and lists every claim as text.
    html = client.get(summit["event"]["url"]).text
    chart = html[html.index('<svg class="timechart"'):]
    chart = chart[:chart.index("</svg>")]
    assert chart.count('class="cell status-unchecked"') == len(claims)
    assert html.count('class="dated status-unchecked"') == len(claims)
    assert "not checked yet" in html  # the colour has a text label


def test_the_map_marks_the_places_of_the_corpus(client):
    data = client.get("/map.json").json()
    places = {p["kb_id"]: p for p in data["places"]}
    vilnius = places["city:593116"]
    assert vilnius["name"] == "Vilnius" and vilnius["country"] == "LT" and vilnius["mentions"] >= 6
    assert round(vilnius["latitude"]) == 55 and round(vilnius["longitude"]) == 25
    assert {"country:AU", "country:IL", "country:UA"} <= set(places)
    assert any(e["url"].startswith("/events/ev-") for e in vilnius["events"])
    html = client.get("/map").text
    svg = html[html.index('<svg class="worldmap"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count("<circle") == len(places)
    assert "<title>Vilnius (city, LT): " in svg and ">Vilnius</text>" in svg
    assert svg.count("<path") > 150  # the country outlines ship with the package
    assert not re.search(r"(src|href)=\"https?:", html), "the map loads nothing from outside"
    assert html.count("<tr id=\"place-") == len(places)  # and every place is listed as text


def test_the_event_map_is_zoomed_to_its_places(client):
    aukus = event_with(client, "demo-aukus-2")
    assert {p["name"] for p in aukus["places"]} >= {"Australia", "France", "Adelaide"}
    html = client.get(aukus["event"]["url"]).text
    view_box = re.search(r'<svg class="worldmap" viewBox="([^"]+)"', html).group(1)
    assert view_box != "0.0 0.0 1000.0 431.7" and "<title>Adelaide (city, AU)" in html


def test_events_are_linked_from_the_inbox_and_the_article(client):
    assert "/events?document=demo-vilnius-2" in client.get("/documents").text
    assert "/events?document=demo-vilnius-2" in client.get("/documents/demo-vilnius-2").text
    response = client.get("/events", params={"document": "demo-vilnius-2"}, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"].startswith("/events/ev-2023071")


@pytest.mark.parametrize("url, status", [
    ("/events?document=no-such-document", 404),
    ("/events/ev-19990101-abcdef", 404),
    ("/events/ev-19990101-abcdef.json", 404),
    ("/events?limit=0", 422),
])
def test_errors(client, url, status):
    response = client.get(url)
    assert response.status_code == status and "error" in response.json()


def test_world_map_data_is_small_and_consistent():
    from lagebild.web.worldmap import DATA, project, world

    assert DATA.stat().st_size < 300_000
    data = world()
    assert "Natural Earth" in data["source"]
    countries = {c["iso"]: c for c in data["countries"] if c["iso"]}
    assert len(countries) > 160 and all(c["d"].startswith("M") for c in countries.values())
    # The runtime projection puts a city inside its country as the build script drew it.
    for (lon, lat), iso in [((25.28, 54.69), "LT"), ((138.6, -34.93), "AU"), ((-77.04, 38.9), "US")]:
        x, y = project(lon, lat)
        assert 0 <= x <= data["width"] and 0 <= y <= data["height"]
        assert abs(x - countries[iso]["label"][0]) < 80 and abs(y - countries[iso]["label"][1]) < 60


# -- with saved checks -------------------------------------------------------------------------
@pytest.mark.slow
def test_checked_reports_show_agreements_and_conflicts(demo_store, tmp_path):
    db = tmp_path / "checked.db"
    shutil.copy(demo_store, db)
    client = TestClient(create_app(db))
    _, front, body = TARGET.read_text(encoding="utf-8").split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    added = client.post("/api/documents", json=fields | {"text": body.strip()}).json()
    assert client.post(f"/documents/{added['id']}/check", follow_redirects=False).status_code == 303

    summit = event_with(client, added["id"])
    assert VILNIUS <= set(summit["event"]["documents"]), "the tampered report joins the summit"
    comparison = summit["comparison"]
    assert comparison["checked"] == [added["id"]]
    kinds = {c["kind"] for c in comparison["conflicts"]}
    assert {"conflicting_date", "conflicting_number"} <= kinds
    number = next(c for c in comparison["conflicts"] if c["kind"] == "conflicting_number")
    assert "1,7 Milliarden" in number["text"] and {e["document"] for e in number["evidence"]} & VILNIUS
    assert comparison["agreements"] and all(a["reports"] >= 2 for a in comparison["agreements"])
    statuses = {c["status"] for c in summit["timeline"]["claims"] if c["document"] == added["id"]}
    assert "contradicted" in statuses  # "Mittwoch, dem 11. Juli"
    html = client.get(summit["event"]["url"]).text
    assert "Conflicting number" in html and "1,7 Milliarden" in html

    # Checking the rest of an event from its page.
    aukus = event_with(client, "demo-aukus-1")
    response = client.post(aukus["event"]["url"] + "/check", params={"format": "json"})
    assert response.status_code == 200 and sorted(response.json()["checked"]) == sorted(AUKUS)
    aukus = event_with(client, "demo-aukus-1")
    assert aukus["comparison"]["unchecked"] == [] and aukus["event"]["checked"] == 3
    assert aukus["comparison"]["agreements"]
    assert json.dumps(aukus["comparison"])  # serialisable as it is
