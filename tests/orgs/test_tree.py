"""The organisation tree: subtree reads in one query whatever the depth."""

from tests.conftest import make_member, make_org
from xeploai.orgs.models import Organization
from xeploai.orgs.tree import ancestor_ids, subtree, subtree_ids, with_path


def test_subtree_is_one_query_whatever_the_depth(db, django_assert_num_queries):
    root = parent = make_org("goc", "dang_bo_cap_tren")
    make_org("ngoai", "dang_bo_cap_tren")  # another tree: never read
    for depth in range(8):
        parent = make_org(f"cap-{depth}", "dang_bo_co_so", parent)
        make_org(f"ben-{depth}", "chi_bo_truc_thuoc", parent)
    with_path(root)  # the caller usually knows the root's own path (access.unit_for_user reads it)
    with django_assert_num_queries(1):
        nodes = subtree(root)
    assert len(nodes) == 17
    deepest = max(nodes, key=lambda node: node.depth)
    assert deepest.depth == 9 and deepest.path[0] == root.pk and deepest.path[-1] == deepest.pk
    with django_assert_num_queries(1):
        assert sorted(subtree_ids([root.pk])) == sorted(node.pk for node in nodes)


def test_subtree_is_depth_first_with_siblings_by_position_then_name(db):
    root = make_org("goc", "dang_bo_co_so")
    second = Organization.objects.create(code="b", name="Chi bộ B", kind="chi_bo_truc_thuoc", parent=root, position=2)
    first = Organization.objects.create(code="a", name="Chi bộ Z", kind="chi_bo_truc_thuoc", parent=root, position=1)
    group = make_org("to-1", "to_dang", first)
    assert [node.code for node in subtree(root)] == ["goc", first.code, group.code, second.code]


def test_ancestors_of_a_cell_in_one_query(db, django_assert_num_queries):
    province = make_org("tinh", "dang_bo_cap_tren")
    committee = make_org("dang-uy", "dang_bo_co_so", province)
    cell = make_org("chi-bo", "chi_bo_truc_thuoc", committee)
    with django_assert_num_queries(1):
        assert ancestor_ids(cell.pk) == [province.pk, committee.pk, cell.pk]


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


def test_subtree_nodes_carry_their_full_path_for_access_checks(db):
    province = make_org("tinh", "dang_bo_cap_tren")
    committee = make_org("dang-uy", "dang_bo_co_so", province)
    cell = make_org("chi-bo", "chi_bo_truc_thuoc", committee)
    nodes = subtree(committee)
    assert [node.path for node in nodes] == [[committee.pk], [committee.pk, cell.pk]]
    assert nodes[1]._xl_path == [province.pk, committee.pk, cell.pk]
