"""The rule-set editor: the list, a new rule set (empty or copied from another), editing, a preview on a sample
cell before saving, and the JSON export and import.

Administrators only (403 for everyone else). "Xem trước" posts the form and saves nothing; "Lưu" saves through
`ruleset_services` in one transaction. JSON is only a file to carry a rule set between installations.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from xeploai.reviews.models import RuleSet
from xeploai.rules.ruleset import RuleSetError
from xeploai.rules.sample import SAMPLE_CELL, compare
from xeploai.rules.scenario_model import ScenarioError

from . import ruleset_services as services
from .ruleset_forms import RuleSetForm, initial_from_params


def _sample() -> dict:
    return {"sample_size": len(SAMPLE_CELL["members"]), "sample_unit_score": SAMPLE_CELL["unit"]["score"]}


def _admin_only(request: HttpRequest) -> None:
    if not services.can_manage_rulesets(request.user):
        raise PermissionDenied("Chỉ quản trị viên được xem và sửa bộ quy tắc xếp loại.")


def _stored(ruleset: RuleSet) -> dict:
    return {**ruleset.params, "code": ruleset.code}


def _preview(form: RuleSetForm, before: dict | None):
    try:
        return compare(form.cleaned_data["params"], before)
    except (RuleSetError, ScenarioError) as error:  # the edited set is checked already; the stored one may be old
        form.add_error(None, f"Không xem trước được trên chi bộ mẫu: {error}")
        return None


@login_required
def ruleset_list(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    rulesets = list(RuleSet.objects.order_by("-is_preset", "code"))
    uses = services.usages(rulesets)
    rows = [{"ruleset": r, "use": uses[r.pk]} for r in rulesets]
    return render(request, "dashboard/ruleset_list.html", {"rows": rows})


def _write(request: HttpRequest, form: RuleSetForm, write, done: str) -> HttpResponse | None:
    """Run one service write: its refusals go onto the form (None); a success redirects to the saved rule set."""
    try:
        ruleset = write()
    except services.RuleSetWriteError as error:
        for field, message in error.problems:
            form.add_error(field if field in form.fields else None, message)
        return None
    messages.success(request, f"{done} {ruleset.name}.")
    return redirect(reverse("dashboard:ruleset_edit", args=[ruleset.code]))


def _taken() -> list[str]:
    return list(RuleSet.objects.values_list("code", flat=True))


def _copy_code(code: str, taken: list[str]) -> str:
    base = f"{code}-ban-sao"[:36]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@login_required
def ruleset_create(request: HttpRequest) -> HttpResponse:
    """A new rule set, filled from the one in `?tu=` (a preset or any other) or from an imported file."""
    _admin_only(request)
    taken = _taken()
    if request.method == "POST":
        source_code = request.POST.get("source_code", "")
    else:
        source_code = request.GET.get("tu") or "qd366-2025"
    source = RuleSet.objects.filter(code=source_code).first() if source_code else None
    initial = {}
    if source is not None:
        initial = initial_from_params(_stored(source))
        initial.update(code=_copy_code(source.code, taken), name=f"{source.name} (bản sao)"[:200])
    form = RuleSetForm(request.POST if request.method == "POST" else None, initial=initial, taken_codes=taken)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, _stored(source) if source else None)
        else:
            reason = f"Tạo từ bộ {source.code}" if source else "Tạo mới"
            saved = _write(request, form, lambda: services.create(params=form.cleaned_data["params"], reason=reason),
                           "Đã tạo bộ quy tắc")
            if saved:
                return saved
    context = {"form": form, "mode": "create", "source": source, "preview": preview,
               **_sample()}
    return render(request, "dashboard/ruleset_form.html", context)


def _read_at(request: HttpRequest) -> datetime | None:
    try:
        return datetime.fromisoformat(request.POST.get("read_at", ""))
    except ValueError:
        return None


@login_required
def ruleset_edit(request: HttpRequest, code: str) -> HttpResponse:
    _admin_only(request)
    ruleset = get_object_or_404(RuleSet, code=code)
    use = services.usage(ruleset)
    initial = initial_from_params(_stored(ruleset))
    form = RuleSetForm(request.POST if request.method == "POST" else None, initial=initial, code_locked=True)
    if use.locked:
        for field in form.fields.values():
            field.disabled = True
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, _stored(ruleset))
        elif use.locked:
            form.add_error(None, services.lock_message(use))
        else:
            saved = _write(request, form, lambda: services.update(
                ruleset=ruleset, params=form.cleaned_data["params"], read_at=_read_at(request)), "Đã lưu bộ quy tắc")
            if saved:
                return saved
    context = {"form": form, "mode": "edit", "ruleset": ruleset, "use": use, "preview": preview,
               "lock_message": services.lock_message(use) if use.locked else "",
               "read_at": request.POST.get("read_at") if request.method == "POST" else ruleset.updated_at.isoformat(),
               **_sample()}
    return render(request, "dashboard/ruleset_form.html", context)


@login_required
def ruleset_export(request: HttpRequest, code: str) -> HttpResponse:
    _admin_only(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    ruleset = get_object_or_404(RuleSet, code=code)
    response = HttpResponse(services.export_json(ruleset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bo-quy-tac-{ruleset.code}.json"'
    return response


@login_required
def ruleset_import(request: HttpRequest) -> HttpResponse:
    """A JSON file fills the new-rule-set form; nothing is saved until the administrator presses "Lưu"."""
    _admin_only(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        params = services.read_upload(request.FILES.get("file"))
    except services.RuleSetWriteError as error:
        for _, message in error.problems:
            messages.error(request, message)
        return redirect(reverse("dashboard:rulesets"))
    taken = _taken()
    initial = initial_from_params(params)
    if initial["code"] in taken:
        initial["code"] = _copy_code(initial["code"], taken)
    form = RuleSetForm(initial=initial, taken_codes=taken)
    context = {"form": form, "mode": "import", "source": None, "preview": None,
               "imported_name": request.FILES["file"].name, **_sample()}
    return render(request, "dashboard/ruleset_form.html", context)
