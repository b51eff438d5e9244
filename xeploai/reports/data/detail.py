"""One row per member of a subtree for the detail sheet, streamed in tree order without holding the province.

Units are read in batches of ``UNITS_PER_BATCH`` in tree order; each batch is two queries (the reviews, then the
active members not brought into the period yet), ordered in SQL by unit and Vietnamese name order. Memory holds one
batch (a few thousand rows), so 150,000 members cost about 2 × 150,000 / (batch size × members per unit) queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import MemberReview, ResultStatus

from .. import vi
from .roster import unopened_members
from .summary import Node, chunks

UNITS_PER_BATCH = 200
STATUS_WORDS = {
    ResultStatus.NOT_RATED: "Chưa xếp loại (chưa đủ thời gian)",
    ResultStatus.EXEMPT: "Miễn công tác và sinh hoạt đảng",
    ResultStatus.NEEDS_DECISION: "Chờ cấp có thẩm quyền quyết định",
    ResultStatus.PENDING: "Chưa có kết quả",
}


@dataclass(frozen=True)
class DetailRow:
    unit: str
    name: str
    official: bool
    level: str
    result: str
    decided: bool
    reasons: str

    @property
    def status(self) -> str:
        return "Chính thức" if self.official else "Dự bị"

    @property
    def level_short(self) -> str:
        return vi.short_level(self.level) if self.level else ""


def _official(official_on: date | None, on: date) -> bool:
    return official_on is not None and official_on <= on


def _reasons(reasons: list | None) -> str:
    return "; ".join(str(item.get("text", "")) for item in reasons or [] if isinstance(item, dict))


def _review_rows(period: ReviewPeriod, unit_ids: list[int]) -> Iterator[tuple]:
    return (MemberReview.objects.filter(period=period, unit_id__in=unit_ids)
            .order_by("unit_id", "member__sort_key", "member_id")
            .values_list("unit_id", "member__sort_key", "member__full_name", "member__official_on",
                         "result_status", "level", "decided_level", "reasons").iterator(chunk_size=2000))


def _newcomer_rows(period: ReviewPeriod, unit_ids: list[int]) -> Iterator[tuple]:
    """Members of units whose roster is not opened (the summary counts them as pending too)."""
    opened = MemberReview.objects.filter(period=period, unit_id__in=unit_ids).values("unit_id")
    return (unopened_members(period, unit_ids).exclude(unit_id__in=opened)
            .order_by("unit_id", "sort_key", "id")
            .values_list("unit_id", "sort_key", "full_name", "official_on", "exempt")
            .iterator(chunk_size=2000))


def _batch(period: ReviewPeriod, nodes: list[Node], on: date) -> dict[int, list[DetailRow]]:
    """The batch's rows per unit, reviewed members and newcomers merged in name order."""
    names = {node.pk: node.name for node in nodes}
    keyed: dict[int, list[tuple[str, DetailRow]]] = {node.pk: [] for node in nodes}
    for unit_id, key, name, official_on, status, level, decided, reasons in _review_rows(period, list(names)):
        final = decided or level
        rated = status == ResultStatus.RATED
        result = vi.member_level(final) if rated else STATUS_WORDS.get(status, "")
        keyed[unit_id].append((key, DetailRow(names[unit_id], name, _official(official_on, on), final if rated else "",
                                              result, bool(decided), _reasons(reasons))))
    for unit_id, key, name, official_on, exempt in _newcomer_rows(period, list(names)):
        words = STATUS_WORDS[ResultStatus.EXEMPT if exempt else ResultStatus.PENDING]
        keyed[unit_id].append((key, DetailRow(names[unit_id], name, _official(official_on, on), "", words, False, "")))
    return {pk: [row for _, row in sorted(items, key=lambda item: item[0])] for pk, items in keyed.items()}


def detail_rows(period: ReviewPeriod, nodes: tuple[Node, ...] | list[Node]) -> Iterator[DetailRow]:
    """Every member of the units given, unit by unit in the given (tree) order, names in Vietnamese order."""
    on = period.review_date
    for batch in chunks(list(nodes), UNITS_PER_BATCH):
        by_unit = _batch(period, batch, on)
        for node in batch:
            yield from by_unit[node.pk]
