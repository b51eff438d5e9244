"""The policy table (policy.py) applied to a user and a review: the user's roles on the review's own unit.

``access`` decides the tree (404 outside, 403 too low); this module turns the user's place in the tree into the
policy's roles and asks the table. Pages ask ``decide`` to show what may be done (never writing); services call
``require`` inside their transaction, on the row they locked.
"""

from __future__ import annotations

from xeploai.orgs import access
from xeploai.orgs.models import Member, Organization

from .policy import Action, Decision, Role, Status, check
from .records import UnitReview


class Refused(Exception):
    """The policy refused: ``reason`` is the sentence for the user; ``forbidden`` when no role of theirs ever may."""

    def __init__(self, reason: str, forbidden: bool = False) -> None:
        self.reason, self.forbidden = reason, forbidden
        super().__init__(reason)


def roles_on(user, unit: Organization, member: Member | None = None) -> frozenset[Role]:
    roles = set()
    if access.can_change_unit(user, unit):
        roles.add(Role.SECRETARY)
    if access.can_appraise_unit(user, unit):
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
    return check(action, roles_on(user, unit, member), status_of(unit_review))


def require(user, action: Action, unit_review: UnitReview | None, unit: Organization,
            member: Member | None = None) -> None:
    decision = decide(user, action, unit_review, unit, member)
    if not decision:
        raise Refused(decision.reason, forbidden=not decision.role_allows)
