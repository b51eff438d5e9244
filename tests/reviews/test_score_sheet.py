"""The unit's score sheet page (001 §2.2): every problem on its line, totals to the unit's score, checked points."""

import re

import pytest
from django.urls import reverse

from tests.conftest import open_roster
from tests.reviews.conftest import make_period
from xeploai.reviews.records import ScoreSheetLine, UnitReview


@pytest.fixture
def lamdong(tree):
    from datetime import date

    period = make_period(tree.committee, "lamdong-2021", 2021, date(2021, 12, 5))
    open_roster(period, tree.cell_a)
    return period


def sheet_post(lines: list[dict], version: int = 0) -> dict:
    data = {"dong-TOTAL_FORMS": len(lines), "dong-INITIAL_FORMS": 0, "dong-MIN_NUM_FORMS": 0,
            "dong-MAX_NUM_FORMS": 1000, "version": version}
    for i, line in enumerate(lines):
        data |= {f"dong-{i}-{key}": value for key, value in line.items()}
    return data


GOOD = [
    {"criterion": "1. Chính trị tư tưởng", "max_points": "45", "self_points": "45", "excellent": "on", "bonus": "2"},
    {"criterion": "2. Tổ chức xây dựng Đảng", "max_points": "45", "self_points": "42.5", "ded_points": "2.5",
     "ded_criterion": "2.3 Phát triển đảng viên", "ded_reason": "Chưa đạt chỉ tiêu kết nạp",
     "ded_remedy": "Bồi dưỡng quần chúng ưu tú"},
]


def test_a_valid_sheet_sets_the_units_self_score(client, tree, lamdong):
    client.force_login(tree.secretary_a)
    url = reverse("reviews:score_sheet", args=[lamdong.pk, "chi-bo-a"])
    assert client.get(url).status_code == 200
    response = client.post(url, sheet_post(GOOD))
    assert response.status_code == 302
    review = UnitReview.objects.get(period=lamdong, unit=tree.cell_a)
    assert review.self_score == pytest.approx(89.5)  # 45 + 2 bonus + 42.5
    assert ScoreSheetLine.objects.filter(review=review).count() == 2


def test_every_problem_is_shown_on_its_line_and_nothing_is_saved(client, tree, lamdong):
    client.force_login(tree.secretary_a)
    bad = [
        {"criterion": "1. Chính trị tư tưởng", "max_points": "45", "self_points": "44", "bonus": "2.5"},
        {"criterion": "2. Tổ chức", "max_points": "50", "self_points": "40.3"},
    ]
    response = client.post(reverse("reviews:score_sheet", args=[lamdong.pk, "chi-bo-a"]), sheet_post(bad))
    page = response.content.decode()
    assert response.status_code == 200 and "Chưa lưu" in page
    assert "hoàn thành xuất sắc" in page  # bonus only for excellent items
    assert "bước 0,5" in page  # points in steps of 0.5
    assert "vượt khung 90" in page  # criteria total above the frame
    assert "nêu rõ nội dung" in page  # 1 point lost with no deduction named
    assert not ScoreSheetLine.objects.exists()


def test_the_committee_above_enters_checked_points_only(client, tree, lamdong):
    client.force_login(tree.secretary_a)
    url = reverse("reviews:score_sheet", args=[lamdong.pk, "chi-bo-a"])
    client.post(url, sheet_post(GOOD))
    review = UnitReview.objects.get(period=lamdong, unit=tree.cell_a)
    lines = list(review.score_lines.all())
    client.force_login(tree.office)
    checked_first = {"approved_points": "40", "ded_points": "5", "ded_criterion": "1.1",
                     "ded_reason": "Thiếu nghị quyết chuyên đề", "ded_remedy": "Bổ sung"}
    data = sheet_post([{**(checked_first if i == 0 else {k: v for k, v in GOOD[1].items() if k.startswith("ded")}),
                        "line_id": line.pk, "criterion": "sửa bậy", "max_points": "45"}
                       for i, line in enumerate(lines)], version=review.version)  # only the first line checked
    data["dong-INITIAL_FORMS"] = len(lines)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    review.refresh_from_db()
    first = review.score_lines.order_by("order").first()
    assert first.criterion == "1. Chính trị tư tưởng"  # the office cannot rename the cell's criteria
    assert first.approved_points == 40
    assert review.approved_score is not None
    checked = review.approved_score

    # The cell edits its own points afterwards: the committee's checked points and score stay as the committee left.
    client.force_login(tree.secretary_a)
    lines = list(review.score_lines.order_by("order"))
    first = {**GOOD[0], **{k: v for k, v in checked_first.items() if k != "approved_points"}}  # as shown
    second = {**GOOD[1], "self_points": "44", "ded_points": "1"}  # the unchecked line, now 44
    again = sheet_post([{**row, "line_id": line.pk, "approved_points": "45"}
                        for row, line in zip((first, second), lines, strict=True)], version=review.version)
    again["dong-INITIAL_FORMS"] = len(lines)
    response = client.post(url, again)
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())[:8]
    review.refresh_from_db()
    assert review.approved_score == checked
    assert review.score_lines.order_by("order").first().approved_points == 40
