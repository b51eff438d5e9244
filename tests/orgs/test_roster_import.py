"""Roster and tree import: the command and the browser give the same result from the same file, a dry run and a
preview write nothing, every bad row is reported by row and column, a re-import changes nothing, a changed file
updates and moves members keeping their history, and files that are not rosters are refused with a sentence."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bench.bench_import import name_word
from tests.conftest import make_member
from tests.test_get_never_writes import fingerprint
from xeploai.orgs.models import Member, Organization, Post, RosterImport
from xeploai.orgs.roster import files, sample, services
from xeploai.orgs.roster.columns import guess_field, guess_mapping
from xeploai.orgs.roster.values import ValueProblem, parse_date, parse_posts, restore_zeros

TODAY = date(2026, 12, 7)
ROSTER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ đảng viên",
          "Chi bộ", "Chức vụ đảng", "Đối tượng 2A/2B/2C"]
TREE = ["Tên tổ chức", "Mã", "Loại tổ chức", "Trực thuộc"]


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def roster_rows(n: int, cells=("Chi bộ A", "Chi bộ B"), start: int = 1) -> list[list]:
    rows = [ROSTER]
    for i in range(start, start + n):
        rows.append([i, f"Nguyễn Văn Thử {name_word(i)}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
                     "Nam" if i % 2 else "Nữ", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2005 + i % 15}",
                     f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2006 + i % 15}", f"40.{100000 + i:06d}",
                     cells[i % len(cells)], "", "2B"])
    return rows


def run_cli(path: Path, code: str = "dang-uy", dry: bool = False) -> str:
    out = io.StringIO()
    call_command("import_members", str(path), committee=code, dry_run=dry, stdout=out)
    return out.getvalue()


def dump(committee: Organization) -> dict:
    """The committee's subtree and members as values (no keys), to compare two imports."""
    units = sorted(Organization.objects.filter(code__in=_codes(committee)).values_list(
        "code", "name", "kind", "parent__code"))
    members = sorted(Member.objects.filter(unit__code__in=_codes(committee)).values_list(
        "full_name", "date_of_birth", "gender", "admitted_on", "official_on", "card_number", "unit__code",
        "category", "active"), key=str)
    posts = sorted(Post.objects.filter(member__unit__code__in=_codes(committee)).values_list(
        "member__full_name", "title", "unit__code", "end"), key=str)
    history = sorted(Member.history.filter(unit__code__in=_codes(committee)).values_list(
        "full_name", "history_type", "history_change_reason"), key=str)
    return {"units": units, "members": members, "posts": posts, "history": history}


def _codes(committee: Organization) -> list[str]:
    from xeploai.orgs.tree import subtree_ids

    return list(Organization.objects.filter(pk__in=subtree_ids([committee.pk])).values_list("code", flat=True))


