"""Downloads of the printed forms and workbooks, and the HTML preview of the committee's summary.

Every view resolves the unit and the user's right on it in one call (`access.unit_for_user`: 404 outside the user's
subtree, 403 for too low a role), then checks that the period applies to the unit and the document to the kind of
unit (404 otherwise). A cell's papers need `can_view_unit` on the cell, a committee's summary on the committee; a
member may also download their own self-review form.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from xeploai.orgs import access
from xeploai.orgs.models import Organization
from xeploai.orgs.tree import with_path
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import MemberReview

from . import catalog, documents
from .catalog import PDF, Kind

SPOOL_BYTES = 8 * 1024 * 1024  # workbooks larger than this go to a temporary file, not memory


def _period(pk: int, unit: Organization) -> ReviewPeriod:
    period = ReviewPeriod.objects.select_related("ruleset", "committee").filter(pk=pk).first()
    if period is None or period.committee_id not in access.path_ids(unit):
        raise Http404("Kỳ kiểm điểm không áp dụng cho tổ chức này.")
    return period


def _copies(request: HttpRequest) -> int | None:
    try:
        value = int(request.GET.get("so-phieu", ""))
    except ValueError:
        return None
    return value if 1 <= value <= documents.MAX_COPIES else None


def _respond(kind: Kind, fmt: str, period: ReviewPeriod, unit: Organization, options: documents.Options,
             name: str) -> FileResponse:
    target = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
    documents.write(kind, fmt, period, unit, target, options)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=catalog.CONTENT_TYPES[fmt])


@login_required
@require_safe
def download(request: HttpRequest, period: int, code: str, kind: str, fmt: str) -> FileResponse:
    """A unit's document for a period, in one of its formats."""
    unit = access.unit_for_user(request.user, code)
    the_period, the_kind = _period(period, unit), catalog.BY_KEY[kind]
    if fmt not in the_kind.formats or not catalog.applies(the_kind, the_period, unit):
        raise Http404("Tài liệu này không áp dụng cho tổ chức này.")
    options = documents.Options(today=timezone.localdate(), copies=_copies(request))
    return _respond(the_kind, fmt, the_period, unit, options, catalog.file_name(the_kind, the_period, unit, fmt))


@login_required
@require_safe
def member_self_review(request: HttpRequest, period: int, member: int) -> FileResponse:
    """One member's self-review form: for the member themself and for those who may view their cell."""
    period, member = access.existing_id(period), access.existing_id(member)
    review = MemberReview.objects.select_related("unit", "member").filter(period_id=period, member_id=member).first()
    if review is not None:  # the review's unit decides, not the member's current cell (a member who moved)
        access.member_review_for_user(request.user, review)
        person = review.member
    else:  # a blank form before the period was opened: the member's own cell
        person = access.member_for_user(request.user, member)
    unit = with_path(Organization.objects.get(pk=review.unit_id if review else person.unit_id))
    the_period, kind = _period(period, unit), catalog.BY_KEY["self_review"]
    if not unit.is_cell:
        raise Http404("Đảng viên không sinh hoạt ở chi bộ.")
    options = documents.Options(today=timezone.localdate(), member_id=person.pk)
    return _respond(kind, PDF, the_period, unit, options,
                    catalog.file_name(kind, the_period, unit, PDF, who=person.full_name))


@login_required
@require_safe
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A re-classification decision (form 03), for those who may view the unit re-classified."""
    row = documents.reclassification(pk)
    if row is None:
        raise Http404("Không tìm thấy quyết định.")
    unit = access.unit_for_user(request.user, documents.decision_unit(row).code)
    kind = catalog.BY_KEY["decision"]
    who = row.member_review.member.full_name if row.member_review_id else ""
    response = HttpResponse(documents.decision_pdf(row), content_type=catalog.CONTENT_TYPES[PDF])
    name = catalog.file_name(kind, row.period, unit, PDF, who=who)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def summary_preview(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """The committee's summary on screen: the same report object as the PDF and the workbook."""
    unit = access.unit_for_user(request.user, code)
    the_period, kind = _period(period, unit), catalog.BY_KEY["summary"]
    if not catalog.applies(kind, the_period, unit):
        raise Http404("Tổng hợp chỉ có ở đảng bộ.")
    doc = documents.build(kind, the_period, unit, documents.Options(today=timezone.localdate()))
    return render(request, "reports/summary_preview.html", {"doc": doc, "period": the_period, "unit": unit})
