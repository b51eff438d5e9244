"""One classification, end to end (DOMAIN §4): members, the unit, the leader cap, the quotas, and the result JSON.

Order of work: members before the quota without the leader cap → the unit (its conditions look at those members;
the leader cap only turns ``htxs`` into ``htt`` so it cannot change them) → members again with the unit's level
(given, else computed) for ``cap_leader_unit`` and ``cap_head_unit`` → the member quota → the sub-unit quota.
The unit is classified on its members' own results: a head capped by the unit's level does not feed back into it.
Under a ``pool`` rule set (§3.4a) a plain scenario is a pool of its one cell, so ``classify`` is the same for both
scopes; ``classify_pool`` (pool.py) classifies many cells with ``classify_before_quota`` and one quota over them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .fields import show
from .levels import short
from .members import classify_member, classify_members, vote_base
from .organisation import classify_unit
from .quota import apply_member_quota, sub_unit_quota
from .results import ClassificationResult, MemberResult, QuotaResult, Reason, SubUnitQuotaResult, UnitResult
from .ruleset import RuleSet, parse_ruleset
from .ruleset_model import CAPPED_LEADER_ROLES
from .scenario import Scenario, ScenarioError, SubUnit, parse_scenario
from .text import format_number


def check_against_ruleset(scenario: Scenario, ruleset: RuleSet) -> None:
    """Raise ``ScenarioError`` for values the rule set does not know: unit levels and scores above its maximum."""
    org = ruleset.organisation
    for field, level in (("unit.level", scenario.unit.level), ("unit.proposed_level", scenario.unit.proposed_level)):
        if level is not None and level not in org.levels:
            raise ScenarioError(
                field,
                f"{field}: mức {show(level)} không có trong bộ quy tắc {ruleset.code}; "
                f"các mức: {', '.join(org.levels)}",
            )
    for i, sub in enumerate(scenario.sub_units or ()):
        _check_sub_unit(i, sub, ruleset)
    _check_score("unit.score", scenario.unit.score, org.score.max_score if org.score else None)
    member_max = ruleset.member.score.max_score if ruleset.member.score else None
    for i, member in enumerate(scenario.members):
        _check_score(f"members[{i}].score", member.score, member_max)


def _check_sub_unit(i: int, sub: SubUnit, ruleset: RuleSet) -> None:
    """A sub-unit's level must be on the rule set's scale; only a sub-unit at the quota's level (TSVM in 000
    §IV.2.1.a) may be proposed for the honour."""
    org = ruleset.organisation
    if sub.level not in org.levels:
        field = f"sub_units[{i}].level"
        raise ScenarioError(
            field,
            f"{field}: mức {show(sub.level)} không có trong bộ quy tắc {ruleset.code}; "
            f"các mức: {', '.join(org.levels)}",
        )
    honoured = org.quota.level if org.quota else org.levels[0]
    if sub.exemplary and sub.level != honoured:
        field = f"sub_units[{i}].exemplary"
        raise ScenarioError(
            field,
            f"{field}: chi bộ xếp loại {short(sub.level)}; chỉ chi bộ đạt {short(honoured)} mới được đề nghị tiêu biểu",
        )


def _check_score(field: str, score: Any, maximum: Any) -> None:
    if score is not None and maximum is not None and score > maximum:
        raise ScenarioError(
            field, f"{field}: điểm không được lớn hơn {format_number(maximum)}, nhận {format_number(score)}"
        )


def _quota_note(unit: UnitResult | None, quota: SubUnitQuotaResult | None) -> UnitResult | None:
    """A unit whose sub-units exceed the organisation quota says so (code ``quota_exceeded``)."""
    if unit is None or quota is None or quota.ok:
        return unit
    text = f"Số tổ chức trực thuộc {short(quota.level)} đề xuất ({quota.proposed}) vượt số được phép ({quota.allowed})"
    return replace(unit, reasons=(*unit.reasons, Reason("quota_exceeded", text)))


def unit_size(scenario: Scenario) -> int:
    """The members of the unit for the small-unit rule (000 §IV.2.2.a "chi bộ có dưới 07 đảng viên"): the
    non-exempt members listed, or ``voters_total`` when larger (that many official members means at least that many
    members, whoever the scenario lists)."""
    listed = sum(1 for m in scenario.members if not m.exempt)
    return max(listed, scenario.voters_total or 0)


def _unit_capped_roles(ruleset: RuleSet) -> frozenset[str]:
    """The roles whose level depends on the unit's: ``cap_leader_unit`` and ``cap_head_unit`` look at nobody else."""
    caps = ruleset.member.caps
    roles = CAPPED_LEADER_ROLES if "cap_leader_unit" in caps else frozenset()
    return roles | frozenset(ruleset.member.head_roles if "cap_head_unit" in caps else ())


