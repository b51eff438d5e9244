"""The cell's meeting papers: blank ballots, the tally minutes, the result list and the dossier checklist (form 04).

Each builder reads the cell once (`CellSource`: period, unit, the unit above, the unit's review, the roster and the
secretary: seven queries whatever the size of the cell) and returns a frozen object that the PDF, the workbook and
the HTML preview only lay out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from xeploai.orgs.models import Organization
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import ResultStatus, UnitReview

from .. import vi
from .common import Letterhead, PeriodInfo, Signature, letterhead, number_line, parent_of, period_info, signature
from .roster import RosterEntry, load_roster, load_unit_review


@dataclass(frozen=True)
class CellSource:
    """Everything a cell document needs, read once."""

    period: PeriodInfo
    unit: Organization
    parent: Organization | None
    unit_review: UnitReview | None
    roster: list[RosterEntry]
    signature: Signature

    @property
    def on(self) -> date:
        return self.period.review_date

    @property
    def meeting_date(self) -> date | None:
        return self.unit_review.meeting_date if self.unit_review else None

    def head(self, kind: str, day: date | None, number: str = "") -> Letterhead:
        line = number_line(self.unit, kind, number) if kind else ""
        return letterhead(self.unit, self.parent, day=day, year=self.period.year, number=line)

    def reviewed(self) -> list[RosterEntry]:
        """Members reviewed in the period (exempt members are not reviewed and not counted: DOMAIN §3.1)."""
        return [entry for entry in self.roster if not entry.exempt]

    def voters(self) -> int:
        """The vote base N: the entered number of official members, else the official members not exempt."""
        if self.unit_review and self.unit_review.official_members is not None:
            return self.unit_review.official_members
        return sum(1 for entry in self.reviewed() if entry.is_official(self.on))


def cell_source(period: ReviewPeriod, unit: Organization) -> CellSource:
    info = period_info(period)
    return CellSource(period=info, unit=unit, parent=parent_of(unit), unit_review=load_unit_review(period, unit),
                      roster=load_roster(period, unit), signature=signature(unit, info.review_date))


@dataclass(frozen=True)
class LevelCount:
    code: str
    short: str
    label: str
    count: int
    percent: str


def level_counts(levels: tuple[str, ...], found: list[str], base: int) -> tuple[LevelCount, ...]:
    return tuple(LevelCount(code, vi.short_level(code), vi.member_level(code), found.count(code),
                            vi.share(found.count(code), base)) for code in levels)


# Blank ballots ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotLine:
    number: int
    name: str
    status: str


@dataclass(frozen=True)
class Ballots:
    """Blank ballots: every member to classify with the levels to tick; one ballot per page, ``copies`` of them."""

    letterhead: Letterhead
    title: str
    subtitle: str
    unit_name: str
    levels: tuple[LevelCount, ...]
    lines: tuple[BallotLine, ...]
    copies: int


def ballots(source: CellSource, copies: int | None = None) -> Ballots:
    info, on = source.period, source.on
    to_rate = [e for e in source.reviewed() if not e.is_new(on, info.new_member_months)]
    lines = tuple(BallotLine(i, e.member.full_name, "Chính thức" if e.is_official(on) else "Dự bị")
                  for i, e in enumerate(to_rate, start=1))
    return Ballots(
        letterhead=replace(source.head("", None), place_date=""), unit_name=source.unit.name,
        title="PHIẾU ĐÁNH GIÁ", subtitle=f"xếp loại chất lượng đảng viên năm {info.year}",
        levels=level_counts(info.member_levels, [], 0), lines=lines,
        copies=max(1, copies if copies is not None else source.voters()),
    )


# Tally minutes ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteCell:
    count: int | None
    percent: str


@dataclass(frozen=True)
class TallyRow:
    number: int
    name: str
    official: bool
    votes: tuple[VoteCell, ...]
    result: str
    note: int | None


@dataclass(frozen=True)
class TallyMinutes:
    """Biên bản kiểm phiếu: counts per member and level, % of the vote base N, the result and why it changed."""

    letterhead: Letterhead
    title: str
    subtitle: str
    unit_name: str
    meeting: str
    entitled: int
    present: int | None
    ballots_cast: int | None
    base: int
    levels: tuple[LevelCount, ...]
    rows: tuple[TallyRow, ...]
    notes: tuple[str, ...]
    quota: str
    score_basis: bool
    signature: Signature


def result_words(entry: RosterEntry, months: int, on: date) -> str:
    status = entry.status
    if status == ResultStatus.RATED:
        return vi.short_level(entry.level)
    if status == ResultStatus.NEEDS_DECISION:
        return "Chờ quyết định"
    if entry.is_new(on, months):
        return "Chưa xếp loại"
    return "Chưa có kết quả"


def _vote_cells(entry: RosterEntry, levels: tuple[str, ...], base: int) -> tuple[VoteCell, ...]:
    review = entry.review
    counts = [getattr(review, f"votes_{code}", None) if review else None for code in levels]
    if any(count is not None for count in counts):  # a blank column beside typed ones is none (as the tally form)
        counts = [count or 0 for count in counts]
    return tuple(VoteCell(c, vi.share(c, base) if c is not None else "") for c in counts)


def quota_words(unit_review: UnitReview | None) -> str:
    quota = unit_review.member_quota if unit_review else None
    if not quota:
        return ""
    return (f"Chỉ tiêu {vi.short_level(quota['level'])}: tối đa {quota['allowed']} đồng chí "
            f"(cơ số {quota['base']}); giữ {quota['kept']} đồng chí.")


def tally_minutes(source: CellSource) -> TallyMinutes:
    info, on, base = source.period, source.on, source.voters()
    rows, notes = [], []
    for number, entry in enumerate(source.reviewed(), start=1):
        changes = entry.change_notes()
        if changes:
            notes.append(f"{entry.member.full_name}: " + "; ".join(changes))
        rows.append(TallyRow(number, entry.member.full_name, entry.is_official(on),
                             _vote_cells(entry, info.member_levels, base),
                             result_words(entry, info.new_member_months, on), len(notes) if changes else None))
    review = source.unit_review
    return TallyMinutes(
        letterhead=source.head("BB", source.meeting_date), title="BIÊN BẢN KIỂM PHIẾU",
        subtitle=f"đánh giá, xếp loại chất lượng đảng viên năm {info.year}", unit_name=source.unit.name,
        meeting=vi.date_in_words(source.meeting_date) if source.meeting_date else vi.BLANK_DAY,
        entitled=base, present=review.official_present if review else None,
        ballots_cast=review.ballots_cast if review else None, base=base,
        levels=level_counts(info.member_levels, [e.level for e in source.reviewed() if e.status == "rated"],
                            sum(1 for e in source.reviewed() if e.status == "rated")),
        rows=tuple(rows), notes=tuple(notes), quota=quota_words(review), score_basis=info.score_basis,
        signature=source.signature,
    )
