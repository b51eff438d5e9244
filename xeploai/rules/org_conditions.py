"""The condition families for organisations (DOMAIN §3.5). The logic of each family lives here; a rule set selects
one by name (``organisation.conditions``), so nothing year-specific is chosen in code.

Levels are addressed by position on the rule set's four-level scale: 0 = top (``tsvm``/``htxs``), 1 = second
(``htt``), 2 = third (``ht``); the weak level (``yeu_kem``/``kht``) comes from ``weak``. ``checks(position, ctx)``
returns the failures of that level's own conditions; organisation.py adds the conditions of the levels below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .levels import HT, ORG_RATING_LABELS, ORG_RATINGS, WEAK_LEVELS, rank
from .scenario import SubUnit, Tasks, UnitInput
from .text import format_percent, share_sentence


@dataclass(frozen=True)
class OrgContext:
    """What the conditions look at: the unit, its rated members' levels and its sub-units."""

    unit: UnitInput
    member_levels: tuple[str, ...]
    sub_units: tuple[SubUnit, ...]
    members_disciplined: int

    @property
    def is_dang_bo(self) -> bool:
        """A đảng bộ is judged on its cells, a cell on its members (000 §IV.2.1.a)."""
        return self.unit.kind == "dang_bo"


def _united(ctx: OrgContext) -> list[str]:
    return [] if ctx.unit.facts.committee_united else ["nội bộ cấp ủy chưa đoàn kết"]


def _excellent(ctx: OrgContext) -> list[str]:
    return [] if ctx.unit.facts.committee_excellent else ["tập thể cấp ủy chưa hoàn thành xuất sắc nhiệm vụ"]


def _meetings(ctx: OrgContext) -> list[str]:
    return [] if ctx.unit.facts.meetings_as_required else ["sinh hoạt chưa đúng quy định"]


def _remediation(ctx: OrgContext) -> list[str]:
    return [] if ctx.unit.facts.remediation_plan_done else ["chưa xây dựng, thực hiện tốt kế hoạch khắc phục hạn chế"]


def _all_at_least_ht(ctx: OrgContext) -> list[str]:
    """100 % of classified members (a đảng bộ: of its cells) at least HT."""
    levels = [s.level for s in ctx.sub_units] if ctx.is_dang_bo else list(ctx.member_levels)
    below = sum(1 for level in levels if rank(level) > rank(HT))
    if not below:
        return []
    who = "chi bộ trực thuộc" if ctx.is_dang_bo else "đảng viên đã xếp loại"
    return [f"{share_sentence(below, len(levels))} {who} dưới mức HT (cần 100 % từ HT trở lên)"]


def _mass_orgs_at(ctx: OrgContext, rating: str) -> list[str]:
    ratings = ctx.unit.facts.mass_org_ratings
    below = sum(1 for r in ratings if ORG_RATINGS.index(r) > ORG_RATINGS.index(rating))
    return [f"{below}/{len(ratings)} đoàn thể chưa đạt {ORG_RATING_LABELS[rating]}"] if below else []


def _agency_at(ctx: OrgContext, rating: str) -> list[str]:
    agency = ctx.unit.facts.agency_rating
    if ORG_RATINGS.index(agency) <= ORG_RATINGS.index(rating):
        return []
    return [f"cơ quan, đơn vị xếp loại {ORG_RATING_LABELS[agency]}, chưa đạt {ORG_RATING_LABELS[rating]}"]


def _count_is_zero(value: int, text: str) -> list[str]:
    return [f"{text}: {value}"] if value else []


def _tasks(ctx: OrgContext) -> Tasks | None:
    tasks = ctx.unit.tasks
    return tasks if tasks is not None and tasks.total > 0 else None


def not_completed(unit: UnitInput) -> int:
    """Tasks not completed: ``facts.tasks_not_completed``, or ``tasks.total − tasks.done`` when the unit's task
    figures say more (000 §IV.2.1.d, 003 §II.1: "không hoàn thành từ 02 nhiệm vụ được giao")."""
    tasks = unit.tasks
    return max(unit.facts.tasks_not_completed, tasks.total - tasks.done if tasks is not None else 0)


