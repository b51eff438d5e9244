"""A rule set is data (DOMAIN §2): read from and written to one JSON-like dict.

``parse_ruleset`` checks the dict and reports every problem at once (``RuleSetError.errors``: field path and a
Vietnamese message naming the field and the limit); ``ruleset_to_dict`` writes the stored form back, so
``parse_ruleset(ruleset_to_dict(x)) == x``. Fractions are stored as strings ("2/3", "0.15"), never as floats.
Lists, not dict keys, carry every order (PostgreSQL ``jsonb`` does not keep key order).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .exact import fraction_to_str
from .fields import Reader, join
from .levels import LEADER_ROLES, LEVELS, MEMBER_LEVELS, rank
from .ruleset_model import (
    BASE_HTT,
    CAPS,
    CELL,
    FLOOR,
    GT,
    GTE,
    KHT_TRIGGERS,
    ORG_CONDITION_SETS,
    PROPOSED,
    QUOTA_BASES,
    QUOTA_KINDS,
    QUOTA_ROUNDINGS,
    QUOTA_SCOPES,
    SCORE,
    SMALL_UNIT_MEASURES,
    TASK_CONDITIONS,
    VOTE,
    Band,
    Condition,
    MemberRules,
    OrganisationRules,
    Quota,
    RuleSet,
    RuleSetError,
    ScoreRules,
    SmallUnitRule,
    VoteRules,
    VoteThreshold,
)

__all__ = [
    "Band",
    "Condition",
    "MemberRules",
    "OrganisationRules",
    "Quota",
    "RuleSet",
    "RuleSetError",
    "ScoreRules",
    "SmallUnitRule",
    "VoteRules",
    "VoteThreshold",
    "parse_ruleset",
    "ruleset_to_dict",
]

_ONE, _ZERO = Fraction(1), Fraction(0)


def parse_ruleset(data: Mapping[str, Any]) -> RuleSet:
    """Check and read a rule set dict; raises ``RuleSetError`` listing every problem, not just the first."""
    reader = Reader()
    ruleset = _read_ruleset(reader, data)
    if reader.errors or ruleset is None:
        raise RuleSetError(reader.errors or [("", "bộ quy tắc không hợp lệ")])
    return ruleset


def _read_ruleset(r: Reader, data: Any) -> RuleSet | None:
    if r.mapping(data, "(bộ quy tắc)") is None:
        return None
    texts = {key: _text(r, data, key) for key in ("code", "name", "source", "description")}
    member_data, org_data = _section(r, data, "member"), _section(r, data, "organisation")
    member = None if member_data is None else _read_member(r, member_data)
    organisation = None if org_data is None else _read_organisation(r, org_data)
    return RuleSet(member=member, organisation=organisation, **texts)  # type: ignore[arg-type]


def _section(r: Reader, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """A required object, or None once its problem is recorded."""
    return r.mapping(r.required(data, key, ""), key)


def _text(r: Reader, data: Mapping[str, Any], key: str) -> str | None:
    value = r.required(data, key, "")
    return None if value is None else r.text(value, key)


def _read_levels(r: Reader, data: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Level codes best first, one per rank, at least two. When the list is bad, the other fields are checked
    against every allowed code so that one mistake is reported once."""
    codes = r.sequence(r.required(data, "levels", path), join(path, "levels"))
    if codes is None:
        return allowed
    good = [c for i, c in enumerate(codes) if r.choice(c, join(join(path, "levels"), i), allowed) is not None]
    ranks = [rank(c) for c in good]
    if len(good) != len(codes):
        return allowed
    if ranks != sorted(set(ranks)) or len(good) < 2:
        r.fail(join(path, "levels"), "phải có ít nhất 2 mức, xếp từ cao xuống thấp, mỗi bậc một mức")
        return allowed
    return tuple(good)


def _read_member(r: Reader, data: Mapping[str, Any]) -> MemberRules:
    path = "member"
    levels = _read_levels(r, data, path, MEMBER_LEVELS)
    basis = r.choice(r.required(data, "basis", path), join(path, "basis"), (VOTE, SCORE))
    votes = _optional(r, data, path, "votes", basis == VOTE, lambda v, p: _read_votes(r, v, p, levels))
    score = _optional(r, data, path, "score", basis == SCORE, lambda v, p: _read_score(r, v, p, levels))
    return MemberRules(
        levels=levels,
        basis=basis,
        votes=votes,
        score=score,  # type: ignore[arg-type]
        task_conditions=_read_conditions(r, data, path, "task_conditions", TASK_CONDITIONS, levels),
        kht_triggers=_read_conditions(r, data, path, "kht_triggers", KHT_TRIGGERS, None),
        new_member_months=r.count(
            r.raw(data, "new_member_months", 6), join(path, "new_member_months"), "số tháng", high=120
        ),  # type: ignore[arg-type]
        caps=_read_caps(r, data, path),
        award_replaces_htxs_rating=r.boolean(
            r.raw(data, "award_replaces_htxs_rating", False), join(path, "award_replaces_htxs_rating")
        ),  # type: ignore[arg-type]
        quota=_optional(r, data, path, "quota", False, lambda v, p: _read_quota(r, v, p, levels, member=True)),
        new_members_reviewed=r.boolean(
            r.raw(data, "new_members_reviewed", True), join(path, "new_members_reviewed")
        ),  # type: ignore[arg-type]
        head_roles=_read_head_roles(r, data, path),
    )


