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
from django.views.decorators.http import require_POST

from xeploai.orgs import access
from xeploai.orgs.models import LEADER_POSTS
from xeploai.orgs.tree import subtree

from . import permissions, selectors, services
from .forms import MemberFactsForm, MemberScoresForm, SelfReviewForm, TallyForm, UnitFactsForm
from .models import ReviewPeriod
from .policy import Action
from .presentation import cell_rows, milestone_rows, quota_words, ruleset_info
from .records import MemberReview, UnitReview, UnitStatus
from .scoresheet_forms import SheetFormSet, frame_for, initial_lines


def period_and_unit(request: HttpRequest, period_pk: int, code: str, need=access.can_view_unit):
    """The unit (access-checked) and a period that applies to it; 404 for a period of another branch."""
    period_pk = access.existing_id(period_pk)
    unit = access.unit_for_user(request.user, code, need)
    period = get_object_or_404(ReviewPeriod.objects.select_related("ruleset", "committee"), pk=period_pk)
    if not selectors.period_applies(period, unit):
        raise Http404("Kỳ kiểm điểm này không áp dụng cho tổ chức.")
    return period, unit


def rights(user, unit_review: UnitReview, unit) -> dict[str, permissions.Decision]:
    """What the page may offer: every action of the policy, decided for this user on this unit (no writes)."""
    return {action.value: permissions.decide(user, action, unit_review, unit) for action in Action}


def _refused(request: HttpRequest, decision: permissions.Decision, period, unit) -> HttpResponse:
    """A page the user's role never opens is a 403; one closed by the review's status says why, on the unit page."""
    if not decision.role_allows:
        raise PermissionDenied(decision.reason)
    messages.warning(request, decision.reason)
    return redirect("reviews:unit_period", period.pk, unit.code)


