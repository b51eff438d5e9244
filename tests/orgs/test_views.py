"""Home and unit pages: content, filters, sorting, and query counts that do not grow."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import make_member


def unit_url(code: str, **params) -> str:
    from urllib.parse import urlencode

    return reverse("unit_detail", kwargs={"code": code}) + ("?" + urlencode(params) if params else "")


def test_home_shows_the_office_its_tree_with_member_counts(client, tree):
    client.force_login(tree.office)
    page = client.get(reverse("home")).content.decode()
    assert "Đảng bộ cơ quan" in page and "Chi bộ A" in page and "Chi bộ B" in page
    assert "Chi bộ khác" not in page


def test_home_tells_a_user_without_role_what_to_do(client, tree):
    client.force_login(tree.nobody)
    assert "chưa được giao vai trò" in client.get(reverse("home")).content.decode()


def test_header_names_the_role_and_unit(client, tree):
    client.force_login(tree.secretary_a)
    assert "Bí thư chi bộ · Chi bộ A" in client.get(reverse("home")).content.decode()


def test_unit_page_lists_members_in_vietnamese_order(client, tree):
    for name in ["Lê Ánh", "Phạm Anh", "Nguyễn Văn An"]:
        make_member(tree.cell_a, name)
    client.force_login(tree.secretary_a)
    names = [m.full_name for m in client.get(unit_url("chi-bo-a")).context["page"]]
    assert names == ["Nguyễn Văn An", "Phạm Anh", "Lê Ánh", "Trần Thị Bích"]


def test_unit_page_filters_probationary_members_and_sorts_by_admission(client, tree):
    make_member(tree.cell_a, "Đỗ Văn Mới", official_on=None, admitted_on=date(2026, 6, 1))
    make_member(tree.cell_a, "Vũ Thị Cũ", official_on=None, admitted_on=date(2025, 12, 1))
    client.force_login(tree.secretary_a)
    page = client.get(unit_url("chi-bo-a", loai="du-bi", **{"sap-xep": "-ngay-vao-dang"})).context["page"]
    assert [m.full_name for m in page] == ["Đỗ Văn Mới", "Vũ Thị Cũ"]
    official = client.get(unit_url("chi-bo-a", loai="chinh-thuc")).context["page"]
    assert [m.full_name for m in official] == ["Trần Thị Bích"]


def test_unit_page_search_by_name(client, tree):
    make_member(tree.cell_a, "Hoàng Văn Thái")
    client.force_login(tree.secretary_a)
    response = client.post(unit_url("chi-bo-a"), {"q": "thái", "loai": "chinh-thuc"})
    assert response.status_code == 302
    assert "q=" not in response.url and "th%C3%A1i" not in response.url and "loai=chinh-thuc" in response.url
    page = client.get(response.url).context["page"]
    assert [m.full_name for m in page] == ["Hoàng Văn Thái"]
    cleared = client.post(unit_url("chi-bo-a"), {"q": "  "})
    assert len(client.get(cleared.url).context["page"]) == 2


def test_a_search_in_the_url_is_not_used(client, tree):
    make_member(tree.cell_a, "Hoàng Văn Thái")
    client.force_login(tree.secretary_a)
    assert len(client.get(unit_url("chi-bo-a", q="thái")).context["page"]) == 2


def test_unknown_sort_and_page_values_fall_back_safely(client, tree):
    client.force_login(tree.secretary_a)
    response = client.get(unit_url("chi-bo-a", **{"sap-xep": "'; drop", "trang": "abc"}))
    assert response.status_code == 200


def _queries_for_unit_page(client, django_assert_max_num_queries, code: str, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(unit_url(code)).status_code == 200


@pytest.mark.parametrize("members", [3, 60])
def test_unit_page_query_count_does_not_grow_with_members(client, tree, django_assert_max_num_queries, members):
    for i in range(members):
        member = make_member(tree.cell_a, f"Nguyễn Văn Thứ {i}")
        member.posts.create(title="cap_uy_vien", unit=tree.cell_a)
    client.force_login(tree.secretary_a)
    _queries_for_unit_page(client, django_assert_max_num_queries, "chi-bo-a", 12)


@pytest.mark.parametrize("cells", [2, 30])
def test_home_query_count_does_not_grow_with_units(client, tree, django_assert_max_num_queries, cells):
    from tests.conftest import make_org

    for i in range(cells):
        cell = make_org(f"them-{i}", "chi_bo_truc_thuoc", tree.committee)
        make_member(cell)
    client.force_login(tree.office)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


def test_a_committee_page_counts_the_members_of_its_whole_subtree(client, tree):
    make_member(tree.cell_b, "Phan Văn Dự Bị", official_on=None, admitted_on=date(2026, 5, 1))
    client.force_login(tree.office)
    totals = client.get(unit_url("dang-uy")).context["totals"]
    assert (totals["total"], totals["official"], totals["probationary"]) == (3, 2, 1)


def test_unit_page_pages_keep_the_filters(client, tree, monkeypatch):
    from xeploai.orgs import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in range(3):
        make_member(tree.cell_a, f"Ngô Văn Trang {i}")
    client.force_login(tree.secretary_a)
    page = client.get(unit_url("chi-bo-a", loai="chinh-thuc")).content.decode()
    assert "?loai=chinh-thuc&amp;trang=2" in page
