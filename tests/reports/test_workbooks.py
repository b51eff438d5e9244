"""The summary workbook and its detail sheet, opened with openpyxl: rows, totals, formats, the formula guard."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook, load_workbook

from tests.reports.conftest import open_workbook
from xeploai.reports import catalog, documents, xlsx
from xeploai.reports.data.detail import DetailRow
from xeploai.reviews.records import MemberReview

TODAY = date(2014, 12, 1)
HYPERLINK = "=HYPERLINK(\"http://x.invalid\")"


def workbook(kind: str, period, unit):
    target = io.BytesIO()
    documents.write(catalog.BY_KEY[kind], "xlsx", period, unit, target, documents.Options(today=TODAY))
    return open_workbook(target.getvalue())


def test_the_summary_sheet_has_a_row_per_unit_and_the_totals(vote_scene):
    book = workbook("summary", vote_scene.period, vote_scene.tree.committee)
    assert book.sheetnames == ["Tổng hợp", "Xếp loại tổ chức", "Chi tiết đảng viên"]
    sheet = book["Tổng hợp"]
    assert sheet.freeze_panes == "C6"
    assert sheet["A4"].value == "TT" and sheet["B4"].value == "Tổ chức đảng" and sheet["J4"].value == "HTXS"
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert [row[1] for row in rows] == ["Chi bộ A", "Chi bộ B", "Tổng cộng"]
    cell_a = rows[0]
    assert cell_a[3:9] == (8, 7, 1, 0, 0, 0)  # members, rated, new, exempt, waiting, pending
    assert cell_a[11] == 5 and abs(cell_a[12] - 5 / 7) < 1e-9  # HTT count and share of the rated
    assert rows[-1][3] == sum(row[3] for row in rows[:-1])
    assert sheet.cell(row=6, column=13).number_format == "0.00%"
    assert {sheet["B6"].font.name, sheet["D6"].font.name, sheet["M6"].font.name} == {"Times New Roman"}


def test_the_detail_sheet_lists_every_member_of_the_subtree(vote_scene):
    sheet = workbook("summary", vote_scene.period, vote_scene.tree.committee)["Chi tiết đảng viên"]
    assert sheet.freeze_panes == "A3"
    assert sheet["C2"].value == "Họ và tên" and sheet["D2"].value == "Chính thức / dự bị"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == MemberReview.objects.filter(period=vote_scene.period).count() + 1  # + Chi bộ B, not opened
    by_name = {row[2]: row for row in rows}
    assert by_name["Vũ Minh Khôi"][1:6] == ("Chi bộ A", "Vũ Minh Khôi", "Dự bị", "HTT", "Hoàn thành tốt nhiệm vụ")
    assert by_name["Hoàng Thị Yến"][5].startswith("Chưa xếp loại")
    assert "Vượt chỉ tiêu" in by_name["Nguyễn Văn Ánh"][7] or "chỉ tiêu" in by_name["Nguyễn Văn Ánh"][7]
    assert by_name["Lê Văn Cường"][1] == "Chi bộ B" and by_name["Lê Văn Cường"][5] == "Chưa có kết quả"


def test_a_name_starting_with_equals_stays_text(vote_scene):
    sheet = workbook("summary", vote_scene.period, vote_scene.tree.committee)["Chi tiết đảng viên"]
    cell = next(row[2] for row in sheet.iter_rows(min_row=3) if row[2].value == HYPERLINK)
    assert cell.data_type == "s"


def test_the_guard_keeps_every_dangerous_start_as_text():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    values = ["=1+2", "+1", "-1", "@SUM(A1)", "#N/A", "ổn\x07định", 5]
    sheet.append([xlsx.guard(sheet, value) for value in values])
    target = io.BytesIO()
    book.save(target)
    cells = next(load_workbook(io.BytesIO(target.getvalue()))["x"].iter_rows())
    assert [c.value for c in cells] == ["=1+2", "+1", "-1", "@SUM(A1)", "#N/A", "ổnđịnh", 5]
    assert [c.data_type for c in cells] == ["s"] * 6 + ["n"]


def test_the_cells_result_list_is_also_a_workbook(vote_scene):
    sheet = workbook("cell_results", vote_scene.period, vote_scene.cell)["Chi tiết đảng viên"]
    names = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(names) == 8 and "Trần Thị Bích" in names and "Lê Văn Cường" not in names


def test_the_detail_sheet_streams_many_rows():
    rows = (DetailRow("Chi bộ số 1", f"Nguyễn Văn {n}", n % 7 != 0, "htt", "Hoàn thành tốt nhiệm vụ", True, "")
            for n in range(20_000))
    target = io.BytesIO()
    assert xlsx.detail_workbook("Thử", rows, target) == 20_000
    sheet = load_workbook(io.BytesIO(target.getvalue()), read_only=True)["Chi tiết đảng viên"]
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 20_002
