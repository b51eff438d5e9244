"""The data the benchmarks run on: the synthetic province (made by `synth` when missing) and a 60-member cell."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command

from xeploai.orgs.models import Member, Organization, Role
from xeploai.reviews import services
from xeploai.reviews.models import ReviewPeriod, RuleSet

PROVINCE = "synth"


def province(members: int, seed: int = 1) -> ReviewPeriod:
    """The province's review period; `synth` builds the province first if it is not there."""
    if not Organization.objects.filter(code=PROVINCE).exists():
        call_command("synth", members=members, seed=seed, prefix=PROVINCE)
    return ReviewPeriod.objects.select_related("committee", "ruleset").get(committee__code=PROVINCE)


def bench_cell(size: int = 60):
    """A cell of `size` members under its own committee, a 2014 period (vote basis) and its secretary's login."""
    committee, _ = Organization.objects.get_or_create(
        code="bench-committee", defaults={"name": "Đảng ủy đo hiệu năng", "kind": "dang_bo_co_so"}
    )
    cell, created = Organization.objects.get_or_create(
        code=f"bench-cell-{size}",
        defaults={"name": f"Chi bộ đo hiệu năng {size}", "kind": "chi_bo_truc_thuoc", "parent": committee},
    )
    if created:
        Member.objects.bulk_create(
            [
                Member(
                    unit=cell,
                    full_name=f"Nguyễn Văn Đo {i:02d}",
                    sort_key=f"{i:04d}",
                    admitted_on=date(2005, 1, 1),
                    official_on=date(2006, 1, 1),
                )
                for i in range(size)
            ]
        )
    period, _ = ReviewPeriod.objects.get_or_create(
        committee=committee,
        year=2014,
        defaults={
            "plan_number": "1-KH/ĐU",
            "plan_date": date(2014, 11, 4),
            "issuing_body": "Đảng ủy",
            "title": "Đo hiệu năng",
            "ruleset": RuleSet.objects.get(code="hcm-2014"),
            "review_date": date(2014, 11, 25),
        },
    )
    user, _ = get_user_model().objects.get_or_create(username=f"bench-secretary-{size}")
    Role.objects.get_or_create(user=user, organization=cell, kind="secretary")
    services.unit_review_for(period, cell)
    reviews = services.open_roster(period, cell)
    return period, cell, user, reviews


def pool_period(period: ReviewPeriod) -> dict:
    """The province's period as QĐ 366 has it (issue 12): members in categories 2A (1 in 5: about 21,000 of the
    105,000 reviewed), 2C (1 in 15) and 2B; members scoring 90 or more are the committee's candidates (a generous
    share, about one in six, so the page and the save carry thousands); every cell has sent its results up, so every
    candidate may be decided; the period's chain has the province decide every cell (a stored DecisionStep).
    Idempotent: SQL updates on the synthetic province, undone by nothing (the bench database is the bench's)."""
    from django.db import connection

    from xeploai.reviews.models import DecisionStep

    for kind in ("chi_bo_truc_thuoc", "chi_bo_co_so"):  # the chain as data: the province decides every cell
        DecisionStep.objects.update_or_create(period=period, unit_kind=kind,
                                              defaults={"decided_by": "period_committee"})
    ids = [period.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orgs_member SET category = "
            "CASE WHEN id %% 5 = 0 THEN '2A' WHEN id %% 15 = 1 THEN '2C' ELSE '2B' END "
            "WHERE id IN (SELECT member_id FROM reviews_memberreview WHERE period_id = %s)", ids)
        cursor.execute(
            "UPDATE reviews_memberreview r SET category = m.category FROM orgs_member m "
            "WHERE m.id = r.member_id AND r.period_id = %s", ids)
        cursor.execute(
            "UPDATE reviews_memberreview SET pool_candidate = (result_status = 'rated' AND approved_score >= 90 "
            "AND level IN ('htxs', 'htt')), pool_code = '', pool_kept = NULL, pool_note = '' WHERE period_id = %s", ids)
        cursor.execute(
            "UPDATE reviews_memberreview SET level = 'htxs', pool_rank = approved_score "
            "WHERE period_id = %s AND pool_candidate", ids)
        cursor.execute("UPDATE reviews_unitreview SET status = 'submitted' WHERE period_id = %s", ids)
        cursor.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE pool_candidate) FROM reviews_memberreview "
            "WHERE period_id = %s AND category = '2A'", ids)
        members, candidates = cursor.fetchone()
    return {"members": members, "candidates": candidates}
