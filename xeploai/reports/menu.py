"""The entries of the "Tải về" menu for a unit and a period: only the documents that apply to that unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from xeploai.orgs import access
from xeploai.orgs.models import Organization
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import Reclassification

from .catalog import BY_KEY, KINDS, applies

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel"}


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    fmt: str
    divider_before: bool = False


def _decisions(period: ReviewPeriod, unit: Organization) -> list[MenuItem]:
    """One entry per re-classification of the unit or of its members in the period (one query)."""
    rows = (Reclassification.objects.filter(period=period)
            .filter(Q(member_review__unit=unit) | Q(member_review__isnull=True, unit_review__unit=unit))
            .select_related("member_review__member").order_by("decided_at", "pk"))
    return [MenuItem(f"Quyết định xếp loại lại (mẫu 03): "
                     f"{row.member_review.member.full_name if row.member_review_id else unit.name}",
                     reverse("reports:reclassification_pdf", args=[row.pk]), "PDF") for row in rows]


def menu_items(user, period: ReviewPeriod | None, unit: Organization | None) -> list[MenuItem]:
    """The menu for ``user``: empty without a period, a unit, the right to view it, or a period that applies."""
    if period is None or unit is None or not access.can_view_unit(user, unit):
        return []
    if period.committee_id not in access.path_ids(unit):
        return []
    items: list[MenuItem] = []
    for kind in KINDS:
        if kind.key == "decision" or not applies(kind, period, unit):
            continue
        for fmt in kind.formats:
            url = reverse(f"reports:{kind.key}_{fmt}", kwargs={"period": period.pk, "code": unit.code})
            items.append(MenuItem(kind.title, url, FORMAT_LABELS[fmt]))
    if applies(BY_KEY["summary"], period, unit):
        items.append(MenuItem("Xem bảng tổng hợp trên màn hình", reverse(
            "reports:summary_preview", kwargs={"period": period.pk, "code": unit.code}), "", divider_before=True))
    decisions = _decisions(period, unit)
    if decisions:
        decisions[0] = MenuItem(decisions[0].title, decisions[0].url, decisions[0].fmt, divider_before=True)
    return items + decisions
