"""The review in the browser, for a cell: its page, the tally, the scores, the unit's facts, self-reviews.

Every view resolves the unit and the user's right through `xeploai.orgs.access` (404 outside the subtree, 403 for
a role too low), binds a form and calls one service; business rules live in xeploai.rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xeploai.orgs import access
from xeploai.orgs.models import LEADER_POSTS

from . import selectors, services
from .forms import MemberFactsForm, MemberScoresForm, SelfReviewForm, TallyForm, UnitFactsForm
from .models import ReviewPeriod
from .presentation import cell_rows, milestone_rows, quota_words, ruleset_info
from .records import MemberReview, SelfReviewStatus, UnitStatus
from .scoresheet_forms import SheetFormSet, frame_for, initial_lines


def period_and_unit(request: HttpRequest, period_pk: int, code: str, need=access.can_view_unit):
    """The unit (access-checked) and a period that applies to it; 404 for a period of another branch."""
    unit = access.unit_for_user(request.user, code, need)
    period = get_object_or_404(ReviewPeriod.objects.select_related("ruleset", "committee"), pk=period_pk)
    if not selectors.period_applies(period, unit):
        raise Http404("Kỳ kiểm điểm này không áp dụng cho tổ chức.")
    return period, unit


def _editable(unit_review) -> bool:
    return unit_review.status in (UnitStatus.DRAFT, UnitStatus.RETURNED)


def _roster(period, unit, unit_review) -> list[MemberReview]:
    """The period's roster; opened (members added, results computed) while the unit is still at work."""
    if not _editable(unit_review):
        return selectors.member_reviews(period, unit)
    reviews = services.open_roster(period, unit)
    if any(review.classified_at is None for review in reviews):
        services.classify_unit(period, unit)
        reviews = selectors.member_reviews(period, unit)
    return reviews


