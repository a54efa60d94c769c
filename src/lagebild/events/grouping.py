"""Which stored reports cover the same event.

The signals are the ones `related_documents` (verify/run.py) retrieves a check's corpus
with, made strict enough to draw borders: the linked entities a report names (persons,
countries, cities, organisations: the same ids in every language), its publication date,
and the near-duplicate links made at ingest.

- Two reports are compared by the cosine of their entity vectors. An entity weighs more
  the fewer reports of the store name it (inverse document frequency: "Washington" says
  less than "Vilnius"), and more the more often the report names it (1 + log mentions).
- Reports published more than EVENT_DAYS apart are not compared (similarity 0); an
  undated report is compared with every other.
- Groups form by average-linkage clustering: the two groups whose reports are most
  similar on average merge, as long as that average is at least LINK_SCORE. Averaging
  keeps one shared name from chaining two stories into one, and the result does not
  depend on the order of the reports.
- A near-duplicate copy belongs to the event of its original and does not count as a
  report of its own.

An event's id comes from its earliest report, so it stays the same while later reports
join.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

EVENT_DAYS = 3  # reports of one event appear within days of each other
LINK_SCORE = 0.25  # within an event of the demo corpus 0.35-0.9 on average, across events below 0.15


@dataclass(frozen=True)
class Report:
    """What grouping needs of a stored document."""

    id: str
    order: int  # the store's insertion order, to break ties the same way every time
    published: date | None
    entities: dict[str, int]  # linked entity id -> mentions
    duplicate_of: str | None = None


@dataclass
class Event:
    id: str
    reports: list[str]  # the originals, in date order
    copies: dict[str, str]  # near-copy id -> its original's id
    start: date | None
    end: date | None
    headline: str  # the report that names most of what the others name
    entities: list[tuple[str, int]] = field(default_factory=list)  # id, reports naming it; most first

    @property
    def documents(self) -> list[str]:
        return self.reports + list(self.copies)

    def to_json(self) -> dict:
        return {"id": self.id, "reports": self.reports, "copies": self.copies,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "headline": self.headline,
                "entities": [{"kb_id": k, "reports": n} for k, n in self.entities]}


def group_reports(reports: list[Report]) -> list[Event]:
    """The events of these reports, newest first."""
    by_id = {r.id: r for r in reports}
    originals = sorted((r for r in reports if not _original_of(r, by_id)), key=_chronological)
    vectors = _vectors(originals)
    clusters = _average_linkage(originals, vectors)
    copies: dict[str, list[str]] = defaultdict(list)
    for r in reports:
        original = _original_of(r, by_id)
        if original:
            copies[original].append(r.id)
    events = [_event(sorted(members, key=_chronological), copies) for members in clusters]
    return sorted(events, key=lambda e: (e.end or date.min, e.id), reverse=True)


def _chronological(r: Report) -> tuple:
    return (r.published is None, r.published or date.min, r.order)


def _original_of(report: Report, by_id: dict[str, Report]) -> str | None:
    """The original a copy follows (a copy of a copy follows the first original)."""
    seen, current = {report.id}, report
    while current.duplicate_of and current.duplicate_of in by_id and current.duplicate_of not in seen:
        seen.add(current.duplicate_of)
        current = by_id[current.duplicate_of]
    return current.id if current is not report else None


def _vectors(reports: list[Report]) -> dict[str, dict[str, float]]:
    """Unit-length entity vectors, weighted by inverse document frequency."""
    naming: dict[str, int] = defaultdict(int)
    for r in reports:
        for kb_id in r.entities:
            naming[kb_id] += 1
    total = len(reports)
    vectors = {}
    for r in reports:
        weights = {k: math.log(1 + total / naming[k]) * (1 + math.log(max(m, 1))) for k, m in r.entities.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[r.id] = {k: w / norm for k, w in weights.items()}
    return vectors


def similarities(reports: list[Report], vectors: dict[str, dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine of each pair (by position in `reports`, which are in date order) that shares
    an entity and lies within EVENT_DAYS: only neighbours in time are looked at."""
    naming: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for kb_id in r.entities:
            naming[kb_id].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for members in naming.values():
        dated = [i for i in members if reports[i].published is not None]
        undated = [i for i in members if reports[i].published is None]
        for x, i in enumerate(dated):
            for j in dated[x + 1:]:
                if (reports[j].published - reports[i].published).days > EVENT_DAYS:
                    break
                _add_pair(pairs, reports, vectors, i, j)
        for x, i in enumerate(undated):
            for j in dated + undated[x + 1:]:
                _add_pair(pairs, reports, vectors, min(i, j), max(i, j))
    return pairs


def _add_pair(pairs: dict[tuple[int, int], float], reports: list[Report], vectors: dict[str, dict[str, float]],
              i: int, j: int) -> None:
    if (i, j) not in pairs:
        a, b = vectors[reports[i].id], vectors[reports[j].id]
        pairs[(i, j)] = sum(w * b[k] for k, w in a.items() if k in b)


def _average_linkage(reports: list[Report], vectors: dict[str, dict[str, float]]) -> list[list[Report]]:
    """Merge the two groups with the highest average similarity while it is at least
    LINK_SCORE. Groups are kept as summed similarities to their neighbours, and the
    candidate merges in a heap whose stale entries are skipped, so that a merge costs
    the number of the group's neighbours, not the number of pairs in the store."""
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(len(reports))}
    for (i, j), similarity in similarities(reports, vectors).items():
        sums[i][j] = sums[j][i] = similarity
    version = dict.fromkeys(members, 0)

    def push(a: int, b: int) -> None:
        # A pair below LINK_SCORE is left out: it can only come back above it through a
        # merge, and every merge pushes the merged group's pairs anew.
        average = sums[a][b] / (len(members[a]) * len(members[b]))
        if average >= LINK_SCORE:
            heapq.heappush(heap, (-average, min(a, b), max(a, b), version[min(a, b)], version[max(a, b)]))

    heap: list[tuple] = []
    for i in sums:
        for j in sums[i]:
            if i < j:
                push(i, j)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if a not in members or b not in members or (version[a], version[b]) != (version_a, version_b):
            continue  # one of the two has merged since
        members[a].extend(members.pop(b))
        for c, total in sums.pop(b).items():
            del sums[c][b]
            if c != a:
                sums[a][c] = sums[c][a] = sums[a].get(c, 0.0) + total
        sums[a].pop(b, None)
        version[a] += 1
        for c in sums[a]:
            push(a, c)
    return [[reports[i] for i in sorted(group)] for group in sorted(members.values())]


def _event(members: list[Report], copies: dict[str, list[str]]) -> Event:
    seed = members[0]
    day = seed.published.strftime("%Y%m%d") if seed.published else "undated"
    event_id = f"ev-{day}-{hashlib.sha256(seed.id.encode('utf-8')).hexdigest()[:6]}"
    dates = [m.published for m in members if m.published]
    naming: dict[str, int] = defaultdict(int)
    for m in members:
        for k in m.entities:
            naming[k] += 1
    # The headline report names most of what the others name too.
    _, headline = max(enumerate(members), key=lambda im: (sum(naming[k] - 1 for k in im[1].entities), -im[0]))
    return Event(
        id=event_id,
        reports=[m.id for m in members],
        copies={c: m.id for m in members for c in copies.get(m.id, [])},
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
        headline=headline.id,
        entities=sorted(naming.items(), key=lambda item: (-item[1], item[0])),
    )
