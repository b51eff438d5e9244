"""Xếp loại: the pure classification engine (DOMAIN §2–§4). No Django, no database, no clock: data in, results out.

Typical use::

    from xeploai.rules import classify_dict, PRESETS
    result = classify_dict(scenario_dict, PRESETS["hcm-2014"])
"""

from .engine import check_against_ruleset, classify, classify_dict, result_to_dict
from .levels import (
    CIVIL_SERVANT_LABELS,
    CIVIL_SERVANT_RATINGS,
    LEADER_ROLES,
    LEVELS,
    MEMBER_LABELS,
    MEMBER_LEVELS,
    ORG_LABELS,
    ORG_LEVELS_2014,
    ORG_LEVELS_2018,
    at_least,
    best,
    is_better,
    is_level,
    is_worse,
    rank,
    worst,
)
from .members import add_months, classify_members, is_new_member, vote_base
from .organisation import cap_head, classify_collective, classify_unit
from .presets import PRESETS, get_preset, preset_dict
from .quota import allowed_function, apply_member_quota, largest_kept, sub_unit_quota
from .results import (
    ADDED_REASON_CODES,
    COLLECTIVE_REASON_CODES,
    MEMBER_REASON_CODES,
    UNIT_REASON_CODES,
    ClassificationResult,
    MemberResult,
    QuotaResult,
    Reason,
    SubUnitQuotaResult,
    UnitResult,
)
from .ruleset import RuleSet, RuleSetError, parse_ruleset, ruleset_to_dict
from .scenario import MemberInput, Scenario, ScenarioError, SubUnit, UnitInput, parse_scenario
from .scoresheet import FRAME_001, Problem, ScoreFrame, score_sheet_total, validate_score_sheet
from .text import format_number, format_percent

__all__ = [
    "ADDED_REASON_CODES",
    "CIVIL_SERVANT_LABELS",
    "CIVIL_SERVANT_RATINGS",
    "COLLECTIVE_REASON_CODES",
    "FRAME_001",
    "LEADER_ROLES",
    "LEVELS",
    "MEMBER_LABELS",
    "MEMBER_LEVELS",
    "MEMBER_REASON_CODES",
    "ORG_LABELS",
    "ORG_LEVELS_2014",
    "ORG_LEVELS_2018",
    "PRESETS",
    "UNIT_REASON_CODES",
    "ClassificationResult",
    "MemberInput",
    "MemberResult",
    "Problem",
    "QuotaResult",
    "Reason",
    "RuleSet",
    "RuleSetError",
    "Scenario",
    "ScenarioError",
    "ScoreFrame",
    "SubUnit",
    "SubUnitQuotaResult",
    "UnitInput",
    "UnitResult",
    "add_months",
    "allowed_function",
    "apply_member_quota",
    "at_least",
    "best",
    "cap_head",
    "check_against_ruleset",
    "classify",
    "classify_collective",
    "classify_dict",
    "classify_members",
    "classify_unit",
    "format_number",
    "format_percent",
    "get_preset",
    "is_better",
    "is_level",
    "is_new_member",
    "is_worse",
    "largest_kept",
    "parse_ruleset",
    "parse_scenario",
    "preset_dict",
    "rank",
    "result_to_dict",
    "ruleset_to_dict",
    "score_sheet_total",
    "sub_unit_quota",
    "validate_score_sheet",
    "vote_base",
    "worst",
]
