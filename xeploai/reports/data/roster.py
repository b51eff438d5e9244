"""The cell's members for a period as the forms list them, in a fixed number of queries (no writes).

A report never opens the roster (that is a write). Once the secretary has opened it, the period's review records are
the roster; before that, the cell's active members admitted by the review date stand in for it (without a record),
so a ballot printed before the meeting still lists everybody and an old period never lists later members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from xeploai.orgs.models import LEADER_POSTS, Member, Organization, Post
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import MemberReview, ResultStatus, UnitReview
from xeploai.rules import add_months

CHANGE_CODES = ("quota_exceeded", "quota_tie", "no_majority", "no_level_fits", "new_member", "kht_trigger")


@dataclass(frozen=True)
class RosterEntry:
    """A member and their review record in the period (None before the roster is opened)."""

    member: Member
    review: MemberReview | None

    def is_official(self, on: date) -> bool:
        return self.member.official_on is not None and self.member.official_on <= on

    @property
    def status(self) -> str:
        return self.review.result_status if self.review else ""

    @property
    def level(self) -> str:
        return self.review.final_level if self.review else ""

    @property
    def exempt(self) -> bool:
        return self.status == ResultStatus.EXEMPT or (not self.status and self.member.exempt)

    def is_new(self, on: date, months: int) -> bool:
        if self.status:
            return self.status == ResultStatus.NOT_RATED
        return add_months(self.member.admitted_on, months) > on

    def posts(self, on: date) -> list[Post]:
        return [p for p in self.member.posts.all() if (p.start is None or p.start <= on) and (p.end is None or p.end >= on)]

    def is_leader(self, on: date) -> bool:
        """Category 2A, or a leader post held on the day (DOMAIN §4 roles)."""
        return self.member.category == "2A" or any(p.title in LEADER_POSTS for p in self.posts(on))

    def change_notes(self) -> list[str]:
        """Why the result differs from the plain vote or score: caps, the quota, no majority, a new member."""
        reasons = self.review.reasons if self.review else []
        return [r.get("text", "") for r in reasons or []
                if str(r.get("code", "")).startswith("cap_") or r.get("code") in CHANGE_CODES]


def _posts() -> Prefetch:
    return Prefetch("posts", queryset=Post.objects.select_related("unit").order_by("title"))


def load_roster(period: ReviewPeriod, unit: Organization) -> list[RosterEntry]:
    """The period's reviews with their members and posts, or the members before the roster is opened: 2–4 queries."""
    reviews = list(MemberReview.objects.filter(period=period, unit=unit).select_related("member")
                   .prefetch_related(Prefetch("member__posts", queryset=_posts().queryset)))
    entries = [RosterEntry(review.member, review) for review in reviews]
    if not entries:
        entries = [RosterEntry(member, None) for member in unopened_members(period, [unit.pk])
                   .prefetch_related(_posts())]
    return sorted(entries, key=lambda entry: (entry.member.sort_key, entry.member.pk))


def unopened_members(period: ReviewPeriod, unit_ids: list[int]):
    """Members standing in for a roster not opened yet: active, admitted by the review date, not in the period."""
    return (Member.objects.filter(unit_id__in=unit_ids, active=True, admitted_on__lte=period.review_date)
            .exclude(reviews__period=period))


def load_unit_review(period: ReviewPeriod, unit: Organization) -> UnitReview | None:
    return UnitReview.objects.filter(period=period, unit=unit).first()
