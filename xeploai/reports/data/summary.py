"""The committee's summary of a period over its whole subtree (one row per unit, totals, units per level).

Read in a fixed number of queries whatever the size of the tree: the subtree (one recursive query), the member
results counted in SQL (`GROUP BY unit, status, level`), the members not yet brought into the period (counted in
SQL), the units' own results, the unit above and the signer. Subtotals of a đảng bộ are added up in Python along
each unit's tree path. 150,000 members in 5,000 units is a few thousand grouped rows, never a row per member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Q

from xeploai.orgs import tree
from xeploai.orgs.models import CELL_KINDS, Member, Organization
from xeploai.reviews.definitions import FINAL_LEVEL_SQL
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import ResultStatus, UnitReview

from .. import vi
from .common import Letterhead, PeriodInfo, Signature, letterhead, number_line, parent_of, period_info, signature
from .roster import unopened_members

PRINT_ROWS = 600  # rows of the printed summary (WeasyPrint lays out about 70 rows a second)
IN_CHUNK = 5000  # ids per IN (…) list: far below SQLite's 32,766 variables
STATUS_KEYS = {ResultStatus.RATED: "rated", ResultStatus.NOT_RATED: "not_rated", ResultStatus.EXEMPT: "exempt",
               ResultStatus.NEEDS_DECISION: "waiting", ResultStatus.PENDING: "pending"}


@dataclass(frozen=True)
class Node:
    """A unit of the subtree as the summary needs it."""

    pk: int
    code: str
    name: str
    kind: str
    is_cell: bool
    depth: int
    path: tuple[int, ...]


@dataclass(frozen=True)
class LevelCell:
    """A count and its share of ``base``; the share and its words are worked out only when shown."""

    count: int
    base: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.count, self.base) if self.base else None

    @property
    def percent(self) -> str:
        return vi.share(self.count, self.base)


@dataclass(frozen=True)
class SummaryRow:
    """One unit; a đảng bộ (``group``) shows the totals of its subtree. Levels are shares of ``rated``."""

    depth: int
    code: str
    name: str
    group: bool
    members: int
    rated: int
    not_rated: int
    exempt: int
    waiting: int
    pending: int
    levels: tuple[LevelCell, ...]
    unit_level: str
    unit_level_decided: bool


@dataclass(frozen=True)
class UnitLevelCount:
    code: str
    label: str
    count: int
    share: Fraction | None
    percent: str


@dataclass(frozen=True)
class PoolChange:
    """A committee decision with its written reason (one is required where it differs from the program's proposal
    or settles a tie)."""

    name: str
    unit: str
    kept: bool
    note: str


@dataclass(frozen=True)
class PoolLine:
    """One pool of QĐ 366 Điều 11 k.1.5: its figures, what the committee kept, and its changes to the proposal."""

    code: str
    name: str
    outstanding: bool
    at_htt: int
    candidates: int
    sentence: str
    limit: int
    kept: int
    dropped: int
    undecided: int
    changes: tuple[PoolChange, ...]


def pool_lines(period: ReviewPeriod, root: Organization) -> tuple[PoolLine, ...]:
    """The pools of a committee that decides units in the period (QĐ 366 Điều 13), in its own summary."""
    from xeploai.reviews import pools, services

    ruleset = services.parsed_ruleset(period)
    if not pools.decides_pools(period, ruleset, root.pk):
        return ()
    mapping = pools.pool_map(period, committee_id=root.pk)
    changes: dict[str, list[PoolChange]] = defaultdict(list)
    for row in pools.reasoned_decisions(period, mapping.decided):
        pool = mapping.pool_for(row["category"], row["unit_id"])
        if pool is not None and pool.code == row["pool_code"]:
            changes[pool.code].append(PoolChange(row["member__full_name"], row["unit__name"], row["pool_kept"],
                                                 row["pool_note"]))
    lines = []
    for view in pools.pool_views(period, ruleset, mapping.pools, detail=False):
        lines.append(PoolLine(view.pool.code, view.pool.name, view.pool.outstanding, view.at_htt,
                              view.candidate_count, pools.allowed_sentence(view), view.allowed, view.kept,
                              view.candidate_count - view.undecided - view.kept, view.undecided,
                              tuple(changes[view.pool.code])))
    return tuple(lines)


@dataclass(frozen=True)
class CommitteeSummary:
    """Báo cáo tổng hợp kết quả xếp loại of a committee's subtree for one period."""

    letterhead: Letterhead
    title: str
    subtitle: str
    period: PeriodInfo
    root_code: str
    root_name: str
    member_levels: tuple[tuple[str, str], ...]
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    unit_levels: tuple[UnitLevelCount, ...]
    units_unrated: int
    signature: Signature
    nodes: tuple[Node, ...]
    note: str = ""
    pools: tuple[PoolLine, ...] = ()

    def for_print(self, limit: int = PRINT_ROWS) -> CommitteeSummary:
        """The summary with at most ``limit`` unit rows: the deepest levels are left out first (their figures stay
        in the subtotals of the đảng bộ above and in the totals). A printed province of 5,000 cells would be 200
        pages and minutes of layout; the workbook and the screen keep every unit."""
        rows, depth = self.rows, max((row.depth for row in self.rows), default=0)
        while len(rows) > limit and depth > 1:
            depth -= 1
            rows = tuple(row for row in self.rows if row.depth <= depth)
        if len(self.rows) <= limit:
            return self
        full = "Danh sách đủ từng tổ chức: bảng tính Excel hoặc trang tổng hợp trên màn hình."
        if len(rows) > limit:
            note = (f"Bản in liệt kê {limit}/{len(self.rows)} tổ chức đầu tiên; dòng Tổng cộng tính đủ mọi tổ chức. "
                    + full)
        else:
            note = (f"Bản in liệt kê {len(rows)}/{len(self.rows)} tổ chức (đến cấp thứ {depth} dưới {self.root_name}); "
                    f"số liệu của các tổ chức cấp dưới đã cộng vào dòng của đảng bộ cấp trên. {full}")
        return replace(self, rows=rows[:limit], note=note)


