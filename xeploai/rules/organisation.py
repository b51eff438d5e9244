"""Organisation classification (DOMAIN §3.5) and leadership collectives.

The starting level comes from the score bands (lower bounds) or, where the rule set has no bands, from the unit's
proposed level. A level's conditions include those of the levels below it; from the start we go down until one
holds. Weak conditions win over every other level. When no level above the weak one holds and no weak condition does
(QĐ 366's gap), the unit needs a decision: level None, the program never guesses. Missing facts are favourable.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .levels import ORG_LEVELS_2014, ORG_LEVELS_2018, equivalent, is_better, short
from .org_conditions import FAMILIES, OrgContext
from .results import NEEDS_DECISION, RATED, Reason, UnitResult
from .ruleset_model import SCORE, RuleSet, ScoreRules
from .scenario import SubUnit, UnitInput
from .text import format_number, points


def score_band_level(score: Fraction, rules: ScoreRules, weakest: str) -> str:
    """The best level whose lower bound the score reaches; ``weakest`` below the lowest band."""
    return next((band.level for band in rules.bands if score >= band.min_score), weakest)


def _band_reason(score: Fraction, rules: ScoreRules, level: str) -> Reason:
    scored = f"Điểm {format_number(score)}/{format_number(rules.max_score)}"
    band = next((b for b in rules.bands if b.level == level), None)
    if band is None:
        lowest = rules.bands[-1].min_score if rules.bands else Fraction(0)
        return Reason("score_band", f"{scored} dưới {points(lowest)}: {short(level)}")
    return Reason("score_band", f"{scored} thuộc khung {short(level)} (từ {points(band.min_score)} trở lên)")


def _start(unit: UnitInput, ruleset: RuleSet) -> tuple[str, Reason] | None:
    """Where the classification starts: the score band, else the proposed level; None when neither is given."""
    org = ruleset.organisation
    use_score = org.score is not None and unit.score is not None
    if use_score and (org.basis == SCORE or unit.proposed_level is None):
        level = score_band_level(unit.score, org.score, org.levels[-1])  # type: ignore[arg-type]
        return level, _band_reason(unit.score, org.score, level)  # type: ignore[arg-type]
    if unit.proposed_level is not None:
        return unit.proposed_level, Reason(
            "score_band", f"Mức đề xuất: {short(unit.proposed_level)} (xét theo điều kiện)"
        )
    return None


def _failures(position: int, ctx: OrgContext, ruleset: RuleSet) -> list[str]:
    """The failed conditions of the level at ``position`` and of every level below it down to the weak one."""
    checks, _ = FAMILIES[ruleset.organisation.conditions]
    found = [text for p in range(position, len(ruleset.organisation.levels) - 1) for text in checks(p, ctx)]
    return list(dict.fromkeys(found))


def classify_unit(
    unit: UnitInput,
    ruleset: RuleSet,
    member_levels: Sequence[str] = (),
    sub_units: Sequence[SubUnit] | None = None,
    members_under_discipline: int = 0,
) -> UnitResult | None:
    """The unit's level. ``member_levels`` are the levels of its rated members (before the quota);
    ``members_under_discipline`` counts when ``facts.members_disciplined`` is not given. None without a score,
    a proposed level or a decided level."""
    if unit.level is not None:
        return UnitResult(
            unit.level, RATED, (Reason("score_band", f"Mức đã được cấp có thẩm quyền quyết định: {short(unit.level)}"),)
        )
    start = _start(unit, ruleset)
    if start is None:
        return None
    disciplined = unit.facts.members_disciplined
    ctx = OrgContext(
        unit,
        tuple(member_levels),
        tuple(sub_units or ()),
        members_under_discipline if disciplined is None else disciplined,
    )
    return _from_start(start[0], start[1], ctx, ruleset)


def _from_start(start: str, basis: Reason, ctx: OrgContext, ruleset: RuleSet) -> UnitResult:
    levels = ruleset.organisation.levels
    weak = FAMILIES[ruleset.organisation.conditions][1](ctx)
    if weak:
        return UnitResult(
            levels[-1], RATED, (basis, *(Reason("weak_condition", f"{short(levels[-1])}: {w}") for w in weak))
        )
    reasons = [basis]
    for position in range(levels.index(start), len(levels) - 1):
        failures = _failures(position, ctx, ruleset)
        if not failures:
            return UnitResult(levels[position], RATED, tuple(reasons))
        reasons.append(Reason("condition_failed", f"Chưa đạt {short(levels[position])}: {'; '.join(failures)}"))
    if start == levels[-1]:
        return UnitResult(start, RATED, tuple(reasons))
    reasons.append(
        Reason(
            "no_level_fits",
            "Điểm thuộc một khung nhưng không mức nào đủ điều kiện và không có điều kiện yếu kém: "
            "cấp có thẩm quyền quyết định",
        )
    )
    return UnitResult(None, NEEDS_DECISION, tuple(reasons))


def _same_scale(level: str, reference: str) -> str:
    """``reference`` expressed on the scale of ``level`` (yeu_kem ↔ kht, tsvm ↔ htxs)."""
    scale = ORG_LEVELS_2018 if level in ORG_LEVELS_2018 else ORG_LEVELS_2014
    return equivalent(reference, scale)


def classify_collective(
    leaders_count: int, level: str, organisation_level: str
) -> tuple[str | None, tuple[Reason, ...]]:
    """A leadership collective is rated only with at least 2 leaders, and never above its organisation (001 §2.2)."""
    if leaders_count < 2:
        text = f"Tập thể chỉ có {leaders_count} lãnh đạo, quản lý: chỉ xếp loại tập thể có từ 02 lãnh đạo trở lên"
        return None, (Reason("collective_too_small", text),)
    if is_better(level, organisation_level):
        capped = _same_scale(level, organisation_level)
        text = f"Tập thể lãnh đạo không được cao hơn tổ chức ({short(organisation_level)}): {short(capped)}"
        return capped, (Reason("collective_capped", text),)
    return level, ()


def cap_head(level: str, collective_level: str) -> tuple[str, tuple[Reason, ...]]:
    """A head is never rated above the collective they lead (001 §2.2, HD 21)."""
    if is_better(level, collective_level):
        capped = _same_scale(level, collective_level)
        text = f"Người đứng đầu không được cao hơn tập thể mình phụ trách ({short(collective_level)}): {short(capped)}"
        return capped, (Reason("head_capped", text),)
    return level, ()
