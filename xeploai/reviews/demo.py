"""Review data for the demo, written through the services so that history and results are real.

2014 (hcm-2014, votes), 2024 (phucat-2023, votes) and 2025 (qd366-2025, scores) are complete and recognised; 2026
(qd366-2025) is partly done: some cells with self-reviews only, some with scores, one submitted, one recognised,
and the demo secretary's cell just started. The school's 2023 period is left for its secretary to carry out.
Deterministic: a seeded random generator.

The history is written on the plan's days, not all at the moment of loading: while a period is seeded, the clock
of `django.utils.timezone` reads `_CLOCK`, set before each step to a working hour of the plan's step for it (the
self-reviews in the first step, the meeting's tally or scores and the sending in the cell meeting's step, the
committee's decisions in its step), never after the real present. The progress chart then shows real dates.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from xeploai.orgs.models import Organization, Role

from . import pools, selectors, services
from .checklist import submission_checklist
from .models import ReviewPeriod
from .records import MemberReview, UnitReview

SECTIONS = {
    "political_ideology": "Luôn trung thành với chủ nghĩa Mác – Lênin, tư tưởng Hồ Chí Minh; chấp hành nghiêm "
    "đường lối của Đảng, chính sách, pháp luật của Nhà nước.",
    "ethics_lifestyle": "Giữ gìn phẩm chất đạo đức, lối sống giản dị, trung thực; đoàn kết với đồng nghiệp.",
    "duties": "Hoàn thành các nhiệm vụ được giao đúng tiến độ, bảo đảm chất lượng.",
    "discipline": "Chấp hành sự phân công của tổ chức; sinh hoạt đảng và đóng đảng phí đầy đủ.",
    "shortcomings": "Có lúc chưa chủ động nghiên cứu văn bản mới; nguyên nhân chủ yếu do khối lượng công việc lớn.",
    "direction": "Tăng cường tự học, chủ động sắp xếp công việc khoa học hơn.",
}
TRUE_LEVELS = ["htxs"] * 3 + ["htt"] * 14 + ["ht"] * 3


def _votes(rng: random.Random, level: str, cast: int) -> dict[str, int]:
    """A plausible ballot count for a member the cell judges at `level`."""
    spread = rng.randint(0, min(3, cast))
    main = cast - spread
    if level == "htxs":
        return {"votes_htxs": main, "votes_htt": spread, "votes_ht": 0, "votes_kht": 0}
    if level == "htt":
        return {"votes_htxs": rng.randint(0, spread), "votes_htt": main, "votes_ht": 0, "votes_kht": 0}
    return {"votes_htxs": 0, "votes_htt": spread, "votes_ht": main, "votes_kht": 0}


def _cells(period: ReviewPeriod) -> list[Organization]:
    return list(Organization.objects.filter(parent=period.committee).order_by("position", "name"))


class _Clock:
    """The demo's stand-in for time: a working hour of one step of the plan, or the real time when unset."""

    CELL_KINDS = ("chi_bo_truc_thuoc", "chi_bo_co_so")

    def __init__(self) -> None:
        self.at: datetime | None = None
        self.windows: dict[str, tuple[date, date]] = {}
        self.rng = random.Random(0)
        self.real = timezone.now

    def now(self) -> datetime:
        return self.at or self.real()

    @contextmanager
    def running(self) -> Iterator[None]:
        """While seeding, `timezone.now()` (services, history, auto_now) reads this clock."""
        self.real = timezone.now
        timezone.now = self.now
        try:
            yield
        finally:
            timezone.now, self.at, self.windows = self.real, None, {}

    def plan(self, period: ReviewPeriod) -> None:
        """The windows of the period's steps: self-reviews, the cell meeting, the committee's decision."""
        steps = sorted(period.milestones.all(), key=lambda m: (m.start, m.order))
        self.rng = random.Random(f"demo-clock-{period.year}-{period.committee_id}")
        self.at, self.windows = None, {}
        if not steps:
            return
        cell = [m for m in steps if any(kind in self.CELL_KINDS for kind in m.unit_kinds)]
        meeting = cell[-1] if cell else steps[0]
        after = [m for m in steps if m.start > meeting.start and not any(k in self.CELL_KINDS for k in m.unit_kinds)]
        committee = after[0] if after else None
        self.windows = {
            "self": (steps[0].start, steps[0].due),
            "meeting": (meeting.start, meeting.due),
            "committee": (committee.start, committee.due) if committee else
            (meeting.due + timedelta(days=1), meeting.due + timedelta(days=7)),
        }

    def step(self, name: str, last: bool = False, first: bool = False) -> None:
        """Move to a working hour of the named step: a random day of it (its first or last day when asked), never
        later than the real present."""
        if name not in self.windows:
            self.at = None
            return
        start, end = self.windows[name]
        today = timezone.localtime(self.real()).date()
        end = min(end, today)
        start = min(start, end)
        day = end if last else start if first else start + timedelta(days=self.rng.randint(0, (end - start).days))
        minutes = 0 if first else self.rng.randint(30, 9 * 60)
        moment = datetime.combine(day, time(7, 30)) + timedelta(minutes=minutes)
        self.at = min(timezone.make_aware(moment), self.real())


