"""Submitting, appraising and deciding, re-classifying, and the history across periods."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xeploai.orgs import access
from xeploai.orgs.tree import subtree
from xeploai.rules.engine import classify_dict

from . import history, permissions, pools, selectors, services
from .checklist import submission_checklist
from .definitions import period_member_counts, years_running
from .forms import DecideForm, ReasonForm, ReclassifyForm, RecogniseForm, SubmitForm
from .policy import Action
from .presentation import level_label, ruleset_info, short_label
from .records import MemberReview, UnitReview, UnitStatus
from .views import _change_context, _member_action, _member_review, _refused, period_and_unit


@login_required
def submit(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Send up: the checklist first (what is missing, who awaits a decision), then a confirmation; gaps need a
    note. Cannot be undone by the cell: only the committee above can return it."""
    period, unit, unit_review, reviews, refusal = _change_context(request, period, code, Action.SUBMIT)
    if refusal:
        return refusal
    form = SubmitForm(request.POST or None)
    checklist = submission_checklist(reviews, unit_review.level or "")
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_unit(unit_review, user=request.user, note=form.cleaned_data["note"],
                                 confirmed=form.cleaned_data["confirm"])
        except services.ReviewError as error:
            for field, message in error.problems:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Đã gửi kết quả lên cấp ủy cấp trên để thẩm định.")
            return redirect("reviews:unit_period", period.pk, unit.code)
    return render(request, "reviews/submit.html", {"period": period, "unit": unit, "form": form,
                                                   "checklist": checklist, "unit_review": unit_review})


def _level_counts(period, unit_ids: list[int]) -> dict[int, dict[str, int]]:
    """Members by level per unit: one aggregate query."""
    rows = (MemberReview.objects.filter(period=period, unit_id__in=unit_ids)
            .values("unit_id").annotate(
                total=Count("id"), htxs=Count("id", filter=Q(level="htxs")), htt=Count("id", filter=Q(level="htt")),
                ht=Count("id", filter=Q(level="ht")), kht=Count("id", filter=Q(level="kht")),
                pending=Count("id", filter=~Q(result_status="rated")),
                waiting=Count("id", filter=Q(result_status__in=["", "needs_decision"]) & Q(member__exempt=False))))
    return {row.pop("unit_id"): row for row in rows}


def _sub_unit_quota(period, committee, sub_reviews) -> dict | None:
    if not sub_reviews:
        return None
    own = UnitReview(period=period, unit=committee)
    params = {**(period.ruleset.params or {}), "code": period.ruleset.code}
    return classify_dict(selectors.scenario(period, own, [], sub_reviews), params)["sub_unit_quota"]


