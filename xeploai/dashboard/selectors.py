"""Reads for plans and the dashboard: a fixed number of aggregate queries whatever the size of the tree.

The dashboard reads: the subtree (one recursive query), the steps, member counts per unit, member-review counts per
unit (one grouped query with conditional counts), the units' review rows, the supervisors, self-reviews per day and
the two honours lists; `progress` then derives each unit's step and lateness in Python without further queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from xeploai.orgs.models import Member, Organization, OrgKind, Post
from xeploai.orgs.tree import subtree_rows
from xeploai.reviews.definitions import final_level_in
from xeploai.reviews.models import ReviewPeriod, SupervisorAssignment
from xeploai.reviews.records import MemberReview, UnitReview, UnitStatus
from xeploai.rules.levels import MEMBER_LEVELS

from .progress import Step, UnitFacts, UnitProgress, cumulative, unit_progress

COMMITTEE_POSTS = ("bi_thu", "pho_bi_thu", "cap_uy_vien")  # the elected committee (DOMAIN §1: cấp ủy)
TOP_LEVELS = ("htxs", "tsvm")  # the top level of members, of organisations since 2018, and before (tsvm)




# ---- plans -------------------------------------------------------------------------------------------------------


def committee_members(period: ReviewPeriod) -> list[Member]:
    """Members holding a committee post on the period's committee on its review date, secretary first."""
    on = period.review_date
    posts = (Post.objects.filter(unit_id=period.committee_id, title__in=COMMITTEE_POSTS, member__active=True)
             .filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))
             .select_related("member"))
    best: dict[int, Post] = {}
    for post in posts:
        held = best.get(post.member_id)
        if held is None or COMMITTEE_POSTS.index(post.title) < COMMITTEE_POSTS.index(held.title):
            best[post.member_id] = post
    ranked = sorted(best.values(), key=lambda p: (COMMITTEE_POSTS.index(p.title), p.member.sort_key))
    for post in ranked:
        post.member.post_label = post.get_title_display()
        post.member.choice_label = f"{post.member.full_name} – {post.member.post_label}"
    return [post.member for post in ranked]


def former_members(ids: set[int]) -> list[Member]:
    """Members still assigned who no longer hold a committee post: kept as a choice so that saving keeps them."""
    members = list(Member.objects.filter(pk__in=sorted(ids)))
    for member in members:
        member.post_label = "không còn là cấp ủy viên"
        member.choice_label = f"{member.full_name} ({member.post_label})"
    return members


def supervised_units(period: ReviewPeriod) -> list[Organization]:
    """The units a committee member follows (000 §VI.2): the committee's direct sub-units, party groups aside."""
    return list(Organization.objects.filter(parent_id=period.committee_id).exclude(kind=OrgKind.TO_DANG))


def current_supervisors(period: ReviewPeriod) -> dict[int, int]:
    return dict(SupervisorAssignment.objects.filter(period=period).values_list("unit_id", "supervisor_id"))


def supervisors_by_person(period: ReviewPeriod) -> list[tuple[Member, list[Organization]]]:
    """"Đ/c …: phụ trách Chi bộ …; Chi bộ …" as in 000 §VI.2, the committee's order (secretary first)."""
    rows = SupervisorAssignment.objects.filter(period=period).select_related("supervisor", "unit")
    units: dict[int, list[Organization]] = defaultdict(list)
    people: dict[int, Member] = {}
    for row in rows.order_by("unit__position", "unit__name"):
        units[row.supervisor_id].append(row.unit)
        people[row.supervisor_id] = row.supervisor
    committee = committee_members(period)
    order = {member.pk: i for i, member in enumerate(committee)}
    labels = {member.pk: member.post_label for member in committee}
    for member in people.values():
        member.post_label = labels.get(member.pk, "")
    ranked = sorted(people.values(), key=lambda m: (order.get(m.pk, len(order)), m.sort_key))
    return [(member, units[member.pk]) for member in ranked]


def periods_of(committee: Organization) -> list[ReviewPeriod]:
    return list(ReviewPeriod.objects.filter(committee=committee).select_related("ruleset")
                .annotate(steps=Count("milestones")).order_by("-year"))


# ---- dashboard ---------------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Organization
    depth: int
    facts: UnitFacts
    progress: UnitProgress
    status: str = ""
    status_label: str = ""
    unit_level: str = ""
    supervisor: str = ""
    supervisor_from: str = ""  # the ancestor whose supervisor follows this unit, when not assigned itself
    parent_name: str = ""
    levels: dict[str, int] = field(default_factory=dict)
    rated: int = 0


@dataclass
class Dashboard:
    rows: list[UnitRow]
    steps: list[Step]
    member_levels: dict[str, int]
    unit_levels: dict[str, int]
    members_total: int  # members to review (exempt ones not): the progress charts' base
    period_members: int  # members of the period, exempt ones included (definitions.period_member_counts)
    series: dict[str, list[tuple[date, int]]]
    denominators: dict[str, int]


