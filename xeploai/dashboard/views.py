"""The follow-up pages: the list of plans the user works with, and a period's progress dashboard.

The dashboard reads a fixed number of aggregate queries (`selectors.dashboard`, `selectors.honours`) whatever the size
of the tree, derives each unit's step and lateness in Python (`progress`), and draws its charts as SVG (`charts`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from xeploai.orgs import access as org_access
from xeploai.orgs.models import Organization, OrgKind
from xeploai.orgs.tree import as_tree
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.presentation import short_label

from . import presentation, selectors
from .access import can_follow_progress, can_manage_plans, can_read_plan, period_for_user
from .progress import STATE_SLUGS, status_words

PLAN_KINDS = (OrgKind.DANG_BO_CAP_TREN, OrgKind.DANG_BO_CO_SO, OrgKind.CHI_BO_CO_SO)


def _committees(user) -> list[Organization]:
    """The committees the user's roles sit on or under, and, for offices and administrators, the committees
    directly below their own."""
    ids: list[int] = []
    for role in org_access.user_roles(user):
        ids.extend(org_access.path_ids(role.organization))
    tops = [root.pk for root in org_access.root_units(user)] if org_access.is_admin(user) else []
    tops += [role.organization_id for role in org_access.user_roles(user) if role.kind == "office"]
    below = Organization.objects.filter(parent_id__in=tops, kind__in=PLAN_KINDS).values_list("pk", flat=True)
    ids = list(dict.fromkeys([*ids, *tops, *below]))
    return as_tree(list(Organization.objects.filter(pk__in=ids)))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Plans and progress, committee by committee: what the user may read, follow and manage."""
    user = request.user
    committees = _committees(user)
    periods = ReviewPeriod.objects.filter(committee__in=committees).select_related("ruleset").order_by("-year")
    by_committee: dict[int, list[ReviewPeriod]] = {}
    for period in periods:
        by_committee.setdefault(period.committee_id, []).append(period)
    cards = []
    for committee in committees:
        manage = can_manage_plans(user, committee)
        own = by_committee.get(committee.pk, [])
        if (own or manage) and can_read_plan(user, committee):
            cards.append({"committee": committee, "periods": own, "can_manage": manage,
                          "can_follow": can_follow_progress(user, committee)})
    context = {"cards": cards, "can_manage_rulesets": org_access.is_admin(user)}
    return render(request, "dashboard/index.html", context)


@login_required
def progress(request: HttpRequest, period: int) -> HttpResponse:
    """Every unit of the subtree: its current step, done / due soon / late, supervisor and levels so far."""
    period = period_for_user(request.user, period, can_follow_progress)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    today = timezone.localdate()
    data = selectors.dashboard(period, today)
    state = request.GET.get("trang-thai", "")
    state = state if state in STATE_SLUGS else ""
    sort = request.GET.get("sap-xep", "tre-han")
    sort = sort if sort in presentation.SORTS else "tre-han"
    rows = presentation.filter_and_sort(data.rows, state, sort)
    page = Paginator(rows, presentation.PAGE_SIZE).get_page(request.GET.get("trang"))
    link = presentation.unit_link_pattern(period.pk)
    for row in page:
        row.link = link.format(code=row.unit.code) if link else ""
        row.words = status_words(row.progress)
        row.step_rows = [(step, status_words(status), status.state.value) for step, status in row.progress.steps]
        row.unit_level_label = short_label(row.unit_level) if row.unit_level else ""
    context = {
        "period": period, "committee": period.committee, "today": today, "page": page, "rows_total": len(rows),
        "state": state, "sort": sort, "state_counts": presentation.state_counts(data.rows),
        "units_total": len(data.rows), "members_total": data.members_total, "period_members": data.period_members,
        "progress_svg": presentation.progress_svg(data, period.plan_date, today),
        "legend": presentation.legend(data), "level_svgs": presentation.level_svgs(data, period.ruleset, data.rows),
        "honours": selectors.honours(period),
        "appraisal_url": presentation.optional_url("reviews:appraisal", period.pk, period.committee.code),
        "has_download_menu": presentation.template_exists("reports/_download_menu.html"),
        "can_manage": can_manage_plans(request.user, period.committee),
        "last_due": max((step.due for step in data.steps), default=None),
    }
    return render(request, "dashboard/progress.html", context)
