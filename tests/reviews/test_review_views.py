"""Review pages: every URL × persona (200/302/403/404), POSTs too, query counts, and the forms' messages."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS, open_roster, reclassify_cell
from tests.reviews.conftest import fill_cell, make_period
from xeploai.reviews.records import MemberReview, UnitReview

OUT = {"outsider": 404, "nobody": 404, "secretary_b": 404, "office_other": 404}
CELL_READ = {"admin": 200, "office": 200, "secretary_a": 200, "member_user": 403, **OUT}
CELL_WRITE = {"admin": 200, "office": 403, "secretary_a": 200, "member_user": 403, **OUT}
APPRAISE = {"admin": 200, "office": 200, "secretary_a": 403, "member_user": 403, **OUT}
# The committee's pages for a step the review's status does not allow yet: sent back to the unit page with why.
APPRAISE_NOT_YET = {**APPRAISE, "admin": 302, "office": 302}
OWN_MEMBER = {"admin": 200, "office": 200, "secretary_a": 200, "member_user": 200, **OUT}
COMMITTEE = {"admin": 200, "office": 200, "secretary_a": 404, "member_user": 404, **OUT}


@pytest.fixture
def opened(tree, period):
    open_roster(period, tree.cell_a)
    reclassify_cell(period, tree.cell_a)
    return period


def urls(period, tree):
    p, m = period.pk, tree.member_a.pk
    return [
        ("reviews:unit_period", [p, "chi-bo-a"], CELL_READ),
        ("reviews:unit_period", [p, "dang-uy"], COMMITTEE),
        ("reviews:tally", [p, "chi-bo-a"], CELL_WRITE),
        ("reviews:scores", [p, "chi-bo-a"], {**CELL_WRITE, "office": 200}),
        ("reviews:unit_facts", [p, "chi-bo-a"], {**CELL_WRITE, "office": 200}),
        ("reviews:score_sheet", [p, "chi-bo-a"], {**CELL_WRITE, "office": 200}),
        ("reviews:appraisal", [p, "dang-uy"], COMMITTEE),
        ("reviews:pool_decide", [p, "dang-uy"], COMMITTEE),  # a cell-quota period: says there are no pools
        ("reviews:pools", [p, "dang-uy"], COMMITTEE),
        ("reviews:pool_decide", [p, "chi-bo-a"], APPRAISE),
        ("reviews:return", [p, "chi-bo-a"], APPRAISE),
        ("reviews:reclassify", [p, "chi-bo-a"], APPRAISE_NOT_YET),
        ("reviews:submit", [p, "chi-bo-a"], CELL_WRITE),
        ("reviews:recognise", [p, "chi-bo-a"], APPRAISE_NOT_YET),
        ("reviews:self_review", [p, m], OWN_MEMBER),
        ("reviews:member_facts", [p, m], {**CELL_WRITE}),
        ("reviews:member_history", [m], OWN_MEMBER),
        ("reviews:unit_history", ["chi-bo-a"], CELL_READ),
        ("reviews:unit_review_history", [p, "chi-bo-a"], CELL_READ),
        ("reviews:member_review_history", [p, m], OWN_MEMBER),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_review_page_by_persona(client, tree, opened, persona):
    client.force_login(getattr(tree, persona))
    for name, args, expected in urls(opened, tree):
        response = client.get(reverse(name, args=args))
        assert response.status_code == expected[persona], (name, args, persona)


def test_anonymous_users_are_sent_to_login(client, tree, opened):
    for name, args, _ in urls(opened, tree):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize(("persona", "expected"), [  # 200: the checklist again (a member has no result yet)
    ("admin", 200), ("office", 403), ("secretary_a", 200), ("member_user", 403), ("outsider", 404),
    ("secretary_b", 404), ("office_other", 404), ("nobody", 404)])
def test_submit_post_by_persona(client, tree, opened, persona, expected):
    client.force_login(getattr(tree, persona))
    data = {"confirm": "on", "note": "Còn thiếu giấy tờ, bổ sung sau"}
    assert client.post(reverse("reviews:submit", args=[opened.pk, "chi-bo-a"]), data).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin", 302), ("office", 302), ("secretary_a", 403), ("member_user", 403), ("outsider", 404),
    ("secretary_b", 404), ("office_other", 404), ("nobody", 404)])
def test_recognise_post_by_persona(client, tree, opened, persona, expected):
    client.force_login(getattr(tree, persona))
    assert client.post(reverse("reviews:recognise", args=[opened.pk, "chi-bo-a"])).status_code == expected


def test_a_period_of_another_branch_is_404(client, tree):
    other_period = make_period(tree.other)
    client.force_login(tree.admin)
    assert client.get(reverse("reviews:unit_period", args=[other_period.pk, "chi-bo-a"])).status_code == 404


def test_get_on_a_post_only_action_is_refused(client, tree, opened):
    client.force_login(tree.secretary_a)
    assert client.get(reverse("reviews:open", args=[opened.pk, "chi-bo-a"])).status_code == 405


def _tally_post(period, reviews, official, present, cast, votes) -> dict:
    data = {"official_members": official, "official_present": present, "ballots_cast": cast, "meeting_date": "",
            "version": UnitReview.objects.get(period=period, unit=reviews[0].unit).version}
    for review, counts in zip(reviews, votes, strict=True):
        for level, count in zip(("htxs", "htt", "ht", "kht"), counts, strict=True):
            data[f"v{review.pk}_{level}"] = count
    return data


def test_tally_page_saves_and_shows_results_with_reasons(client, tree, opened):
    fill_cell(tree.cell_a, 2)
    reviews = open_roster(opened, tree.cell_a)
    client.force_login(tree.secretary_a)
    data = _tally_post(opened, reviews, 3, 3, 3, [(3, 0, 0, 0), (0, 3, 0, 0), (0, 3, 0, 0)])
    response = client.post(reverse("reviews:tally", args=[opened.pk, "chi-bo-a"]), data, follow=True)
    page = response.content.decode()
    assert "Đã lưu kết quả kiểm phiếu" in page
    assert "3/3 phiếu HTXS" in page  # the reason names the numbers
    assert MemberReview.objects.filter(period=opened, votes_htt=3).count() == 2


def test_tally_page_shows_every_error_at_once_and_saves_nothing(client, tree, opened):
    fill_cell(tree.cell_a, 1)
    reviews = open_roster(opened, tree.cell_a)
    client.force_login(tree.secretary_a)
    data = _tally_post(opened, reviews, 2, 3, 4, [(5, 0, 0, 0), (-1, 0, 0, 0)])
    response = client.post(reverse("reviews:tally", args=[opened.pk, "chi-bo-a"]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Chưa lưu" in page
    assert "không được âm" in page
    assert not MemberReview.objects.filter(period=opened, votes_htxs__isnull=False).exists()


def test_tally_page_tells_a_stale_save_and_keeps_the_newer_data(client, tree, opened):
    reviews = open_roster(opened, tree.cell_a)
    client.force_login(tree.secretary_a)
    first = _tally_post(opened, reviews, 1, 1, 1, [(0, 1, 0, 0)])
    stale = dict(first, **{f"v{reviews[0].pk}_htt": 0, f"v{reviews[0].pk}_ht": 1})
    client.post(reverse("reviews:tally", args=[opened.pk, "chi-bo-a"]), first)
    response = client.post(reverse("reviews:tally", args=[opened.pk, "chi-bo-a"]), stale, follow=True)
    assert "người khác thay đổi" in response.content.decode()
    assert MemberReview.objects.get(pk=reviews[0].pk).votes_htt == 1


def test_member_submits_own_self_review_then_it_is_read_only(client, tree, opened):
    client.force_login(tree.member_user)
    url = reverse("reviews:self_review", args=[opened.pk, tree.member_a.pk])

    def version() -> int:
        return MemberReview.objects.get(period=opened, member=tree.member_a).version

    response = client.post(url, {"political_ideology": "Trung thành", "nop": "1", "version": version()})
    assert "self_proposed_level" in response.context["form"].errors  # a level is needed to submit
    client.post(url, {"political_ideology": "Trung thành", "self_proposed_level": "htt", "nop": "1",
                      "version": version()})
    review = MemberReview.objects.get(period=opened, member=tree.member_a)
    assert review.self_review_status == "submitted" and review.paper_self_review
    edit = {"political_ideology": "Sửa", "self_proposed_level": "htxs", "version": version()}
    assert client.post(url, edit).status_code == 302  # back to the read-only page, which says why
    assert MemberReview.objects.get(pk=review.pk).political_ideology == "Trung thành"
    client.force_login(tree.secretary_a)  # the secretary may still correct it
    client.post(url, {"political_ideology": "Bí thư sửa", "self_proposed_level": "htt", "luu": "1",
                      "version": version()})
    assert MemberReview.objects.get(pk=review.pk).political_ideology == "Bí thư sửa"


def test_unit_facts_refuses_bad_ratings_with_a_named_message(client, tree, opened):
    client.force_login(tree.secretary_a)
    url = reverse("reviews:unit_facts", args=[opened.pk, "chi-bo-a"])
    response = client.post(url, {"version": 0, "mass_org_ratings_0": "cao", "mass_org_ratings_1": "highest",
                                 "agency_rating": "highest", "tasks_total": 5, "tasks_done": 7})
    errors = response.context["form"].errors
    assert errors["mass_org_ratings"][0].startswith("Xếp loại các đoàn thể: chọn một mức trong danh sách")
    assert "không được lớn hơn tổng số nhiệm vụ" in errors["tasks_done"][0]


def test_unit_facts_mass_organisations_are_chosen_by_their_labels_and_kept(client, tree, opened):
    client.force_login(tree.secretary_a)
    url = reverse("reviews:unit_facts", args=[opened.pk, "chi-bo-a"])
    page = client.get(url).content.decode()
    assert "Mức cao nhất" in page and 'aria-label="Xếp loại đoàn thể thứ 1"' in page
    assert "highest (cao nhất)" not in page  # no code to type
    client.post(url, {"version": 0, "mass_org_ratings_0": "highest", "mass_org_ratings_2": "second",
                      "agency_rating": "highest"})
    stored = UnitReview.objects.get(period=opened, unit=tree.cell_a)
    assert stored.mass_org_ratings == ["highest", "second"]
    page = client.get(url).content.decode()
    assert '<option value="second" selected>' in page


@pytest.mark.parametrize("members", [10, 60])
def test_cell_and_tally_pages_use_a_fixed_number_of_queries(client, tree, period, django_assert_max_num_queries,
                                                            members):
    fill_cell(tree.cell_a, members)
    open_roster(period, tree.cell_a)
    reclassify_cell(period, tree.cell_a)
    client.force_login(tree.secretary_a)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("reviews:unit_period", args=[period.pk, "chi-bo-a"])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reviews:tally", args=[period.pk, "chi-bo-a"])).status_code == 200


@pytest.mark.parametrize("cells", [2, 12])
def test_appraisal_page_uses_a_fixed_number_of_queries(client, tree, period, django_assert_max_num_queries, cells):
    from tests.conftest import make_org

    for i in range(cells):
        make_org(f"them-{i}", "chi_bo_truc_thuoc", tree.committee)
    client.force_login(tree.office)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reviews:appraisal", args=[period.pk, "dang-uy"])).status_code == 200


def test_an_office_above_the_committee_may_recognise_from_the_appraisal_page(client, tree, period):
    from tests.conftest import make_user

    province_office = make_user("vanphong-tinh", ("office", tree.province))
    client.force_login(province_office)
    response = client.get(reverse("reviews:appraisal", args=[period.pk, "dang-uy"]))
    assert response.status_code == 200 and response.context["can_appraise"]
