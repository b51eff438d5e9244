"""What the plan and dashboard pages show, computed from rows already read (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from xeploai.lib.vnsort import text_sort_key
from xeploai.orgs.models import OrgKind
from xeploai.reviews.presentation import ruleset_info
from xeploai.rules.levels import MEMBER_LEVELS, SHORT_LABELS

from . import charts, plan_rules
from .progress import CHECK_LABELS, STATE_LABELS, STATE_ORDER, STATE_SLUGS, Step, infer_check
from .selectors import Dashboard, UnitRow

LEVEL_COLOURS = {"htxs": "#146c43", "tsvm": "#146c43", "htt": "#3d8b5f", "ht": "#e0a800", "kht": "#b02a37",
                 "yeu_kem": "#b02a37", "": "#adb5bd"}
SERIES = (
    ("self_reviews", "Đảng viên đã nộp bản tự kiểm điểm", "#0d6efd"),
    ("meeting", "Chi bộ đã họp, nhập kết quả", "#fd7e14"),
    ("submitted", "Đã gửi cấp trên", "#6f42c1"),
    ("recognised", "Đã được công nhận", "#198754"),
)
SORTS = ("tre-han", "cay", "ten")
PAGE_SIZE = 100
KIND_SHORT = {OrgKind.DANG_BO_CAP_TREN: "ĐB cấp trên cơ sở", OrgKind.DANG_BO_CO_SO: "Đảng bộ cơ sở",
              OrgKind.CHI_BO_CO_SO: "Chi bộ cơ sở", OrgKind.CHI_BO_TRUC_THUOC: "Chi bộ", OrgKind.TO_DANG: "Tổ đảng"}


def optional_url(name: str, *args) -> str | None:
    """A link to a page another module provides, or None while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def plan_pdf_url(period) -> str | None:
    """The plan printed by the reports module ("reports:plan_pdf"), when that module provides it."""
    for args in ((period.pk, period.committee.code), (period.pk,)):
        if url := optional_url("reports:plan_pdf", *args):
            return url
    return None


@dataclass(frozen=True)
class StepView:
    step: object  # the Milestone
    kinds: str
    check: str
    crosses_year: bool


def kinds_words(unit_kinds: Sequence[str]) -> str:
    if not unit_kinds:
        return "Mọi tổ chức"
    return ", ".join(str(OrgKind(kind).label) for kind in unit_kinds if kind in OrgKind.values)


def copy_preview(source) -> list[dict]:
    """Last year's steps as they will be copied: the year in the title moved on, dates shifted by a year."""
    return [{"title": plan_rules.shift_text_year(m.title, source.year), "kinds": kinds_words(m.unit_kinds or []),
             "start": plan_rules.shift_year(m.start), "due": plan_rules.shift_year(m.due)}
            for m in source.milestones.all()]


def step_views(milestones, year: int) -> list[StepView]:
    return [StepView(m, kinds_words(m.unit_kinds or []), CHECK_LABELS[m.done_when or infer_check(m.title)],
                     m.due.year > year)
            for m in milestones]


# ---- dashboard -----------------------------------------------------------------------------------------------------


def filter_and_sort(rows: list[UnitRow], state_slug: str, sort: str) -> list[UnitRow]:
    state = STATE_SLUGS.get(state_slug)
    chosen = [row for row in rows if state is None or row.progress.state == state]
    if sort == "ten":
        return sorted(chosen, key=lambda row: text_sort_key(row.unit.name))
    if sort == "cay":
        return chosen  # the tree order of the subtree query
    order = {row.unit.pk: i for i, row in enumerate(rows)}
    return sorted(chosen, key=lambda row: (*row.progress.sort_key, order[row.unit.pk]))


def state_counts(rows: list[UnitRow]) -> list[dict]:
    """Slug, state, label and count per state, late first."""
    counts = dict.fromkeys(STATE_SLUGS.values(), 0)
    for row in rows:
        counts[row.progress.state] += 1
    slugs = {state: slug for slug, state in STATE_SLUGS.items()}
    return [{"slug": slugs[state], "state": state.value, "label": STATE_LABELS[state], "n": counts[state]}
            for state in sorted(counts, key=STATE_ORDER.get)]


def chart_window(steps: Sequence[Step], series: dict, plan_date: date, today: date) -> tuple[date, date]:
    """From the first step (or the plan's date) to the last due date, widened to the data and to today."""
    days = [day for points in series.values() for day, _ in points]
    start = min([s.start for s in steps] + [plan_date] + days)
    end = max([s.due for s in steps] + days + [start + timedelta(days=7)])
    if start <= today <= end + timedelta(days=14):
        end = max(end, today)
    return start, end


def progress_svg(data: Dashboard, plan_date: date, today: date) -> SafeString:
    start, end = chart_window(data.steps, data.series, plan_date, today)
    series = [charts.Series(label, colour, data.series.get(key, []), data.denominators.get(key, 0))
              for key, label, colour in SERIES]
    svg = charts.progress_chart(series, start, end, today, [s.due for s in data.steps],
                                "Tiến độ theo thời gian (tỷ lệ cộng dồn)")
    return mark_safe(svg)  # built from escaped text only (charts.py)


def legend(data: Dashboard) -> list[dict]:
    out = []
    for key, label, colour in SERIES:
        total = data.denominators.get(key, 0)
        done = data.series.get(key, [])[-1][1] if data.series.get(key) else 0
        out.append({"label": label, "colour": colour, "done": done, "total": total,
                    "percent": charts.percent(done, total)})
    return out


def level_svgs(data: Dashboard, ruleset, unit_rows: list[UnitRow]) -> dict[str, SafeString]:
    member_bars = [charts.Bar(SHORT_LABELS[level], data.member_levels.get(level, 0), LEVEL_COLOURS[level])
                   for level in MEMBER_LEVELS]
    rated = sum(bar.count for bar in member_bars)
    member_bars.append(charts.Bar("Chưa có mức", max(data.members_total - rated, 0), LEVEL_COLOURS[""]))
    org_levels = ruleset_info(ruleset).org_levels
    units_total = sum(1 for row in unit_rows if row.unit.kind != OrgKind.TO_DANG)
    unit_bars = [charts.Bar(SHORT_LABELS.get(level, level), data.unit_levels.get(level, 0),
                            LEVEL_COLOURS.get(level, "#6c757d")) for level in org_levels]
    leveled = sum(bar.count for bar in unit_bars)
    unit_bars.append(charts.Bar("Chưa có mức", max(units_total - leveled, 0), LEVEL_COLOURS[""]))
    return {
        "members": mark_safe(charts.bar_chart(member_bars, data.members_total, "Xếp loại đảng viên đến nay")),
        "units": mark_safe(charts.bar_chart(unit_bars, units_total, "Xếp loại tổ chức đảng đến nay")),
    }


def unit_link_pattern(period_pk: int) -> str | None:
    """The cell page's address with a placeholder for the code: one reverse for the whole table."""
    url = optional_url("reviews:unit_period", period_pk, "ma-don-vi-xl")
    return url.replace("ma-don-vi-xl", "{code}") if url else None
