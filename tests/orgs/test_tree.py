"""The organisation tree: subtree reads in one query whatever the depth."""

from tests.conftest import make_member, make_org
from xeploai.orgs.models import Organization


def test_subtree_is_one_query_whatever_the_depth(db, django_assert_num_queries):
    root = parent = make_org("goc", "dang_bo_cap_tren")
    for depth in range(8):
        parent = make_org(f"cap-{depth}", "dang_bo_co_so", parent)
        make_org(f"ben-{depth}", "chi_bo_truc_thuoc", parent)
    with django_assert_num_queries(1):
        nodes = list(Organization.objects.descendants(root, include_self=True).with_tree_fields())
    assert len(nodes) == 17
    deepest = max(nodes, key=lambda node: node.tree_depth)
    assert deepest.tree_depth == 9
    assert deepest.tree_path[0] == root.pk


def test_ancestors_of_a_cell(db):
    province = make_org("tinh", "dang_bo_cap_tren")
    committee = make_org("dang-uy", "dang_bo_co_so", province)
    cell = make_org("chi-bo", "chi_bo_truc_thuoc", committee)
    assert list(Organization.objects.ancestors(cell, include_self=True)) == [province, committee, cell]


def test_a_unit_cannot_become_its_own_descendant(db):
    import pytest
    from django.core.exceptions import ValidationError

    top = make_org("tren", "dang_bo_co_so")
    below = make_org("duoi", "chi_bo_truc_thuoc", top)
    top.parent = below
    with pytest.raises(ValidationError):
        top.full_clean()


def test_moving_a_member_keeps_the_history(db):
    committee = make_org("dang-uy", "dang_bo_co_so")
    first = make_org("chi-bo-1", "chi_bo_truc_thuoc", committee)
    second = make_org("chi-bo-2", "chi_bo_truc_thuoc", committee)
    member = make_member(first, "Phạm Văn Đồng Chí")
    member.unit = second
    member.save()
    units = [record.unit_id for record in member.history.order_by("history_date")]
    assert units == [first.pk, second.pk]
