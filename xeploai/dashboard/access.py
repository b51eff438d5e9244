"""Who may read, manage and follow a committee's plans, built on `xeploai.orgs.access`.

- Read a plan (its timeline): anyone who may view the committee, and anyone holding a role inside its subtree
  (a cell's secretary and members need the dates).
- Manage plans (create, edit, copy, steps, supervisors): administrators and the committee office of the committee
  itself or of a committee above it; for a chi bộ cơ sở, which issues its own plan (003), also its secretary.
- Follow the progress (the dashboard): `can_view_unit` on the committee.

As everywhere: 404 when the committee does not exist for the user (no role over it or inside it), 403 when the role is
too low.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

from xeploai.orgs import access
from xeploai.orgs.models import Organization, OrgKind, RoleKind
from xeploai.orgs.tree import with_path
from xeploai.reviews.models import ReviewPeriod

Need = Callable[[object, Organization], bool]


def has_role_within(user, committee: Organization) -> bool:
    """A role held on the committee or on a unit below it."""
    return any(committee.pk in access.path_ids(role.organization) for role in access.user_roles(user))


def can_manage_plans(user, committee: Organization) -> bool:
    if access.is_admin(user):
        return True
    roles = access.roles_over(user, committee)
    if any(role.kind == RoleKind.OFFICE for role in roles):
        return True
    return committee.kind == OrgKind.CHI_BO_CO_SO and any(
        role.kind == RoleKind.SECRETARY and role.organization_id == committee.pk for role in roles
    )


def can_read_plan(user, committee: Organization) -> bool:
    return access.can_view_unit(user, committee) or has_role_within(user, committee)


def can_follow_progress(user, committee: Organization) -> bool:
    return access.can_view_unit(user, committee)


def _check(user, committee: Organization, need: Need) -> None:
    if not (access.in_scope(user, committee) or has_role_within(user, committee)):
        raise Http404("Không tìm thấy tổ chức.")
    if not need(user, committee):
        raise PermissionDenied("Vai trò của đồng chí không đủ quyền với kế hoạch này.")


def committee_for_user(user, code: str, need: Need) -> Organization:
    """The committee by code, with its tree path, after the access check."""
    try:
        committee = with_path(Organization.objects.get(code=code))
    except Organization.DoesNotExist:
        raise Http404("Không tìm thấy tổ chức.") from None
    _check(user, committee, need)
    return committee


def period_for_user(user, pk: int, need: Need) -> ReviewPeriod:
    """The review period with its committee (tree path known) and rule set, after the access check."""
    try:
        period = ReviewPeriod.objects.select_related("ruleset").get(pk=pk)
    except ReviewPeriod.DoesNotExist:
        raise Http404("Không tìm thấy kỳ kiểm điểm.") from None
    period.committee = with_path(Organization.objects.get(pk=period.committee_id))
    _check(user, period.committee, need)
    return period