def _with_unit_caps(
    first: tuple[MemberResult, ...], members, unit_level: str | None, ruleset: RuleSet, scenario: Scenario
) -> tuple[MemberResult, ...]:
    """The second pass: only members holding a role the unit caps can change, so only they are classified again,
    now with the unit's level."""
    roles = _unit_capped_roles(ruleset)
    if unit_level is None or not roles:
        return first
    base = vote_base(members, scenario.voters_total)
    name = scenario.unit.name or scenario.unit.code
    return tuple(
        classify_member(m, unit_level, ruleset, scenario.review_date, base, name) if roles.intersection(m.roles)
        else result
        for m, result in zip(members, first, strict=True)
    )


def classify_before_quota(scenario: Scenario, ruleset: RuleSet) -> tuple[tuple[MemberResult, ...], UnitResult | None]:
    """Members after caps (before the member quota) and the unit, for one cell."""
    check_against_ruleset(scenario, ruleset)
    members, date, voters = scenario.members, scenario.review_date, scenario.voters_total
    first = classify_members(members, None, ruleset, date, voters)
    rated = [r.level for r in first if r.is_rated and r.level is not None]
    disciplined = sum(1 for m in members if m.under_discipline and not m.exempt)
    unit = classify_unit(scenario.unit, ruleset, rated, scenario.sub_units, disciplined)
    unit_level = scenario.unit.level or (unit.level if unit else None)
    return _with_unit_caps(first, members, unit_level, ruleset, scenario), unit


def classify(scenario: Scenario, ruleset: RuleSet) -> ClassificationResult:
    """Classify one scenario under one rule set. Members keep the input order; see the module docstring."""
    results, unit = classify_before_quota(scenario, ruleset)
    results, quota = apply_member_quota(results, ruleset, scenario.unit.outstanding, unit_size(scenario))
    sub_quota = sub_unit_quota(scenario.sub_units, ruleset, scenario.unit.outstanding)
    return ClassificationResult(ruleset.code, results, quota, _quota_note(unit, sub_quota), sub_quota)


def reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"code": r.code, "text": r.text} for r in reasons]


def member_json(result: MemberResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "status": result.status,
        "level": result.level,
        "basis_level": result.basis_level,
        "reasons": reasons_json(result.reasons),
    }


def quota_json(quota: QuotaResult | None) -> dict[str, Any] | None:
    if quota is None:
        return None
    fraction = quota.fraction
    return {
        "level": quota.level,
        "fraction": f"{fraction.numerator}/{fraction.denominator}",
        "base": quota.base,
        "allowed": quota.allowed,
        "kept": quota.kept,
    }


def unit_json(unit: UnitResult | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"level": unit.level, "reasons": reasons_json(unit.reasons)}


def result_to_dict(result: ClassificationResult) -> dict[str, Any]:
    """The result JSON of DOMAIN §4, exactly its keys (the unit's ``status`` stays in ``UnitResult`` for callers;
    in the JSON a unit to be decided shows as ``level`` null)."""
    sub = result.sub_unit_quota
    return {
        "ruleset": result.ruleset,
        "members": [member_json(m) for m in result.members],
        "member_quota": quota_json(result.member_quota),
        "unit": unit_json(result.unit),
        "sub_unit_quota": None
        if sub is None
        else {"level": sub.level, "allowed": sub.allowed, "proposed": sub.proposed, "ok": sub.ok},
    }


def classify_dict(scenario_dict: Mapping[str, Any], ruleset_dict: Mapping[str, Any]) -> dict[str, Any]:
    """Parse both dicts, classify, and return the result JSON; raises ``ScenarioError`` or ``RuleSetError``."""
    return result_to_dict(classify(parse_scenario(scenario_dict), parse_ruleset(ruleset_dict)))
