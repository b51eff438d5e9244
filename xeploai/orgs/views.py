"""Home (the user's units as a tree) and the unit page (its members, sortable and filterable)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xeploai.lib.vnsort import search_key
from xeploai.reviews.selectors import periods_for_unit

from . import access
from .models import Member, Organization, Post
from .tree import subtree, subtree_ids

MEMBER_SORTS = {
    "ten": ("sort_key", "id"),
    "-ten": ("-sort_key", "-id"),
    "ngay-vao-dang": ("admitted_on", "sort_key"),
    "-ngay-vao-dang": ("-admitted_on", "sort_key"),
}
MEMBER_FILTERS = {
    "chinh-thuc": Q(official_on__isnull=False),
    "du-bi": Q(official_on__isnull=True),
}
PAGE_SIZE = 100


def _member_counts(unit_ids: list[int]) -> dict[int, int]:
    rows = (
        Member.objects.filter(unit_id__in=unit_ids, active=True)  # exempt members too, as on the unit page
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's units as trees: one subtree query per root role and one count query."""
    trees = []
    for root in access.root_units(request.user):
        trees.append(subtree(root))
    counts = _member_counts([node.pk for nodes in trees for node in nodes])
    for nodes in trees:
        _annotate_tree(nodes, counts)
    own = [role.member for role in access.user_roles(request.user) if role.member_id]
    return render(request, "orgs/home.html", {"trees": trees, "own_members": own})


def _annotate_tree(nodes: list[Organization], counts: dict[int, int]) -> None:
    """Members counted over each node's whole subtree (nodes carry `path` from tree.subtree)."""
    totals = dict.fromkeys((node.pk for node in nodes), 0)
    for node in nodes:
        for pk in node.path:
            totals[pk] += counts.get(node.pk, 0)
    for node in nodes:
        node.member_count = totals[node.pk]


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's members: sortable by name or admission date, filterable by official/probationary."""
    unit = access.unit_for_user(request.user, code)
    if request.method == "POST":
        return _search(request, unit)
    sort = request.GET.get("sap-xep", "ten")
    status = request.GET.get("loai", "")
    query = request.session.get(_search_key(unit), "")
    members = Member.objects.filter(unit=unit, active=True).prefetch_related(
        Prefetch("posts", queryset=Post.objects.filter(end__isnull=True).select_related("unit"))
    )
    if status in MEMBER_FILTERS:
        members = members.filter(MEMBER_FILTERS[status])
    for word in search_key(query).split():  # every word, anywhere in the name, tones and case aside
        members = members.filter(search_key__contains=word)
    members = members.order_by(*MEMBER_SORTS.get(sort, MEMBER_SORTS["ten"]))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("trang"))
    children = sorted(unit.children.all(), key=lambda child: child.order_key)
    counts = _member_counts([child.pk for child in children])
    for child in children:
        child.member_count = counts.get(child.pk, 0)
    ancestors = _in_path_order(list(Organization.objects.filter(pk__in=unit.tree_path[:-1])), unit.tree_path)
    for depth, ancestor in enumerate(ancestors):
        ancestor._xl_path = unit.tree_path[: depth + 1]  # known: no query per ancestor
        ancestor.viewable = access.can_view_unit(request.user, ancestor)
    context = {
        "unit": unit, "page": page, "children": children, "ancestors": ancestors,
        "sort": sort, "status": status, "query": query,
        "can_change": access.can_change_unit(request.user, unit),
        "can_import": access.can_import_roster(request.user, unit),
        "totals": _unit_totals(unit, with_subtree=bool(children)),
        "periods": list(periods_for_unit(unit).order_by("-year")),
    }
    return render(request, "orgs/unit_detail.html", context)


def _search_key(unit: Organization) -> str:
    return f"xl_search_{unit.pk}"


def _search(request: HttpRequest, unit: Organization) -> HttpResponse:
    """A name searched for is personal data: it goes in the session, never in the URL (nor the proxy's log)."""
    query = " ".join(request.POST.get("q", "").split())[:100]
    if query:
        request.session[_search_key(unit)] = query
    else:
        request.session.pop(_search_key(unit), None)
    params = {key: request.POST[key] for key in ("loai", "sap-xep") if request.POST.get(key)}
    return redirect(f"{request.path}?{urlencode(params)}" if params else request.path)


def _in_path_order(orgs: list[Organization], path: list[int]) -> list[Organization]:
    by_id = {org.pk: org for org in orgs}
    return [by_id[pk] for pk in path if pk in by_id]


def _unit_totals(unit: Organization, with_subtree: bool) -> dict[str, int]:
    """Members of the unit, or of its whole subtree for a unit with units below it (one or two queries)."""
    units = subtree_ids([unit.pk]) if with_subtree else [unit.pk]
    return Member.objects.filter(unit_id__in=units, active=True).aggregate(
        total=Count("id"),
        official=Count("id", filter=Q(official_on__isnull=False)),
        probationary=Count("id", filter=Q(official_on__isnull=True)),
        exempt=Count("id", filter=Q(exempt=True)),
    )
