"""Reads for the review: a fixed number of queries per page, and the engine's scenario built from the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from xeploai.orgs import access
from xeploai.orgs.models import Organization, OrgKind, Post

from .models import Milestone, ReviewPeriod
from .records import MemberReview, UnitReview

ENGINE_KINDS = {
    OrgKind.DANG_BO_CAP_TREN: "dang_bo",
    OrgKind.DANG_BO_CO_SO: "dang_bo",
    OrgKind.CHI_BO_CO_SO: "chi_bo",
    OrgKind.CHI_BO_TRUC_THUOC: "chi_bo",
    OrgKind.TO_DANG: "to_dang",
}


def periods_for_unit(unit: Organization) -> QuerySet[ReviewPeriod]:
    """The periods that apply to a unit: those of a committee at or above it."""
    return ReviewPeriod.objects.filter(committee_id__in=access.path_ids(unit)).select_related("ruleset", "committee")


def period_applies(period: ReviewPeriod, unit: Organization) -> bool:
    return period.committee_id in access.path_ids(unit)


def member_reviews(period: ReviewPeriod, unit: Organization, lock: bool = False) -> list[MemberReview]:
    """The cell's member reviews in Vietnamese name order, with members and their posts: two queries.

    `lock` takes row locks on the review rows only (not on the members), for a save in a transaction.
    """
    posts = Post.objects.select_related("unit")
    rows = MemberReview.objects.filter(period=period, unit=unit)
    if lock:
        rows = rows.select_for_update(of=("self",))
    return list(
        rows.select_related("member")
        .prefetch_related(Prefetch("member__posts", queryset=posts))
        .order_by("member__sort_key", "member_id")
    )


def milestones_for(period: ReviewPeriod, unit: Organization) -> list[Milestone]:
    return [m for m in period.milestones.all() if m.applies_to(unit.kind)]


def sub_unit_reviews(period: ReviewPeriod, unit: Organization) -> list[UnitReview]:
    return list(UnitReview.objects.filter(period=period, unit__parent=unit).select_related("unit"))


def _roles(review: MemberReview, on: date) -> list[str]:
    """Posts held on the review date; a member with several posts is judged on all the leader posts they hold."""
    return sorted(
        {
            post.title
            for post in review.member.posts.all()
            if (post.start is None or post.start <= on) and (post.end is None or post.end >= on)
        }
    )


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", "\n").splitlines() if item.strip()]


def _tasks(row: Any) -> dict[str, int] | None:
    if row.tasks_total is None:
        return None
    figures = {
        "total": row.tasks_total,
        "done": row.tasks_done,
        "on_time": row.tasks_on_time,
        "exceeded": row.tasks_exceeded,
    }
    return {key: value for key, value in figures.items() if value is not None}


def _shortcomings(row: Any) -> dict[str, int] | None:
    if row.shortcomings_total is None:
        return None
    fixed = row.shortcomings_fixed if row.shortcomings_fixed is not None else row.shortcomings_total
    return {"total": row.shortcomings_total, "fixed": fixed}


def member_score(review: MemberReview) -> Decimal | None:
    """The committee's checked score, else the cell's proposal, else the member's own total (tự chấm → chi bộ
    đề nghị → cấp trên thẩm định: the latest step that has a figure)."""
    for score in (review.approved_score, review.cell_score, review.self_score_total):
        if score is not None:
            return score
    return None


def member_input(review: MemberReview, on: date) -> dict[str, Any]:
    member = review.member
    votes = {level: getattr(review, f"votes_{level}") for level in ("htxs", "htt", "ht", "kht")}
    data: dict[str, Any] = {
        "id": review.pk,
        "name": member.full_name,
        "official": member.official_on is not None and member.official_on <= on,
        "admitted_on": member.admitted_on.isoformat(),
        "exempt": member.exempt,
        "roles": _roles(review, on),
        "civil_servant_rating": (review.civil_servant_rating or None) if member.is_civil_servant else None,
        "awards": _items(review.awards),
        "violations": _items(review.violations),
        "under_discipline": review.under_discipline,
        "sick_leave_months": review.sick_leave_months,
        "maternity_leave": review.maternity_leave,
        "excused_absences": review.excused_absences,
        "score": member_score(review),
        "tasks": _tasks(review),
        "shortcomings": _shortcomings(review),
        "low_confidence_share": review.low_confidence_share,
        "units_led": {"total": review.units_led_total, "kht": min(review.units_led_kht, review.units_led_total)},
    }
    if any(value is not None for value in votes.values()):
        data["votes"] = {level: value or 0 for level, value in votes.items()}
    return data


def unit_input(unit_review: UnitReview) -> dict[str, Any]:
    unit = unit_review.unit
    return {
        "code": unit.code,
        "kind": ENGINE_KINDS.get(unit.kind, "chi_bo"),
        "level": None,
        "outstanding": unit_review.outstanding,
        "score": unit_review.score,
        "proposed_level": unit_review.proposed_level or None,
        "tasks": _tasks(unit_review),
        "shortcomings": _shortcomings(unit_review),
        "facts": {
            "committee_united": unit_review.committee_united,
            "committee_excellent": unit_review.committee_excellent,
            "meetings_as_required": unit_review.meetings_as_required,
            "tasks_not_completed": unit_review.tasks_not_completed,
            "remediation_plan_done": unit_review.remediation_plan_done,
            "leaders_disciplined": unit_review.leaders_disciplined,
            "members_disciplined_for_degradation": unit_review.members_disciplined_for_degradation,
            "sub_units_disciplined": unit_review.sub_units_disciplined,
            "agency_rating": unit_review.agency_rating,
            "mass_org_ratings": list(unit_review.mass_org_ratings or []),
        },
    }


def scenario(
    period: ReviewPeriod, unit_review: UnitReview, reviews: list[MemberReview], sub_units: list[UnitReview]
) -> dict[str, Any]:
    """The engine's scenario (DOMAIN.md §4) for one unit in one period, from rows already read."""
    on = period.review_date
    data: dict[str, Any] = {
        "ruleset": period.ruleset.code,
        "review_date": on.isoformat(),
        "unit": unit_input(unit_review),
        "members": [member_input(review, on) for review in reviews],
    }
    if unit_review.official_members is not None:
        data["voters_total"] = unit_review.official_members
    for key in ("official_present", "ballots_cast"):
        if getattr(unit_review, key) is not None:
            data[key] = getattr(unit_review, key)
    levels = [
        {"code": s.unit.code, "level": s.final_level, "exemplary": s.exemplary} for s in sub_units if s.final_level
    ]
    if levels:
        data["sub_units"] = levels
    return data