def browser_import(client, path: Path, code: str = "dang-uy", confirm: bool = True):
    with path.open("rb") as handle:
        response = client.post(reverse("roster_import", args=[code]),
                               {"file": SimpleUploadedFile(path.name, handle.read())})
    assert response.status_code == 302, response.content[:500]
    record = RosterImport.objects.latest("pk")
    assert response["Location"] == reverse("roster_import_columns", args=[code, record.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    form = {column["name"]: column["field"] for sheet in page.context["sheets"] for column in sheet["columns"]}
    response = client.post(reverse("roster_import_columns", args=[code, record.pk]), form)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    if confirm and not preview.context["counts"]["errors"]:
        client.post(reverse("roster_import_commit", args=[code, record.pk]),
                    {"xac-nhan": "1", "ma-xem-truoc": preview.context["digest"]})
    return preview


# ——— the file: formats, encodings, refusals ———

def test_headers_are_recognised_whatever_the_case_tones_or_brackets():
    assert guess_field("NGÀY SINH (dd/mm/yyyy)") == "date_of_birth"
    assert guess_field("Ngay vao Dang") == "admitted_on"
    assert guess_field("Đối tượng 2A/2B/2C") == "category"
    assert guess_field("Số thẻ đảng viên") == "card_number"
    assert guess_field(unicodedata.normalize("NFD", "Họ và tên")) == "full_name"
    assert guess_field("STT") is None
    assert guess_mapping(["Họ và tên", "Họ tên", "Chi bộ"]) == ["full_name", "", "unit"]  # a field takes one column


@pytest.mark.parametrize(("value", "expected"), [
    ("03/02/1995", date(1995, 2, 3)), ("3/2/95", date(1995, 2, 3)), ("3/2/05", date(2005, 2, 3)),
    ("03-02-1995", date(1995, 2, 3)), ("03.02.1995", date(1995, 2, 3)), ("1995-02-03", date(1995, 2, 3)),
    (34733, date(1995, 2, 3)), ("34733", date(1995, 2, 3)), (34733.0, date(1995, 2, 3)),
    (datetime(1995, 2, 3, 0, 0), date(1995, 2, 3)), (date(1995, 2, 3), date(1995, 2, 3)), ("", None), (None, None),
])
def test_dates_as_people_and_excel_write_them(value, expected):
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize(("value", "words"), [
    ("31/02/2000", "không có ngày 31"), ("12/13/2000", "tháng 13"), ("1995", "chỉ có năm"),
    ("01/01/2030", "tương lai"), (1995, "chỉ có năm"), ("hôm qua", "không phải ngày"), ("01/01/1850", "năm 1850"),
])
def test_bad_dates_say_what_is_wrong(value, words):
    with pytest.raises(ValueProblem, match=words):
        parse_date(value, TODAY)


def test_posts_and_lost_zeros():
    assert parse_posts("Phó Bí thư chi bộ") == {"pho_bi_thu"}
    assert parse_posts("Bí thư, Chi ủy viên") == {"bi_thu", "cap_uy_vien"}
    with pytest.raises(ValueProblem, match="không nhận ra chức vụ"):
        parse_posts("Giám đốc")
    assert restore_zeros("1.23456", (2, 6)) == "01.234560"
    assert restore_zeros("37.79175", (2, 6)) == "37.791750"
    assert restore_zeros("37.791750", (2, 6)) is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "utf-16"])
