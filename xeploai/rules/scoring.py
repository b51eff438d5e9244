"""The score basis for members (DOMAIN §3.2, QĐ 366 Điều 11).

The level is the best one whose band holds the approved score (bands are lower bounds: 92 holds the HTXS, HTT and HT
bands) and whose task conditions hold. A KHT trigger or a score below the lowest band gives KHT. When some band holds
but no level's conditions do (QĐ 366's gap: 92 points, 25 % of tasks late), the member needs a decision.
Without task figures the score alone decides; without shortcoming figures they count as fixed. KHT triggers do not
need a score: a member with more than half the tasks not done, or disciplined, is KHT before any score is approved;
only when no trigger applies does a missing score leave the member to be decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .levels import is_leader, short
from .results import NEEDS_DECISION, RATED, Reason
from .ruleset_model import Condition, MemberRules
from .scenario import MemberInput, Shortcomings, Tasks
from .text import format_fraction, format_number, format_percent, points, share_sentence


@dataclass(frozen=True)
class Basis:
    """The level before caps: ``status`` rated with ``level``, or needs_decision with ``level`` None."""

    status: str
    level: str | None
    reasons: tuple[Reason, ...]


def _task_failure(condition: Condition, tasks: Tasks | None, fixes: Shortcomings | None) -> str | None:
    """Why a task condition fails, or None when it holds (or its figures are missing)."""
    if condition.code == "shortcomings_fixed":
        if fixes is not None and fixes.fixed < fixes.total:
            return f"mới khắc phục {fixes.fixed}/{fixes.total} hạn chế kỳ trước (cần khắc phục hết)"
        return None
    if tasks is None or tasks.total == 0:
        return None
    share = condition.share or Fraction(0)
    checks = {
        "all_on_time": (
            tasks.on_time == tasks.total,
            f"{share_sentence(tasks.on_time, tasks.total)} nhiệm vụ đúng hạn (cần mọi nhiệm vụ đúng hạn)",
        ),
        "all_done": (
            tasks.done == tasks.total,
            f"{share_sentence(tasks.done, tasks.total)} nhiệm vụ hoàn thành (cần hoàn thành mọi nhiệm vụ)",
        ),
        "exceeded_at_least": (
            tasks.exceeded >= share * tasks.total,
            f"{share_sentence(tasks.exceeded, tasks.total)} nhiệm vụ vượt (cần từ {format_percent(share)})",
        ),
        "late_at_most": (
            tasks.late <= share * tasks.total,
            f"{share_sentence(tasks.late, tasks.total)} nhiệm vụ trễ hạn (tối đa {format_percent(share)})",
        ),
    }
    holds, text = checks[condition.code]
    return None if holds else text


def _not_done_over(share: Fraction, member: MemberInput) -> str | None:
    tasks = member.tasks
    if tasks and tasks.not_done > share * tasks.total:
        return f"{share_sentence(tasks.not_done, tasks.total)} nhiệm vụ không hoàn thành (trên {format_percent(share)})"
    return None


def _leader_done_under(share: Fraction, member: MemberInput) -> str | None:
    tasks = member.tasks
    if is_leader(member.roles) and tasks and tasks.done < share * tasks.total:
        done = share_sentence(tasks.done, tasks.total)
        return f"cán bộ lãnh đạo chỉ hoàn thành {done} nhiệm vụ (dưới {format_percent(share)})"
    return None


def _leader_units_kht_over(share: Fraction, member: MemberInput) -> str | None:
    led = member.units_led
    if is_leader(member.roles) and led.total and led.kht > share * led.total:
        return f"{share_sentence(led.kht, led.total)} đơn vị phụ trách KHT (trên {format_percent(share)})"
    return None


def _leader_low_confidence_over(share: Fraction, member: MemberInput) -> str | None:
    low = member.low_confidence_share
    if is_leader(member.roles) and low is not None and low > share:
        return f"phiếu tín nhiệm thấp {format_percent(low)} (trên {format_fraction(share)})"
    return None


def _under_discipline(share: Fraction, member: MemberInput) -> str | None:
    # QĐ 366 Điều 11: "bị xử lý kỷ luật từ khiển trách trở lên do vi phạm trong năm"
    return "đang chịu kỷ luật (khiển trách trở lên) do vi phạm trong năm" if member.under_discipline else None


def _violation(share: Fraction, member: MemberInput) -> str | None:
    # QĐ 366 Điều 11: concluded degradation; breaking what members must not do or the rules on setting an example
    return f"có vi phạm ({', '.join(member.violations)})" if member.violations else None


_TRIGGERS: dict[str, Callable[[Fraction, MemberInput], str | None]] = {
    "not_done_over": _not_done_over,
    "leader_done_under": _leader_done_under,
    "leader_units_kht_over": _leader_units_kht_over,
    "leader_low_confidence_over": _leader_low_confidence_over,
    "under_discipline": _under_discipline,
    "violation": _violation,
}


def _trigger(condition: Condition, member: MemberInput) -> str | None:
    """Why a KHT trigger applies to the member, or None (QĐ 366 Điều 11; strict "more than" / "under")."""
    return _TRIGGERS[condition.code](condition.share or Fraction(0), member)


def _failures(level: str, rules: MemberRules, member: MemberInput) -> list[str]:
    conditions = [c for c in rules.task_conditions if c.level == level]
    return [text for c in conditions if (text := _task_failure(c, member.tasks, member.shortcomings))]


def score_basis(member: MemberInput, rules: MemberRules) -> Basis:
    """The member's level before caps under a score basis: a KHT trigger gives KHT even without a score; else a
    missing score needs a decision; else bands and task conditions (see the module docstring for the gap)."""
    score, weakest = member.score, rules.levels[-1]
    band_reasons = () if score is None else (Reason("score_band", _band_sentence(score, rules)),)
    triggers = [text for c in rules.kht_triggers if (text := _trigger(c, member))]
    if triggers:
        return Basis(RATED, weakest, (*band_reasons, *(Reason("kht_trigger", f"KHT vì {t}") for t in triggers)))
    if score is None:
        text = "Chưa có điểm được cấp có thẩm quyền thẩm định và không có điều kiện KHT: chưa xếp loại được"
        return Basis(NEEDS_DECISION, None, (Reason("no_level_fits", text),))
    held = [band.level for band in (rules.score.bands if rules.score else ()) if score >= band.min_score]
    if not held:
        return Basis(RATED, weakest, band_reasons)
    return _first_fitting(held, rules, member, band_reasons[0])


def _first_fitting(held: list[str], rules: MemberRules, member: MemberInput, band_reason: Reason) -> Basis:
    """Go down the held bands until a level's conditions hold."""
    reasons = [band_reason]
    for level in held:
        failures = _failures(level, rules, member)
        if not failures:
            return Basis(RATED, level, tuple(reasons))
        reasons.append(Reason("task_condition", f"Chưa đủ điều kiện {short(level)}: {'; '.join(failures)}"))
    reasons.append(
        Reason(
            "no_level_fits",
            f"Điểm đạt khung {short(held[0])} nhưng không mức nào đủ điều kiện nhiệm vụ "
            "và không có điều kiện KHT: cấp có thẩm quyền quyết định",
        )
    )
    return Basis(NEEDS_DECISION, None, tuple(reasons))


def _band_sentence(score: Fraction, rules: MemberRules) -> str:
    """E.g. "Điểm 92,5/100 thuộc khung HTXS (từ 90 điểm trở lên)"."""
    bands = rules.score.bands if rules.score else ()
    scored = f"Điểm {format_number(score)}/{format_number(rules.score.max_score)}" if rules.score else "Điểm"
    for band in bands:
        if score >= band.min_score:
            return f"{scored} thuộc khung {short(band.level)} (từ {points(band.min_score)} trở lên)"
    lowest = bands[-1].min_score if bands else Fraction(0)
    return f"{scored} dưới {points(lowest)}: {short(rules.levels[-1])}"