MEMBER_AGGREGATES = {
    "total": Count("id"),
    "self_reviews": Count("id", filter=Q(self_review_status="submitted")),
    "residence": Count("id", filter=Q(paper_residence_comment=True)),
    "votes": Count("id", filter=Q(votes_htxs__isnull=False) | Q(votes_htt__isnull=False) | Q(votes_ht__isnull=False)
                   | Q(votes_kht__isnull=False)),
    "scored": Count("id", filter=Q(approved_score__isnull=False)),
    **{f"lv_{level}": Count("id", filter=final_level_in((level,))) for level in MEMBER_LEVELS},
}
UNIT_FIELDS = ("unit_id", "status", "tallied_at", "meeting_date", "self_score", "approved_score", "level",
               "decided_level", "submitted_at", "decided_at")


def period_steps(period: ReviewPeriod) -> list[Step]:
    return [Step(m.order, m.title, m.start, m.due, tuple(m.unit_kinds or ()), check=m.done_when)
            for m in period.milestones.all()]


def dashboard(period: ReviewPeriod, today: date) -> Dashboard:
    """Every unit of the committee's subtree with its facts and progress; totals and day-by-day series."""
    units = subtree_rows(period.committee.pk)  # plain rows: thousands of units need no model instances
    ids = [unit.pk for unit in units]
    steps = period_steps(period)
    # Counted per unit over all units (one grouped scan, no list of thousands of ids); others are ignored below.
    inside = set(ids)
    counts, waiting = {}, {}  # active members to review; members of the period in units not opened (exempt too)
    for unit_id, n, admitted in (Member.objects.filter(active=True).values("unit_id")
                                 .annotate(n=Count("id", filter=Q(exempt=False)),
                                           admitted=Count("id", filter=Q(admitted_on__lte=period.review_date)))
                                 .values_list("unit_id", "n", "admitted")):
        if unit_id in inside:
            counts[unit_id], waiting[unit_id] = n, admitted
    reviews = {row["unit_id"]: row for row in MemberReview.objects.filter(period=period, member__exempt=False)
               .values("unit_id").annotate(**MEMBER_AGGREGATES)}
    unit_reviews = {row["unit_id"]: row for row in UnitReview.objects.filter(period=period).values(*UNIT_FIELDS)}
    supervisors = dict(SupervisorAssignment.objects.filter(period=period)
                       .values_list("unit_id", "supervisor__full_name"))
    rows = _rows(units, steps, counts, reviews, unit_reviews, supervisors, today)
    # definitions.period_member_counts, summed over the subtree without a list of its ids: every review of the
    # period is inside it; units not opened yet count the members opening would add.
    period_members = MemberReview.objects.filter(period=period).count() + sum(
        n for unit_id, n in waiting.items() if unit_id not in unit_reviews)
    return Dashboard(rows=rows, steps=steps, period_members=period_members, **_totals(rows),
                     **_series(period, rows, unit_reviews))