@login_required
def unit_period(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The cell page: members with self-review, papers, votes or scores, proposed levels and reasons; deadlines."""
    period, unit = period_and_unit(request, period, code)
    unit_review = services.unit_review_for(period, unit)
    reviews = _roster(period, unit, unit_review)
    unit_review.refresh_from_db()
    info = ruleset_info(period.ruleset)
    context = {
        "period": period,
        "unit": unit,
        "unit_review": unit_review,
        "rows": cell_rows(reviews, info),
        "info": info,
        "quota": quota_words(unit_review.member_quota, reviews),
        "milestones": milestone_rows(
            selectors.milestones_for(period, unit),
            timezone.localdate(),
            finished=unit_review.status == UnitStatus.RECOGNISED,
        ),
        "can_change": access.can_change_unit(request.user, unit) and _editable(unit_review),
        "can_appraise": access.can_appraise_unit(request.user, unit),
        "sub_reviews": selectors.sub_unit_reviews(period, unit),
    }
    return render(request, "reviews/unit_period.html", context)


def _change_context(request, period, code):
    period, unit = period_and_unit(request, period, code, access.can_change_unit)
    unit_review = services.unit_review_for(period, unit)
    if not _editable(unit_review):
        messages.warning(request, f'Hồ sơ đang ở trạng thái "{unit_review.get_status_display()}": không sửa được.')
        return period, unit, unit_review, None
    return period, unit, unit_review, _roster(period, unit, unit_review)


def _tally_initial(unit_review, reviews) -> dict:
    official = sum(1 for r in reviews if r.member.official_on and not r.member.exempt)
    initial = {
        "official_members": unit_review.official_members if unit_review.official_members is not None else official,
        "official_present": unit_review.official_present,
        "ballots_cast": unit_review.ballots_cast,
        "meeting_date": unit_review.meeting_date,
        "version": unit_review.version,
    }
    for review in reviews:
        for level in ("htxs", "htt", "ht", "kht"):
            initial[TallyForm.vote_field(review, level)] = getattr(review, f"votes_{level}")
    return initial


@login_required
def tally(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """One screen for the whole cell after the meeting; nothing saved unless every row is valid."""
    period, unit, unit_review, reviews = _change_context(request, period, code)
    if reviews is None:
        return redirect("reviews:unit_period", period.pk, unit.code)
    reviews = [r for r in reviews if not r.member.exempt]
    form = TallyForm(request.POST or None, reviews=reviews, initial=_tally_initial(unit_review, reviews))
    if request.method == "POST" and form.is_valid():
        meta = {
            key: form.cleaned_data[key]
            for key in ("official_members", "official_present", "ballots_cast", "meeting_date")
        }
        try:
            services.save_tally(
                period=period,
                unit=unit,
                meta=meta,
                votes=form.votes(),
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except services.StaleData as error:
            messages.error(request, error.problems[0][1])
            return redirect("reviews:tally", period.pk, unit.code)
        except services.ReviewError as error:
            for _, message in error.problems:
                form.add_error(None, message)
        else:
            messages.success(request, "Đã lưu kết quả kiểm phiếu và xếp loại lại theo số liệu mới.")
            return redirect("reviews:unit_period", period.pk, unit.code)
    return render(
        request, "reviews/tally.html", {"period": period, "unit": unit, "form": form, "unit_review": unit_review}
    )


def _editors(request: HttpRequest, period: int, code: str, refusal: str):
    """Pages both the cell (while it may still edit) and the committee above (until it recognises) fill in:
    the period, the unit, its review and who may write what; 403 when neither."""
    period, unit = period_and_unit(request, period, code)
    unit_review = services.unit_review_for(period, unit)
    can_self = access.can_change_unit(request.user, unit) and _editable(unit_review)
    can_approve = access.can_appraise_unit(request.user, unit) and unit_review.status != UnitStatus.RECOGNISED
    if not (can_self or can_approve):
        raise PermissionDenied(refusal)
    return period, unit, unit_review, can_self, can_approve


@login_required
def scores(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Score rule sets: self-scores and task figures by the cell, checked scores by the committee above."""
    period, unit, unit_review, can_self, can_approve = _editors(
        request, period, code, "Vai trò của đồng chí không nhập được điểm của chi bộ này."
    )
    reviews = [r for r in _roster(period, unit, unit_review) if not r.member.exempt]
    form = MemberScoresForm(
        request.POST or None,
        reviews=reviews,
        can_approve=can_approve,
        can_self=can_self,
        initial={"version": unit_review.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                period=period, unit=unit, values=form.values(), version=form.cleaned_data["version"], user=request.user
            )
        except services.ReviewError as error:
            messages.error(request, error.problems[0][1])
            return redirect("reviews:scores", period.pk, unit.code)
        messages.success(request, "Đã lưu điểm và xếp loại lại theo số liệu mới.")
        return redirect("reviews:unit_period", period.pk, unit.code)
    return render(
        request,
        "reviews/scores.html",
        {"period": period, "unit": unit, "form": form, "can_approve": can_approve, "can_self": can_self},
    )


@login_required
def unit_facts(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The unit's own score, proposed level and the facts its conditions look at."""
    period, unit, unit_review, can_self, can_approve = _editors(
        request, period, code, "Vai trò của đồng chí không sửa được thông tin tổ chức này."
    )
    info = ruleset_info(period.ruleset)
    form = UnitFactsForm(request.POST or None, instance=unit_review, can_approve=can_approve, levels=info.org_levels)
    if not can_self:
        for name, field in form.fields.items():
            field.disabled = name not in ("approved_score", "version")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.save_unit_facts(unit_review, data, version=form.cleaned_data["version"], user=request.user)
        except services.ReviewError as error:
            messages.error(request, error.problems[0][1])
            return redirect("reviews:unit_facts", period.pk, unit.code)
        messages.success(request, "Đã lưu thông tin tổ chức và xếp loại lại.")
        return redirect("reviews:unit_period", period.pk, unit.code)
    return render(request, "reviews/unit_facts.html", {"period": period, "unit": unit, "form": form, "info": info})


def _member_review(request, period: int, member: int, need):
    access.member_for_user(request.user, member, need)
    review = get_object_or_404(
        MemberReview.objects.select_related("member", "unit", "period__ruleset", "period__committee"),
        period_id=period,
        member_id=member,
    )
    return review


def _is_leader(review: MemberReview) -> bool:
    return review.member.category == "2A" or review.member.posts.filter(title__in=LEADER_POSTS).exists()


@login_required
def self_review(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """The member fills their own self-review and submits it (then read-only to them); the secretary may correct."""
    review = _member_review(request, period, member, access.can_view_member)
    open_unit = _editable(services.unit_review_for(review.period, review.unit))  # not once sent or recognised
    secretary = access.can_change_unit(request.user, review.unit) and open_unit
    own = access.can_edit_self_review(request.user, review.member) and not secretary
    editable = open_unit and (secretary or (own and review.self_review_status != SelfReviewStatus.SUBMITTED))
    info = ruleset_info(review.period.ruleset)
    form = SelfReviewForm(
        request.POST or None, instance=review, score_basis=info.score_basis, leader=_is_leader(review)
    )
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Bản tự kiểm điểm đã nộp hoặc hồ sơ đã gửi cấp trên: không sửa được nữa.")
        if form.is_valid():
            submit = bool(request.POST.get("nop"))
            services.save_self_review(review, form.cleaned_data, submit=submit, user=request.user)
            messages.success(request, "Đã nộp bản tự kiểm điểm." if submit else "Đã lưu bản tự kiểm điểm.")
            return redirect("reviews:self_review", review.period_id, review.member_id)
    return render(
        request,
        "reviews/self_review.html",
        {"review": review, "form": form, "editable": editable, "secretary": secretary, "info": info},
    )


@login_required
def member_facts(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """What the cell records about a member: circumstances, papers, task figures, conclusion."""
    review = _member_review(request, period, member, access.can_view_member)
    if not access.can_change_unit(request.user, review.unit):
        raise PermissionDenied("Chỉ chi bộ nhập thông tin xếp loại của đảng viên.")
    if not _editable(services.unit_review_for(review.period, review.unit)):
        messages.warning(request, "Hồ sơ của chi bộ đã gửi cấp trên hoặc đã được công nhận: không sửa được.")
        return redirect("reviews:unit_period", review.period_id, review.unit.code)
    form = MemberFactsForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.save_member_facts(review, {n: form.cleaned_data[n] for n in form.changed_data}, user=request.user)
        messages.success(request, f"Đã lưu thông tin của đồng chí {review.member.full_name}.")
        return redirect("reviews:unit_period", review.period_id, review.unit.code)
    return render(request, "reviews/member_facts.html", {"review": review, "form": form})


@login_required
def score_sheet(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The unit's score sheet (001 §2.2): the cell scores itself; the committee above enters its checked points."""
    period, unit, unit_review, can_self, can_approve = _editors(
        request, period, code, "Vai trò của đồng chí không sửa được biểu điểm của tổ chức này."
    )
    lines = list(unit_review.score_lines.all())
    frame = frame_for(period.ruleset.code)
    formset = SheetFormSet(request.POST or None, initial=initial_lines(lines), frame=frame, prefix="dong")
    if not can_self:
        formset.extra = 0
    checker = {"approved_points", "ded_points", "ded_criterion", "ded_reason", "ded_remedy"}
    for form in formset.forms:  # the committee above checks points and says why it took them off
        for name, field in form.fields.items():
            if name == "approved_points":
                field.disabled = not can_approve
            elif name != "line_id":
                field.disabled = not (can_self or (can_approve and name in checker))
    if request.method == "POST" and formset.is_valid():
        rows = [_line_fields(form) for form in formset.kept()]
        if not can_self:  # the committee above checks the cell's lines: it neither adds nor removes any
            known = {line.pk for line in lines}
            posted = {row["line_id"] for row in rows}
            if posted != known:
                messages.error(request, "Cấp trên chỉ nhập điểm thẩm định và khoản trừ, không thêm hay bớt dòng.")
                return redirect("reviews:score_sheet", period.pk, unit.code)
        try:
            services.save_score_sheet(
                unit_review,
                rows,
                totals=formset.totals(),
                version=_posted_version(request),
                user=request.user,
            )
        except services.ReviewError as error:
            messages.error(request, error.problems[0][1])
            return redirect("reviews:score_sheet", period.pk, unit.code)
        messages.success(request, "Đã lưu biểu điểm; điểm của tổ chức đã được cập nhật và xếp loại lại.")
        return redirect("reviews:unit_period", period.pk, unit.code)
    return render(
        request,
        "reviews/score_sheet.html",
        {
            "period": period,
            "unit": unit,
            "formset": formset,
            "unit_review": unit_review,
            "frame": frame,
            "can_self": can_self,
            "can_approve": can_approve,
        },
    )


def _posted_version(request: HttpRequest) -> int:
    """The page's version as posted; anything unreadable counts as stale (the save is refused with a message)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else -1


def _line_fields(form) -> dict:
    data = form.cleaned_data
    deduction = form.as_line().get("deductions", [])
    return {
        "line_id": data.get("line_id"),
        "criterion": data["criterion"],
        "max_points": data["max_points"],
        "self_points": data.get("self_points"),
        "approved_points": data.get("approved_points"),
        "excellent": bool(data.get("excellent")),
        "bonus": data.get("bonus") or 0,
        "deductions": [
            {key: (str(value) if key == "points" and value is not None else value) for key, value in item.items()}
            for item in deduction
        ],
    }