_CLOCK = _Clock()


def _self_reviews(reviews: list[MemberReview], rng: random.Random, share: float, user) -> None:
    for review in reviews:
        if review.member.exempt or rng.random() > share:
            continue
        data = {**SECTIONS, "self_proposed_level": rng.choice(["htt", "htt", "htxs", "ht"])}
        if review.period.ruleset.params["member"]["basis"] == "score":
            data |= {
                "self_score_general": Decimal(rng.randint(25, 30)),
                "self_score_tasks": Decimal(rng.randint(50, 69)) + Decimal("0.5") * rng.randint(0, 1),
            }
        review = MemberReview.objects.get(pk=review.pk)
        _CLOCK.step("self")
        submit = rng.random() < 0.85
        papers = {"paper_residence_comment": rng.random() < 0.8, "paper_cv_supplement": rng.random() < 0.7,
                  "paper_asset_declaration": review.member.category == "2A"}
        if services.self_review_writer(user, services.find_unit_review(review.period, review.unit), review).reason \
                == services.NEW_MEMBER_NOT_REVIEWED:
            continue  # QĐ 366: a member admitted less than 6 months before is left out of the review
        services.save_self_review(review, data, submit=submit, version=review.version, user=user)
        services.save_member_facts(review, papers, user=user)  # the papers handed in, through the service too


def _tally(period, unit, reviews, rng, user) -> None:
    _CLOCK.step("meeting")
    voters = [r for r in reviews if not r.member.exempt]
    official = sum(1 for r in voters if r.member.official_on and r.member.official_on <= period.review_date)
    present = official - rng.randint(0, min(2, max(official - 1, 0)))
    votes = {r.pk: _votes(rng, rng.choice(TRUE_LEVELS), present) for r in voters}
    unit_review = services.find_unit_review(period, unit)
    meta = {
        "official_members": official,
        "official_present": present,
        "ballots_cast": present,
        "meeting_date": period.review_date,
    }
    services.save_tally(period=period, unit=unit, meta=meta, votes=votes, version=unit_review.version, user=user)