def _read_head_roles(r: Reader, data: Mapping[str, Any], path: str) -> tuple[str, ...]:
    field = join(path, "head_roles")
    items = r.sequence(r.raw(data, "head_roles", ["bi_thu"]), field) or []
    roles = tuple(role for i, role in enumerate(items) if r.choice(role, join(field, i), tuple(sorted(LEADER_ROLES))))
    if len(set(roles)) != len(roles):
        r.fail(field, "mỗi chức vụ chỉ ghi một lần")
    return roles


def _read_organisation(r: Reader, data: Mapping[str, Any]) -> OrganisationRules:
    path = "organisation"
    levels = _read_levels(r, data, path, LEVELS)
    basis = r.choice(r.required(data, "basis", path), join(path, "basis"), (SCORE, PROPOSED))
    conditions = r.choice(r.raw(data, "conditions", "bands-only"), join(path, "conditions"), ORG_CONDITION_SETS)
    if conditions not in (None, "bands-only") and len(levels) != 4 and levels != LEVELS:  # LEVELS: list already bad
        r.fail(join(path, "levels"), f"bộ điều kiện {conditions} cần đủ 4 mức (cao nhất, thứ hai, thứ ba, yếu kém)")
    return OrganisationRules(
        levels=levels,
        basis=basis,
        conditions=conditions,  # type: ignore[arg-type]
        score=_optional(r, data, path, "score", basis == SCORE, lambda v, p: _read_score(r, v, p, levels)),
        quota=_optional(r, data, path, "quota", False, lambda v, p: _read_quota(r, v, p, levels, member=False)),
    )


def _optional(r: Reader, data: Mapping[str, Any], path: str, key: str, needed: bool, read: Any) -> Any:
    """Read ``data[key]`` with ``read`` when given; a problem when it is needed and missing."""
    value = r.raw(data, key, None)
    if value is None:
        if needed:
            r.fail(join(path, key), "thiếu trường bắt buộc với căn cứ xếp loại đã chọn")
        return None
    return read(value, join(path, key)) if r.mapping(value, join(path, key)) is not None else None


def _read_votes(r: Reader, data: Mapping[str, Any], path: str, levels: tuple[str, ...]) -> VoteRules:
    accumulate = r.boolean(r.raw(data, "accumulate", False), join(path, "accumulate"))
    items = r.sequence(r.required(data, "thresholds", path), join(path, "thresholds")) or []
    thresholds = [
        t for i, item in enumerate(items) if (t := _read_threshold(r, item, join(join(path, "thresholds"), i), levels))
    ]
    _check_order(r, [t.level for t in thresholds], join(path, "thresholds"), len(thresholds) == len(items))
    if not items:
        r.fail(join(path, "thresholds"), "cần ít nhất một ngưỡng biểu quyết")
    return VoteRules(accumulate=accumulate, thresholds=tuple(thresholds))  # type: ignore[arg-type]


def _read_threshold(r: Reader, item: Any, path: str, levels: tuple[str, ...]) -> VoteThreshold | None:
    if r.mapping(item, path) is None:
        return None
    level = r.choice(r.required(item, "level", path), join(path, "level"), levels)
    fraction = r.fraction(r.required(item, "fraction", path), join(path, "fraction"), _ZERO, _ONE, "ngưỡng")
    comparison = r.choice(r.raw(item, "comparison", GT), join(path, "comparison"), (GT, GTE))
    if fraction == 0 and comparison == GTE:
        r.fail(join(path, "fraction"), "ngưỡng 0 với so sánh 'gte' đạt cả khi không có phiếu nào; cần lớn hơn 0")
    if None in (level, fraction, comparison):
        return None
    return VoteThreshold(level=level, fraction=fraction, comparison=comparison)  # type: ignore[arg-type]


def _check_order(r: Reader, codes: list[str], path: str, complete: bool) -> None:
    """Levels of a list must be distinct and best first."""
    ranks = [rank(code) for code in codes]
    if complete and ranks != sorted(set(ranks)):
        r.fail(path, "các mức phải khác nhau và xếp từ cao xuống thấp")


