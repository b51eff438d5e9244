"""The member's self-review form (HD 43 forms 2A, 2B, 2C under score rule sets), pre-filled with what was entered.

Part A is the review, section by section; a section nobody wrote prints as blank lines to fill by hand. Part B is the
self-score …/30 + …/70 = …/100 (score rule sets) and the proposed level. The cell's conclusion and the level it
proposes, and the level the competent committee decided, close the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from xeploai.reviews.records import MemberReview

from .. import vi
from .cell import CellSource
from .common import Letterhead, PeriodInfo, Signature
from .roster import RosterEntry

FORM_TITLES = {
    "2A": "dùng cho cán bộ lãnh đạo, quản lý",
    "2B": "dùng cho đảng viên công tác trong hệ thống chính trị",
    "2C": "dùng cho đảng viên không công tác trong hệ thống chính trị",
}
_DUTIES = {
    "2C": "Việc thực hiện nhiệm vụ đảng viên ở nơi cư trú, nơi làm việc và các nhiệm vụ được tổ chức đảng giao",
}


@dataclass(frozen=True)
class Section:
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class Tick:
    label: str
    ticked: bool


@dataclass(frozen=True)
class SelfScore:
    general: str
    tasks: str
    total: str


@dataclass(frozen=True)
class SelfReviewForm:
    """Bản kiểm điểm cá nhân of one member."""

    letterhead: Letterhead
    form_code: str
    form_title: str
    title: str
    year: int
    name: str
    date_of_birth: str
    posts: str
    unit_name: str
    sections: tuple[Section, ...]
    score: SelfScore | None
    self_levels: tuple[Tick, ...]
    cell_conclusion: str
    cell_level: str
    decided_level: str
    signature: Signature


@dataclass(frozen=True)
class SelfReviewForms:
    """The forms of a whole cell (or of one member), one after the other, each on new pages."""

    forms: tuple[SelfReviewForm, ...]


def _points(value: Decimal | None) -> str:
    return vi.format_number(value) if value is not None else ""


def _written(review: MemberReview | None, field: str) -> str:
    return (getattr(review, field) or "").strip() if review else ""


def _sections(entry: RosterEntry, category: str, leader: bool) -> tuple[Section, ...]:
    """Part A section by section (HD 43 forms 2A, 2B, 2C; the leadership section only for leaders)."""
    part = [("1", "Về tư tưởng chính trị", "political_ideology"),
            ("2", "Về phẩm chất đạo đức, lối sống", "ethics_lifestyle"),
            ("3", "Về ý thức tổ chức kỷ luật; tác phong, lề lối làm việc", "discipline"),
            ("4", _DUTIES.get(category, "Về thực hiện chức trách, nhiệm vụ được giao"), "duties")]
    if leader:
        part.append(("5", "Kết quả thực hiện chức trách, nhiệm vụ lãnh đạo, quản lý", "leadership"))
    part += [("II", "Hạn chế, khuyết điểm và nguyên nhân", "shortcomings"),
             ("III", "Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận hoặc được "
                     "chỉ ra ở các kỳ kiểm điểm trước", "remediation"),
             ("IV", "Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", "explanations"),
             ("V", "Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", "direction")]
    return tuple(Section(number, heading, _written(entry.review, field)) for number, heading, field in part)


def _score(entry: RosterEntry) -> SelfScore:
    review = entry.review
    if review is None:
        return SelfScore("", "", "")
    return SelfScore(_points(review.self_score_general), _points(review.self_score_tasks),
                     _points(review.self_score_total))


def _written_on(review: MemberReview | None, info: PeriodInfo) -> date | None:
    """The day the form was handed in, when it falls in the review season (else blank, to be written by hand)."""
    moment = review.self_review_submitted_at if review else None
    day = timezone.localdate(moment) if moment else None
    season = (info.plan_date - timedelta(days=60), info.review_date + timedelta(days=90))
    return day if day and season[0] <= day <= season[1] else None


def self_review_form(source: CellSource, entry: RosterEntry) -> SelfReviewForm:
    info, review, member = source.period, entry.review, entry.member
    category = member.category if info.score_basis else ""
    leader = member.category == "2A" or entry.is_leader(source.on)
    submitted = _written_on(review, info)
    posts = ", ".join(p.get_title_display() + ("" if p.unit_id == source.unit.pk else f" ({p.unit.name})")
                      for p in entry.posts(source.on))
    proposed = review.self_proposed_level if review else ""
    decided = review.decided_level if review else ""
    return SelfReviewForm(
        letterhead=source.head("", submitted), form_code=f"Mẫu {category}" if category else "",
        form_title=FORM_TITLES.get(category, ""), title="BẢN KIỂM ĐIỂM CÁ NHÂN", year=info.year,
        name=member.full_name, date_of_birth=member.date_of_birth.strftime("%d/%m/%Y") if member.date_of_birth else "",
        posts="; ".join(part for part in (posts, member.job_title) if part), unit_name=source.unit.name,
        sections=_sections(entry, category, leader), score=_score(entry) if info.score_basis else None,
        self_levels=tuple(Tick(vi.member_level(code), code == proposed) for code in info.member_levels),
        cell_conclusion=(review.cell_conclusion or "").strip() if review else "",
        cell_level=vi.member_level(review.level) if review and review.result_status == "rated" else "",
        decided_level=vi.member_level(decided), signature=source.signature,
    )


def self_review_forms(source: CellSource, member_id: int | None = None) -> SelfReviewForms:
    """Every reviewed member's form, or one member's (``member_id``); no query beyond the cell's source."""
    entries = [e for e in source.reviewed() if member_id is None or e.member.pk == member_id]
    return SelfReviewForms(tuple(self_review_form(source, entry) for entry in entries))
