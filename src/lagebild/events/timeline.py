"""The dated claims of an event's reports: each date the analysis resolved (against the
report's publication date: "on Tuesday" in a report of Wednesday 12 July is 11 July),
with the claim that states it and what the report's saved check says about that claim."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from lagebild.events.grouping import Event
from lagebild.store import Store
from lagebild.verify.grading import CONFLICT_KINDS

# Dates further than this from the event's reports are background ("since 1994",
# "the next summit in July 2024"): listed, but not drawn on the event's time axis.
BACKGROUND_AFTER = timedelta(days=45)
STATUSES = ("contradicted", "corroborated", "uncorroborated", "unchecked")  # the first wins when merged


@dataclass(frozen=True)
class DatedClaim:
    day: date
    granularity: str  # day, week, month or year
    phrases: tuple[str, ...]  # the date as the report writes it (twice: "July 11 ... on Tuesday")
    claim: str  # the sentence that states it
    document: str
    start: int  # of the first date phrase in the report's text
    status: str  # one of STATUSES: what the saved check made of the claim (or of the date itself)

    def pieces(self) -> list[tuple[str, bool]]:
        """The claim cut around its date phrases: (text, is a date phrase)."""
        out: list[tuple[str, bool]] = []
        rest = self.claim
        for phrase in self.phrases:
            before, found, rest = rest.partition(phrase)
            if not found:
                return out + [(before, False)] if out else [(self.claim, False)]
            out += [(before, False), (found, True)]
        return out + [(rest, False)]

    def to_json(self) -> dict:
        return {"date": self.day.isoformat(), "granularity": self.granularity, "phrases": list(self.phrases),
                "claim": self.claim, "document": self.document, "start": self.start, "status": self.status}


@dataclass
class Timeline:
    claims: list[DatedClaim]  # to the day and near the event: the time axis
    background: list[DatedClaim]  # less precise, or far from the event
    published: list[tuple[date, str]]  # (publication date, report id)

    @property
    def days(self) -> list[date]:
        return sorted({c.day for c in self.claims})

    def on(self, day: date) -> list[DatedClaim]:
        return [c for c in self.claims if c.day == day]

    def to_json(self) -> dict:
        return {"claims": [c.to_json() for c in self.claims],
                "background": [c.to_json() for c in self.background],
                "published": [{"date": d.isoformat(), "document": doc_id} for d, doc_id in self.published]}


def timeline(store: Store, event: Event, checks: dict[str, dict]) -> Timeline:
    """The dated claims of the event's reports (not of their near-copies, which repeat
    them), in date order. `checks` are the reports' saved checks (compare.latest_checks)."""
    found: list[DatedClaim] = []
    published = []
    for doc_id in event.reports:
        analysis = store.analysis(doc_id)
        if analysis is None:
            continue
        if analysis.get("published"):
            published.append((date.fromisoformat(analysis["published"]), doc_id))
        found.extend(dated_claims(doc_id, analysis, checks.get(doc_id)))
    near, far = [], []
    for claim in found:
        (near if claim.granularity == "day" and _near(claim.day, event) else far).append(claim)
    order = {doc_id: i for i, doc_id in enumerate(event.reports)}
    key = lambda c: (c.day, order[c.document], c.start)  # noqa: E731
    return Timeline(sorted(near, key=key), sorted(far, key=key), sorted(published, key=lambda p: (p[0], order[p[1]])))


def dated_claims(doc_id: str, analysis: dict, check: dict | None) -> list[DatedClaim]:
    """One entry per claim and day it dates; a claim naming the day twice ("July 11 ...
    on Tuesday") is one entry with both phrases."""
    text = analysis["text"]
    units = analysis.get("claims") or analysis.get("sentences") or []
    found: dict[tuple[int, str, str], DatedClaim] = {}
    for mention in sorted(analysis.get("dates", []), key=lambda m: m["start"]):
        if not mention.get("value"):
            continue
        start, end = mention["start"], mention["end"]
        unit = next((u for u in units if u["start"] <= start < u["end"]), {"start": start, "end": end})
        status = _status(check, start, end, unit["start"], unit["end"])
        key = (unit["start"], mention["value"], mention.get("granularity", "day"))
        phrase = " ".join(text[start:end].split())
        if key in found:
            earlier = found[key]
            found[key] = replace(earlier, phrases=earlier.phrases + (phrase,),
                                 status=min(earlier.status, status, key=STATUSES.index))
            continue
        found[key] = DatedClaim(
            day=date.fromisoformat(mention["value"]),
            granularity=mention.get("granularity", "day"),
            phrases=(phrase,),
            claim=" ".join(text[unit["start"]:unit["end"]].split()),
            document=doc_id,
            start=start,
            status=status,
        )
    return list(found.values())


def _status(check: dict | None, start: int, end: int, claim_start: int, claim_end: int) -> str:
    """Contradicted when a cross-document finding covers the date itself, or a finding
    other than a date covers its claim (another date in the same sentence being wrong does
    not make this one wrong); else what the claim's grade says."""
    if check is None:
        return "unchecked"
    findings = [f for f in check["findings"] if f["kind"] in CONFLICT_KINDS]
    if any(f["start"] < end and start < f["end"] for f in findings):
        return "contradicted"
    if any(f["kind"] != "conflicting_date" and f["start"] < claim_end and claim_start < f["end"] for f in findings):
        return "contradicted"
    verdicts = [c["status"] for c in check["claims"] if c["start"] < claim_end and claim_start < c["end"]]
    return "corroborated" if "corroborated" in verdicts else "uncorroborated"


def _near(day: date, event: Event) -> bool:
    if event.start is None or event.end is None:
        return True
    return event.start - BACKGROUND_AFTER <= day <= event.end + BACKGROUND_AFTER
