"""Scoring `check` on gold-annotated scenarios, in process (the same matching rules as
the evaluation's score_check.py: same kind and overlapping spans; findings wholly inside
a gold off-topic passage count neither way)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from lagebild.ingest import load_inputs, read_input
from lagebild.kb import KnowledgeBase
from lagebild.verify import check


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    clean_targets: int = 0
    clean_findings: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_per_clean(self) -> float:
        return self.clean_findings / self.clean_targets if self.clean_targets else 0.0


def score_scenarios(root: Path, kb: KnowledgeBase) -> Score:
    score = Score()
    for scenario in sorted(p for p in root.iterdir() if (p / "corpus").is_dir()):
        corpus = [d for _, docs in load_inputs([str(scenario / "corpus")]) for d in docs]
        for target in sorted((scenario / "targets").glob("*.txt")):
            gold = json.loads(target.with_suffix(".gold.json").read_text(encoding="utf-8"))["flags"]
            [document] = read_input(str(target))
            findings = check(document, corpus, kb=kb).findings
            spans = []
            for flag in gold:
                start = document.text.index(flag["quote"])
                spans.append((flag["kind"], start, start + len(flag["quote"])))
            matched = set()
            for f in findings:
                hits = [i for i, (kind, a, b) in enumerate(spans) if kind == f.kind and f.start < b and a < f.end]
                inside_off_topic = any(kind == "off_topic_passage" and a <= f.start and f.end <= b
                                       for kind, a, b in spans)
                if hits:
                    matched.update(hits)
                elif not inside_off_topic:
                    score.fp += 1
                    score.false.append(f"{target.name}: {f.kind} {f.text[:50]!r}")
            score.tp += len(matched)
            score.fn += len(spans) - len(matched)
            score.misses += [f"{target.name}: {spans[i][0]}" for i in range(len(spans)) if i not in matched]
            if not gold:
                score.clean_targets += 1
                score.clean_findings += len(findings)
    return score