def subtree(root: Organization) -> list[Node]:
    """The unit and everything below it in tree order (siblings by position, then name): one query, plain rows."""
    return [Node(row.pk, row.code, row.name, row.kind, row.kind in CELL_KINDS, row.depth, row.path)
            for row in tree.subtree_rows(root.pk)]


def chunks(ids: Sequence[int], size: int = IN_CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


_GROUPED = (
    f"SELECT unit_id, result_status, {FINAL_LEVEL_SQL}, COUNT(*) "
    "FROM reviews_memberreview WHERE period_id = %s{units} GROUP BY unit_id, result_status, "
    f"{FINAL_LEVEL_SQL}"
)


def member_counts(period: ReviewPeriod, ids: list[int], whole_period: bool) -> dict[int, dict[str, int]]:
    """Counts per unit: status keys and level codes (rated only), grouped in SQL (plain rows, no model layer:
    a province is some 20,000 grouped rows).

    For the period's own committee (`whole_period`) the queries need no list of unit ids: everything of the period
    is inside its subtree, and members of units elsewhere are dropped here, not sent as thousands of parameters.
    """
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        for part in ([None] if whole_period else chunks(ids)):
            units = "" if part is None else f" AND unit_id IN ({', '.join(['%s'] * len(part))})"
            cursor.execute(_GROUPED.format(units=units), [period.pk, *(part or [])])
            for unit_id, status, final, n in cursor.fetchall():
                key = STATUS_KEYS.get(status, "pending")
                counts[unit_id][key] += n
                if key == "rated":
                    counts[unit_id][final] += n
    _add_unopened(period, ids, counts, whole_period)
    return counts


def _add_unopened(period: ReviewPeriod, ids: list[int], counts, whole_period: bool) -> None:
    """Cells whose roster is not opened yet: their members count as pending (or exempt)."""
    inside, opened = set(ids), set(counts)
    parts = [None] if whole_period else chunks([pk for pk in ids if pk not in opened])
    for part in parts:
        # Whole period: every unit's members counted in one grouped scan; the opened units are dropped below
        # (cheaper than an anti-join of every member against the period's reviews).
        members = (Member.objects.filter(active=True, admitted_on__lte=period.review_date)
                   if part is None else unopened_members(period, part))
        for row in members.values("unit_id").annotate(n=Count("id"), ex=Count("id", filter=Q(exempt=True))):
            if row["unit_id"] in inside and row["unit_id"] not in opened:
                counts[row["unit_id"]]["exempt"] += row["ex"]
                counts[row["unit_id"]]["pending"] += row["n"] - row["ex"]


def unit_levels(period: ReviewPeriod, ids: list[int], whole_period: bool = False) -> dict[int, tuple[str, bool]]:
    found: dict[int, tuple[str, bool]] = {}
    inside = set(ids)
    for part in ([None] if whole_period else chunks(ids)):
        qs = UnitReview.objects.filter(period=period)
        qs = qs if part is None else qs.filter(unit_id__in=part)
        for unit_id, level, decided in qs.values_list("unit_id", "level", "decided_level"):
            if unit_id in inside:
                found[unit_id] = (decided or level, bool(decided))
    return found


def subtree_totals(nodes: list[Node], counts: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
    """Each unit's counts summed over its subtree: children before parents (reverse tree order), each unit
    adding its total into its parent's once."""
    totals: dict[int, dict[str, int]] = {node.pk: defaultdict(int, counts.get(node.pk, {})) for node in nodes}
    for node in reversed(nodes):
        if len(node.path) > 1 and node.path[-2] in totals:
            parent = totals[node.path[-2]]
            for key, value in totals[node.pk].items():
                parent[key] += value
    return totals


def summary_row(node: Node, figures: dict[str, int], levels: tuple[str, ...], level: tuple[str, bool],
                group: bool) -> SummaryRow:
    rated = figures.get("rated", 0)
    cells = tuple(LevelCell(figures.get(code, 0), rated) for code in levels)
    keys = ("rated", "not_rated", "exempt", "waiting", "pending")
    return SummaryRow(depth=node.depth, code=node.code, name=node.name, group=group,
                      members=sum(figures.get(key, 0) for key in keys), rated=rated,
                      not_rated=figures.get("not_rated", 0), exempt=figures.get("exempt", 0),
                      waiting=figures.get("waiting", 0), pending=figures.get("pending", 0), levels=cells,
                      unit_level=vi.short_level(level[0]) if level[0] else "", unit_level_decided=level[1])


def count_unit_levels(nodes: list[Node], levels: dict[int, tuple[str, bool]],
                      codes: tuple[str, ...]) -> tuple[tuple[UnitLevelCount, ...], int]:
    """Units below the root by their level (recognised, else proposed), and how many have none yet."""
    found = [levels.get(node.pk, ("", False))[0] for node in nodes[1:]]
    rated = sum(1 for level in found if level)
    counted = tuple(UnitLevelCount(code, vi.org_level(code), found.count(code),
                                   Fraction(found.count(code), rated) if rated else None,
                                   vi.share(found.count(code), rated)) for code in codes)
    return counted, len(found) - rated


def committee_summary(period: ReviewPeriod, root: Organization, today: date,
                      with_pools: bool = False) -> CommitteeSummary:
    """``with_pools``: also the QĐ 366 pools of a deciding committee (the printed summary and the workbook); they
    cost one grouped count over the period, so the screens that only need the figures leave them out."""
    info, nodes = period_info(period), subtree(root)
    ids = [node.pk for node in nodes]
    whole = root.pk == period.committee_id
    counts = member_counts(period, ids, whole_period=whole)
    totals, levels = subtree_totals(nodes, counts), unit_levels(period, ids, whole_period=whole)
    rows = [summary_row(n, totals[n.pk], info.member_levels, levels.get(n.pk, ("", False)), group=not n.is_cell)
            for n in nodes[1:]] or [summary_row(nodes[0], totals[root.pk], info.member_levels,
                                                levels.get(root.pk, ("", False)), group=False)]
    unit_counts, unrated = count_unit_levels(nodes, levels, info.org_levels)
    return CommitteeSummary(
        letterhead=letterhead(root, parent_of(root), day=today, year=info.year, number=number_line(root, "BC")),
        title="BÁO CÁO TỔNG HỢP",
        subtitle=f"kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {info.year}",
        period=info, root_code=root.code, root_name=root.name,
        member_levels=tuple((code, vi.short_level(code)) for code in info.member_levels), rows=tuple(rows),
        total=summary_row(nodes[0], totals[root.pk], info.member_levels, levels.get(root.pk, ("", False)), True),
        unit_levels=unit_counts, units_unrated=unrated, signature=signature(root, today), nodes=tuple(nodes),
        pools=pool_lines(period, root) if with_pools else (),
    )
