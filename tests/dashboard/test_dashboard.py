"""The progress dashboard: statuses derived from the review data, filters, honours, and a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_member, make_org, open_roster, period_opener, unit_review_for
from tests.dashboard.conftest import make_period
from xeploai.dashboard import selectors
from xeploai.dashboard.progress import State
from xeploai.reviews import services
from xeploai.reviews.models import SupervisorAssignment
from xeploai.reviews.records import MemberReview, UnitReview

pytestmark = pytest.mark.django_db


def fill(cell, count: int, prefix: str = "Phạm Văn") -> None:
    for i in range(count):
        make_member(cell, f"{prefix} {cell.code} {i:02d}", admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))


def hand_in_self_reviews(period, cell, user, count: int | None = None) -> None:
    reviews = open_roster(period, cell)
    for review in reviews[:count]:
        services.save_self_review(review, {"duties": "Hoàn thành nhiệm vụ."}, submit=True, user=period_opener())


def hold_meeting(period, cell, user) -> None:
    reviews = open_roster(period, cell)
    cast = len(reviews)
    meta = {"official_members": cast, "official_present": cast, "ballots_cast": cast, "meeting_date": None}
    votes = {r.pk: {"votes_htxs": 0, "votes_htt": cast, "votes_ht": 0, "votes_kht": 0} for r in reviews}
    version = unit_review_for(period, cell).version
    services.save_tally(period=period, unit=cell, meta=meta, votes=votes, version=version, user=period_opener())


def rows_by_code(period, today):
    return {row.unit.code: row for row in selectors.dashboard(period, today).rows}


def test_each_step_status_comes_from_the_review_data(plan_tree):
    tree, period = plan_tree, plan_tree.period
    fill(tree.cell_a, 2)
    fill(tree.cell_b, 2)
    hand_in_self_reviews(period, tree.cell_b, tree.office, count=1)
    rows = rows_by_code(period, date(2014, 11, 10))
    assert (rows["chi-bo-b"].progress.state, rows["chi-bo-b"].progress.days_late) == (State.LATE, 3)
    assert rows["chi-bo-b"].facts.self_reviews == 1 and rows["chi-bo-b"].facts.members == 4

    hand_in_self_reviews(period, tree.cell_a, tree.secretary_a)
    rows = rows_by_code(period, date(2014, 11, 28))
    assert rows["chi-bo-a"].progress.state == State.DUE_SOON  # the meeting is due today: not late
    assert rows["chi-bo-a"].progress.current.title.startswith("Chi bộ họp")
    assert rows_by_code(period, date(2014, 11, 29))["chi-bo-a"].progress.days_late == 1

    hold_meeting(period, tree.cell_a, tree.secretary_a)
    assert rows_by_code(period, date(2014, 11, 29))["chi-bo-a"].progress.state == State.DONE
    assert rows_by_code(period, date(2014, 11, 29))["chi-bo-a"].levels["htt"] == 4

    committee = rows_by_code(period, date(2014, 12, 5))["dang-uy"]
    assert (committee.progress.state, committee.progress.days_late) == (State.LATE, 2)
    assert committee.progress.current.title.startswith("Đảng ủy thẩm định")
    for cell in (tree.cell_a, tree.cell_b):
        hand_in_self_reviews(period, cell, tree.office)
        hold_meeting(period, cell, tree.office)
        review = services.submit_unit(unit_review_for(period, cell), user=tree.admin, confirmed=True, note="thiếu")
        services.recognise_unit(review, user=tree.office)
    committee = rows_by_code(period, date(2014, 12, 5))["dang-uy"]
    assert committee.progress.current.title.startswith("Báo cáo") and committee.progress.days_late == 1


def test_the_page_lists_late_units_first_and_filters_by_status(client, plan_tree):
    tree, period = plan_tree, plan_tree.period
    fill(tree.cell_a, 1)
    hand_in_self_reviews(period, tree.cell_a, tree.secretary_a)
    hold_meeting(period, tree.cell_a, tree.secretary_a)
    SupervisorAssignment.objects.create(period=period, unit=tree.cell_b, supervisor=tree.deputy)
    client.force_login(tree.office)
    page = client.get(reverse("dashboard:progress", args=[period.pk]))
    rows = list(page.context["page"])
    assert [row.unit.code for row in rows][-1] == "chi-bo-a"  # done: last
    assert rows[0].progress.state == State.LATE
    html = page.content.decode()
    assert "Lâm Đình Chiến" in html and "<svg" in html and "Trễ " in html
    done = client.get(reverse("dashboard:progress", args=[period.pk]), {"trang-thai": "hoan-thanh"})
    assert [row.unit.code for row in done.context["page"]] == ["chi-bo-a"]


def test_honours_list_three_years_at_the_top_level(plan_tree):
    tree = plan_tree
    periods = [make_period(tree.committee, year, steps=[]) for year in (2012, 2013)] + [tree.period]
    star, once = tree.member_a, make_member(tree.cell_a, "Đỗ Một Lần")
    for period in periods:
        MemberReview.objects.create(period=period, member=star, unit=tree.cell_a, level="htxs", decided_level="htxs")
        UnitReview.objects.create(period=period, unit=tree.cell_b, level="tsvm",
                                  decided_level="tsvm" if period.year < 2014 else "")
    MemberReview.objects.create(period=tree.period, member=once, unit=tree.cell_a, level="htxs")
    honours = selectors.honours(tree.period)
    assert [(h.name, h.confirmed) for h in honours["members"]] == [("Trần Thị Bích", True)]
    assert [(h.name, h.confirmed) for h in honours["units"]] == [("Chi bộ B", False)]  # 2014 only proposed
    assert selectors.honours(periods[1])["members"] == []  # 2012–2013: two years only


def grow(tree, period, cells: int, members: int) -> None:
    """More cells (half of them under a second-level đảng bộ), members, reviews and supervisors."""
    sub = make_org(f"db-con-{cells}", "dang_bo_co_so", tree.committee, name="Đảng bộ bộ phận")
    for i in range(cells):
        cell = make_org(f"cb-{cells}-{i}", "chi_bo_truc_thuoc", sub if i % 2 else tree.committee)
        fill(cell, members)
        for review in open_roster(period, cell)[: members // 2]:
            MemberReview.objects.filter(pk=review.pk).update(self_review_status="submitted", level="htt")
        UnitReview.objects.filter(period=period, unit=cell).update(status="submitted" if i % 3 else "draft")
        SupervisorAssignment.objects.create(period=period, unit=cell, supervisor=tree.deputy)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_uses_a_fixed_number_of_queries_whatever_the_tree(client, plan_tree,
                                                                       django_assert_max_num_queries):
    tree, period = plan_tree, plan_tree.period
    url = reverse("dashboard:progress", args=[period.pk])
    client.force_login(tree.office)
    grow(tree, period, cells=2, members=2)
    small = count_queries(client, url)
    grow(tree, period, cells=40, members=8)
    large = count_queries(client, url)
    assert small == large
    with django_assert_max_num_queries(17):
        client.get(url)


@pytest.mark.parametrize("name", ["plan", "supervisors"])
def test_plan_pages_use_a_fixed_number_of_queries(client, plan_tree, name):
    tree, period = plan_tree, plan_tree.period
    url = reverse(f"dashboard:{name}", args=[period.pk])
    client.force_login(tree.office)
    grow(tree, period, cells=2, members=1)
    small = count_queries(client, url)
    grow(tree, period, cells=30, members=1)
    assert count_queries(client, url) == small
