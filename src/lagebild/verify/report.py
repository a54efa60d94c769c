"""Readable reports of a check: Markdown and a self-contained HTML page."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from lagebild.verify.model import CheckResult, Finding

KIND_LABELS = {
    "wrong_office_holder": "Wrong office holder",
    "unverifiable_person": "Unverifiable person",
    "unsupported_quote": "Unsupported quote",
    "conflicting_number": "Conflicting number",
    "conflicting_date": "Conflicting date",
    "conflicting_fact": "Conflicting fact",
    "off_topic_passage": "Off-topic passage",
    "generation_artifact": "Generation artifact",
}
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
               6: "cannot be judged"}
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}


@dataclass
class Segment:
    text: str
    findings: list[Finding]


def segments(result: CheckResult) -> list[Segment]:
    """The text cut at every finding boundary, each piece with the findings covering it."""
    cuts = sorted({0, len(result.text), *(f.start for f in result.findings), *(f.end for f in result.findings)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [f for f in result.findings if f.start <= start and end <= f.end]
        pieces.append(Segment(result.text[start:end], covering))
    return pieces


def render_markdown(result: CheckResult, *, tlp: str | None = None) -> str:
    """With `tlp`, the report is labelled with that TLP level on its first line."""
    lines = ([f"**TLP:{tlp}**", ""] if tlp else []) + [f"# Check of {result.id}", ""]
    lines.append(f"- Date: {result.published or 'unknown'}")
    lines.append(f"- Source reliability: {result.source_reliability} ({RELIABILITY[result.source_reliability]})")
    lines.append(f"- Findings: {len(result.findings)}; claims graded: {len(result.claims)}")
    lines.extend(f"- Note: {note}" for note in result.notes)
    lines += ["", "## Findings", ""]
    if not result.findings:
        lines.append("No findings.")
    for number, f in enumerate(sorted(result.findings, key=lambda f: f.start), start=1):
        lines.append(f"{number}. **{KIND_LABELS[f.kind]}** ({f.severity}): “{f.text}”  ")
        lines.append(f"   {f.explanation}")
        for e in f.evidence:
            lines.append(f"   - `{e.source}`: {e.text}")
    lines += ["", "## Claims", "", "| credibility | status | claim |", "|---|---|---|"]
    for c in result.claims:
        claim = c.text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {c.credibility} ({CREDIBILITY[c.credibility]}) | {c.status} | {claim} |")
    lines += ["", "## Article", ""]
    text = "".join(
        f"**[{seg.text}]**" if seg.findings and seg.text.strip() else seg.text for seg in segments(result)
    )
    lines += [text, ""]
    return "\n".join(lines)


def render_html(result: CheckResult, *, tlp: str | None = None) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("lagebild", "templates"), autoescape=select_autoescape(["html", "j2"]))
    findings = sorted(result.findings, key=lambda f: f.start)
    index = {id(f): number for number, f in enumerate(findings, start=1)}
    article = []
    for seg in segments(result):
        escaped = html.escape(seg.text).replace("\n", "<br>\n")
        if seg.findings and seg.text.strip():
            kinds = " ".join(sorted({f.kind for f in seg.findings}))
            refs = ",".join(str(index[id(f)]) for f in seg.findings)
            labels = "; ".join(KIND_LABELS[f.kind] for f in seg.findings)
            article.append(f'<mark class="{kinds}" title="{html.escape(labels)}">{escaped}'
                           f'<sup><a href="#finding-{refs.split(",")[0]}">{refs}</a></sup></mark>')
        else:
            article.append(escaped)
    return env.get_template("report.html.j2").render(
        result=result, findings=findings, article="".join(article), labels=KIND_LABELS,
        credibility=CREDIBILITY, reliability=RELIABILITY, tlp=tlp,
    )


def render(result: CheckResult, fmt: str) -> str:
    if fmt == "md":
        return render_markdown(result)
    if fmt == "html":
        return render_html(result)
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
    raise ValueError(fmt)
