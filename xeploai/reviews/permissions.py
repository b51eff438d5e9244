"""The policy table (policy.py) applied to a user and a review: the user's roles on the review's own unit.

``access`` decides the tree (404 outside, 403 too low); this module turns the user's place in the tree into the
policy's roles and asks the table. Pages ask ``decide`` to show what may be done (never writing); services call
``require`` inside their transaction, on the row they locked.
"""

from __future__ import annotations

from xeploai.orgs import access
from xeploai.orgs.models import Member, Organization

from . import chain
from .policy import Action, Decision, Role, Status, check
from .records import UnitReview

NO_ROLE_HERE = ("Theo thẩm quyền quyết định của kỳ kiểm điểm (Quy định 366 Điều 13), đơn vị này do cấp ủy khác "
                "quyết định.")


class Refused(Exception):
    """The policy refused: ``reason`` is the sentence for the user; ``forbidden`` when no role of theirs ever may."""

    def __init__(self, reason: str, forbidden: bool = False) -> None:
        self.reason, self.forbidden = reason, forbidden
        super().__init__(reason)


def decides(user, unit: Organization, period=None) -> bool:
    """The committee role on a unit: in a period, the office of the committee the period's decision chain names for
    the unit's kind (chain.py: QĐ 366 Điều 13), and no other; without a period (not opened yet), any committee
    office above the unit. Administrators always."""
    if period is None:
        return access.can_appraise_unit(user, unit)
    if access.is_admin(user):
        return True
    offices = {role.organization_id for role in access.user_roles(user) if role.kind in access.APPRAISE_KINDS}
    return bool(offices) and chain.deciding_committee_id(period, unit) in offices  # no office: no query


def roles_on(user, unit: Organization, member: Member | None = None, period=None) -> frozenset[Role]:
    roles = set()
    if access.can_change_unit(user, unit):
        roles.add(Role.SECRETARY)
    if decides(user, unit, period):
        roles.add(Role.COMMITTEE)
    if member is not None and access.is_own_member(user, member):
        roles.add(Role.MEMBER)
    return frozenset(roles)


def status_of(unit_review: UnitReview | None) -> Status:
    if unit_review is None or unit_review.pk is None:
        return Status.NOT_OPENED
    return Status(unit_review.status)


def decide(user, action: Action, unit_review: UnitReview | None, unit: Organization,
           member: Member | None = None) -> Decision:
    period = unit_review.period if unit_review is not None and unit_review.pk is not None else None
    return check(action, roles_on(user, unit, member, period), status_of(unit_review))


def require(user, action: Action, unit_review: UnitReview | None, unit: Organization,
            member: Member | None = None) -> None:
    decision = decide(user, action, unit_review, unit, member)
    if not decision:
        raise Refused(decision.reason, forbidden=not decision.role_allows)