def _read_score(r: Reader, data: Mapping[str, Any], path: str, levels: tuple[str, ...]) -> ScoreRules:
    top = r.fraction(r.required(data, "max", path), join(path, "max"), _ONE, Fraction(1000), "điểm tối đa")
    items = r.sequence(r.required(data, "bands", path), join(path, "bands")) or []
    bands = [b for i, item in enumerate(items) if (b := _read_band(r, item, join(join(path, "bands"), i), levels, top))]
    _check_order(r, [b.level for b in bands], join(path, "bands"), len(bands) == len(items))
    for i, (upper, lower) in enumerate(itertools.pairwise(bands), start=1):
        if lower.min_score >= upper.min_score:
            r.fail(
                join(join(join(path, "bands"), i), "min"),
                f"khung điểm phải giảm dần: {fraction_to_str(lower.min_score)} "
                f"phải nhỏ hơn {fraction_to_str(upper.min_score)} của mức {upper.level}",
            )
    if not items:
        r.fail(join(path, "bands"), "cần ít nhất một khung điểm")
    return ScoreRules(max_score=top, bands=tuple(bands))  # type: ignore[arg-type]


def _read_band(r: Reader, item: Any, path: str, levels: tuple[str, ...], top: Fraction | None) -> Band | None:
    if r.mapping(item, path) is None:
        return None
    banded = levels[:-1]  # 000 §IV.2.1.d, QĐ 366: the weakest level is everything below the lowest band
    level = r.choice(r.required(item, "level", path), join(path, "level"), banded)
    low = r.fraction(r.required(item, "min", path), join(path, "min"), _ZERO, top or Fraction(1000), "điểm sàn")
    if level is None or low is None:
        return None
    return Band(level=level, min_score=low)


def _read_conditions(
    r: Reader, data: Mapping[str, Any], path: str, key: str, known: dict[str, bool], levels: tuple[str, ...] | None
) -> tuple[Condition, ...]:
    items = r.sequence(r.raw(data, key, []), join(path, key)) or []
    return tuple(
        c for i, item in enumerate(items) if (c := _read_condition(r, item, join(join(path, key), i), known, levels))
    )


def _read_condition(
    r: Reader, item: Any, path: str, known: dict[str, bool], levels: tuple[str, ...] | None
) -> Condition | None:
    if r.mapping(item, path) is None:
        return None
    code = r.choice(r.required(item, "code", path), join(path, "code"), tuple(known))
    level = None if levels is None else r.choice(r.required(item, "level", path), join(path, "level"), levels[:-1])
    if levels is None and r.raw(item, "level", None) is not None:
        r.fail(join(path, "level"), "điều kiện chuyển KHT áp dụng cho mọi mức, không ghi mức")
    share = None
    if code is not None and known[code]:
        share = r.fraction(r.required(item, "share", path), join(path, "share"), _ZERO, _ONE, "tỷ lệ")
    elif r.raw(item, "share", None) is not None:
        r.fail(join(path, "share"), f"điều kiện {code} không dùng tỷ lệ")
    if code is None or (levels is not None and level is None) or (code and known[code] and share is None):
        return None
    return Condition(code=code, level=level, share=share)


def _read_caps(r: Reader, data: Mapping[str, Any], path: str) -> tuple[str, ...]:
    items = r.sequence(r.raw(data, "caps", []), join(path, "caps")) or []
    caps = tuple(c for i, c in enumerate(items) if r.choice(c, join(join(path, "caps"), i), CAPS))
    if len(set(caps)) != len(caps):
        r.fail(join(path, "caps"), "mỗi giới hạn chỉ ghi một lần")
    return caps


def _read_quota(r: Reader, data: Mapping[str, Any], path: str, levels: tuple[str, ...], member: bool) -> Quota | None:
    kind = r.choice(r.raw(data, "kind", "level"), join(path, "kind"), ("level",) if member else QUOTA_KINDS)
    level = r.choice(r.required(data, "level", path), join(path, "level"), levels)
    base = _read_base_level(r, data, path, levels, level if kind == "flag" else None)
    fraction = r.fraction(r.required(data, "fraction", path), join(path, "fraction"), _ZERO, _ONE, "tỷ lệ")
    outstanding = r.fraction(
        r.raw(data, "outstanding_fraction", fraction_to_str(fraction or _ZERO)),
        join(path, "outstanding_fraction"),
        fraction or _ZERO,
        _ONE,
        "tỷ lệ cho đơn vị có thành tích xuất sắc",
    )
    _check_quota_levels(r, path, kind, level, base)
    small = _read_small_unit(r, r.raw(data, "small_unit", None), join(path, "small_unit"))
    scope = r.choice(r.raw(data, "scope", CELL), join(path, "scope"), QUOTA_SCOPES if member else (CELL,))
    rounding = r.choice(r.raw(data, "rounding", FLOOR), join(path, "rounding"), QUOTA_ROUNDINGS)
    counted = r.choice(r.raw(data, "base", BASE_HTT), join(path, "base"), QUOTA_BASES)
    if None in (kind, level, base, fraction, outstanding, scope, rounding, counted):
        return None
    return Quota(kind, level, base, fraction, outstanding, small, scope, rounding, counted)  # type: ignore[arg-type]


