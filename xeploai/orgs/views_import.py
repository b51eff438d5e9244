"""Roster import in the browser: upload → match columns → preview (every problem by row and column) → confirm.

Thin views over ``orgs.roster.services`` (the same calls as ``manage.py import_members``). Only POSTs write: the
upload keeps the file, the column step remembers the choice, the confirmation writes the plan all or nothing. The
preview is a GET that reads the file and the database and writes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import access
from .models import Organization, RosterImport
from .roster import services
from .roster.columns import BY_KEY, choices_for, sheet_kind
from .roster.files import ImportFileError, Sheet
from .roster.plan import KIND_LABELS
from .roster.values import text

SHOWN_PROBLEMS = 1000
SHOWN_ROWS = 300
SAMPLE_ROWS = 3


def _committee(request: HttpRequest, code: str) -> Organization:
    unit = access.unit_for_user(request.user, code)
    if not unit.is_committee:
        raise Http404("Nhập danh sách ở trang của đảng bộ.")
    if not access.can_import_roster(request.user, unit):
        raise PermissionDenied("Chỉ văn phòng cấp ủy và quản trị hệ thống nhập được danh sách.")
    return unit


def _record(unit: Organization, pk: int) -> RosterImport:
    record = RosterImport.objects.filter(pk=access.existing_id(pk), organization=unit).first()
    if record is None:
        raise Http404("Không tìm thấy lần nhập này.")
    return record


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    unit = _committee(request, code)
    if request.method == "POST":
        try:
            record, _ = services.store_upload(unit, request.user, request.FILES.get("file"))
        except ImportFileError as error:
            messages.error(request, f"Tệp danh sách: {error}")
            return redirect("roster_import", unit.code)
        return redirect("roster_import_columns", unit.code, record.pk)
    recent = list(RosterImport.objects.filter(organization=unit).select_related("user")[:10])
    return render(request, "orgs/import_upload.html", {"unit": unit, "recent": recent})


def _read(request: HttpRequest, unit: Organization, record: RosterImport) -> list[Sheet] | None:
    try:
        return services.read_record(record)
    except ImportFileError as error:
        messages.error(request, f"Tệp «{record.filename}»: {error}")
        return None


def _chosen(record: RosterImport) -> dict:
    return record.mapping if isinstance(record.mapping, dict) else {}


@login_required
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _committee(request, code)
    record = _record(unit, pk)
    if record.status == RosterImport.Status.COMMITTED:
        return redirect("roster_import_preview", unit.code, record.pk)
    sheets = _read(request, unit, record)
    if sheets is None:
        return redirect("roster_import", unit.code)
    mappings = services.mappings_for(unit, sheets, _chosen(record))
    problems: list[str] = []
    if request.method == "POST":
        mappings = [[_field(request.POST.get(f"cot-{s}-{c}", "")) for c in range(len(sheet.headers))]
                    for s, sheet in enumerate(sheets)]
        problems = services.check_mapping(sheets, mappings)
        if not any(sheet_kind(mapping) for mapping in mappings):
            problems.append("Chưa trang nào có cột «Họ và tên» (danh sách đảng viên) hay «Tên tổ chức» (cây tổ "
                            "chức): hãy chọn trường cho các cột.")
        if not problems:
            record.mapping = {str(i): mapping for i, mapping in enumerate(mappings)}
            record.save(update_fields=["mapping"])
            services.remember(unit, sheets, mappings)
            return redirect("roster_import_preview", unit.code, record.pk)
    context = {"unit": unit, "record": record, "problems": problems,
               "sheets": [_sheet_view(index, sheet, mapping) for index, (sheet, mapping) in
                          enumerate(zip(sheets, mappings, strict=True))]}
    return render(request, "orgs/import_columns.html", context, status=400 if problems else 200)


def _field(value: str) -> str:
    return value if value in BY_KEY else ""


def _sheet_view(index: int, sheet: Sheet, mapping: list[str]) -> dict:
    kind = sheet_kind(mapping)
    samples = [values for _, values in sheet.rows[:SAMPLE_ROWS]]
    columns_ = []
    for col, header in enumerate(sheet.headers):
        columns_.append({
            "name": f"cot-{index}-{col}", "header": header or f"(cột {col + 1} không có tiêu đề)",
            "field": mapping[col], "choices": choices_for(None),
            "samples": [_sample(values[col]) if col < len(values) else "" for values in samples],
        })
    return {"index": index, "name": sheet.name, "header_row": sheet.header_row, "rows": len(sheet.rows),
            "kind": kind, "columns": columns_}


def _sample(value) -> str:
    """A cell as the person typed it: a date cell as dd/mm/yyyy, not as Python prints it."""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return text(value)


@login_required
def preview(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _committee(request, code)
    record = _record(unit, pk)
    if record.status == RosterImport.Status.COMMITTED:
        return render(request, "orgs/import_done.html", {"unit": unit, "record": record,
                                                          "result": record.result})
    sheets = _read(request, unit, record)
    if sheets is None:
        return redirect("roster_import", unit.code)
    mappings = services.mappings_for(unit, sheets, _chosen(record))
    plan = services.preview(unit, sheets, mappings, record.filename)
    return render(request, "orgs/import_preview.html", _preview_context(unit, record, plan))


def _preview_context(unit: Organization, record: RosterImport, plan) -> dict:
    names = services.unit_names(plan, unit)
    changes = [{"row": change.row, "sheet": change.sheet, "text": services.describe_change(change, names)}
               for change in plan.member_changes[:SHOWN_ROWS]]
    unit_changes = [{"row": change.row, "text": services.describe_change(change, names)}
                    for change in plan.unit_changes[:SHOWN_ROWS]]
    return {
        "unit": unit, "record": record, "plan": plan, "counts": services.counts(plan),
        "summary": services.summary_lines(plan), "digest": plan.digest(),
        "errors": plan.errors[:SHOWN_PROBLEMS], "more_errors": max(0, len(plan.errors) - SHOWN_PROBLEMS),
        "warnings": plan.warnings[:SHOWN_PROBLEMS], "more_warnings": max(0, len(plan.warnings) - SHOWN_PROBLEMS),
        "new_units": [{"name": item.name, "code": item.code, "row": item.row, "kind": KIND_LABELS[item.kind]}
                      for item in plan.new_units],
        "unit_changes": unit_changes,
        "new_members": [dict(item.values, row=item.row, cell=names.get(item.values["unit_id"], ""))
                        for item in plan.new_members[:SHOWN_ROWS]],
        "more_new": max(0, len(plan.new_members) - SHOWN_ROWS),
        "changes": changes, "more_changes": max(0, len(plan.member_changes) - SHOWN_ROWS),
        "missing": [(member, names.get(member.unit_id, "")) for member in plan.missing[:SHOWN_ROWS]],
        "more_missing": max(0, len(plan.missing) - SHOWN_ROWS),
    }


@login_required
@require_POST
def commit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _committee(request, code)
    record = _record(unit, pk)
    here = reverse("roster_import_preview", args=[unit.code, record.pk])
    if record.status == RosterImport.Status.COMMITTED:
        messages.info(request, "Tệp này đã được ghi vào danh sách.")
        return redirect(here)
    if request.POST.get("xac-nhan") != "1":
        messages.error(request, "Xác nhận: hãy đánh dấu ô «Tôi đã xem kết quả xem trước» trước khi ghi.")
        return redirect(here)
    sheets = _read(request, unit, record)
    if sheets is None:
        return redirect("roster_import", unit.code)
    mappings = services.mappings_for(unit, sheets, _chosen(record))
    try:
        services.commit(unit, request.user, sheets, mappings, record.filename, record=record,
                        expected=request.POST.get("ma-xem-truoc", "")[:64] or "-")
    except services.ImportRefused as error:
        messages.error(request, str(error))
        return redirect(here)
    messages.success(request, "Đã ghi danh sách: " + " ".join(services.summary_lines_from(record.result)))
    return redirect(here)