def _scores(period, unit, reviews, rng, user, office, approve: bool) -> None:
    """The cell types the self-scores of members who did not submit their own, and proposes its figure for all;
    the committee office checks them when `approve`."""
    _CLOCK.step("meeting")
    values, checked = {}, {}
    for review in MemberReview.objects.filter(pk__in=[r.pk for r in reviews]).select_related("member"):
        if review.member.exempt:
            continue
        total = rng.randint(8, 12)
        late = rng.choice([0, 0, 0, 0, 1, 2])
        row = {
            "tasks_total": total,
            "tasks_done": total,
            "tasks_on_time": total - late,
            "tasks_exceeded": rng.randint(0, total // 2),
            "shortcomings_total": 1,
            "shortcomings_fixed": 1,
        }
        own = review.self_score_total
        if review.self_review_status != "submitted" or own is None:
            row |= {"self_score_general": Decimal(rng.randint(24, 30)),
                    "self_score_tasks": Decimal(rng.randint(48, 69))}
            own = row["self_score_general"] + row["self_score_tasks"]
        row["cell_score"] = own - rng.choice([0, 0, 0, 1])
        values[review.pk] = row
        checked[review.pk] = {"approved_score": row["cell_score"] - rng.choice([0, 0, 1, 2])}
    services.save_scores(period=period, unit=unit, values=values,
                         version=services.find_unit_review(period, unit).version, user=user)
    if approve:
        _CLOCK.step("committee")
        services.save_scores(period=period, unit=unit, values=checked,
                             version=services.find_unit_review(period, unit).version, user=office)


def _unit_facts(period, unit, rng, user) -> None:
    unit_review = services.find_unit_review(period, unit)
    data = {
        "self_score": Decimal(rng.randint(84, 97)),
        "mass_org_ratings": ["highest", "highest"],
        "tasks_total": 10,
        "tasks_done": 10,
        "tasks_on_time": 10,
        "tasks_exceeded": rng.randint(2, 5),
        "shortcomings_total": 1,
        "shortcomings_fixed": 1,
    }
    services.save_unit_facts(unit_review, data, version=unit_review.version, user=user)


def _settle(period, unit, user) -> None:
    """Members awaiting a decision get the level the cell settled on when it voted again (here: htt)."""
    for review in MemberReview.objects.filter(period=period, unit=unit, result_status="needs_decision"):
        services.decide_member(review, level="htt", note="chi bộ biểu quyết lại tại hội nghị", user=user)


def _open(period, unit, office) -> list[MemberReview]:
    _CLOCK.step("self", first=True)
    services.open_period(period=period, units=[unit], user=office)
    return selectors.member_reviews(period, unit)


def _finish(period, unit, rng, secretary, office, score: bool, approve: bool = True, recognise: bool = True) -> None:
    reviews = _open(period, unit, office)
    _self_reviews(reviews, rng, 1.0, secretary)
    if score:
        _scores(period, unit, reviews, rng, secretary, office, approve)
    else:
        _tally(period, unit, reviews, rng, secretary)
    _unit_facts(period, unit, rng, secretary)
    _settle(period, unit, secretary)
    gaps = submission_checklist(selectors.member_reviews(period, unit)).gaps
    _CLOCK.step("meeting", last=True)
    services.submit_unit(services.find_unit_review(period, unit), user=secretary, confirmed=True,
                         note="Giấy tờ còn thiếu sẽ bổ sung trước ngày 31/12." if gaps else "")
    if recognise:
        _CLOCK.step("committee")
        services.recognise_unit(services.find_unit_review(period, unit), user=office)


def seed_reviews() -> None:
    """Fill the demo periods (idempotent: a period that already has review records is left as it is)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    # The administrator stands in for the secretaries of the demo cells that have no login of their own.
    secretary, office = users.get("quantri"), users.get("vanphong")
    with _CLOCK.running():
        for period in ReviewPeriod.objects.filter(committee__code="db-thanh-tra-tp").select_related("ruleset"):
            if UnitReview.objects.filter(period=period).exists():
                continue
            _CLOCK.plan(period)
            _seed_period(period, secretary, office)


def _seed_period(period, secretary, office) -> None:
    rng = random.Random(period.year)
    if period.year >= 2026:
        _seed_current(period, rng, secretary, office)
        return
    score = period.ruleset.params["member"]["basis"] == "score"
    pooled = pools.uses_pools(services.parsed_ruleset(period))
    for unit in _cells(period):
        _finish(period, unit, rng, _secretary(unit, secretary), office, score, recognise=not pooled)
    if pooled:  # QĐ 366: the committee decides HTXS per pool once the cells have sent their results
        _CLOCK.step("committee")
        _decide_pools(period, office)
        for unit in _cells(period):
            _CLOCK.step("committee")
            services.recognise_unit(services.find_unit_review(period, unit), user=office)


def _decide_pools(period, office, only_units=None) -> None:
    """The committee keeps the program's proposal in every pool; at a tie it keeps the first by name and drops the
    others, with the reason written (the demo's stand-in for the committee's own judgement)."""
    ruleset = services.parsed_ruleset(period)
    for view in pools.pool_views(period, ruleset):
        choices = pools.proposal_choices(view)
        tied = [c for c in view.candidates if c.proposal == "tie" and c.decidable]
        room = view.allowed - view.proposed_kept
        for i, c in enumerate(sorted(tied, key=lambda c: c.member_name)):
            choices[c.review_id] = pools.Choice(i < room, "bằng điểm: cấp ủy chọn theo kết quả thi đua trong năm")
        if only_units is not None:
            choices = {rid: ch for rid, ch in choices.items()
                       if next(c for c in view.candidates if c.review_id == rid).unit_id in only_units}
        if choices:
            pools.save_decisions(period, ruleset, view.pool.code, choices, user=office)


def _secretary(unit, fallback):
    role = Role.objects.filter(organization=unit, kind="secretary").select_related("user").first()
    return role.user if role else fallback


def _seed_current(period, rng, admin, office) -> None:
    cells = {unit.code: unit for unit in _cells(period)}
    for code in ("cb-ttgq-1", "cb-pctn", "cb-van-phong"):  # self-reviews only
        _self_reviews(_open(period, cells[code], office), rng, 0.7, _secretary(cells[code], admin))
    for code in ("cb-ttgq-2", "cb-tiep-cong-dan"):  # self-reviews and scores, not yet approved
        secretary = _secretary(cells[code], admin)
        reviews = _open(period, cells[code], office)
        _self_reviews(reviews, rng, 1.0, secretary)
        _scores(period, cells[code], reviews, rng, secretary, office, approve=False)
    for code, approve in (("cb-ttgq-3", False), ("cb-ttgq-4", True)):  # submitted; recognised
        _finish(period, cells[code], rng, _secretary(cells[code], admin), office, score=True, approve=approve,
                recognise=False)
    # The committee has decided the pools for cb-ttgq-4 only and recognised it; cb-ttgq-3 waits in the pools
    # (the demo office calibrates it in the browser), cells still at work show their "đề nghị HTXS".
    _CLOCK.step("committee")
    _decide_pools(period, office, only_units={cells["cb-ttgq-4"].pk})
    services.recognise_unit(services.find_unit_review(period, cells["cb-ttgq-4"]), user=office)
    phap_che = cells["cb-phap-che"]  # just started by its secretary (the demo login)
    _self_reviews(_open(period, phap_che, office), rng, 0.3, _secretary(phap_che, admin))
