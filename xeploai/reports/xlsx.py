"""Workbooks of the committee's summary and of one row per member, for the committee offices (openpyxl).

The workbook is write-only: rows go to temporary files as they come, so the detail sheet of a province (150,000
members) streams without holding it in memory. Every text cell goes through `guard`: text from users (a name
starting with "=", "+", "-" or "@") stays text and never becomes a formula (as pretix's safe_openpyxl does).
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from dataclasses import replace
from fractions import Fraction
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .data.detail import DetailRow
from .data.summary import CommitteeSummary, SummaryRow

FORMULA_STARTS = ("=", "+", "-", "@")
FONT = "Times New Roman"
PLAIN = Font(name=FONT, size=11)
BOLD = Font(name=FONT, size=11, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
PERCENT = "0.00%"
COUNT = "#,##0"
STYLES: dict[str, dict[str, Any]] = {
    "bold": {"font": BOLD},
    "title": {"font": Font(name=FONT, bold=True, size=14)},
    "head": {"font": BOLD, "alignment": WRAP, "fill": HEAD_FILL},
    "bold_count": {"font": BOLD, "number_format": COUNT},
    "percent": {"font": PLAIN, "number_format": PERCENT},
    "bold_percent": {"font": BOLD, "number_format": PERCENT},
}
DETAIL_HEADERS = ("TT", "Tổ chức đảng", "Họ và tên", "Chính thức / dự bị", "Mức", "Kết quả xếp loại",
                  "Đã công nhận", "Lý do, căn cứ")
DETAIL_WIDTHS = (7, 45, 28, 14, 9, 34, 12, 90)


def _style_array(ws: WriteOnlyWorksheet, key: str):
    """The workbook's registered style for ``key``, made once per workbook and then copied to each cell.

    Setting fonts and formats cell by cell makes openpyxl hash and look up every style object again, which costs
    more than writing the cell; a copied style array costs nothing.
    """
    cache = ws.parent.__dict__.setdefault("_xl_styles", {})
    if key not in cache:
        prototype = WriteOnlyCell(ws)
        for name, setting in STYLES[key].items():
            setattr(prototype, name, setting)
        cache[key] = prototype._style
    return cache[key]


def guard(ws: WriteOnlyWorksheet, value: Any, style: str | None = None) -> Any:
    """``value`` as a cell: text is always text (never a formula or an error code); a named style if given.

    Plain values pass through as they are (the fast path of write-only sheets) unless they need the guard.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        risky = value.startswith(FORMULA_STARTS) or value in ERROR_CODES
    else:
        risky = False
    if not (risky or style):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if risky:
        cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error
    if style:
        cell._style = copy(_style_array(ws, style))
    return cell


def new_workbook() -> Workbook:
    """A write-only workbook whose default font (of every unstyled cell) is Times New Roman."""
    wb = Workbook(write_only=True)
    wb._fonts = IndexedList([PLAIN])  # font 0 is the one of the "Normal" style and of unstyled cells
    return wb


def _row(ws: WriteOnlyWorksheet, values: Iterable[Any], style: str | None = None) -> list[Any]:
    return [guard(ws, value, style) for value in values]


