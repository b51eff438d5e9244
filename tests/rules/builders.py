"""Small builders for scenarios: a member, a cell, a run through the engine (no Django, no database)."""

from __future__ import annotations

import copy
from typing import Any

from xeploai.rules import PRESETS, classify_dict

SAMPLE_SCENARIO: dict[str, Any] = {  # DOMAIN §4, verbatim
    "ruleset": "hcm-2014",
    "review_date": "2014-11-25",
    "voters_total": 16,
    "unit": {
        "code": "cb-phap-che",
        "kind": "chi_bo",
        "level": None,
        "outstanding": False,
        "score": 92.5,
        "proposed_level": None,
        "tasks": {"total": 12, "done": 12, "on_time": 12, "exceeded": 4},
        "shortcomings": {"total": 2, "fixed": 2},
        "facts": {
            "committee_united": True,
            "meetings_as_required": True,
            "tasks_not_completed": 0,
            "remediation_plan_done": True,
            "leaders_disciplined": 0,
            "members_disciplined_for_degradation": 0,
            "sub_units_disciplined": 0,
            "agency_rating": "highest",
            "mass_org_ratings": ["highest", "second"],
        },
    },
    "members": [
        {
            "id": "dv-01",
            "name": "Nguyễn Văn A",
            "official": True,
            "admitted_on": "2009-03-02",
            "exempt": False,
            "roles": ["bi_thu"],
            "civil_servant_rating": "htt",
            "awards": [],
            "under_discipline": False,
            "violations": [],
            "sick_leave_months": 0,
            "maternity_leave": False,
            "excused_absences": 0,
            "votes": {"htxs": 12, "htt": 3, "ht": 0, "kht": 0},
            "score": 91,
            "tasks": {"total": 10, "done": 10, "on_time": 10, "exceeded": 3},
            "shortcomings": {"total": 1, "fixed": 1},
            "low_confidence_share": None,
            "units_led": {"total": 0, "kht": 0},
        },
    ],
    "sub_units": [{"code": "cb-1", "level": "tsvm", "exemplary": True}],
}


def member(mid: str, htxs: int = 0, htt: int = 0, ht: int = 0, kht: int = 0, **extra: Any) -> dict[str, Any]:
    """A long-standing official member with a tally."""
    return {"id": mid, "admitted_on": "2000-01-01", "votes": {"htxs": htxs, "htt": htt, "ht": ht, "kht": kht}, **extra}


def scored(mid: str, score: float | int | str, **extra: Any) -> dict[str, Any]:
    """A member under a score basis."""
    return {"id": mid, "admitted_on": "2000-01-01", "score": score, **extra}


def cell(members: list[dict[str, Any]], ruleset: str = "hcm-2014", **extra: Any) -> dict[str, Any]:
    """A scenario for one cell; no unit score unless given."""
    return {
        "ruleset": ruleset,
        "review_date": "2014-11-25",
        "unit": {"code": "cb", "kind": "chi_bo"},
        "members": members,
        **extra,
    }


def run(scenario: dict[str, Any], ruleset: str | dict[str, Any] | None = None) -> dict[str, Any]:
    """Classify a scenario dict under a preset code (default: the scenario's) or a rule set dict."""
    rules = ruleset if isinstance(ruleset, dict) else PRESETS[ruleset or scenario["ruleset"]]
    return classify_dict(scenario, rules)


def by_id(result: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    """The result's members by id."""
    return {m["id"]: m for m in result["members"]}


def codes(entry: dict[str, Any]) -> list[str]:
    """The reason codes of a member or unit result."""
    return [r["code"] for r in entry["reasons"]]


def preset(code: str) -> dict[str, Any]:
    """An editable copy of a preset dict."""
    return copy.deepcopy(PRESETS[code])


def unanimous_cell(n: int, level: str = "htt", ruleset: str = "hcm-2014", **extra: Any) -> list[dict[str, Any]]:
    """``n`` members who all get every ballot for ``level`` from ``n`` voters."""
    return [member(f"dv-{i:02d}", **{level: n}, **extra) for i in range(n)]
