"""A quality gate for `check`: F1 and false alarms on gold-annotated scenarios must not
fall below the pinned floors in tests/check_floors.json. Raise a floor when the tool
gets better; never lower one without saying why in the commit."""

from __future__ import annotations

import json

import pytest

from lagebild.kb import KnowledgeBase
from tests.conftest import REPO, SHARED
from tests.scenario_scoring import score_scenarios

FLOORS = json.loads((REPO / "tests" / "check_floors.json").read_text(encoding="utf-8"))


def _gate(name: str, root) -> None:
    floor = FLOORS[name]
    score = score_scenarios(root, KnowledgeBase.in_memory())
    report = (f"{name}: F1={score.f1:.2f} fp/clean={score.fp_per_clean:.2f} "
              f"misses={score.misses} false={score.false}")
    print(report)
    assert score.f1 >= floor["min_f1"], report
    assert score.fp_per_clean <= floor["max_fp_per_clean"], report


@pytest.mark.slow
def test_project_scenarios_meet_the_floors():
    _gate("tests/scenarios", REPO / "tests" / "scenarios")


@pytest.mark.slow
def test_development_scenarios_meet_the_floors(shared):
    _gate("shared/eval/scenarios", SHARED / "eval" / "scenarios")


@pytest.mark.slow
def test_seed_case_meets_the_floor(shared):
    _gate("shared/seed/case", SHARED / "seed")
