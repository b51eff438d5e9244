"""The committee's pools and their calibration (QĐ 366 Điều 11 k.1.5, DOMAIN §3.4a): thin views over pools.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xeploai.orgs import access
from xeploai.orgs.models import MemberCategory

from . import pools, services
from .policy import Action, Role, Status, check
from .views import period_and_unit

PAGE_SIZE = 200


def _deciding(request: HttpRequest, period_pk: int, code: str):
    """The period and unit, the rule set, and whether this unit decides the period's pools (its committee)."""
    period, unit = period_and_unit(request, period_pk, code)
    if not (access.is_office_of(request.user, unit) or access.can_appraise_unit(request.user, unit)):
        raise PermissionDenied("Chỉ văn phòng cấp ủy quyết định chỉ tiêu HTXS theo nhóm.")
    ruleset = services.parsed_ruleset(period)
    return period, unit, ruleset, access.is_office_of(request.user, unit) and pools.decides_pools(period, ruleset,
                                                                                                  unit.pk)


def _elsewhere(request, period, unit, ruleset, template: str) -> HttpResponse:
    """This unit decides no one's HTXS in the period: say which committee decides its own members."""
    from xeploai.orgs.models import Organization

    from .chain import deciding_committee_id

    decider_id = deciding_committee_id(period, unit) if unit.is_cell else None
    decider = Organization.objects.filter(pk=decider_id).first() if decider_id else None
    return render(request, template, {"period": period, "unit": unit, "elsewhere": True, "decider": decider,
                                      "uses_pools": pools.uses_pools(ruleset)})


def _pool_rows(post) -> list[dict]:
    rows = []
    for i in range(min(int(post.get("pools-total") or 0) if (post.get("pools-total") or "").isdigit() else 0, 30)):
        prefix = f"pools-{i}-"
        if post.get(prefix + "delete") or not (post.get(prefix + "code") or post.get(prefix + "name")):
            continue
        rows.append({
            "code": (post.get(prefix + "code") or "")[:12],
            "name": (post.get(prefix + "name") or "")[:200],
            "categories": [c for c in post.getlist(prefix + "categories") if c in pools.CATEGORY_CODES],
            "unit_codes": [c.strip() for c in (post.get(prefix + "unit_codes") or "").replace(";", ",").split(",")
                           if c.strip()],
            "outstanding": bool(post.get(prefix + "outstanding")),
        })
    return rows


@login_required
def pools_edit(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Define the pools: rename, merge (several categories in one pool), split (a pool for some units only), mark
    one outstanding (25 %). All or nothing; each change in the history."""
    period, unit, ruleset, deciding = _deciding(request, period, code)
    if not deciding:
        return _elsewhere(request, period, unit, ruleset, "reviews/pools.html")
    problems: list[tuple[str, str]] = []
    current = pools.period_pools(period, unit.pk)
    if request.method == "POST":
        rows = _pool_rows(request.POST)
        try:
            pools.save_pools(period, rows, user=request.user, committee_id=unit.pk)
        except pools.PoolError as error:
            problems = error.problems
            current = [pools.QuotaPool(code=r["code"], name=r["name"], categories=r["categories"],
                                       unit_codes=r["unit_codes"], outstanding=r["outstanding"]) for r in rows]
        else:
            messages.success(request, "Đã lưu các nhóm xét chỉ tiêu HTXS.")
            return redirect("reviews:pool_decide", period.pk, unit.code)
    blank = [pools.QuotaPool(code="", name="", categories=[]) for _ in range(2)]
    bad = {field for field, _ in problems}
    entries = [{"pool": p, "i": i, "units": ", ".join(p.unit_codes),
                "bad": {name for name in ("code", "name", "categories", "unit_codes") if f"pools-{i}-{name}" in bad}}
               for i, p in enumerate([*current, *blank])]
    return render(request, "reviews/pools.html", {
        "period": period, "unit": unit, "entries": entries, "total": len(entries), "problems": problems,
        "categories": MemberCategory.choices, "units": pools.unit_codes_of(period, unit.pk), "uses_pools": True,
    })


def _choices(post) -> dict[int, pools.Choice]:
    """The rows posted: keep/drop and the reason (rows not posted keep their stored decision; the service refuses
    a row that is no candidate of the pool)."""
    chosen = {}
    for key, value in post.items():
        if key[:1] == "c" and key[1:].isdigit() and len(key) < 12 and value in ("keep", "drop"):
            chosen[int(key[1:])] = pools.Choice(value == "keep", (post.get(f"{key}-note") or "")[:300])
    return chosen


@login_required
def pool_decide(request: HttpRequest, period: int, code: str) -> HttpResponse:
    """Thẩm định và quyết định: per pool, every candidate of the subtree ranked by score with what made them a
    candidate, the allowed number in words and figures, the ties, and the committee's choice."""
    period, unit, ruleset, deciding = _deciding(request, period, code)
    if not deciding:
        return _elsewhere(request, period, unit, ruleset, "reviews/pool_decide.html")
    codes = [p.code for p in pools.period_pools(period, unit.pk)]
    selected = request.POST.get("nhom") or request.GET.get("nhom") or ""
    selected = selected if selected in codes else (codes[0] if codes else "")
    problems: list[tuple[str, str]] = []
    posted: dict[int, pools.Choice] = {}
    if request.method == "POST" and selected:
        proposal = request.POST.get("action") == "proposal"
        posted = {} if proposal else _choices(request.POST)
        try:
            changed = pools.save_decisions(period, ruleset, selected, None if proposal else posted,
                                           user=request.user, committee_id=unit.pk)
        except pools.PoolError as error:
            problems = error.problems
        else:
            messages.success(request, f"Đã lưu quyết định của nhóm {selected}: {changed} đồng chí thay đổi.")
            return redirect(f"{request.path}?nhom={selected}&trang={request.POST.get('trang') or 1}")
    views = pools.pool_views(period, ruleset, detail=selected, committee_id=unit.pk)
    view = next((v for v in views if v.pool.code == selected), None)
    page = Paginator(view.candidates if view else [], PAGE_SIZE).get_page(
        request.POST.get("trang") or request.GET.get("trang"))
    bad = {field for field, _ in problems}
    rows = []
    for c in page.object_list:
        choice = posted.get(c.review_id)
        allowed = check(Action.DECIDE_POOL, [Role.COMMITTEE], Status(c.unit_status or "not_opened"))
        rows.append({"c": c, "decidable": bool(allowed), "why": "" if allowed else pools.undecidable(c.unit_status),
                     "value": ("keep" if choice.kept else "drop") if choice else
                     ("keep" if c.kept else "drop") if c.kept is not None else
                     {"keep": "keep", "drop": "drop"}.get(c.proposal, ""),
                     "note": choice.note if choice else c.note,
                     "bad": f"c{c.review_id}" in bad, "bad_note": f"c{c.review_id}-note" in bad})
    return render(request, "reviews/pool_decide.html", {
        "period": period, "unit": unit, "views": views, "view": view, "page": page, "rows": rows,
        "problems": problems, "uses_pools": True,
        "sentence": pools.allowed_sentence(view) if view else "",
    })
