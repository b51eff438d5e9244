"""The plan itself (number, date, title, timeline, supervisors) and the re-classification decision (HD 43 form 03).

The plan follows Plan 146-KH/ĐU (000): its header, its number and date, and its timeline (000 §VI) as a table.
The decision records a recognised result annulled and classified again (000 §IV.3; QĐ 366 Điều 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from xeploai.orgs.models import Organization, OrgKind
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import Reclassification

from .. import vi
from .common import (
    Letterhead,
    Signature,
    issuer_name,
    letterhead,
    number_line,
    parent_of,
    signature,
    unit_kind_label,
)


@dataclass(frozen=True)
class TimelineRow:
    number: int
    title: str
    applies_to: str
    dates: str


@dataclass(frozen=True)
class PlanDocument:
    """Kế hoạch kiểm điểm: what the committee decided, when, under which rules."""

    letterhead: Letterhead
    title: str
    subtitle: str
    ruleset: str
    review_date: str
    timeline: tuple[TimelineRow, ...]
    supervisors: tuple[tuple[str, str], ...]
    recipients: tuple[str, ...]
    signature: Signature


def _dates(start: date, due: date) -> str:
    if start == due:
        return f"Ngày {due:%d/%m/%Y}"
    return f"Từ {start:%d/%m/%Y} đến {due:%d/%m/%Y}"


def _kinds(kinds: list[str]) -> str:
    return ", ".join(unit_kind_label(kind) for kind in kinds) if kinds else "Tất cả tổ chức"


def _subtitle(title: str) -> str:
    text = title.strip()
    if text.lower().startswith("kế hoạch"):
        text = text[len("kế hoạch"):].strip()
    return text[:1].upper() + text[1:]


def _recipients(committee: Organization, parent: Organization | None) -> tuple[str, ...]:
    above = (f"- Ban Thường vụ {issuer_name(parent)} (để báo cáo);",) if parent else ()
    below = "- Các chi bộ trực thuộc;" if not committee.is_cell else "- Đảng viên trong chi bộ;"
    return (*above, below, "- Lưu Văn phòng.")


def plan_document(period: ReviewPeriod) -> PlanDocument:
    committee = period.committee
    parent = parent_of(committee)
    timeline = tuple(TimelineRow(i, m.title, _kinds(m.unit_kinds), _dates(m.start, m.due))
                     for i, m in enumerate(period.milestones.order_by("order", "due"), start=1))
    supervisors = tuple(period.supervisors.select_related("unit", "supervisor")
                        .order_by("unit__position", "unit__name").values_list("unit__name", "supervisor__full_name"))
    head = letterhead(committee, parent, day=period.plan_date, year=period.year,
                      number=number_line(committee, "KH", period.plan_number))
    return PlanDocument(
        letterhead=Letterhead(head.upper, vi.upper(period.issuing_body) or head.issuer, head.number, head.place_date),
        title="KẾ HOẠCH", subtitle=_subtitle(period.title),
        ruleset=period.ruleset.name,
        review_date=vi.date_in_words(period.review_date), timeline=timeline, supervisors=supervisors,
        recipients=_recipients(committee, parent), signature=signature(committee, period.plan_date),
    )


# Re-classification decision (form 03) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReclassificationDecision:
    """Quyết định xếp loại lại (HD 43 form 03)."""

    pk: int
    letterhead: Letterhead
    issuer: str
    title: str
    subtitle: str
    grounds: tuple[str, ...]
    articles: tuple[str, ...]
    recipients: tuple[str, ...]
    signature: Signature


@dataclass(frozen=True)
class Decisions:
    decisions: tuple[ReclassificationDecision, ...]


def decision_issuer(period: ReviewPeriod, unit: Organization) -> Organization:
    """The competent committee: the period's committee, or the one above when the committee itself is re-classified."""
    committee = period.committee
    if unit.pk == committee.pk and committee.parent_id:
        return parent_of(committee) or committee
    return committee


def _target(row: Reclassification) -> tuple[str, str, str, str]:
    """(who, what is classified, old label, new label)."""
    if row.member_review_id:
        review = row.member_review
        who = f"đồng chí {review.member.full_name}, đảng viên {review.unit.name}"
        return who, "đảng viên", vi.member_level(row.old_level), vi.member_level(row.new_level)
    unit = row.unit_review.unit
    return unit.name, "tổ chức đảng", vi.org_level(row.old_level), vi.org_level(row.new_level)


def reclassification_decision(row: Reclassification) -> ReclassificationDecision:
    """One decision from one annul-and-re-classify row (loaded with ``DECISION_RELATED``)."""
    period = row.period
    unit = row.member_review.unit if row.member_review_id else row.unit_review.unit
    issuer = decision_issuer(period, unit)
    day = timezone.localdate(row.decided_at)
    who, what, old, new = _target(row)
    year = period.year
    grounds = ("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
               "Căn cứ quy định, hướng dẫn của Trung ương về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối "
               "với tổ chức đảng, đảng viên;",
               f"Căn cứ Kế hoạch số {period.plan_number} ngày {period.plan_date:%d/%m/%Y} của {period.issuing_body};",
               f"Xét lý do: {row.reason}")
    articles = (f"Điều 1. Hủy kết quả xếp loại chất lượng {what} năm {year} đối với {who}: {old}.",
                f"Điều 2. Xếp loại lại chất lượng {what} năm {year} đối với {who}: {new}.",
                f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. {unit.name} và các tổ chức, cá nhân có liên quan "
                "chịu trách nhiệm thi hành Quyết định này.")
    standing = "Ban Thường vụ " if issuer.kind == OrgKind.DANG_BO_CAP_TREN else ""
    return ReclassificationDecision(
        pk=row.pk, letterhead=letterhead(issuer, parent_of(issuer), day=day, year=year,
                                         number=number_line(issuer, "QĐ", row.decision_number)),
        issuer=vi.upper(standing + issuer_name(issuer)), title="QUYẾT ĐỊNH",
        subtitle=f"về việc xếp loại lại chất lượng {what} năm {year}", grounds=grounds, articles=articles,
        recipients=("- Như Điều 3;", "- Lưu Văn phòng."), signature=signature(issuer, day),
    )


DECISION_RELATED = ("period__ruleset", "period__committee", "unit_review__unit", "member_review__member",
                    "member_review__unit")


def decisions_for(period: ReviewPeriod, unit: Organization) -> Decisions:
    """Every re-classification of the unit or of its members in the period, oldest first."""
    about_unit = Q(member_review__unit=unit) | Q(member_review__isnull=True, unit_review__unit=unit)
    rows = (Reclassification.objects.filter(period=period).filter(about_unit).select_related(*DECISION_RELATED)
            .order_by("decided_at", "pk"))
    return Decisions(tuple(reclassification_decision(row) for row in rows))