def _not_completed_text(ctx: OrgContext) -> str:
    """E.g. "không hoàn thành 2/12 nhiệm vụ được giao" (the total only when the task figures are given)."""
    tasks, failed = ctx.unit.tasks, not_completed(ctx.unit)
    return f"không hoàn thành {failed}{f'/{tasks.total}' if tasks else ''} nhiệm vụ được giao"


def _all_completed(ctx: OrgContext) -> list[str]:
    """Every assigned task completed (003 §II.1 "hoàn thành xuất sắc / tốt các nhiệm vụ được giao";
    QĐ 366 Điều 11 for HT)."""
    return [f"{_not_completed_text(ctx)} (cần hoàn thành mọi nhiệm vụ)"] if not_completed(ctx.unit) else []


def _on_time(ctx: OrgContext) -> list[str]:
    tasks = _tasks(ctx)
    if tasks is None or tasks.on_time == tasks.total:
        return []
    return [f"{share_sentence(tasks.on_time, tasks.total)} nhiệm vụ đúng hạn (cần mọi nhiệm vụ đúng hạn)"]


def _exceeded(ctx: OrgContext, share: Fraction) -> list[str]:
    tasks = _tasks(ctx)
    if tasks is None or tasks.exceeded >= share * tasks.total:
        return []
    return [f"{share_sentence(tasks.exceeded, tasks.total)} nhiệm vụ vượt (cần từ {format_percent(share)})"]


def _done_late(ctx: OrgContext, late_share: Fraction) -> list[str]:
    tasks = _tasks(ctx)
    failures = _all_completed(ctx)
    if tasks is not None and tasks.late > late_share * tasks.total:
        failures.append(
            f"{share_sentence(tasks.late, tasks.total)} nhiệm vụ trễ hạn (tối đa {format_percent(late_share)})"
        )
    return failures


def _fixed(ctx: OrgContext) -> list[str]:
    fixes = ctx.unit.shortcomings
    if fixes is None or fixes.fixed >= fixes.total:
        return []
    return [f"mới khắc phục {fixes.fixed}/{fixes.total} hạn chế kỳ trước (cần khắc phục hết)"]


def _hcm_checks(position: int, ctx: OrgContext) -> list[str]:
    """000 §IV.2.1.a–c."""
    facts = ctx.unit.facts
    if position == 0:
        return (
            _united(ctx)
            + _excellent(ctx)
            + _meetings(ctx)
            + _all_at_least_ht(ctx)
            + _mass_orgs_at(ctx, "highest")
            + _remediation(ctx)
        )
    if position == 1:
        return (
            _united(ctx)
            + _count_is_zero(facts.leaders_disciplined, "cấp ủy viên là cán bộ trưởng, phó bị kỷ luật")
            + _mass_orgs_at(ctx, "second")
        )
    return []


def _weak_common(ctx: OrgContext) -> list[str]:
    """The shortcomings listed in 000 §IV.2.1.d and 003 §II.1 (also a cell's members at KHT)."""
    facts = ctx.unit.facts
    lowest = sum(1 for r in facts.mass_org_ratings if r == "lowest")
    found = [] if facts.committee_united else ["nội bộ cấp ủy mất đoàn kết"]
    if facts.members_disciplined_for_degradation:
        found.append(
            f"để xảy ra tham nhũng, tiêu cực, suy thoái đến mức {facts.members_disciplined_for_degradation} "
            "đảng viên phải kỷ luật"
        )
    if facts.agency_rating == "lowest":
        found.append("cơ quan, đơn vị xếp loại mức thấp nhất")
    if lowest >= 2:
        found.append(f"{lowest} đoàn thể xếp loại mức thấp nhất (từ 2 trở lên)")
    return found + _weak_members(ctx)


