"""The one place that answers "may this user see or change this unit or member?".

A role on a node applies to its whole subtree. Outside every subtree of the user's roles a
unit does not exist for them (404); inside, too low a role is refused (403). Views resolve the
object and the right in one call (`unit_for_user`, `member_for_user`); templates ask the same
predicates through django-rules (`orgs.view_unit`, `orgs.change_unit`, …).
"""

from __future__ import annotations

from collections.abc import Iterable

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Member, Organization, Role, RoleKind
from .tree import ancestor_ids, subtree_ids

VIEW_KINDS = frozenset({RoleKind.OFFICE, RoleKind.SECRETARY})
CHANGE_KINDS = frozenset({RoleKind.SECRETARY})
APPRAISE_KINDS = frozenset({RoleKind.OFFICE})


def user_roles(user) -> list[Role]:
    """The user's roles, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_xl_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user=user).select_related("organization"))
        user._xl_roles = cached
    return cached


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        role.kind == RoleKind.ADMIN for role in user_roles(user)
    )


def path_ids(org: Organization) -> list[int]:
    """The ids of the organisation and its ancestors, root first (one query unless already known)."""
    cached = getattr(org, "_xl_path", None)
    if cached is None:
        cached = ancestor_ids(org.pk)
        org._xl_path = list(cached)
    return org._xl_path


def roles_over(user, org: Organization) -> list[Role]:
    """The user's roles held on the organisation itself or on one of its ancestors."""
    roles = user_roles(user)
    if not roles:
        return []
    ids = set(path_ids(org))
    return [role for role in roles if role.organization_id in ids]


def _has_kind(roles: Iterable[Role], kinds: frozenset[str]) -> bool:
    return any(role.kind in kinds for role in roles)


def in_scope(user, org: Organization) -> bool:
    """Whether the unit exists for this user at all (any role over it, or an administrator)."""
    return is_admin(user) or bool(roles_over(user, org))


@rules.predicate
def can_view_unit(user, org: Organization) -> bool:
    return is_admin(user) or _has_kind(roles_over(user, org), VIEW_KINDS)


@rules.predicate
def can_change_unit(user, org: Organization) -> bool:
    """Write the unit's own data: roster, self-reviews, tallies (the secretary; administrators)."""
    return is_admin(user) or _has_kind(roles_over(user, org), CHANGE_KINDS)


@rules.predicate
def can_appraise_unit(user, org: Organization) -> bool:
    """Appraise and decide: the committee office of a committee above the unit (not the unit itself)."""
    if is_admin(user):
        return True
    above = set(path_ids(org)[:-1])
    return any(role.kind in APPRAISE_KINDS and role.organization_id in above for role in user_roles(user))


def is_office_of(user, org: Organization) -> bool:
    """The committee office of ``org`` itself (what the decision chain gives ``org`` to decide, it decides through
    its office: QĐ 366 Điều 13); administrators."""
    return is_admin(user) or any(role.kind in APPRAISE_KINDS and role.organization_id == org.pk
                                 for role in user_roles(user))


def is_own_member(user, member: Member) -> bool:
    return any(role.kind == RoleKind.MEMBER and role.member_id == member.pk for role in user_roles(user))


@rules.predicate
def can_view_member(user, member: Member) -> bool:
    return is_own_member(user, member) or can_view_unit(user, member.unit)


@rules.predicate
def can_edit_self_review(user, member: Member) -> bool:
    return is_own_member(user, member) or can_change_unit(user, member.unit)


rules.add_perm("orgs.view_unit", can_view_unit)
rules.add_perm("orgs.change_unit", can_change_unit)
rules.add_perm("orgs.appraise_unit", can_appraise_unit)
rules.add_perm("orgs.view_member", can_view_member)
rules.add_perm("orgs.edit_self_review", can_edit_self_review)


def unit_for_user(user, code: str, need=can_view_unit) -> Organization:
    """Fetch a unit by code and check the right in one step: 404 outside the user's scope, 403 inside.

    The unit comes with `tree_path` (ids from the root to it) and `tree_depth`, read once.
    """
    try:
        org = Organization.objects.get(code=code)
    except Organization.DoesNotExist:
        raise Http404("Không tìm thấy tổ chức.") from None
    org.tree_path = path_ids(org)
    org.tree_depth = len(org.tree_path) - 1
    if not in_scope(user, org):
        raise Http404("Không tìm thấy tổ chức.")
    if not need(user, org):
        raise PermissionDenied("Vai trò của đồng chí không đủ quyền với tổ chức này.")
    return org


def member_for_user(user, pk: int, need=can_view_member) -> Member:
    """Fetch a member and check the right: 404 unless the member's unit is in scope or it is their own."""
    try:
        member = Member.objects.select_related("unit").get(pk=pk)
    except Member.DoesNotExist:
        raise Http404("Không tìm thấy đảng viên.") from None
    if not (is_own_member(user, member) or in_scope(user, member.unit)):
        raise Http404("Không tìm thấy đảng viên.")
    if not need(user, member):
        raise PermissionDenied("Vai trò của đồng chí không đủ quyền với đảng viên này.")
    return member


MAX_ID = 2**63 - 1  # the largest key a column holds: a longer number in a URL names nothing


def existing_id(value: int) -> int:
    """A URL's number as a key, or 404 (a number too large for the database would fail in the query)."""
    if not 0 < value <= MAX_ID:
        raise Http404("Không tìm thấy.")
    return value


def member_review_for_user(user, review) -> None:
    """A member's review in a period is reached through **the unit it was held in** (``review.unit``), not the
    member's current cell: after a move, the old cell keeps its record and the new cell does not see it.
    404 unless it is the user's own or that unit is in scope; 403 for a role too low to view it."""
    if is_own_member(user, review.member):
        return
    if not in_scope(user, review.unit):
        raise Http404("Không tìm thấy đảng viên.")
    if not can_view_unit(user, review.unit):
        raise PermissionDenied("Vai trò của đồng chí không đủ quyền với hồ sơ này.")


def root_units(user) -> list[Organization]:
    """The top units the user works on: each role's organisation, without ones nested in another."""
    if is_admin(user):
        return list(Organization.objects.filter(parent__isnull=True))
    orgs = {role.organization_id: role.organization for role in user_roles(user) if role.kind in VIEW_KINDS}
    return [org for org in orgs.values() if not (set(path_ids(org)[:-1]) & orgs.keys())]


def visible_units(user) -> QuerySet:
    """Every unit the user may view, as one queryset (for list pages and exports).

    One subtree query over the roots of the user's roles, then a plain `pk IN` filter.
    """
    if is_admin(user):
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=subtree_ids([root.pk for root in root_units(user)]))


def can_import_roster(user, org: Organization) -> bool:
    """Import the tree and roster of a committee: its office or an office above it; administrators."""
    if not org.is_committee:
        return False
    return is_admin(user) or _has_kind(roles_over(user, org), APPRAISE_KINDS)
