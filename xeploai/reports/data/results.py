"""The cell's result list (members by level, with counts and percentages) and its dossier checklist (HD 43 form 04).

Percentages are of the members classified (exempt, new and undecided members are listed apart and not counted),
as the summary upward counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from xeploai.reviews.records import ResultStatus, UnitStatus

from .. import vi
from .cell import CellSource, LevelCount, level_counts
from .common import Letterhead, Signature
from .roster import RosterEntry

PAPERS = (
    ("paper_self_review", "Bản tự kiểm điểm"),
    ("paper_residence_comment", "Nhận xét nơi cư trú"),
    ("paper_cv_supplement", "Phiếu bổ sung lý lịch"),
    ("paper_asset_declaration", "Kê khai tài sản, thu nhập"),
)
LEADERS_ONLY = "paper_asset_declaration"  # QĐ 366 Điều 17: only leaders declare their assets


@dataclass(frozen=True)
class ResultLine:
    number: int
    name: str
    status: str
    posts: str
    note: str


@dataclass(frozen=True)
class ResultGroup:
    code: str
    title: str
    count: int
    percent: str
    lines: tuple[ResultLine, ...]


@dataclass(frozen=True)
class CellResults:
    """Danh sách kết quả xếp loại: one group per level, then the members not classified and why."""

    letterhead: Letterhead
    title: str
    subtitle: str
    unit_name: str
    reviewed: int
    rated: int
    levels: tuple[LevelCount, ...]
    groups: tuple[ResultGroup, ...]
    others: tuple[ResultGroup, ...]
    recognised: bool
    signature: Signature


def _line(number: int, entry: RosterEntry, source: CellSource) -> ResultLine:
    on = source.on
    posts = ", ".join(post.get_title_display() for post in entry.posts(on))
    job = entry.member.job_title
    return ResultLine(number, entry.member.full_name, "Chính thức" if entry.is_official(on) else "Dự bị",
                      "; ".join(part for part in (posts, job) if part), "; ".join(entry.change_notes()))


def _group(code: str, title: str, entries: list[RosterEntry], source: CellSource, rated: int) -> ResultGroup:
    lines = tuple(_line(i, e, source) for i, e in enumerate(entries, start=1))
    return ResultGroup(code, title, len(entries), vi.share(len(entries), rated) if code in source.period.member_levels
                       else "", lines)


def _not_classified(source: CellSource) -> list[tuple[str, str, list[RosterEntry]]]:
    months, on, reviewed = source.period.new_member_months, source.on, source.reviewed()
    new = [e for e in reviewed if e.status != ResultStatus.RATED and e.is_new(on, months)]
    waiting = [e for e in reviewed if e.status == ResultStatus.NEEDS_DECISION]
    pending = [e for e in reviewed if e.status == ResultStatus.PENDING and e not in new]
    exempt = [e for e in source.roster if e.exempt]
    return [("not_rated", f"Chưa xếp loại (kết nạp chưa đủ {months} tháng)", new),
            ("needs_decision", "Chờ cấp có thẩm quyền quyết định", waiting),
            ("pending", "Chưa có kết quả", pending),
            ("exempt", "Miễn công tác và sinh hoạt đảng (không kiểm điểm, không xếp loại)", exempt)]


def cell_results(source: CellSource) -> CellResults:
    info = source.period
    rated = [e for e in source.reviewed() if e.status == ResultStatus.RATED]
    groups = tuple(_group(code, vi.member_level(code), [e for e in rated if e.level == code], source, len(rated))
                   for code in info.member_levels)
    others = tuple(_group(code, title, entries, source, len(rated))
                   for code, title, entries in _not_classified(source) if entries)
    review = source.unit_review
    return CellResults(
        letterhead=source.head("DS", source.meeting_date),
        title="DANH SÁCH", subtitle=f"kết quả xếp loại chất lượng đảng viên năm {info.year}",
        unit_name=source.unit.name,
        reviewed=len(source.reviewed()), rated=len(rated),
        levels=level_counts(info.member_levels, [e.level for e in rated], len(rated)), groups=groups, others=others,
        recognised=bool(review and review.status == UnitStatus.RECOGNISED), signature=source.signature,
    )


# Dossier checklist (form 04) ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperRow:
    number: int
    name: str
    leader: bool
    papers: tuple[bool | None, ...]  # None: not required of this member
    complete: bool


@dataclass(frozen=True)
class DossierChecklist:
    """Danh mục hồ sơ (HD 43 form 04): the unit's own papers, then which papers each member has handed in."""

    letterhead: Letterhead
    title: str
    subtitle: str
    unit_name: str
    unit_papers: tuple[tuple[str, bool], ...]
    paper_titles: tuple[str, ...]
    rows: tuple[PaperRow, ...]
    totals: tuple[str, ...]
    complete: int
    signature: Signature


def _paper_row(number: int, entry: RosterEntry, source: CellSource) -> PaperRow:
    leader, review = entry.is_leader(source.on), entry.review
    papers = tuple(None if field == LEADERS_ONLY and not leader else bool(review and getattr(review, field))
                   for field, _ in PAPERS)
    return PaperRow(number, entry.member.full_name, leader, papers, all(p is not False for p in papers))


def _unit_papers(source: CellSource) -> tuple[tuple[str, bool], ...]:
    review, members = source.unit_review, source.reviewed()
    rated = bool(members) and all(e.status in (ResultStatus.RATED, ResultStatus.NOT_RATED) for e in members)
    return (
        ("Báo cáo kiểm điểm tập thể, tự chấm điểm và đề xuất mức xếp loại (mẫu 01)",
         bool(review and (review.self_score is not None or review.proposed_level))),
        ("Biên bản kiểm phiếu đánh giá, xếp loại đảng viên", bool(review and review.tallied_at)),
        ("Danh sách kết quả xếp loại đảng viên", rated),
    )


def dossier_checklist(source: CellSource) -> DossierChecklist:
    rows = tuple(_paper_row(i, e, source) for i, e in enumerate(source.reviewed(), start=1))
    totals = tuple(f"{sum(1 for r in rows if r.papers[i])}/{sum(1 for r in rows if r.papers[i] is not None)}"
                   for i in range(len(PAPERS)))
    return DossierChecklist(
        letterhead=source.head("", None), unit_name=source.unit.name,
        title="DANH MỤC HỒ SƠ",
        subtitle=f"kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {source.period.year}",
        unit_papers=_unit_papers(source), paper_titles=tuple(title for _, title in PAPERS), rows=rows,
        totals=totals, complete=sum(1 for r in rows if r.complete), signature=source.signature,
    )
