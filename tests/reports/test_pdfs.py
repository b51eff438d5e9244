"""Every printed form, read back with pypdf and checked against the database (names, counts, levels, layout)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from tests.internal_refs import internal_references
from tests.reports.conftest import PLACE, embedded_fonts, flat, pdf_pages, pdf_text, tally
from xeploai.reports import catalog, documents
from xeploai.reports.vi import share, short_level
from xeploai.reviews import services
from xeploai.reviews.records import MemberReview, ResultStatus, UnitReview

TODAY = date(2014, 12, 1)


def render(kind: str, period, unit, **options) -> bytes:
    target = io.BytesIO()
    documents.write(catalog.BY_KEY[kind], "pdf", period, unit, target, documents.Options(today=TODAY, **options))
    return target.getvalue()


def test_the_font_is_liberation_serif_embedded(vote_scene):
    content = render("tally_minutes", vote_scene.period, vote_scene.cell)
    assert embedded_fonts(content) >= {"Liberation-Serif", "Liberation-Serif-Bold"}


def test_the_header_follows_plan_146(vote_scene):
    first = pdf_pages(render("tally_minutes", vote_scene.period, vote_scene.cell))[0]
    lines = first.splitlines()
    assert lines[:3] == ["ĐẢNG BỘ CƠ QUAN", "CHI BỘ A", "*"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert f"{PLACE}, ngày 25 tháng 11 năm 2014" in first


def test_tally_minutes_show_each_members_counts_share_and_result(vote_scene):
    text = pdf_text(render("tally_minutes", vote_scene.period, vote_scene.cell))
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Chi bộ A" in text
    reviews = MemberReview.objects.filter(period=vote_scene.period, unit=vote_scene.cell).select_related("member")
    for review in reviews:
        row = next(line for line in text.splitlines() if review.member.full_name in line)
        if review.votes_entered:
            assert f"{review.votes_htt} {share(review.votes_htt, 6)}" in row
        if review.result_status == ResultStatus.RATED:
            assert short_level(review.final_level) in row
    assert "Nguyễn Văn Ánh 6 100 % 0 0 %" in text  # 6 of N = 6
    assert "Trần Thị Bích 0 0 % 5 83,33 % 1 16,67 %" in text


def test_tally_minutes_explain_a_result_changed_by_the_quota(vote_scene):
    ranh = MemberReview.objects.get(period=vote_scene.period, member__full_name="Nguyễn Văn Ánh")
    assert ranh.level == "htt" and any(r["code"] == "quota_exceeded" for r in ranh.reasons)
    text = pdf_text(render("tally_minutes", vote_scene.period, vote_scene.cell))
    assert "Nguyễn Văn Ánh:" in text and "(1)" in text
    assert "Số đảng viên chính thức (có quyền biểu quyết) 6" in text


def test_the_signature_block_names_the_secretary(vote_scene):
    text = pdf_text(render("tally_minutes", vote_scene.period, vote_scene.cell))
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text and "Nguyễn Văn Ánh" in text.split("T/M CHI BỘ")[-1]
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text


def test_ballots_are_one_per_page_and_list_every_member_to_classify(vote_scene):
    pages = pdf_pages(render("ballots", vote_scene.period, vote_scene.cell, copies=3))
    assert len(pages) == 3
    for number, page in enumerate(map(flat, pages), start=1):
        assert "PHIẾU ĐÁNH GIÁ" in page and f"Phiếu số {number}/3" in page
        assert "Hoàn thành xuất sắc" in page and "Không hoàn thành" in page
        assert "Vũ Minh Khôi" in page and "Trần Thị Bích" in page
        assert "Hoàng Thị Yến" not in page  # admitted 01/08/2014: not classified (000 §II.1.1.b)


def test_ballots_default_to_one_per_voting_member(vote_scene):
    assert len(pdf_pages(render("ballots", vote_scene.period, vote_scene.cell))) == 6


def test_the_result_list_groups_members_by_level_with_counts_and_shares(vote_scene):
    text = pdf_text(render("cell_results", vote_scene.period, vote_scene.cell))
    rated = MemberReview.objects.filter(period=vote_scene.period, unit=vote_scene.cell, result_status="rated")
    htt = rated.filter(level="htt").count()
    assert f"Hoàn thành tốt nhiệm vụ: {htt} đồng chí ({share(htt, rated.count())})" in text
    assert "Chưa xếp loại (kết nạp chưa đủ 6 tháng): 1 đồng chí" in text and "Hoàng Thị Yến" in text
    assert f"Cộng {rated.count()} 100 %" in text


def test_the_dossier_checklist_shows_papers_per_member(score_scene):
    text = pdf_text(render("dossier", score_scene.period, score_scene.cell))
    assert "DANH MỤC HỒ SƠ" in text and "Mẫu 04" in text
    assert "Nguyễn Văn Ánh (lãnh đạo)" in text  # leaders also declare their assets
    assert "Cộng (0/8 đủ hồ sơ) 8/8 0/8 0/8 0/1" in text


@pytest.mark.parametrize(("name", "code", "words"), [
    ("Nguyễn Văn Ánh", "Mẫu 2A", "dùng cho cán bộ lãnh đạo, quản lý"),
    ("Lê Thị Hồng Nhung", "Mẫu 2B", "dùng cho đảng viên công tác trong hệ thống chính trị"),
    ("Đỗ Quỳnh Hương", "Mẫu 2C", "dùng cho đảng viên không công tác trong hệ thống chính trị"),
])
def test_the_self_review_follows_the_members_category(score_scene, name, code, words):
    member = MemberReview.objects.get(period=score_scene.period, member__full_name=name).member
    text = pdf_text(render("self_review", score_scene.period, score_scene.cell, member_id=member.pk))
    assert code in text and words in text and f"Họ và tên: {name}" in text
    assert "Kiên định lập trường tư tưởng chính trị." in text  # what the member wrote
    assert "30 27" in text and "70 58" in text and "100 85" in text  # self-score …/30 + …/70 = …/100
    assert ("Kết quả thực hiện chức trách, nhiệm vụ lãnh đạo, quản lý" in text) == (code == "Mẫu 2A")


def test_the_self_reviews_of_a_cell_start_each_on_a_new_page(score_scene):
    pages = pdf_pages(render("self_review", score_scene.period, score_scene.cell))
    firsts = [page for page in pages if "BẢN KIỂM ĐIỂM CÁ NHÂN" in page]
    assert len(firsts) == 8


def test_the_plan_prints_its_number_date_and_timeline(vote_scene):
    text = pdf_text(render("plan", vote_scene.period, vote_scene.cell))
    assert "Số: 146-KH/ĐU" in text and "ngày 04 tháng 11 năm 2014" in text
    assert "ĐẢNG ỦY THANH TRA THÀNH PHỐ" in text and "KẾ HOẠCH" in text
    assert "Quán triệt, triển khai kế hoạch" in text and "Từ 05/11/2014 đến 07/11/2014" in text
    assert "Nơi nhận:" in text and "T/M ĐẢNG ỦY" in text
    assert "Đồng chí phụ trách" not in text  # no supervisors assigned in this plan


def test_form_01_prints_the_self_score_and_the_proposed_level(vote_scene):
    UnitReview.objects.filter(period=vote_scene.period, unit=vote_scene.cell).update(
        self_score="92.50", proposed_level="tsvm", tasks_total=12, tasks_done=12, tasks_on_time=12)
    text = pdf_text(render("unit_report", vote_scene.period, vote_scene.cell))
    assert "Mẫu 01" in text and "Tổng số điểm tự chấm: 92,5 điểm" in text
    assert "X Trong sạch vững mạnh" in text
    assert "12 nhiệm vụ; hoàn thành 12 (100 %)" in text
    assert "Tổng số đảng viên (kể cả miễn sinh hoạt) 8" in text


def test_the_committee_summary_counts_every_unit_of_the_subtree(vote_scene):
    text = pdf_text(render("summary", vote_scene.period, vote_scene.tree.committee))
    assert "BÁO CÁO TỔNG HỢP" in text and "ngày 01 tháng 12 năm 2014" in text
    row_a = next(line for line in text.splitlines() if line.startswith("1 Chi bộ A"))
    assert row_a.startswith("1 Chi bộ A 8 7 1 0 0 0 0 0 % 5 71,43 % 1 14,29 % 1 14,29 %")
    assert any(line.startswith("2 Chi bộ B 1 0 0 0 0 1") for line in text.splitlines())
    assert "Tổng cộng 9 7 1 0 0 1" in text


def test_the_decision_form_03_comes_from_the_reclassification(vote_scene):
    tree, period, cell = vote_scene.tree, vote_scene.period, vote_scene.cell
    unit_review = UnitReview.objects.get(period=period, unit=cell)
    sent = services.submit_unit(unit_review, user=tree.admin, confirmed=True, note="thiếu")
    services.recognise_unit(sent, user=tree.office)
    review = MemberReview.objects.get(period=period, member__full_name="Phạm Đức Thắng")
    services.reclassify(unit_review=UnitReview.objects.get(pk=unit_review.pk), member_review=review,
                        new_level="kht", reason="Phát hiện vi phạm sau khi công bố kết quả",
                        decision_number="12-QĐ/ĐU", user=tree.office)
    text = flat(pdf_text(render("decision", period, cell)))
    assert "Mẫu 03" in text and "QUYẾT ĐỊNH" in text and "Số: 12-QĐ/ĐU" in text
    assert "ĐẢNG ỦY THANH TRA THÀNH PHỐ" not in text  # the issuer is the committee above the cell
    assert "Hủy kết quả xếp loại chất lượng đảng viên năm 2014 đối với đồng chí Phạm Đức Thắng" in text
    assert "Không hoàn thành nhiệm vụ" in text and "Phát hiện vi phạm sau khi công bố kết quả" in text
    assert not internal_references(text)


def test_a_long_table_repeats_its_header_on_every_page(vote_scene, tree):
    from tests.conftest import make_member

    for number in range(60):
        make_member(tree.cell_b, f"Nguyễn Thị Số {number:02d}")
    tally_b = {f"Nguyễn Thị Số {n:02d}": (0, 60, 0, 0) for n in range(60)} | {"Lê Văn Cường": (0, 60, 0, 0)}
    tally(vote_scene.period, tree.cell_b, tree.admin, tally_b)
    pages = pdf_pages(render("tally_minutes", vote_scene.period, tree.cell_b))
    table_pages = [page for page in pages if "Nguyễn Thị Số" in page]
    assert len(table_pages) >= 2
    assert all("Họ và tên" in page and "HTXS HTT HT KHT" in page for page in table_pages)
    for number in range(60):  # no row cut in two: each name with its counts on one page
        assert sum(f"Nguyễn Thị Số {number:02d} 0 0 % 60 {share(60, 61)}" in page for page in pages) == 1


def test_a_big_tree_prints_its_upper_levels_and_keeps_the_totals(vote_scene):
    from tests.reports.conftest import make_period

    tree = vote_scene.tree
    period = make_period(tree.province, "hcm-2014", 2015, date(2015, 11, 25))
    text = flat(pdf_text(render("summary", period, tree.province, print_rows=2)))
    # No roster is opened in this period: every member of the subtree counts as "chưa có kết quả".
    assert "1 Đảng bộ cơ quan 9 0 0 0 0 9" in text and "2 Đảng bộ khác 0 0" in text  # subtotals of each đảng bộ
    assert "Chi bộ A" not in text and "Bản in liệt kê 2/5 tổ chức" in text
    assert "Tổng cộng 9 0 0 0 0 9" in text
    full = flat(pdf_text(render("summary", period, tree.province)))
    assert "Chi bộ A" in full and "Bản in liệt kê" not in full


def test_a_flat_tree_too_long_to_print_says_where_the_rest_is(vote_scene):
    text = flat(pdf_text(render("summary", vote_scene.period, vote_scene.tree.committee, print_rows=1)))
    assert "1 Chi bộ A" in text and "Chi bộ B" not in text
    assert "Bản in liệt kê 1/2 tổ chức đầu tiên; dòng Tổng cộng tính đủ mọi tổ chức." in text
    assert "Tổng cộng 9 7" in text


def test_a_blank_vote_column_beside_typed_ones_prints_as_none(vote_scene):
    """Issue 14: the tally form reads a blank HTXS box as none; the minutes print 0, not an empty cell."""
    MemberReview.objects.filter(period=vote_scene.period, member__full_name="Trần Thị Bích").update(votes_htxs=None)
    text = pdf_text(render("tally_minutes", vote_scene.period, vote_scene.cell))
    assert "Trần Thị Bích 0 0 % 5 83,33 % 1 16,67 %" in text
