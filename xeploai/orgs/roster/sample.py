"""The sample roster workbook shipped in fixtures/ (invented people): a tree sheet and a roster sheet laid out as
committees keep them (a title above the table, dates as date cells, card numbers as text).

Regenerate with ``python manage.py sample_roster``; a test checks the committed file still matches this code and
imports cleanly into the demo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

COMMITTEE = "dbk-dan-chinh-dang-tp"  # the demo's upper committee, where the sample's đảng bộ is added
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý")
MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh")
MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim")
GIVEN_M = ("An", "Bảo", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Khoa", "Lâm", "Nghĩa", "Phúc", "Quân", "Sơn", "Tâm",
           "Thắng", "Vinh")
GIVEN_F = ("Ánh", "Bích", "Chi", "Diễm", "Hà", "Hằng", "Lan", "Linh", "Mai", "Ngân", "Oanh", "Phương", "Quyên",
           "Thảo", "Uyên", "Yến")
COMMITTEE_ROW = ("Đảng bộ Sở Tư pháp", "db-so-tu-phap", "Đảng bộ cơ sở", "Đảng bộ Khối Dân – Chính – Đảng thành phố",
                 "Đảng ủy Sở Tư pháp", "TP. Hồ Chí Minh", 10)
CELLS = (
    ("Chi bộ Văn phòng", "cb-stp-van-phong", "Chi bộ trực thuộc", "db-so-tu-phap", "", "TP. Hồ Chí Minh", 1),
    ("Chi bộ Phòng Hành chính tư pháp", "cb-stp-hanh-chinh", "Chi bộ trực thuộc", "db-so-tu-phap",
     "Chi bộ Phòng HCTP", "TP. Hồ Chí Minh", 2),
    ("Chi bộ Phòng Bổ trợ tư pháp", "cb-stp-bo-tro", "Chi bộ trực thuộc", "db-so-tu-phap", "Chi bộ Phòng BTTP",
     "TP. Hồ Chí Minh", 3),
)
PER_CELL = 12
TREE_HEADERS = ("Tên tổ chức", "Mã", "Loại tổ chức", "Trực thuộc", "Tên viết tắt", "Địa danh", "Thứ tự")
ROSTER_HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức",
                  "Số thẻ đảng viên", "Đảng bộ", "Chi bộ", "Chức vụ đảng", "Chức vụ chính quyền",
                  "Đối tượng 2A/2B/2C", "Công chức", "Miễn sinh hoạt", "Ghi chú")


def members() -> list[tuple]:
    """The invented members, one tuple per roster row (after STT), deterministic."""
    rows = []
    n = 0
    for cell_index, cell in enumerate(CELLS):
        for i in range(PER_CELL):
            n += 1
            female = (n * 7) % 3 == 0
            family = FAMILY[(n * 5) % len(FAMILY)]
            middle = (MIDDLE_F if female else MIDDLE_M)[(n * 3) % 6]
            given = (GIVEN_F if female else GIVEN_M)[(n * 11) % 16]
            born = date(1965 + (n * 7) % 33, 1 + (n * 5) % 12, 1 + (n * 13) % 28)
            admitted = date(born.year + 22 + n % 9, 1 + (n * 7) % 12, 1 + (n * 3) % 28)
            probationary = n % 17 == 0
            official = None if probationary else date(admitted.year + 1, admitted.month, admitted.day)
            if probationary:
                admitted = date(2026, 3, 19)
                official = None
            post = {0: "Bí thư", 1: "Phó Bí thư", 2: "Chi ủy viên"}.get(i, "")
            job = {0: "Chánh Văn phòng" if cell_index == 0 else "Trưởng phòng", 1: "Phó Trưởng phòng"}.get(
                i, "Chuyên viên" if i % 4 else "Chuyên viên chính")
            category = "2A" if i < 2 else ("2C" if i == PER_CELL - 1 else "2B")
            if category == "2C":
                job = "Nghỉ hưu"
            exempt = "x" if i == PER_CELL - 1 and cell_index == 0 else ""
            rows.append((f"{family} {middle} {given}", born, "Nữ" if female else "Nam", admitted, official,
                         f"38.{500100 + n * 37:06d}", "Đảng bộ Sở Tư pháp", cell[0], post, job, category,
                         "" if category == "2C" else "x", exempt, ""))
    return rows


def build(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    tree = book.active
    tree.title = "Tổ chức"
    tree.append(["CÂY TỔ CHỨC ĐẢNG BỘ SỞ TƯ PHÁP (dữ liệu mẫu, đơn vị hư cấu)"])
    tree.append([])
    tree.append(list(TREE_HEADERS))
    tree.append(list(COMMITTEE_ROW))
    for row in CELLS:
        tree.append(list(row))
    roster = book.create_sheet("Đảng viên")
    roster.append(["DANH SÁCH ĐẢNG VIÊN (dữ liệu mẫu, người hư cấu)"])
    roster.append([])
    roster.append(list(ROSTER_HEADERS))
    for index, row in enumerate(members(), start=1):
        roster.append([index, *row])
        excel_row = roster.max_row
        for column in ("C", "E", "F"):
            roster[f"{column}{excel_row}"].number_format = "dd/mm/yyyy"
        roster[f"G{excel_row}"].number_format = "@"
    for sheet in (tree, roster):
        sheet["A1"].font = Font(bold=True, size=13)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = max(8, min(40, max(len(str(c.value or "")) for c in column[2:])
                                                                + 2))
    book.properties.creator = "Xếp loại"
    book.save(path)
    return path