@login_required
def appraisal(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The committee office's view of every unit below: status, members by level, decide or return."""
    period, committee = period_and_unit(request, period, code)
    units = subtree(committee)[1:]
    reviews = {r.unit_id: r for r in UnitReview.objects.filter(period=period, unit__in=units)}
    for review in reviews.values():
        review.period = period  # one period object: the decision chain is read once for the page
    counts = _level_counts(period, [u.pk for u in units])
    members = period_member_counts(period, [u.pk for u in units])
    rows = [{"unit": u, "review": reviews.get(u.pk), "counts": {**counts.get(u.pk, {}), "total": members[u.pk]},
             "depth": u.depth - 1,
             "may_decide": u.pk in reviews
             and bool(permissions.decide(request.user, Action.RECOGNISE, reviews[u.pk], u))}
            for u in units]
    children = [reviews[u.pk] for u in units if u.parent_id == committee.pk and u.pk in reviews]
    for review in children:
        review.unit = next(u for u in units if u.pk == review.unit_id)
    context = {"period": period, "unit": committee, "rows": rows, "info": ruleset_info(period.ruleset),
               "can_appraise": any(access.can_appraise_unit(request.user, u) for u in units[:1]),
               "quota": _sub_unit_quota(period, committee, [r for r in children if r.final_level]),
               "submitted": sum(1 for r in reviews.values() if r.status == UnitStatus.SUBMITTED),
               "unopened": sum(1 for row in rows if row["review"] is None),
               "pools_here": pools.decides_pools(period, services.parsed_ruleset(period), committee.pk)
               and access.is_office_of(request.user, committee),
               "may_open": permissions.decide(request.user, Action.OPEN,
                                              services.find_unit_review(period, committee), committee)}
    return render(request, "reviews/appraisal.html", context)


def _after_decision(period, unit):
    return redirect("reviews:appraisal", period.pk, unit.parent.code) if unit.parent_id else redirect(
        "reviews:unit_period", period.pk, unit.code)


@login_required
def recognise(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Recognise: the levels below become the recognised ones. Refused while a member has no result or awaits a
    decision (each is settled first, from this page); asks for confirmation: afterwards only form 03 changes it."""
    period, unit, unit_review, reviews, refusal = _change_context(request, period, code, Action.RECOGNISE)
    if refusal:
        return refusal
    info = ruleset_info(period.ruleset)
    form = RecogniseForm(request.POST or None, levels=[(code, level_label(code, organisation=True))
                                                       for code in info.org_levels], proposed=unit_review.level)
    checklist = submission_checklist(reviews)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognise_unit(unit_review, user=request.user, unit_level=form.cleaned_data["unit_level"] or None,
                                    reason=form.cleaned_data["reason"])
        except services.ReviewError as error:
            form.add_error(None, error.problems[0][1])
        else:
            messages.success(request, f"Đã công nhận kết quả xếp loại của {unit.name}.")
            return _after_decision(period, unit)
    rows = [r for r in reviews if not r.member.exempt]
    from xeploai.orgs.models import Organization

    from .chain import deciding_committee_id

    decider = deciding_committee_id(period, unit) if checklist.awaiting_pool else None
    return render(request, "reviews/recognise.html", {
        "period": period, "unit": unit, "form": form, "checklist": checklist, "rows": rows,
        "unit_review": unit_review, "info": info,
        "pool_committee": Organization.objects.filter(pk=decider).first() if decider else None})


@login_required
def decide_member(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """Settle a member the program left "cần quyết định": the cell after voting again, or the committee above."""
    review, unit_review, refusal = _member_action(request, period, member, Action.DECIDE_MEMBER)
    if refusal:
        return refusal
    info = ruleset_info(review.period.ruleset)
    levels = [(code, level_label(code)) for code in info.member_levels]
    form = DecideForm(request.POST or None, levels=levels,
                      initial={"level": review.decision_level, "note": review.decision_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_member(review, level=form.cleaned_data["level"], note=form.cleaned_data["note"],
                                   user=request.user)
        except services.ReviewError as error:
            form.add_error(None, error.problems[0][1])
        else:
            messages.success(request, f"Đã ghi quyết định mức xếp loại của đồng chí {review.member.full_name}.")
            if unit_review.status == UnitStatus.SUBMITTED:
                return redirect("reviews:recognise", review.period_id, review.unit.code)
            return redirect("reviews:unit_period", review.period_id, review.unit.code)
    return render(request, "reviews/decide.html", {"review": review, "form": form, "unit_review": unit_review})


@login_required
def return_unit(request: HttpRequest, period: int, code: str) -> HttpResponse:
    period, unit = period_and_unit(request, period, code, access.can_appraise_unit)
    if not permissions.decide(request.user, Action.RETURN, services.find_unit_review(period, unit), unit).role_allows:
        raise PermissionDenied(permissions.NO_ROLE_HERE)  # the chain gives this unit to another committee
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_unit(services.find_unit_review(period, unit), reason=form.cleaned_data["reason"],
                                 user=request.user)
        except services.ReviewError as error:
            messages.error(request, error.problems[0][1])
        else:
            messages.success(request, f"Đã trả lại hồ sơ của {unit.name} để chi bộ hoàn chỉnh.")
        return _after_decision(period, unit)
    return render(request, "reviews/return.html", {"period": period, "unit": unit, "form": form})


@login_required
def reclassify(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Annul a recognised result and classify again (000 §IV.3); the old result stays in the history."""
    period, unit = period_and_unit(request, period, code, access.can_appraise_unit)
    unit_review = services.find_unit_review(period, unit)
    decision = permissions.decide(request.user, Action.RECLASSIFY, unit_review, unit)
    if not decision:
        return _refused(request, decision, period, unit)
    reviews = selectors.member_reviews(period, unit)
    info = ruleset_info(period.ruleset)
    targets = [("unit", f"Tổ chức: {unit.name} ({short_label(unit_review.final_level)})")] + [
        (str(r.pk), f"{r.member.full_name} ({short_label(r.final_level)})") for r in reviews if r.final_level]
    levels = [(code, level_label(code)) for code in info.member_levels]
    org_levels = [(code, level_label(code, organisation=True)) for code in info.org_levels]
    form = ReclassifyForm(request.POST or None, targets=targets, levels=_union(levels, org_levels))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member_review = None if data["target"] == "unit" else next(r for r in reviews if str(r.pk) == data["target"])
        allowed = dict(org_levels if member_review is None else levels)
        if data["new_level"] not in allowed:
            form.add_error("new_level", "Mức xếp loại mới: không thuộc các mức của đối tượng này.")
        else:
            try:
                services.reclassify(unit_review=unit_review, member_review=member_review, new_level=data["new_level"],
                                    reason=data["reason"], decision_number=data["decision_number"], user=request.user)
            except services.ReviewError as error:
                form.add_error(None, error.problems[0][1])
            else:
                messages.success(request, "Đã hủy kết quả cũ và xếp loại lại; kết quả cũ vẫn lưu trong lịch sử.")
                return redirect("reviews:unit_period", period.pk, unit.code)
    return render(request, "reviews/reclassify.html", {"period": period, "unit": unit, "form": form,
                                                       "unit_review": unit_review})


def _union(*choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for group in choices:
        for code, label in group:
            seen.setdefault(code, label)
    return list(seen.items())


def _streaks(rows: list[dict], top_of) -> None:
    """Mark each year's run of consecutive years at the top level (definitions.years_running)."""
    top_years = {row["year"] for row in rows if row["level"] and row["level"] == top_of(row)}
    for row in rows:
        row["streak"] = years_running(top_years, row["year"]) if row["year"] in top_years else 0


def _may_see(user, review: MemberReview) -> bool:
    try:
        access.member_review_for_user(user, review)
    except (Http404, PermissionDenied):
        return False
    return True


@login_required
def member_history(request: HttpRequest, member: int) -> HttpResponse:
    member = access.member_for_user(request.user, access.existing_id(member))
    reviews = MemberReview.objects.filter(member=member).select_related("period__ruleset", "unit").order_by(
        "period__year")
    rows = [{"year": r.period.year, "level": r.final_level, "review": r, "unit": r.unit} for r in reviews]
    _streaks(rows, lambda row: "htxs")
    visible = [row["review"] for row in rows if _may_see(request.user, row["review"])]
    decisions = history.reclassifications(member_reviews=visible)  # an old cell's reasons stay with that cell
    return render(request, "reviews/member_history.html", {"member": member, "rows": rows, "decisions": decisions})


@login_required
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, code)
    reviews = UnitReview.objects.filter(unit=unit).select_related("period__ruleset").order_by("period__year")
    rows = [{"year": r.period.year, "level": r.final_level, "review": r,
             "top": ruleset_info(r.period.ruleset).top_org_level} for r in reviews]
    _streaks(rows, lambda row: row["top"])
    return render(request, "reviews/unit_history.html", {"unit": unit, "rows": rows})


@login_required
def unit_review_history(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Every change of the unit's review in the period: who, when, what from → to, why; and its form 03 decisions."""
    period, unit = period_and_unit(request, period, code)
    unit_review = services.find_unit_review(period, unit)
    context = {"period": period, "unit": unit, "subject": unit.name,
               "entries": history.entries(unit_review) if unit_review.pk else [],
               "decisions": history.reclassifications(unit_review=unit_review) if unit_review.pk else []}
    return render(request, "reviews/record_history.html", context)


@login_required
def member_review_history(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """Every change of one member's review in the period (reached through the unit it was held in)."""
    review = _member_review(request, period, member)
    context = {"period": review.period, "unit": review.unit, "subject": review.member.full_name, "review": review,
               "entries": history.entries(review), "decisions": history.reclassifications(member_reviews=[review])}
    return render(request, "reviews/record_history.html", context)
