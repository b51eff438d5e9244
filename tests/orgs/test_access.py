"""access.py: every role against its own unit, a unit in its subtree and one outside."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from xeploai.orgs import access


def test_admin_sees_and_changes_everything(tree):
    for org in (tree.province, tree.committee, tree.cell_a, tree.other_cell):
        assert access.unit_for_user(tree.admin, org.code, access.can_change_unit) == org


def test_office_views_its_committee_and_every_cell_below(tree):
    for org in (tree.committee, tree.cell_a, tree.cell_b):
        assert access.unit_for_user(tree.office, org.code) == org


def test_office_appraises_the_cells_below_but_not_its_own_committee(tree):
    assert access.can_appraise_unit(tree.office, tree.cell_a)
    assert not access.can_appraise_unit(tree.office, tree.committee)


def test_office_may_not_write_a_cells_roster(tree):
    with pytest.raises(PermissionDenied):
        access.unit_for_user(tree.office, tree.cell_a.code, access.can_change_unit)


@pytest.mark.parametrize("code", ["dang-uy-khac", "chi-bo-khac", "tinh"])
def test_office_gets_404_outside_its_subtree(tree, code):
    with pytest.raises(Http404):
        access.unit_for_user(tree.office, code)


def test_secretary_changes_own_cell(tree):
    assert access.unit_for_user(tree.secretary_a, tree.cell_a.code, access.can_change_unit) == tree.cell_a
    assert not access.can_appraise_unit(tree.secretary_a, tree.cell_a)


@pytest.mark.parametrize("code", ["chi-bo-b", "dang-uy", "tinh", "chi-bo-khac"])
def test_secretary_gets_404_for_every_other_unit(tree, code):
    with pytest.raises(Http404):
        access.unit_for_user(tree.secretary_a, code)


def test_member_role_is_403_on_its_cell_page_but_may_edit_own_self_review(tree):
    with pytest.raises(PermissionDenied):
        access.unit_for_user(tree.member_user, tree.cell_a.code)
    assert access.member_for_user(tree.member_user, tree.member_a.pk, access.can_edit_self_review) == tree.member_a


def test_member_role_cannot_see_another_member(tree):
    from tests.conftest import make_member

    colleague = make_member(tree.cell_a, "Hoàng Văn Em")
    with pytest.raises(PermissionDenied):
        access.member_for_user(tree.member_user, colleague.pk)
    with pytest.raises(Http404):
        access.member_for_user(tree.member_user, tree.member_b.pk)


def test_outsider_and_user_without_role_get_404(tree):
    for user in (tree.outsider, tree.nobody):
        with pytest.raises(Http404):
            access.unit_for_user(user, tree.cell_a.code)
        with pytest.raises(Http404):
            access.member_for_user(user, tree.member_a.pk)


def test_unknown_code_is_404(tree):
    with pytest.raises(Http404):
        access.unit_for_user(tree.admin, "khong-co")


def test_rules_permissions_answer_the_same(tree):
    assert tree.secretary_a.has_perm("orgs.change_unit", tree.cell_a)
    assert not tree.secretary_a.has_perm("orgs.change_unit", tree.cell_b)
    assert tree.office.has_perm("orgs.view_unit", tree.cell_b)
    assert tree.member_user.has_perm("orgs.edit_self_review", tree.member_a)


def test_visible_units_is_the_union_of_subtrees(tree):
    assert set(access.visible_units(tree.office)) == {tree.committee, tree.cell_a, tree.cell_b}
    assert set(access.visible_units(tree.secretary_a)) == {tree.cell_a}
    assert not access.visible_units(tree.member_user).exists()
    assert access.visible_units(tree.admin).count() == 6
