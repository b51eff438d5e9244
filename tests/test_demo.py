"""The demo data: loads, prints the logins, and loads again without duplicates."""

import io

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from xeploai.orgs.models import Member, Organization, Role
from xeploai.reviews.models import ReviewPeriod


def test_load_demo_twice_is_idempotent_and_logins_work(db, capsys):
    call_command("load_demo")
    counts = (Organization.objects.count(), Member.objects.count(), Role.objects.count(), ReviewPeriod.objects.count())
    call_command("load_demo")
    assert counts == (
        Organization.objects.count(), Member.objects.count(), Role.objects.count(), ReviewPeriod.objects.count()
    )
    output = capsys.readouterr().out
    for username in ("quantri", "vanphong", "bithu.phapche", "bithu.thpt2"):
        assert username in output
        request = RequestFactory().post("/dang-nhap/")
        assert authenticate(request, username=username, password="XepLoai@2026") is not None


def test_demo_has_the_cells_of_plan_146_and_special_members(db):
    call_command("load_demo")
    committee = Organization.objects.get(code="db-thanh-tra-tp")
    cells = Organization.objects.filter(parent=committee)
    assert cells.count() == 9
    assert "Chi bộ Phòng Pháp chế" in set(cells.values_list("name", flat=True))
    for cell in cells:
        members = Member.objects.filter(unit=cell)
        assert 8 <= members.count() <= 25
        assert members.filter(exempt=True).exists() and members.filter(official_on__isnull=True).exists()
    periods = {p.year: p for p in ReviewPeriod.objects.filter(committee=committee)}
    assert set(periods) == {2014, 2024, 2025, 2026}
    assert periods[2014].plan_number == "146-KH/ĐU" and periods[2014].ruleset.code == "hcm-2014"
    assert periods[2026].ruleset.code == "qd366-2025"
    assert all(m.due.year == 2026 for m in periods[2026].milestones.all())
    assert periods[2014].supervisors.count() == 9
    school = ReviewPeriod.objects.get(committee__code="cb-thpt-so-2-phu-cat")
    assert school.year == 2023 and school.ruleset.code == "phucat-2023"


def test_the_2026_demo_has_a_pool_across_cells_where_the_pool_allows_what_the_cells_would_not(db):
    """Issue 12 §8: a user sees why the pool matters. Per cell (the old rule) the quota would allow a different
    number of HTXS than the same members counted together in the committee's pool."""
    from collections import Counter

    from xeploai.reviews import pools, services
    from xeploai.reviews.records import MemberReview
    from xeploai.rules.quota import kept_and_base

    call_command("load_demo")
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    ruleset = services.parsed_ruleset(period)
    view = next(v for v in pools.pool_views(period, ruleset) if v.pool.code == "2B")
    cells = Counter(c.unit_id for c in view.candidates)
    assert len(cells) >= 3
    htt = Counter(MemberReview.objects.filter(period=period, member__category="2B", result_status="rated",
                                              level="htt", pool_candidate=False).values_list("unit_id", flat=True))
    per_cell = sum(kept_and_base(ruleset.member.quota, False, 0, n, htt[unit])[0] for unit, n in cells.items())
    assert per_cell != view.allowed, (per_cell, view.allowed)


def test_the_demo_history_is_written_on_the_plans_days(db):
    """The progress chart shows real dates: self-reviews fall inside the plan's first step, the sending on the cell
    meeting's last day, recognition in the committee's step, nothing after the real present; the clock is real
    again afterwards."""
    from datetime import timedelta

    from django.utils import timezone

    from xeploai.reviews.records import MemberReview, UnitReview

    call_command("load_demo", stdout=io.StringIO())
    now = timezone.now()
    assert abs(timezone.now() - now) < timedelta(seconds=5)  # the real clock is back
    for period in ReviewPeriod.objects.filter(committee__code="db-thanh-tra-tp"):
        steps = sorted(period.milestones.all(), key=lambda m: (m.start, m.order))
        first = steps[0]
        days = {timezone.localtime(at).date() for at in MemberReview.objects.filter(
            period=period, self_review_submitted_at__isnull=False).values_list("self_review_submitted_at", flat=True)}
        assert days and min(days) >= first.start and max(days) <= min(first.due, timezone.localdate()), period.year
        assert len(days) >= 3, (period.year, days)  # spread over the step, not one moment
        for sent, decided in UnitReview.objects.filter(period=period, submitted_at__isnull=False).values_list(
                "submitted_at", "decided_at"):
            assert sent <= now and (decided is None or sent <= decided <= now)
            assert timezone.localtime(sent).date() > first.due
        history = MemberReview.history.filter(period=period).values_list("history_date", flat=True)
        assert max(history) <= now
