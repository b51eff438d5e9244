"""One classification, end to end (DOMAIN §4): members, the unit, the leader cap, the quotas, and the result JSON.

Order of work: members before the quota without the leader cap → the unit (its conditions look at those members;
the leader cap only turns ``htxs`` into ``htt`` so it cannot change them) → members again with the unit's level
(given, else computed) for ``cap_leader_unit`` → the member quota → the sub-unit quota.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .fields import show
from .levels import is_leader, short
from .members import classify_member, classify_members, vote_base
from .organisation import classify_unit
from .quota import apply_member_quota, sub_unit_quota
from .results import ClassificationResult, MemberResult, QuotaResult, Reason, SubUnitQuotaResult, UnitResult
from .ruleset import RuleSet, parse_ruleset
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


def _with_leader_cap(
    first: tuple[MemberResult, ...], members, unit_level: str | None, ruleset: RuleSet, scenario: Scenario
) -> tuple[MemberResult, ...]:
    """The second pass: only leaders can change (``cap_leader_unit`` looks at nobody else), so only they are
    classified again, now with the unit's level."""
    if unit_level is None or "cap_leader_unit" not in ruleset.member.caps:
        return first
    base = vote_base(members, scenario.voters_total)
    return tuple(
        classify_member(m, unit_level, ruleset, scenario.review_date, base) if is_leader(m.roles) else result
        for m, result in zip(members, first, strict=True)
    )


def classify(scenario: Scenario, ruleset: RuleSet) -> ClassificationResult:
    """Classify one scenario under one rule set. Members keep the input order; see the module docstring."""
    check_against_ruleset(scenario, ruleset)
    members, date, voters = scenario.members, scenario.review_date, scenario.voters_total
    first = classify_members(members, None, ruleset, date, voters)
    rated = [r.level for r in first if r.is_rated and r.level is not None]
    disciplined = sum(1 for m in members if m.under_discipline and not m.exempt)
    unit = classify_unit(scenario.unit, ruleset, rated, scenario.sub_units, disciplined)
    unit_level = scenario.unit.level or (unit.level if unit else None)
    results = _with_leader_cap(first, members, unit_level, ruleset, scenario)
    size = unit_size(scenario)
    results, quota = apply_member_quota(results, ruleset, scenario.unit.outstanding, size)
    sub_quota = sub_unit_quota(scenario.sub_units, ruleset, scenario.unit.outstanding)
    return ClassificationResult(ruleset.code, results, quota, _quota_note(unit, sub_quota), sub_quota)


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [{"code": r.code, "text": r.text} for r in reasons]


def _member(result: MemberResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "status": result.status,
        "level": result.level,
        "basis_level": result.basis_level,
        "reasons": _reasons(result.reasons),
    }


def _quota(quota: QuotaResult | None) -> dict[str, Any] | None:
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


def _unit(unit: UnitResult | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"level": unit.level, "reasons": _reasons(unit.reasons)}


def result_to_dict(result: ClassificationResult) -> dict[str, Any]:
    """The result JSON of DOMAIN §4, exactly its keys (the unit's ``status`` stays in ``UnitResult`` for callers;
    in the JSON a unit to be decided shows as ``level`` null)."""
    sub = result.sub_unit_quota
    return {
        "ruleset": result.ruleset,
        "members": [_member(m) for m in result.members],
        "member_quota": _quota(result.member_quota),
        "unit": _unit(result.unit),
        "sub_unit_quota": None
        if sub is None
        else {"level": sub.level, "allowed": sub.allowed, "proposed": sub.proposed, "ok": sub.ok},
    }


def classify_dict(scenario_dict: Mapping[str, Any], ruleset_dict: Mapping[str, Any]) -> dict[str, Any]:
    """Parse both dicts, classify, and return the result JSON; raises ``ScenarioError`` or ``RuleSetError``."""
    return result_to_dict(classify(parse_scenario(scenario_dict), parse_ruleset(ruleset_dict)))