def test_csv_in_the_encodings_excel_writes(tmp_path, tree, encoding):
    delimiter = "\t" if encoding == "utf-16" else ";"
    text = "\n".join(delimiter.join(map(str, row)) for row in roster_rows(3))
    path = tmp_path / "ds.csv"
    if encoding == "cp1258":  # Windows-1258 writes Vietnamese decomposed: base letter + combining tone
        path.write_bytes(_windows_1258(text))
    else:
        path.write_bytes(text.encode(encoding))
    sheets = files.read_file(path, path.name)
    mappings = services.mappings_for(tree.committee, sheets)
    plan = services.preview(tree.committee, sheets, mappings, path.name)
    assert not plan.errors, [p.line() for p in plan.errors]
    assert [m.values["full_name"] for m in plan.new_members] == [f"Nguyễn Văn Thử {name_word(i)}" for i in (1, 2, 3)]


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """Text as Windows-1258 holds it: letters with their vowel marks (â ê ô ơ ư ă đ) precomposed, tones apart."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(p for p in parts if p in TONES)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    return path


@pytest.mark.parametrize(("maker", "words"), [
    (lambda p: p.with_suffix(".xlsx").write_bytes(b"%PDF-1.7 not a sheet") and p.with_suffix(".xlsx"),
     "không phải bảng tính"),
    (lambda p: p.with_suffix(".xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
     and p.with_suffix(".xls"), "định dạng cũ"),
    (lambda p: p.with_suffix(".xlsx").write_bytes(b"PK\x03\x04broken") and p.with_suffix(".xlsx"), "bị hỏng"),
    (lambda p: _zip_bomb(p.with_suffix(".xlsx")), "bom"),
    (lambda p: p.with_suffix(".csv").write_bytes(b"") or p.with_suffix(".csv"), "trống"),
])
def test_files_that_are_not_rosters_are_refused_with_a_sentence(tmp_path, maker, words):
    path = maker(tmp_path / "tep")
    with pytest.raises(files.ImportFileError, match=words):
        files.read_file(path, path.name)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    path = tmp_path / "lon.csv"
    path.write_text("Họ và tên;Chi bộ\n" + "Nguyễn Văn A;Chi bộ A\n" * 100, encoding="utf-8")
    with pytest.raises(files.ImportFileError, match="quá lớn"):
        files.read_file(path, path.name)


def test_formulas_are_read_as_saved_values_never_evaluated(tmp_path, tree):
    rows = roster_rows(2)
    rows[1][1] = '=HYPERLINK("http://x","Nguyễn Văn Giả")'  # no cached value: not a name, never computed
    path = write_xlsx(tmp_path / "f.xlsx", {"Đảng viên": rows})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert [(p.row, p.column) for p in plan.errors] == [(2, "Họ và tên")]
    assert "thiếu họ và tên" in plan.errors[0].message


def _read(tree, path: Path):
    sheets = files.read_file(path, path.name)
    return sheets, services.mappings_for(tree.committee, sheets)


# ——— 2,000 rows with 50 bad ones ———

def test_two_thousand_rows_with_fifty_bad_ones_report_every_problem(tmp_path, tree, django_assert_max_num_queries):
    rows = roster_rows(2000)
    expected = {}  # (row in the file, column) → words of the message

    def spoil(i, column, value, words):
        rows[i][ROSTER.index(column)] = value
        expected[(i + 1, column)] = words

    for k in range(5):
        base = 20 + k * 300
        spoil(base + 0, "Ngày sinh", "31/02/1980", "không có ngày 31")
        spoil(base + 1, "Ngày vào Đảng", "", "thiếu ngày vào Đảng")
        spoil(base + 2, "Chi bộ", "Chi bộ Không Có", "không tìm thấy chi bộ")
        spoil(base + 3, "Số thẻ đảng viên", rows[base - 10][6], "trùng với dòng")
        spoil(base + 4, "Số thẻ đảng viên", float("4.1" + str(k)), "mất số 0")
        spoil(base + 5, "Giới tính", "Khác", "giới tính ghi")
        spoil(base + 6, "Đối tượng 2A/2B/2C", "3A", "2A, 2B hoặc 2C")
        spoil(base + 7, "Họ và tên", "Nguyễn Văn 123", "không phải chữ")
        spoil(base + 8, "Ngày chính thức", "01/01/1999", "trước ngày vào Đảng")
        spoil(base + 9, "Chức vụ đảng", "Giám đốc", "không nhận ra chức vụ")
    path = write_xlsx(tmp_path / "2000.xlsx", {"Đảng viên": rows})
    sheets, mappings = _read(tree, path)
    with django_assert_max_num_queries(8):
        plan = services.preview(tree.committee, sheets, mappings, path.name)
    got = {(p.row, p.column): p.message for p in plan.errors}
    assert len(expected) == 50
    assert set(got) == set(expected), sorted(set(got) ^ set(expected))
    for key, words in expected.items():
        assert words in got[key], (key, got[key])
    assert len(plan.new_members) == 2000 - 50
    with pytest.raises(CommandError, match="Có 50 lỗi"):
        run_cli(path)
    assert not Member.objects.filter(card_number__startswith="40.").exists()


# ——— the command and the browser ———

def _tree_and_roster(tmp_path: Path, name: str = "ds.xlsx", roster=None) -> Path:
    tree_rows = [["DANH SÁCH TỔ CHỨC"], [], TREE,
                 ["Đảng bộ bộ phận Phòng 1", "dbbp-phong-1", "Đảng bộ cơ sở", "Đảng bộ cơ quan"],
                 ["Chi bộ Tổ 1", "", "Chi bộ", "dbbp-phong-1"],
                 ["Chi bộ Tổ 2", "", "", "Đảng bộ bộ phận Phòng 1"]]
    roster = roster or roster_rows(30, cells=("Chi bộ A", "Chi bộ B", "Tổ 1", "Chi bộ Tổ 2"))
    roster[1][8] = "Bí thư"
    return write_xlsx(tmp_path / name, {"Tổ chức": tree_rows, "Đảng viên": [["DANH SÁCH"], *roster]})


@pytest.mark.django_db(transaction=False)
def test_the_command_and_the_browser_give_the_same_result(tmp_path, tree, client):
    path = _tree_and_roster(tmp_path)
    with transaction.atomic():
        output = run_cli(path)
        assert "30 đảng viên mới" in output and "3 tổ chức mới" in output
        by_command = dump(tree.committee)
        transaction.set_rollback(True)
    assert not Member.objects.filter(card_number__startswith="40.").exists()
    client.force_login(tree.office)
    browser_import(client, path)
    by_browser = dump(tree.committee)
    assert by_browser["members"] == by_command["members"]
    assert by_browser["units"] == by_command["units"]
    assert by_browser["posts"] == by_command["posts"]
    assert by_browser["history"] == by_command["history"]
    assert ("Nguyễn Văn Thử B", "+", "Nhập từ tệp ds.xlsx, trang «Đảng viên», dòng 3") in by_browser["history"]
    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.COMMITTED and record.result["new_members"] == 30


def test_a_dry_run_and_a_preview_write_nothing(tmp_path, tree, client):
    path = _tree_and_roster(tmp_path)
    before = fingerprint()
    output = run_cli(path, dry=True)
    assert "không ghi gì" in output
    assert fingerprint() == before
    client.force_login(tree.office)
    preview = browser_import(client, path, confirm=False)
    assert preview.context["counts"]["new_members"] == 30
    record = RosterImport.objects.get()
    after_upload = fingerprint()
    for _ in range(2):
        client.get(reverse("roster_import_preview", args=["dang-uy", record.pk]))
        client.get(reverse("roster_import_columns", args=["dang-uy", record.pk]))
    assert fingerprint() == after_upload
    assert not Member.objects.filter(card_number__startswith="40.").exists()


def test_a_reimport_changes_nothing(tmp_path, tree, client):
    path = _tree_and_roster(tmp_path)
    run_cli(path)
    before = fingerprint()
    output = run_cli(path)
    assert "Không có gì để ghi" in output
    assert fingerprint() == before
    client.force_login(tree.office)
    preview = browser_import(client, path, confirm=False)
    assert not preview.context["plan"].has_changes
    assert "Không có gì để ghi" in preview.content.decode()


def test_a_changed_file_updates_moves_and_lists_the_missing_keeping_history(tmp_path, tree):
    run_cli(_tree_and_roster(tmp_path, "v1.xlsx"))
    moved = Member.objects.get(card_number="40.100001")
    assert moved.unit.code == "chi-bo-b"
    assert Post.objects.filter(member=moved, title="bi_thu", end__isnull=True).exists()
    rows = roster_rows(30, cells=("Chi bộ A", "Chi bộ B", "Tổ 1", "Chi bộ Tổ 2"))
    rows[1][7] = "Chi bộ A"  # moves to cell A, no longer secretary
    rows[2][1] = "Nguyễn  Văn  Thử   Cê"  # renamed (spaces collapsed)
    del rows[5]  # one member left out of the file
    run_cli(_tree_and_roster(tmp_path, "v2.xlsx", roster=rows))  # the row-1 "Bí thư" moves with the file's row 1
    moved.refresh_from_db()
    assert moved.unit.code == "chi-bo-a"
    assert [h.unit.code for h in moved.history.order_by("history_date")] == ["chi-bo-b", "chi-bo-a"]
    assert moved.history.latest().history_change_reason == "Nhập từ tệp v2.xlsx, trang «Đảng viên», dòng 3"
    assert Post.objects.get(member=moved, title="bi_thu", unit__code="chi-bo-b").end is not None
    assert Post.objects.filter(member=moved, title="bi_thu", unit__code="chi-bo-a", end__isnull=True).exists()
    assert Member.objects.get(card_number="40.100002").full_name == "Nguyễn Văn Thử Cê"
    left_out = Member.objects.get(card_number="40.100005")
    assert left_out.active
    sheets, mappings = _read(tree, tmp_path / "v2.xlsx")
    plan = services.preview(tree.committee, sheets, mappings, "v2.xlsx")
    # members of the cells in the file that the file leaves out: listed, never deleted
    assert {m.id for m in plan.missing} == {left_out.pk, tree.member_a.pk, tree.member_b.pk}


def test_members_without_card_are_matched_by_name_and_birth_date_in_any_unicode_form(tmp_path, tree):
    existing = make_member(tree.cell_a, "Lê Thị Ánh", date_of_birth=date(1980, 5, 6))
    rows = [ROSTER, [1, unicodedata.normalize("NFD", "LÊ THỊ ÁNH").title(), "06/05/1980", "Nữ", "01/01/2010",
                     "01/01/2011", "", "Chi bộ A", "", "2C"]]
    path = write_xlsx(tmp_path / "nfd.xlsx", {"DS": rows})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert not plan.errors and not plan.new_members
    assert [c.member_id for c in plan.member_changes] == [existing.pk]
    assert plan.member_changes[0].changes["category"] == ("2B", "2C")
    assert any("Unicode tổ hợp" in w.message for w in plan.warnings)


def test_two_rows_that_differ_only_by_unicode_form_are_one_person(tmp_path, tree):
    rows = [ROSTER, [1, "Phạm Thị Hằng", "01/01/1990", "Nữ", "01/01/2015", "", "", "Chi bộ A", "", ""],
            [2, unicodedata.normalize("NFD", "Phạm Thị Hằng"), "01/01/1990", "Nữ", "01/01/2015", "", "", "Chi bộ B",
             "", ""]]
    path = write_xlsx(tmp_path / "dup.xlsx", {"DS": rows})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert [(p.row, p.column) for p in plan.errors] == [(3, "Họ và tên")]
    assert "chỉ khác cách gõ Unicode" in plan.errors[0].message


def test_a_card_of_a_member_outside_the_committee_is_refused(tmp_path, tree):
    make_member(tree.other_cell, "Ngô Văn Ngoài", card_number="40.100001")
    path = write_xlsx(tmp_path / "o.xlsx", {"DS": roster_rows(1)})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert [(p.row, p.column) for p in plan.errors] == [(2, "Số thẻ đảng viên")]
    assert "ngoài Đảng bộ cơ quan" in plan.errors[0].message and "Ngô" not in plan.errors[0].message


def test_excel_date_cells_serials_and_short_years(tmp_path, tree):
    rows = roster_rows(3)
    rows[1][2], rows[2][2], rows[3][2] = datetime(1979, 4, 30), (date(1979, 4, 30) - date(1899, 12, 30)).days, "30/4/79"
    path = write_xlsx(tmp_path / "d.xlsx", {"DS": rows})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert not plan.errors
    assert {m.values["date_of_birth"] for m in plan.new_members} == {date(1979, 4, 30)}


# ——— the browser: confirmation, concurrent change, refusals, rights ———

def test_commit_needs_the_confirmation_and_refuses_a_plan_changed_since_the_preview(tmp_path, tree, client):
    path = _tree_and_roster(tmp_path)
    run_cli(path)
    rows = roster_rows(30, cells=("Chi bộ A", "Chi bộ B", "Tổ 1", "Chi bộ Tổ 2"))
    rows[3][9] = "2A"
    changed = _tree_and_roster(tmp_path, "v2.xlsx", roster=rows)
    client.force_login(tree.office)
    preview = browser_import(client, changed, confirm=False)
    record = RosterImport.objects.latest("pk")
    url = reverse("roster_import_commit", args=["dang-uy", record.pk])
    digest = preview.context["digest"]
    response = client.post(url, {"ma-xem-truoc": digest}, follow=True)
    assert "Tôi đã xem kết quả xem trước" in response.content.decode()
    member = Member.objects.get(card_number="40.100003")
    assert member.category == "2B"
    member.official_on = date(2020, 1, 1)  # someone else edits while the preview is open
    member.save()
    response = client.post(url, {"xac-nhan": "1", "ma-xem-truoc": digest}, follow=True)
    assert "đã thay đổi từ lúc xem trước" in response.content.decode()
    member.refresh_from_db()
    assert member.category == "2B"
    preview = client.get(reverse("roster_import_preview", args=["dang-uy", record.pk]))
    client.post(url, {"xac-nhan": "1", "ma-xem-truoc": preview.context["digest"]})
    member.refresh_from_db()
    assert member.category == "2A" and member.official_on == date(2006 + 3 % 15, 4, 4)
    assert client.get(reverse("roster_import_preview", args=["dang-uy", record.pk])).context["record"].status \
        == RosterImport.Status.COMMITTED


def test_a_bad_upload_is_a_message_and_keeps_nothing(tmp_path, tree, client, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(tree.office)
    response = client.post(reverse("roster_import", args=["dang-uy"]),
                           {"file": SimpleUploadedFile("ds.xlsx", b"%PDF-1.4 fake")}, follow=True)
    assert response.status_code == 200
    assert "Tệp danh sách: Tệp mang tên .xlsx nhưng không phải bảng tính Excel" in response.content.decode()
    assert not RosterImport.objects.exists()
    assert list((tmp_path / "imports").iterdir()) == []
    response = client.post(reverse("roster_import", args=["dang-uy"]), {}, follow=True)
    assert "chưa chọn tệp" in response.content.decode()


def test_the_column_step_names_a_field_chosen_twice_and_remembers_the_choice(tmp_path, tree, client):
    rows = [["Tên", "Ngày kết nạp", "Sinh hoạt ở", "Số thẻ"], ["Nguyễn Văn A", "01/01/2010", "Chi bộ A", "41.000001"]]
    path = write_xlsx(tmp_path / "la.xlsx", {"DS": rows})
    client.force_login(tree.office)
    with path.open("rb") as handle:
        client.post(reverse("roster_import", args=["dang-uy"]), {"file": SimpleUploadedFile("la.xlsx", handle.read())})
    record = RosterImport.objects.get()
    url = reverse("roster_import_columns", args=["dang-uy", record.pk])
    response = client.post(url, {"cot-0-0": "full_name", "cot-0-1": "admitted_on", "cot-0-2": "admitted_on"})
    assert response.status_code == 400
    assert "được chọn cho cả cột «Ngày kết nạp» và cột «Sinh hoạt ở»" in response.content.decode()
    response = client.post(url, {"cot-0-0": "full_name", "cot-0-1": "admitted_on", "cot-0-2": "unit",
                                 "cot-0-3": "card_number"})
    assert response.status_code == 302
    assert client.get(response["Location"]).context["counts"]["new_members"] == 1
    # the next file with the same headers, from the command line, uses the remembered choice
    path2 = write_xlsx(tmp_path / "la2.xlsx", {"DS": rows})
    output = run_cli(path2)
    assert "1 đảng viên mới" in output
    assert "«Sinh hoạt ở» → Chi bộ" in output  # the command says which columns it used
    assert Member.objects.get(card_number="41.000001").unit == tree.cell_a


def test_only_an_office_over_the_committee_may_import(tmp_path, tree, client):
    path = write_xlsx(tmp_path / "x.xlsx", {"DS": roster_rows(1)})
    client.force_login(tree.office)
    browser_import(client, path, confirm=False)
    record = RosterImport.objects.get()
    for persona, status in (("secretary_a", 404), ("office_other", 404), ("member_user", 404)):
        client.force_login(getattr(tree, persona))
        assert client.get(reverse("roster_import_preview", args=["dang-uy", record.pk])).status_code == status
        assert client.post(reverse("roster_import_commit", args=["dang-uy", record.pk]),
                           {"xac-nhan": "1"}).status_code == status
    assert not Member.objects.filter(card_number__startswith="40.").exists()
    client.force_login(tree.office)
    assert client.get(reverse("roster_import_preview", args=["tinh", record.pk])).status_code == 404


def test_the_command_names_a_missing_committee_and_file():
    with pytest.raises(CommandError, match="Không thấy tệp"):
        call_command("import_members", "/khong/co.xlsx", committee="x")


@pytest.mark.django_db
def test_the_command_refuses_a_cell_and_an_unknown_code(tmp_path, tree):
    path = write_xlsx(tmp_path / "x.xlsx", {"DS": roster_rows(1)})
    with pytest.raises(CommandError, match="Không có tổ chức mã"):
        run_cli(path, "khong-co")
    with pytest.raises(CommandError, match="nhập danh sách cho một đảng bộ"):
        run_cli(path, "chi-bo-a")


# ——— the sample workbook shipped in fixtures/ ———

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "mau-danh-sach-dang-vien.xlsx"


def test_the_shipped_sample_matches_its_generator(tmp_path):
    fresh = sample.build(tmp_path / "mau.xlsx")

    def values(path):
        book = load_workbook(path, read_only=True)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}

    assert values(FIXTURE) == values(fresh)


def test_the_sample_imports_into_the_demo_tree_then_changes_nothing(db):
    root = Organization.objects.create(code=sample.COMMITTEE, kind="dang_bo_cap_tren",
                                       name="Đảng bộ Khối Dân – Chính – Đảng thành phố")
    Organization.objects.create(code="cb-van-phong", kind="chi_bo_truc_thuoc", name="Chi bộ Văn phòng", parent=root)
    output = run_cli(FIXTURE, sample.COMMITTEE)
    assert "4 tổ chức mới" in output and f"{len(sample.members())} đảng viên mới" in output
    assert Member.objects.filter(unit__parent__code="db-so-tu-phap").count() == len(sample.members())
    assert not Member.objects.filter(unit__code="cb-van-phong").exists()  # "Chi bộ Văn phòng" of the file's đảng bộ
    assert "Không có gì để ghi" in run_cli(FIXTURE, sample.COMMITTEE)


def test_a_blank_cell_never_clears_a_stored_value(tmp_path, tree):
    member = make_member(tree.cell_a, "Đinh Văn Giữ", card_number="42.000001", date_of_birth=date(1970, 1, 1),
                         official_on=date(2011, 1, 1), job_title="Trưởng phòng", exempt=True)
    rows = [[*ROSTER, "Chức vụ chính quyền", "Miễn sinh hoạt"],
            [1, "Đinh Văn Giữ", "", "", "01/01/2010", "", "42.000001", "", "", "", "", ""]]
    path = write_xlsx(tmp_path / "blank.xlsx", {"DS": rows})
    plan = services.preview(tree.committee, *_read(tree, path), path.name)
    assert not plan.errors
    assert [c.changes for c in plan.member_changes] == [{"exempt": (True, False)}]  # only the yes/no column
    assert member.unit == tree.cell_a and not plan.moved


# ——— what a hostile review found (each failed before its fix) ———

def test_a_cell_roster_never_ends_the_committees_posts(tmp_path, tree):
    from xeploai.orgs.models import Post as PostModel

    member = make_member(tree.cell_a, "Hà Văn Ủy", card_number="42.000002", date_of_birth=date(1970, 1, 1))
    committee_post = PostModel.objects.create(member=member, title="bi_thu", unit=tree.committee)
    rows = [ROSTER, [1, "Hà Văn Ủy", "01/01/1970", "Nam", "01/01/2010", "01/01/2011", "42.000002", "Chi bộ A",
                     "Chi ủy viên", "2B"]]
    run_cli(write_xlsx(tmp_path / "p.xlsx", {"DS": rows}))
    committee_post.refresh_from_db()
    assert committee_post.end is None
    assert PostModel.objects.filter(member=member, unit=tree.cell_a, title="cap_uy_vien", end__isnull=True).exists()


def test_cards_that_excel_turned_into_numbers_are_checked_against_the_stored_cards(tmp_path, tree):
    make_member(tree.cell_a, "Mai Văn Số", card_number="37.791750", date_of_birth=date(1970, 1, 1))
    rows = [ROSTER, [1, "Mai Văn Số", "01/01/1970", "Nam", "01/01/2010", "01/01/2011", 37.79175, "Chi bộ A", "", ""]]
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "n.xlsx", {"DS": rows})), "n.xlsx")
    assert [(p.row, p.column) for p in plan.errors] == [(2, "Số thẻ đảng viên")]
    assert "«37.791750»" in plan.errors[0].message and not plan.new_members


def test_a_card_on_another_persons_row_is_an_error_not_an_overwrite(tmp_path, tree):
    make_member(tree.cell_a, "Trần Hoàng Thành", card_number="42.000003", date_of_birth=date(1975, 3, 3))
    rows = [ROSTER, [1, "Lê Thị Hoa", "05/05/1999", "Nữ", "01/01/2024", "", "42.000003", "Chi bộ B", "", ""]]
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "c.xlsx", {"DS": rows})), "c.xlsx")
    assert len(plan.errors) == 1 and "là của đồng chí Trần Hoàng Thành" in plan.errors[0].message
    assert not plan.member_changes


def test_a_stored_official_date_is_checked_against_a_new_admission_date(tmp_path, tree):
    make_member(tree.cell_a, "Vũ Văn Ngày", card_number="42.000004", official_on=date(1990, 1, 1),
                admitted_on=date(1989, 1, 1))
    rows = [["Họ và tên", "Ngày vào Đảng", "Số thẻ đảng viên"], ["Vũ Văn Ngày", "01/01/2024", "42.000004"]]
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "d.xlsx", {"DS": rows})), "d.xlsx")
    assert [p.column for p in plan.errors] == ["Ngày vào Đảng"] and "sẽ trước ngày vào Đảng" in plan.errors[0].message


def test_without_a_birth_date_a_name_matches_the_one_member_of_that_name(tmp_path, tree):
    rows = [["Họ và tên", "Ngày vào Đảng", "Chi bộ"], ["Trần Thị Bích", "01/01/2010", "Chi bộ B"]]
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "m.xlsx", {"DS": rows})), "m.xlsx")
    assert not plan.new_members and [c.member_id for c in plan.moved] == [tree.member_a.pk]


def test_a_namesake_with_another_birth_date_is_added_with_a_warning(tmp_path, tree):
    tree.member_a.date_of_birth = date(1980, 1, 1)
    tree.member_a.save()
    rows = [["Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Chi bộ"], ["Trần Thị Bích", "02/02/1990", "01/01/2015",
                                                                     "Chi bộ B"]]
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "w.xlsx", {"DS": rows})), "w.xlsx")
    assert len(plan.new_members) == 1 and any("trùng họ tên" in w.message for w in plan.warnings)


@pytest.mark.parametrize(("rows", "words"), [
    ([TREE, ["Chi bộ A", "chi-bo-a", "Đảng bộ cơ sở", "Đảng bộ cơ quan"]], "đổi loại tổ chức làm ở trang quản trị"),
    ([TREE, ["Tổ đảng 1", "", "Tổ đảng", "Đảng bộ cơ quan"]], "không thể trực thuộc"),
    ([TREE, ["Chi bộ Cơ sở X", "", "Chi bộ cơ sở", "Đảng bộ cơ quan"]], "không thể trực thuộc"),
    ([TREE, ["Đảng bộ Y", "", "Đảng bộ cấp trên cơ sở", "Đảng bộ cơ quan"]], "không thể trực thuộc"),
])
def test_the_tree_sheet_keeps_the_party_structure(tmp_path, tree, rows, words):
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "t.xlsx", {"Tổ chức": rows})), "t")
    assert len(plan.errors) == 1 and words in plan.errors[0].message
    assert not plan.new_units and not plan.unit_changes


def test_a_roster_with_a_workplace_column_is_still_a_roster(tmp_path, tree):
    rows = roster_rows(2)
    rows[0] = [*rows[0], "Tên đơn vị"]
    rows[1].append("Sở Tư pháp")
    rows[2].append("Sở Tư pháp")
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "r.xlsx", {"DS": rows})), "r")
    assert len(plan.new_members) == 2


def test_a_stale_sheet_dimension_does_not_cut_the_sheet_short(tmp_path, tree):
    path = write_xlsx(tmp_path / "s.xlsx", {"DS": roster_rows(30)})
    patched = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:C5"/>', data)
            target.writestr(info, data)
    sheets = files.read_file(patched, patched.name)
    assert len(sheets[0].rows) == 30 and len(sheets[0].headers) == len(ROSTER)


@pytest.mark.parametrize(("column", "value", "words"), [
    (1, True, "không phải họ tên"), (1, "x" * 32000, "dài 32000 ký tự"), (3, "x" * 32000, "«" + "x" * 60 + "…»"),
])
def test_odd_cells_give_short_messages(tmp_path, tree, column, value, words):
    rows = roster_rows(1)
    rows[1][column] = value
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "o.xlsx", {"DS": rows})), "o")
    assert len(plan.errors) == 1 and words in plan.errors[0].message and len(plan.errors[0].message) < 300


def test_names_with_a_typographic_apostrophe_and_cards_starting_with_a_sign(tmp_path, tree):
    rows = roster_rows(2)
    rows[1][1] = "H’Hen Niê"
    rows[2][6] = "-5"
    plan = services.preview(tree.committee, *_read(tree, write_xlsx(tmp_path / "a.xlsx", {"DS": rows})), "a")
    assert [(p.row, p.column) for p in plan.errors] == [(3, "Số thẻ đảng viên")]
