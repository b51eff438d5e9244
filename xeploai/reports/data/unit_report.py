"""The unit's own review report with its self-score and proposed level (HD 43 form 01).

The narrative parts (strengths, shortcomings, remedies) are written by the unit: the form prints them as blank lines
and pre-fills everything the program knows: the members, the tasks, the facts, the score sheet and the levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xeploai.orgs.models import Organization
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import ScoreSheetLine, UnitReview

from .. import vi
from .common import (
    Letterhead,
    PeriodInfo,
    Signature,
    letterhead,
    number_line,
    parent_of,
    period_info,
    signature,
)
from .forms import Tick
from .summary import STATUS_KEYS, member_counts, subtree, subtree_totals

NARRATIVE = (
    "Ưu điểm, kết quả đạt được trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng",
    "Hạn chế, khuyết điểm và nguyên nhân",
    "Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước",
    "Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
)


@dataclass(frozen=True)
class ScoreRow:
    number: int
    criterion: str
    max_points: str
    self_points: str
    approved_points: str
    deductions: tuple[str, ...]


@dataclass(frozen=True)
class UnitReport:
    """Báo cáo kiểm điểm tập thể (mẫu 01)."""

    letterhead: Letterhead
    title: str
    subtitle: str
    unit_name: str
    members: tuple[tuple[str, int], ...]
    facts: tuple[tuple[str, str], ...]
    narrative: tuple[str, ...]
    score_rows: tuple[ScoreRow, ...]
    self_score: str
    approved_score: str
    proposed: tuple[Tick, ...]
    computed_level: str
    decided_level: str
    signature: Signature


def _points(value: Decimal | None) -> str:
    return vi.format_number(value) if value is not None else ""


def _yes(value: bool) -> str:
    return "Có" if value else "Không"


def _tasks(review: UnitReview) -> str:
    if review.tasks_total is None:
        return ""
    parts = [f"{review.tasks_total} nhiệm vụ"]
    for label, value in (("hoàn thành", review.tasks_done), ("đúng hạn", review.tasks_on_time),
                         ("vượt", review.tasks_exceeded)):
        if value is not None:
            parts.append(f"{label} {value} ({vi.share(value, review.tasks_total)})")
    return "; ".join(parts)


def _facts(review: UnitReview | None) -> tuple[tuple[str, str], ...]:
    if review is None:
        return ()
    rows = [("Kết quả thực hiện nhiệm vụ", _tasks(review)),
            ("Hạn chế kỳ trước đã khắc phục", f"{review.shortcomings_fixed}/{review.shortcomings_total}"
             if review.shortcomings_total is not None and review.shortcomings_fixed is not None else ""),
            ("Cấp ủy đoàn kết, thống nhất", _yes(review.committee_united)),
            ("Sinh hoạt đúng quy định", _yes(review.meetings_as_required)),
            ("Số nhiệm vụ không hoàn thành", str(review.tasks_not_completed)),
            ("Cấp ủy viên, lãnh đạo bị kỷ luật", str(review.leaders_disciplined)),
            ("Xếp loại cơ quan, đơn vị", review.get_agency_rating_display())]
    return tuple((label, value) for label, value in rows if value)


def _member_counts(period: ReviewPeriod, unit: Organization) -> tuple[tuple[str, int], ...]:
    """The unit's members in the period, counted as the committee's summary counts them (three queries)."""
    nodes = subtree(unit)
    ids = [node.pk for node in nodes]
    totals = subtree_totals(nodes, member_counts(period, ids, whole_period=False))[unit.pk]
    return (("Tổng số đảng viên (kể cả miễn sinh hoạt)", sum(totals.get(key, 0) for key in STATUS_KEYS.values())),
            ("Đảng viên được xếp loại", totals.get("rated", 0)),
            ("Chưa xếp loại (mới vào Đảng, chờ quyết định, chưa có kết quả)",
             totals.get("not_rated", 0) + totals.get("waiting", 0) + totals.get("pending", 0)),
            ("Miễn công tác và sinh hoạt đảng", totals.get("exempt", 0)))


def _score_rows(review: UnitReview | None) -> tuple[ScoreRow, ...]:
    if review is None:
        return ()
    lines = ScoreSheetLine.objects.filter(review=review).order_by("order", "id")
    return tuple(ScoreRow(i, line.criterion, _points(line.max_points), _points(line.self_points),
                          _points(line.approved_points),
                          tuple(f"{item.get('criterion', '')}: −{item.get('points', '')} điểm, "
                                f"{item.get('reason', '')}; khắc phục: {item.get('remedy', '')}"
                                for item in line.deductions or []))
                 for i, line in enumerate(lines, start=1))


def _levels(info: PeriodInfo, review: UnitReview | None) -> tuple[Tick, ...]:
    proposed = review.proposed_level if review else ""
    return tuple(Tick(vi.org_level(code), code == proposed) for code in info.org_levels)


def unit_report(period: ReviewPeriod, unit: Organization) -> UnitReport:
    info = period_info(period)
    review = UnitReview.objects.filter(period=period, unit=unit).first()
    day = review.meeting_date if review else None
    return UnitReport(
        letterhead=letterhead(unit, parent_of(unit), day=day, year=info.year, number=number_line(unit, "BC")),
        title="BÁO CÁO", subtitle=f"kiểm điểm tập thể, tự đánh giá, xếp loại chất lượng năm {info.year}",
        unit_name=unit.name, members=_member_counts(period, unit), facts=_facts(review), narrative=NARRATIVE,
        score_rows=_score_rows(review), self_score=_points(review.self_score) if review else "",
        approved_score=_points(review.approved_score) if review else "", proposed=_levels(info, review),
        computed_level=vi.org_level(review.level) if review else "",
        decided_level=vi.org_level(review.decided_level) if review else "",
        signature=signature(unit, info.review_date),
    )