def _widths(ws: WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _count(ws: WriteOnlyWorksheet, value: int, bold: bool = False) -> Any:
    """A count: plain (the default format shows whole numbers) unless bold (a đảng bộ's or the total row)."""
    return guard(ws, value, "bold_count") if bold else value


def _percent(ws: WriteOnlyWorksheet, value: Fraction | None, bold: bool = False) -> Any:
    if value is None:
        return None
    return guard(ws, float(value), "bold_percent" if bold else "percent")


def summary_headers(doc: CommitteeSummary) -> tuple[list[str], list[str]]:
    """Two header rows: the groups, then the columns (write-only sheets cannot merge cells)."""
    first = ["TT", "Tổ chức đảng", "Cấp", "Tổng số đảng viên", "Đã xếp loại", "Chưa xếp loại", "", "", ""]
    second = ["", "", "", "", "", "Mới vào Đảng", "Miễn sinh hoạt", "Chờ quyết định", "Chưa có kết quả"]
    for _, short in doc.member_levels:
        first += [short, ""]
        second += ["Số lượng", "Tỷ lệ"]
    return [*first, "Xếp loại tổ chức"], [*second, ""]


def summary_values(ws: WriteOnlyWorksheet, number: int | str, row: SummaryRow, bold: bool) -> list[Any]:
    font = "bold" if bold else None
    values = [guard(ws, number, font), guard(ws, row.name, font), guard(ws, row.depth, font),
              *(_count(ws, value, bold) for value in (row.members, row.rated, row.not_rated, row.exempt,
                                                      row.waiting, row.pending))]
    for cell in row.levels:
        values += [_count(ws, cell.count, bold), _percent(ws, cell.share, bold)]
    return [*values, guard(ws, row.unit_level + ("" if row.unit_level_decided or not row.unit_level else "*"), font)]


def write_summary_sheet(wb: Workbook, doc: CommitteeSummary) -> None:
    ws = wb.create_sheet("Tổng hợp")
    first, second = summary_headers(doc)
    _widths(ws, [6, 48, 6, 11, 11, 10, 10, 10, 10] + [9, 9] * len(doc.member_levels) + [14])
    ws.freeze_panes = "C6"
    ws.append(_row(ws, [f"{doc.title} {doc.subtitle}".upper()], "title"))
    ws.append(_row(ws, [doc.root_name], "bold"))
    ws.append(_row(ws, [f"Kế hoạch số {doc.period.plan_number}; bộ quy tắc: {doc.period.ruleset_name}. "
                        "Tỷ lệ tính trên số đảng viên đã xếp loại; dòng in đậm là đảng bộ (cộng cả cấp dưới)."]))
    ws.append(_row(ws, first, "head"))
    ws.append(_row(ws, second, "head"))
    for number, row in enumerate(doc.rows, start=1):
        ws.append(summary_values(ws, number, row, row.group))
    ws.append(summary_values(ws, "", replace(doc.total, name="Tổng cộng"), True))


def write_unit_levels_sheet(wb: Workbook, doc: CommitteeSummary) -> None:
    ws = wb.create_sheet("Xếp loại tổ chức")
    _widths(ws, (40, 14, 14))
    ws.freeze_panes = "A3"
    ws.append(_row(ws, [f"Kết quả xếp loại tổ chức đảng trực thuộc {doc.root_name} năm {doc.period.year}"], "bold"))
    ws.append(_row(ws, ["Mức xếp loại", "Số tổ chức", "Tỷ lệ"], "head"))
    for level in doc.unit_levels:
        ws.append([guard(ws, level.label), _count(ws, level.count), _percent(ws, level.share)])
    ws.append([guard(ws, "Chưa xếp loại"), _count(ws, doc.units_unrated), None])


def write_pools_sheet(wb: Workbook, doc: CommitteeSummary) -> None:
    """QĐ 366 Điều 11 k.1.5: each pool's allowed and kept, and the committee's changes to the proposal."""
    if not doc.pools:
        return
    ws = wb.create_sheet("Chỉ tiêu HTXS theo nhóm")
    _widths(ws, (44, 10, 14, 34, 12, 12, 14))
    ws.freeze_panes = "A3"
    ws.append(_row(ws, [f"Chỉ tiêu HTXS đảng viên theo nhóm đối tượng – {doc.root_name} năm {doc.period.year}"],
                   "bold"))
    ws.append(_row(ws, ["Nhóm", "HTT", "Đề nghị HTXS", "Chỉ tiêu", "Giữ HTXS", "Chuyển HTT", "Chưa quyết định"],
                   "head"))
    for pool in doc.pools:
        name = f"{pool.code}: {pool.name}" + (" (xuất sắc)" if pool.outstanding else "")
        ws.append([guard(ws, name), _count(ws, pool.at_htt), _count(ws, pool.candidates), guard(ws, pool.sentence),
                   _count(ws, pool.kept), _count(ws, pool.dropped), _count(ws, pool.undecided)])
    changes = [(pool.code, change) for pool in doc.pools for change in pool.changes]
    if changes:
        ws.append([])
        ws.append(_row(ws, ["Quyết định khác đề xuất của chương trình"], "bold"))
        ws.append(_row(ws, ["Nhóm", "Họ và tên", "Chi bộ", "Quyết định", "Lý do"], "head"))
        for code, change in changes:
            ws.append(_row(ws, [code, change.name, change.unit, "Giữ HTXS" if change.kept else "Chuyển HTT",
                                change.note]))


def write_detail_sheet(wb: Workbook, title: str, rows: Iterable[DetailRow]) -> int:
    """One row per member, streamed; returns the number of members written."""
    ws = wb.create_sheet("Chi tiết đảng viên")
    _widths(ws, DETAIL_WIDTHS)
    ws.freeze_panes = "A3"
    ws.append(_row(ws, [title], "bold"))
    ws.append(_row(ws, DETAIL_HEADERS, "head"))
    count = 0
    for count, row in enumerate(rows, start=1):
        ws.append(_row(ws, (count, row.unit, row.name, row.status, row.level_short, row.result,
                            "Có" if row.decided else "", row.reasons)))
    return count


def summary_workbook(doc: CommitteeSummary, rows: Iterable[DetailRow], target: IO[bytes] | str) -> int:
    """The committee's summary, the units per level and the detail sheet; returns the members written."""
    wb = new_workbook()
    write_summary_sheet(wb, doc)
    write_unit_levels_sheet(wb, doc)
    write_pools_sheet(wb, doc)
    written = write_detail_sheet(wb, f"Danh sách đảng viên và kết quả xếp loại năm {doc.period.year} – "
                                     f"{doc.root_name}", rows)
    wb.save(target)
    return written


def detail_workbook(title: str, rows: Iterable[DetailRow], target: IO[bytes] | str) -> int:
    """The detail sheet alone (the cell's result list as a workbook)."""
    wb = new_workbook()
    written = write_detail_sheet(wb, title, rows)
    wb.save(target)
    return written