def _weak_members(ctx: OrgContext) -> list[str]:
    """More than 1/3 of a đảng bộ's cells weak; more than 1/2 of a cell's classified members at KHT."""
    if ctx.is_dang_bo:
        levels, share, who = [s.level for s in ctx.sub_units], Fraction(1, 3), "chi bộ trực thuộc yếu kém"
    else:
        levels, share, who = list(ctx.member_levels), Fraction(1, 2), "đảng viên xếp loại KHT"
    weak = sum(1 for level in levels if level in WEAK_LEVELS)
    return (
        [f"{share_sentence(weak, len(levels))} {who} (trên {format_percent(share)})"]
        if weak > share * len(levels)
        else []
    )


def _hcm_weak(ctx: OrgContext) -> list[str]:
    """000 §IV.2.1.d, read as in DOMAIN §3.5: two or more tasks not completed, or any listed shortcoming."""
    found = [f"{_not_completed_text(ctx)} (từ 2 trở lên)"] if not_completed(ctx.unit) >= 2 else []
    return found + _weak_common(ctx)


def _phucat_checks(position: int, ctx: OrgContext) -> list[str]:
    """003 §II.1: the school and its Youth Union and Trade Union are the organisations whose ratings count."""
    if position == 0:
        return (
            _all_completed(ctx)
            + _united(ctx)
            + _excellent(ctx)
            + _meetings(ctx)
            + _all_at_least_ht(ctx)
            + _agency_at(ctx, "highest")
            + _mass_orgs_at(ctx, "highest")
        )
    if position == 1:
        return (
            _all_completed(ctx)
            + _united(ctx)
            + _count_is_zero(ctx.members_disciplined, "đảng viên bị xử lý kỷ luật")
            + _agency_at(ctx, "second")
            + _mass_orgs_at(ctx, "second")
        )
    return []


def _phucat_weak(ctx: OrgContext) -> list[str]:
    """003 §II.1: two or more tasks not completed AND one of the listed shortcomings."""
    shortcomings = _weak_common(ctx)
    if not_completed(ctx.unit) < 2 or not shortcomings:
        return []
    return [f"{_not_completed_text(ctx)} và {s}" for s in shortcomings]


def _qd366_checks(position: int, ctx: OrgContext) -> list[str]:
    """QĐ 366 Điều 11 for organisations."""
    facts = ctx.unit.facts
    if position == 0:
        return (
            _on_time(ctx)
            + _exceeded(ctx, Fraction(3, 10))
            + _fixed(ctx)
            + _count_is_zero(facts.sub_units_disciplined, "tổ chức trực thuộc bị kỷ luật")
            + _count_is_zero(facts.leaders_disciplined, "thành viên tập thể lãnh đạo bị kỷ luật")
        )
    if position == 1:
        return _on_time(ctx)
    if position == 2:
        return _done_late(ctx, Fraction(1, 5))
    return []


def _qd366_weak(ctx: OrgContext) -> list[str]:
    """QĐ 366 Điều 11: under 70 % of tasks done (done = total − not completed), disunity, a leader disciplined
    (under 50 points is the band)."""
    tasks, facts, found = _tasks(ctx), ctx.unit.facts, []
    done = tasks.total - not_completed(ctx.unit) if tasks is not None else 0
    if tasks is not None and done < Fraction(7, 10) * tasks.total:
        found.append(f"chỉ hoàn thành {share_sentence(done, tasks.total)} nhiệm vụ (dưới 70 %)")
    if not facts.committee_united:
        found.append("nội bộ mất đoàn kết")
    if facts.leaders_disciplined:
        found.append(f"{facts.leaders_disciplined} thành viên tập thể lãnh đạo bị kỷ luật do vi phạm chức trách")
    return found


def _none(*_: object) -> list[str]:
    return []


Family = tuple[Callable[[int, OrgContext], list[str]], Callable[[OrgContext], list[str]]]
FAMILIES: dict[str, Family] = {
    "hcm-2014": (_hcm_checks, _hcm_weak),
    "qd366": (_qd366_checks, _qd366_weak),
    "phucat-2023": (_phucat_checks, _phucat_weak),
    "bands-only": (_none, _none),
}
