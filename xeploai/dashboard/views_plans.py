"""Plans in the browser: a committee's periods, a period's header, its timeline steps and its supervisors.

Every view has one shape: resolve the committee or period and the user's right on it (`.access`: 404 outside,
403 too low), bind the form, call one service (`.services`, atomic), redirect with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from xeploai.reviews.models import Milestone
from xeploai.reviews.records import MemberReview

from . import selectors, services
from .access import can_follow_progress, can_manage_plans, can_read_plan, committee_for_user, period_for_user
from .forms import CopyForm, PeriodForm, StepForm, SupervisorsForm, copy_initial, default_step_dates, step_initial
from .presentation import copy_preview, plan_pdf_url, step_views, template_exists


def _data(request: HttpRequest):
    """The posted data, empty included (an empty POST still binds the form), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _problems_to_form(form, error: services.PlanError) -> None:
    for field, message in error.problems:
        form.add_error(field if field in form.fields else None, message)


def _plan_url(period) -> str:
    return reverse("dashboard:plan", args=[period.pk])


@login_required
def plans(request: HttpRequest, code: str) -> HttpResponse:
    """A committee's review periods, newest first, with the way to create or copy one."""
    committee = committee_for_user(request.user, code, can_read_plan)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    periods = selectors.periods_of(committee)
    years = {period.year for period in periods}
    latest = periods[0] if periods else None
    context = {
        "committee": committee, "periods": periods, "can_manage": can_manage_plans(request.user, committee),
        "can_follow": can_follow_progress(request.user, committee),
        "copy_from": latest if latest and latest.year + 1 not in years else None,
    }
    return render(request, "dashboard/plans.html", context)


@login_required
def period_create(request: HttpRequest, code: str) -> HttpResponse:
    committee = committee_for_user(request.user, code, can_manage_plans)
    initial = {"issuing_body": committee.name}
    form = PeriodForm(_data(request), committee=committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(committee=committee, data=form.cleaned_data, user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, f"Đã tạo kỳ kiểm điểm năm {period.year}. Thêm các bước của kế hoạch bên dưới.")
            return redirect(_plan_url(period))
    return render(request, "dashboard/period_form.html", {"committee": committee, "form": form, "mode": "create"})


@login_required
def period_edit(request: HttpRequest, period: int) -> HttpResponse:
    period = period_for_user(request.user, period, can_manage_plans)
    lock = MemberReview.objects.filter(period=period).exists()
    initial = {f: getattr(period, f) for f in ("year", *services.PERIOD_FIELDS)}
    form = PeriodForm(_data(request), committee=period.committee, period=period, lock_ruleset=lock,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(period=period, data=form.cleaned_data, user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect(_plan_url(period))
    context = {"committee": period.committee, "form": form, "mode": "edit", "period": period}
    return render(request, "dashboard/period_form.html", context)


@login_required
def period_copy(request: HttpRequest, period: int) -> HttpResponse:
    """Next year's plan from this one: the form comes filled in, every step shifted by a year."""
    source = period_for_user(request.user, period, can_manage_plans)
    form = CopyForm(_data(request), committee=source.committee, initial=copy_initial(source))
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            new = services.period_copy(source=source, data=form.cleaned_data,
                                       copy_supervisors=form.cleaned_data["copy_supervisors"], user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, f"Đã sao chép kế hoạch năm {source.year} sang năm {new.year}: "
                                      f"{new.milestones.count()} bước, {new.supervisors.count()} phân công phụ trách.")
            return redirect(_plan_url(new))
    context = {"committee": source.committee, "form": form, "mode": "copy", "source": source,
               "preview": copy_preview(source)}
    return render(request, "dashboard/period_form.html", context)


@login_required
def plan(request: HttpRequest, period: int) -> HttpResponse:
    """The plan as a page: its header, its timeline as a table, who follows which unit (000 §VI)."""
    period = period_for_user(request.user, period, can_read_plan)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    milestones = list(period.milestones.all())
    can_manage = can_manage_plans(request.user, period.committee)
    last_due = max((m.due for m in milestones), default=None)
    context = {
        "period": period, "committee": period.committee, "steps": step_views(milestones, period.year),
        "supervisors": selectors.supervisors_by_person(period), "can_manage": can_manage,
        "can_follow": can_follow_progress(request.user, period.committee),
        "step_form": StepForm(period=period, initial=default_step_dates(period, last_due)) if can_manage else None,
        "pdf_url": plan_pdf_url(period), "has_download_menu": template_exists("reports/_download_menu.html"),
    }
    return render(request, "dashboard/plan.html", context)


def _step(period, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk, period=period)


@login_required
def step_add(request: HttpRequest, period: int) -> HttpResponse:
    period = period_for_user(request.user, period, can_manage_plans)
    form = StepForm(_data(request), period=period, initial=default_step_dates(period, None))
    if request.method == "POST" and form.is_valid():
        try:
            step = services.step_add(period=period, data=form.cleaned_data, user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, f"Đã thêm bước {step.order}.")
            return redirect(_plan_url(period) + "#buoc")
    return render(request, "dashboard/step_form.html", {"period": period, "form": form, "step": None})


@login_required
def step_edit(request: HttpRequest, period: int, step: int) -> HttpResponse:
    period = period_for_user(request.user, period, can_manage_plans)
    step = _step(period, step)
    form = StepForm(_data(request), period=period, initial=step_initial(step))
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(step=step, data=form.cleaned_data, user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, "Đã lưu bước.")
            return redirect(_plan_url(period) + "#buoc")
    return render(request, "dashboard/step_form.html", {"period": period, "form": form, "step": step})


@login_required
def step_move(request: HttpRequest, period: int, step: int) -> HttpResponse:
    period = period_for_user(request.user, period, can_manage_plans)
    step = _step(period, step)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.step_move(step=step, up=request.POST.get("huong") != "xuong", user=request.user)
    return redirect(_plan_url(period) + "#buoc")


@login_required
def step_delete(request: HttpRequest, period: int, step: int) -> HttpResponse:
    period = period_for_user(request.user, period, can_manage_plans)
    step = _step(period, step)
    if request.method == "POST":
        services.step_delete(step=step, user=request.user)
        messages.success(request, f"Đã xóa bước “{step.title}”.")
        return redirect(_plan_url(period) + "#buoc")
    return render(request, "dashboard/step_delete.html", {"period": period, "step": step})


@login_required
def supervisors(request: HttpRequest, period: int) -> HttpResponse:
    """Assign a committee member to each unit (000 §VI.2), all units in one form and one transaction."""
    period = period_for_user(request.user, period, can_manage_plans)
    candidates = selectors.committee_members(period)
    current = selectors.current_supervisors(period)
    assigned = set(current.values()) - {m.pk for m in candidates}
    form = SupervisorsForm(_data(request), units=selectors.supervised_units(period),
                           candidates=candidates + selectors.former_members(assigned), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.supervisors_save(period=period, assignments=form.assignments(), user=request.user)
        except services.PlanError as error:
            _problems_to_form(form, error)
        else:
            messages.success(request, f"Đã lưu phân công phụ trách ({changed} thay đổi).")
            return redirect(_plan_url(period) + "#phu-trach")
    context = {"period": period, "committee": period.committee, "form": form, "candidates": candidates}
    return render(request, "dashboard/supervisors.html", context)