def _recognised_children(units: list[Organization], unit_reviews: dict[int, dict]) -> dict[int, tuple[int, int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.pk)
    return {parent: (len(kids), sum(1 for k in kids if unit_reviews.get(k, {}).get("status") == "recognised"))
            for parent, kids in children.items()}


def _facts(unit: Organization, members: int, review: dict, unit_review: dict, sub: tuple[int, int]) -> UnitFacts:
    total = review.get("total", 0)
    return UnitFacts(
        kind=unit.kind, members=total or members, self_reviews=review.get("self_reviews", 0),
        residence_comments=review.get("residence", 0), votes_entered=review.get("votes", 0),
        scored=review.get("scored", 0),
        tallied=bool(unit_review.get("tallied_at") or unit_review.get("meeting_date")),
        unit_scored=unit_review.get("self_score") is not None or unit_review.get("approved_score") is not None,
        status=unit_review.get("status", ""), sub_units=sub[0], sub_units_recognised=sub[1],
    )


def _rows(units, steps, counts, reviews, unit_reviews, supervisors, today) -> list[UnitRow]:
    by_id = {unit.pk: unit for unit in units}
    subs = _recognised_children(units, unit_reviews)
    root_depth = units[0].tree_depth if units else 0
    rows = []
    for unit in units:
        review, unit_review = reviews.get(unit.pk, {}), unit_reviews.get(unit.pk, {})
        facts = _facts(unit, counts.get(unit.pk, 0), review, unit_review, subs.get(unit.pk, (0, 0)))
        status = unit_review.get("status", "")
        row = UnitRow(
            unit=unit, depth=unit.tree_depth - root_depth, facts=facts, progress=unit_progress(steps, facts, today),
            status=status, status_label=UnitStatus(status).label if status else "Chưa mở hồ sơ",
            unit_level=unit_review.get("decided_level") or unit_review.get("level") or "",
            parent_name=by_id[unit.parent_id].name if unit.tree_depth - root_depth > 1 else "",
            levels={level: review.get(f"lv_{level}", 0) for level in MEMBER_LEVELS},
        )
        row.rated = sum(row.levels.values())
        row.supervisor, row.supervisor_from = _supervisor(unit, by_id, supervisors)
        rows.append(row)
    return rows


def _supervisor(unit: Organization, by_id: dict[int, Organization], supervisors: dict[int, str]) -> tuple[str, str]:
    """The unit's own supervisor, else the one of its nearest ancestor inside the subtree (named)."""
    if unit.pk in supervisors:
        return supervisors[unit.pk], ""
    for pk in reversed(unit.tree_path[:-1]):
        if pk not in by_id:
            break
        if pk in supervisors:
            return supervisors[pk], by_id[pk].short_name or by_id[pk].name
    return "", ""


def _totals(rows: list[UnitRow]) -> dict:
    member_levels = dict.fromkeys(MEMBER_LEVELS, 0)
    unit_levels: dict[str, int] = defaultdict(int)
    for row in rows:
        for level, n in row.levels.items():
            member_levels[level] += n
        if row.unit_level:
            unit_levels[row.unit_level] += 1
    members_total = sum(row.facts.members for row in rows)
    return {"member_levels": member_levels, "unit_levels": dict(unit_levels), "members_total": members_total}


def _local_day(value) -> date | None:
    return timezone.localdate(value) if value else None


def _series(period: ReviewPeriod, rows: list[UnitRow], unit_reviews: dict[int, dict]) -> dict:
    """Cumulative counts by day: self-reviews handed in, meetings held, files submitted, results recognised."""
    per_day = (MemberReview.objects.filter(period=period, member__exempt=False, self_review_submitted_at__isnull=False)
               .annotate(day=TruncDate("self_review_submitted_at")).values("day").annotate(n=Count("id")))
    with_members = {row.unit.pk for row in rows if row.facts.members}
    events: dict[str, list[tuple[date, int]]] = {"meeting": [], "submitted": [], "recognised": []}
    for pk, ur in unit_reviews.items():
        if pk not in with_members:
            continue
        # As check_done: a cell that sent its file up has met (score rule sets have no tally to date the meeting).
        meeting = ur["meeting_date"] or _local_day(ur["tallied_at"]) or (
            _local_day(ur["submitted_at"]) if ur["status"] in ("submitted", "recognised") else None)
        if meeting:
            events["meeting"].append((meeting, 1))
        if ur["status"] in ("submitted", "recognised") and ur["submitted_at"]:
            events["submitted"].append((_local_day(ur["submitted_at"]), 1))
        if ur["status"] == "recognised" and ur["decided_at"]:
            events["recognised"].append((_local_day(ur["decided_at"]), 1))
    series = {"self_reviews": cumulative((row["day"], row["n"]) for row in per_day if row["day"])}
    series.update({key: cumulative(value) for key, value in events.items()})
    members = sum(row.facts.members for row in rows)
    units = len(with_members)
    return {"series": series, "denominators": {"self_reviews": members, "meeting": units, "submitted": units,
                                               "recognised": units}}


# ---- honours (000 §VI.1) -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Honour:
    name: str
    unit_name: str
    confirmed: bool  # the last year's top level is recognised, not only proposed


def honours(period: ReviewPeriod, years: int = 3) -> dict[str, list[Honour]]:
    """Members and units at the top level every year of the last `years` up to the period's year (000 §VI.1:
    "đảng viên xuất sắc 03 năm liên tục", "Trong sạch vững mạnh tiêu biểu 03 năm liên tục")."""
    span = list(range(period.year - years + 1, period.year + 1))
    scope = {"period__committee_id": period.committee_id, "period__year__in": span}
    confirmed = Count("id", filter=Q(period__year=period.year, decided_level__in=TOP_LEVELS))
    members = (MemberReview.objects.filter(final_level_in(("htxs",)), **scope)
               .values("member_id", "member__full_name", "member__sort_key", "member__unit__name")
               .annotate(n=Count("period__year", distinct=True), ok=confirmed).filter(n=years)
               .order_by("member__sort_key", "member_id"))
    units = (UnitReview.objects.filter(final_level_in(TOP_LEVELS), **scope)
             .values("unit_id", "unit__name", "unit__parent__name")
             .annotate(n=Count("period__year", distinct=True), ok=confirmed).filter(n=years)
             .order_by("unit__position", "unit__name"))
    return {
        "members": [Honour(r["member__full_name"], r["member__unit__name"], bool(r["ok"])) for r in members],
        "units": [Honour(r["unit__name"], r["unit__parent__name"] or "", bool(r["ok"])) for r in units],
    }