@login_required
def unit_period(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The cell page: members with self-review, papers, votes or scores, proposed levels and reasons; deadlines.

    Shows what is stored: opening the period for the unit is an explicit action (open_period), never a page read.
    """
    period, unit = period_and_unit(request, period, code)
    unit_review = services.find_unit_review(period, unit)
    reviews = selectors.member_reviews(period, unit) if unit_review.pk else []
    info = ruleset_info(period.ruleset)
    may = rights(request.user, unit_review, unit)
    context = {
        "period": period,
        "unit": unit,
        "unit_review": unit_review,
        "opened": unit_review.pk is not None,
        "rows": cell_rows(reviews, info),
        "info": info,
        "quota": quota_words(unit_review.member_quota, reviews),
        "milestones": milestone_rows(
            selectors.milestones_for(period, unit),
            timezone.localdate(),
            finished=unit_review.status == UnitStatus.RECOGNISED,
        ),
        "may": may,
        "can_change": bool(may["enter_tally"] or may["enter_scores"]),
        "can_appraise": access.can_appraise_unit(request.user, unit),
        "sub_reviews": selectors.sub_unit_reviews(period, unit),
        "missing": services.missing_members(period, unit).count() if may["open"] else 0,
        "has_sub_units": (sub_units := unit.children.count()) > 0,
        "sub_units": sub_units,  # every unit below, opened or not (the appraisal page lists them all)
    }
    return render(request, "reviews/unit_period.html", context)


@login_required
@require_POST
def open_unit(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Open the period: for this unit, or with "ca-cay" for every unit of its subtree (the committee, when the
    plan starts); adds members who joined since when run again. One transaction, with history."""
    period, unit = period_and_unit(request, period, code)
    units = subtree(unit) if request.POST.get("ca-cay") else [unit]
    try:
        opened, added = services.open_period(period=period, units=units, user=request.user)
    except services.Refused as refusal:
        if refusal.forbidden:
            raise PermissionDenied(refusal.reason) from None
        messages.warning(request, refusal.reason)
    else:
        messages.success(request, f"Đã mở kỳ kiểm điểm cho {opened} đơn vị; thêm {added} đảng viên vào danh sách.")
    return redirect("reviews:unit_period", period.pk, unit.code)


def _change_context(request, period, code, action: Action):
    """The period, unit and its review for a page that writes with `action`; a refusal answers instead."""
    period, unit = period_and_unit(request, period, code)
    unit_review = services.find_unit_review(period, unit)
    decision = permissions.decide(request.user, action, unit_review, unit)
    if not decision:
        return period, unit, unit_review, None, _refused(request, decision, period, unit)
    return period, unit, unit_review, selectors.member_reviews(period, unit), None


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
    """One screen for the whole cell after the meeting; nothing saved unless every row is valid.

    A stale page (someone saved meanwhile) keeps the typed values and shows the stored ones beside them.
    """
    period, unit, unit_review, reviews, refusal = _change_context(request, period, code, Action.ENTER_TALLY)
    if refusal:
        return refusal
    reviews = [r for r in reviews if not r.member.exempt]
    form = TallyForm(
        request.POST or None, reviews=reviews, year=period.year, initial=_tally_initial(unit_review, reviews)
    )
    stored = None
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
            form.add_error(None, error.problems[0][1])
            fresh = services.find_unit_review(period, unit)
            now = _tally_initial(fresh, [r for r in selectors.member_reviews(period, unit) if not r.member.exempt])
            stored = [(str(form.fields[key].label), "—" if value is None else value) for key, value in now.items()
                      if key in form.fields and key != "version" and _typed(form, key) != _typed_value(value)]
            _keep_typed(form, fresh.version)
        except services.Refused as refusal:
            return _refused(request, permissions.Decision(False, refusal.reason, not refusal.forbidden), period, unit)
        except services.ReviewError as error:
            for _, message in error.problems:
                form.add_error(None, message)
        else:
            messages.success(request, "Đã lưu kết quả kiểm phiếu và xếp loại lại theo số liệu mới.")
            return redirect("reviews:unit_period", period.pk, unit.code)
    return render(request, "reviews/tally.html", {"period": period, "unit": unit, "form": form,
                                                  "unit_review": unit_review, "stored": stored})


def _editors(request: HttpRequest, period: int, code: str, cell: Action, checker: Action):
    """Pages both the cell (while at work) and the committee above (until it recognises) fill in: who may write
    what, from the policy; a refusal (403 for a role that never may, else the status's reason) when neither."""
    period, unit = period_and_unit(request, period, code)
    unit_review = services.find_unit_review(period, unit)
    can_self = permissions.decide(request.user, cell, unit_review, unit)
    can_approve = permissions.decide(request.user, checker, unit_review, unit)
    if not (can_self or can_approve):
        decision = can_self if can_self.role_allows else can_approve
        return period, unit, unit_review, False, False, _refused(request, decision, period, unit)
    return period, unit, unit_review, bool(can_self), bool(can_approve), None


@login_required
def scores(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Score rule sets: self-scores (until the member submits), the cell's proposal and task figures by the cell,
    checked scores by the committee above."""
    period, unit, unit_review, can_self, can_approve, refusal = _editors(
        request, period, code, Action.ENTER_SCORES, Action.CHECK_SCORES
    )
    if refusal:
        return refusal
    reviews = [r for r in selectors.member_reviews(period, unit) if not r.member.exempt]
    form = MemberScoresForm(
        request.POST or None,
        reviews=reviews,
        can_approve=can_approve,
        can_self=can_self,
        initial={"version": unit_review.version},
    )
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                period=period, unit=unit, values=form.values(), version=form.cleaned_data["version"], user=request.user
            )
        except services.StaleData as error:
            form.add_error(None, error.problems[0][1])
            stored = _stored_grid(form, selectors.member_reviews(period, unit))
            _keep_typed(form, services.find_unit_review(period, unit).version)
        except services.ReviewError as error:
            for _, message in error.problems:
                form.add_error(None, message)
        else:
            messages.success(request, "Đã lưu điểm và xếp loại lại theo số liệu mới.")
            return redirect("reviews:unit_period", period.pk, unit.code)
    return render(
        request,
        "reviews/scores.html",
        {"period": period, "unit": unit, "form": form, "can_approve": can_approve, "can_self": can_self,
         "stored": stored},
    )


def _stored_grid(form: MemberScoresForm, fresh: list[MemberReview]) -> list[tuple[str, str]]:
    """For a stale score grid: each figure stored meanwhile that differs from what the user typed."""
    out = []
    for review in fresh:
        for name in form.ROW_FIELDS:
            key = form.key(review, name)
            if key in form.cleaned_data and not form.fields[key].disabled:
                now = getattr(review, name)
                if now != form.cleaned_data[key]:
                    out.append((str(form.fields[key].label), "—" if now is None else str(now).replace(".", ",")))
    return out


@login_required
def unit_facts(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The unit's own score, proposed level and the facts its conditions look at."""
    period, unit, unit_review, can_self, can_approve, refusal = _editors(
        request, period, code, Action.ENTER_UNIT_FACTS, Action.CHECK_UNIT_SCORE
    )
    if refusal:
        return refusal
    info = ruleset_info(period.ruleset)
    form = UnitFactsForm(request.POST or None, instance=unit_review, can_approve=can_approve, levels=info.org_levels)
    if not can_self:
        for name, field in form.fields.items():
            field.disabled = name not in ("approved_score", "version")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.save_unit_facts(unit_review, data, version=form.cleaned_data["version"], user=request.user)
        except services.StaleData as error:
            form.add_error(None, error.problems[0][1])
            _keep_typed(form, services.find_unit_review(period, unit).version)
        except services.ReviewError as error:
            for _, message in error.problems:
                form.add_error(None, message)
        else:
            messages.success(request, "Đã lưu thông tin tổ chức và xếp loại lại.")
            return redirect("reviews:unit_period", period.pk, unit.code)
    return render(request, "reviews/unit_facts.html", {"period": period, "unit": unit, "form": form, "info": info})


def _member_review(request, period: int, member: int) -> MemberReview:
    """The member's review in the period, access-checked on **the review's unit** (where the member was reviewed),
    not the member's current cell: 404 outside the user's scope, 403 for a role too low."""
    review = get_object_or_404(
        MemberReview.objects.select_related("member", "unit", "period__ruleset", "period__committee"),
        period_id=access.existing_id(period),
        member_id=access.existing_id(member),
    )
    access.member_review_for_user(request.user, review)
    return review


def _member_action(request, period: int, member: int, action: Action):
    """A member's review for a page that writes with `action`: (review, its unit's review, a refusal or None)."""
    review = _member_review(request, period, member)
    unit_review = services.find_unit_review(review.period, review.unit)
    decision = permissions.decide(request.user, action, unit_review, review.unit)
    refusal = None if decision else _refused(request, decision, review.period, review.unit)
    return review, unit_review, refusal


def _is_leader(review: MemberReview) -> bool:
    return review.member.category == "2A" or review.member.posts.filter(title__in=LEADER_POSTS).exists()


@login_required
def self_review(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """The member fills their own self-review and submits it (then read-only to them); the secretary may correct."""
    review = _member_review(request, period, member)
    unit_review = services.find_unit_review(review.period, review.unit)
    decision = services.self_review_writer(request.user, unit_review, review)
    secretary = bool(permissions.decide(request.user, Action.CORRECT_SELF_REVIEW, unit_review, review.unit))
    info = ruleset_info(review.period.ruleset)
    form = SelfReviewForm(
        request.POST or None, instance=review, score_basis=info.score_basis, leader=_is_leader(review),
        initial={"version": review.version},
    )
    if not decision:
        for field in form.fields.values():
            field.disabled = True
    stored = None
    if request.method == "POST":
        if not decision:
            if not decision.role_allows:
                raise PermissionDenied(decision.reason)
            messages.warning(request, decision.reason)
            return redirect("reviews:self_review", review.period_id, review.member_id)
        if form.is_valid():
            submit = bool(request.POST.get("nop"))
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            saved, stored = _save_member_form(form, review, lambda: services.save_self_review(
                review, data, submit=submit, version=form.cleaned_data["version"], user=request.user))
            if saved:
                messages.success(request, "Đã nộp bản tự kiểm điểm." if submit else "Đã lưu bản tự kiểm điểm.")
                return redirect("reviews:self_review", review.period_id, review.member_id)
    return render(
        request,
        "reviews/self_review.html",
        {"review": review, "form": form, "editable": bool(decision), "secretary": secretary, "info": info,
         "refusal": "" if decision else decision.reason, "stored": stored},
    )


def _save_member_form(form, review: MemberReview, save) -> tuple[bool, list | None]:
    """Run the save; on a refusal the form gets the message, and on a stale page it keeps what the user typed and
    returns the values stored meanwhile (shown beside it). Returns (saved, stored values or None)."""
    try:
        save()
    except services.StaleData as error:
        form.add_error(None, error.problems[0][1])
        fresh = MemberReview.objects.get(pk=review.pk)
        stored = _stored_values(form, fresh)
        _keep_typed(form, fresh.version)
        return False, stored
    except services.ReviewError as error:
        form.add_error(None, error.problems[0][1])
        return False, None
    return True, None


def _keep_typed(form, version: int) -> None:
    """After a stale save the page shows what the user typed, now against the stored version: saving again (after
    looking at the other person's values) is a deliberate choice, not a silent overwrite."""
    form.data = form.data.copy()
    form.data["version"] = str(version)


def _typed(form, key: str) -> str:
    return (form.data.get(key) or "").strip()


def _typed_value(value) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def _stored_values(form, fresh) -> list[tuple[str, str]]:
    """For a stale save: the fields whose stored value now differs from what the user typed (label, stored)."""
    out = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        now = getattr(fresh, name, None)
        if now != form.cleaned_data[name]:
            shown = dict(getattr(field, "choices", None) or []).get(now, now)
            out.append((str(field.label), "—" if shown in (None, "") else str(shown)))
    return out


@login_required
def member_facts(request: HttpRequest, period: int, member: int) -> HttpResponse:
    """What the cell records about a member: circumstances, papers, task figures, conclusion."""
    review, _, refusal = _member_action(request, period, member, Action.EDIT_FACTS)
    if refusal:
        return refusal
    form = MemberFactsForm(request.POST or None, instance=review, initial={"version": review.version})
    stored = None
    if request.method == "POST" and form.is_valid():
        data = {n: form.cleaned_data[n] for n in form.changed_data if n != "version"}
        saved, stored = _save_member_form(form, review, lambda: services.save_member_facts(
            review, data, version=form.cleaned_data["version"], user=request.user))
        if saved:
            messages.success(request, f"Đã lưu thông tin của đồng chí {review.member.full_name}.")
            return redirect("reviews:unit_period", review.period_id, review.unit.code)
    return render(request, "reviews/member_facts.html", {"review": review, "form": form, "stored": stored})


@login_required
def score_sheet(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The unit's score sheet (001 §2.2): the cell scores itself; the committee above enters its checked points."""
    period, unit, unit_review, can_self, can_approve, refusal = _editors(
        request, period, code, Action.ENTER_UNIT_FACTS, Action.CHECK_UNIT_SCORE
    )
    if refusal:
        return refusal
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
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


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
