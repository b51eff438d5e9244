"""`manage.py report KIND --unit CODE --period YEAR --format pdf|xlsx -o FILE` and its messages (exit 2)."""

from __future__ import annotations

from io import StringIO

import pytest

from tests.reports.conftest import open_workbook, pdf_text
from xeploai.reports.management.commands.report import Command


def run(*args: str) -> tuple[int, str, str]:
    """The command as from the shell (argparse errors included); (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    command = Command(stdout=out, stderr=err)
    try:
        command.run_from_argv(["manage.py", "report", *args])
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_prints_the_tally_minutes_of_a_cell(vote_scene, tmp_path):
    target = tmp_path / "bien-ban.pdf"
    code, out, _ = run("bien-ban-kiem-phieu", "--unit", "chi-bo-a", "--period", "2014", "-o", str(target))
    assert code == 0 and "Đã ghi" in out
    assert "BIÊN BẢN KIỂM PHIẾU" in pdf_text(target.read_bytes())


def test_it_writes_the_summary_workbook(vote_scene, tmp_path):
    target = tmp_path / "tong-hop.xlsx"
    code, _, _ = run("summary", "--unit", "dang-uy", "--period", "2014", "--format", "xlsx", "-o", str(target))
    assert code == 0
    assert open_workbook(target.read_bytes())["Tổng hợp"]["B6"].value == "Chi bộ A"


def test_it_prints_the_ballots_asked_for(vote_scene, tmp_path):
    target = tmp_path / "phieu.pdf"
    assert run("phieu-danh-gia", "--unit", "chi-bo-a", "--period", "2014", "--copies", "2", "-o", str(target))[0] == 0
    assert pdf_text(target.read_bytes()).count("PHIẾU ĐÁNH GIÁ") == 2


@pytest.mark.parametrize(("args", "names"), [
    (["lich-su", "--unit", "chi-bo-a", "--period", "2014"], "KIND"),
    (["bien-ban-kiem-phieu", "--unit", "khong-co", "--period", "2014"], "--unit"),
    (["bien-ban-kiem-phieu", "--unit", "chi-bo-a", "--period", "1999"], "--period"),
    (["bien-ban-kiem-phieu", "--unit", "chi-bo-a", "--period", "năm-nay"], "--period"),
    (["bien-ban-kiem-phieu", "--unit", "chi-bo-a"], "--period"),
    (["bien-ban-kiem-phieu", "--unit", "chi-bo-a", "--period", "2014", "--format", "docx"], "--format"),
    (["ke-hoach", "--unit", "chi-bo-a", "--period", "2014", "--format", "xlsx"], "--format"),
    (["bao-cao-tong-hop", "--unit", "chi-bo-a", "--period", "2014"], "--unit"),
    (["bien-ban-kiem-phieu", "--unit", "dang-uy", "--period", "2014"], "--unit"),
    (["phieu-danh-gia", "--unit", "chi-bo-a", "--period", "2014", "--copies", "0"], "--copies"),
    (["bao-cao-tong-hop", "--unit", "dang-uy", "--period", "2014", "--rows", "0"], "--rows"),
])
def test_bad_arguments_exit_2_with_one_vietnamese_line(vote_scene, tmp_path, args, names):
    code, _, err = run(*args, "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and names in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_output_names_the_option(vote_scene, tmp_path):
    code, _, err = run("ke-hoach", "--unit", "chi-bo-a", "--period", "2014", "-o", str(tmp_path / "no" / "x.pdf"))
    assert code == 2 and err.startswith("-o:")