def _read_base_level(
    r: Reader, data: Mapping[str, Any], path: str, levels: tuple[str, ...], default: str | None
) -> str | None:
    """The level that forms the base; for a "flag" quota it defaults to the flagged level itself."""
    value = r.raw(data, "base_level", default)
    if value is None:
        r.fail(join(path, "base_level"), "thiếu trường bắt buộc")
        return None
    return r.choice(value, join(path, "base_level"), levels)


def _check_quota_levels(r: Reader, path: str, kind: str | None, level: str | None, base: str | None) -> None:
    if level is None or base is None:
        return
    if kind == "level" and rank(level) >= rank(base):
        r.fail(join(path, "base_level"), f"mức làm cơ số ({base}) phải thấp hơn mức bị giới hạn ({level})")
    if kind == "flag" and base != level:
        r.fail(join(path, "base_level"), f"với loại 'flag' mức làm cơ số phải là chính mức {level}")


def _read_small_unit(r: Reader, data: Any, path: str) -> SmallUnitRule | None:
    if data is None or r.mapping(data, path) is None:
        return None
    measure = r.choice(r.required(data, "measure", path), join(path, "measure"), SMALL_UNIT_MEASURES)
    below = r.count(r.required(data, "below", path), join(path, "below"), "ngưỡng đơn vị nhỏ", high=1000)
    allowed = r.count(r.required(data, "allowed", path), join(path, "allowed"), "số được chọn", high=1000)
    if below == 0:
        r.fail(join(path, "below"), "ngưỡng đơn vị nhỏ phải lớn hơn 0")
    if None in (measure, below, allowed):
        return None
    return SmallUnitRule(measure=measure, below=below, allowed=allowed)  # type: ignore[arg-type]


def _score_dict(rules: ScoreRules | None) -> dict[str, Any] | None:
    if rules is None:
        return None
    bands = [{"level": band.level, "min": fraction_to_str(band.min_score)} for band in rules.bands]
    return {"max": fraction_to_str(rules.max_score), "bands": bands}


def _condition_dict(condition: Condition) -> dict[str, Any]:
    result: dict[str, Any] = {"code": condition.code}
    if condition.level is not None:
        result["level"] = condition.level
    if condition.share is not None:
        result["share"] = fraction_to_str(condition.share)
    return result


def _quota_dict(quota: Quota | None) -> dict[str, Any] | None:
    if quota is None:
        return None
    small = quota.small_unit
    return {
        "kind": quota.kind,
        "level": quota.level,
        "base_level": quota.base_level,
        "fraction": fraction_to_str(quota.fraction),
        "outstanding_fraction": fraction_to_str(quota.outstanding_fraction),
        "small_unit": None
        if small is None
        else {"measure": small.measure, "below": small.below, "allowed": small.allowed},
        "scope": quota.scope,
        "rounding": quota.rounding,
        "base": quota.base,
    }


def _votes_dict(votes: VoteRules | None) -> dict[str, Any] | None:
    if votes is None:
        return None
    thresholds = [
        {"level": t.level, "fraction": fraction_to_str(t.fraction), "comparison": t.comparison}
        for t in votes.thresholds
    ]
    return {"accumulate": votes.accumulate, "thresholds": thresholds}


def _member_dict(member: MemberRules) -> dict[str, Any]:
    return {
        "levels": list(member.levels),
        "basis": member.basis,
        "votes": _votes_dict(member.votes),
        "score": _score_dict(member.score),
        "task_conditions": [_condition_dict(c) for c in member.task_conditions],
        "kht_triggers": [_condition_dict(c) for c in member.kht_triggers],
        "new_member_months": member.new_member_months,
        "caps": list(member.caps),
        "award_replaces_htxs_rating": member.award_replaces_htxs_rating,
        "quota": _quota_dict(member.quota),
        "new_members_reviewed": member.new_members_reviewed,
        "head_roles": list(member.head_roles),
    }


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The stored, JSON-serialisable form of a rule set (lists keep their order; no floats)."""
    org = ruleset.organisation
    return {
        "code": ruleset.code,
        "name": ruleset.name,
        "source": ruleset.source,
        "description": ruleset.description,
        "member": _member_dict(ruleset.member),
        "organisation": {
            "levels": list(org.levels),
            "basis": org.basis,
            "score": _score_dict(org.score),
            "conditions": org.conditions,
            "quota": _quota_dict(org.quota),
        },
    }
