"""Regressions from a hostile-input review: never a 500, never a change without the right, messages name fields."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import open_roster, unit_review_for
from tests.reviews.conftest import fill_cell, make_period
from tests.reviews.test_score_sheet import GOOD, sheet_post
from xeploai.reviews import services
from xeploai.reviews.records import MemberReview, ScoreSheetLine, UnitReview


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_huge_numbers_on_the_tally_are_a_named_message_not_a_500(tree, period):
    reviews = open_roster(period, tree.cell_a)
    data = {"official_members": 10**30, "official_present": 1, "ballots_cast": 1, "meeting_date": "31/02/2026",
            "version": "abc", f"v{reviews[0].pk}_htt": 10**30}
    response = client_for(tree.secretary_a).post(reverse("reviews:tally", args=[period.pk, "chi-bo-a"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số đảng viên chính thức:" in page and "quá lớn" in page and "Ngày họp:" in page
    assert "tải lại trang" in page  # an unreadable version is a stale page


def test_an_unreadable_version_on_the_score_sheet_is_refused_calmly(tree):
    lamdong = make_period(tree.committee, "lamdong-2021", 2021, date(2021, 12, 5))
    open_roster(lamdong, tree.cell_a)
    data = sheet_post(GOOD) | {"version": "abc"}
    response = client_for(tree.secretary_a).post(reverse("reviews:score_sheet", args=[lamdong.pk, "chi-bo-a"]), data,
                                                 follow=True)
    assert response.status_code == 200 and "người khác thay đổi" in response.content.decode()
    assert not ScoreSheetLine.objects.exists()


def test_the_office_cannot_remove_the_cells_score_sheet_lines(tree):
    lamdong = make_period(tree.committee, "lamdong-2021", 2021, date(2021, 12, 5))
    open_roster(lamdong, tree.cell_a)
    url = reverse("reviews:score_sheet", args=[lamdong.pk, "chi-bo-a"])
    client_for(tree.secretary_a).post(url, sheet_post(GOOD))
    review = UnitReview.objects.get(period=lamdong, unit=tree.cell_a)
    response = client_for(tree.office).post(url, sheet_post([], version=review.version), follow=True)
    assert "không thêm hay bớt dòng" in response.content.decode()
    assert ScoreSheetLine.objects.filter(review=review).count() == 2


@pytest.mark.parametrize("page", ["reviews:member_facts", "reviews:self_review"])
def test_nothing_changes_once_the_cell_has_submitted(tree, period, page):
    fill_cell(tree.cell_a, 1)
    reviews = open_roster(period, tree.cell_a)
    votes = {r.pk: {"votes_htxs": 0, "votes_htt": 2, "votes_ht": 0, "votes_kht": 0} for r in reviews}
    meta = {"official_members": 2, "official_present": 2, "ballots_cast": 2, "meeting_date": None}
    services.save_tally(period=period, unit=tree.cell_a, meta=meta, votes=votes, version=0, user=tree.secretary_a)
    services.submit_unit(unit_review_for(period, tree.cell_a), user=tree.secretary_a, confirmed=True, note="thiếu")
    url = reverse(page, args=[period.pk, tree.member_a.pk])
    client_for(tree.secretary_a).post(url, {"under_discipline": "on", "duties": "sửa sau khi gửi",
                                             "self_proposed_level": "htt"})
    review = MemberReview.objects.get(period=period, member=tree.member_a)
    assert not review.under_discipline and review.duties == "" and review.level == "htt"


def test_an_unknown_done_when_value_is_a_form_error(tree, period):
    response = client_for(tree.office).post(reverse("dashboard:step_add", args=[period.pk]), {
        "title": "Chi bộ họp", "start": "20/11/2014", "due": "28/11/2014", "done_when": "x"})
    assert response.status_code == 200
    assert "Hoàn thành khi" in response.content.decode()
