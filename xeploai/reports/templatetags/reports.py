"""Template helpers of the reports: blank lines for the printed forms and the "Tải về" menu."""

from __future__ import annotations

from django import template
from django.conf import settings

from xeploai.reports.fetcher import REPORT_ORIGIN
from xeploai.reports.menu import menu_items

register = template.Library()


@register.simple_tag
def report_asset(path: str) -> str:
    """A static file for WeasyPrint under its source name (not the manifest's hashed one): see reports/fetcher.py."""
    return f"{REPORT_ORIGIN}/{settings.STATIC_URL.strip('/')}/{path.lstrip('/')}"


@register.filter
def times(count: int | str) -> range:
    """``{% for _ in 4|times %}``: repeat a blank line."""
    try:
        return range(max(0, min(int(count), 60)))
    except (TypeError, ValueError):
        return range(0)


@register.filter
def times_all(count: int | str) -> range:
    """Like ``times`` without the cap of 60 (ballot copies are capped where they are asked for)."""
    try:
        return range(max(0, int(count)))
    except (TypeError, ValueError):
        return range(0)


@register.filter
def indent_level(depth: int) -> int:
    """The depth as the suffix of an ``xl-indent-N`` class (1 to 6; print.css and preview.css pad by it): a class,
    not a style attribute, since the preview page's Content-Security-Policy allows no inline style."""
    try:
        return max(1, min(int(depth), 6))
    except (TypeError, ValueError):
        return 1


@register.simple_tag(takes_context=True)
def report_menu(context, period, unit) -> list:
    """``{% report_menu period unit as items %}``: the downloads of ``unit`` for ``period`` the user may have."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return menu_items(user, period, unit) if user is not None else []
