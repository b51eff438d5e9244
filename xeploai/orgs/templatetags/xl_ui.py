"""Small template filters of the pages: durations in Vietnamese words, tree indents."""

from __future__ import annotations

from datetime import timedelta

from django import template

from xeploai.lib.durations import duration_words

register = template.Library()


@register.filter
def duration_vi(value: timedelta | None) -> str:
    return duration_words(value) if isinstance(value, timedelta) else ""


MAX_DEPTH = 10  # static/css/app.css has an indent class for each depth up to this one


@register.filter
def xl_depth(value) -> int:
    """A tree depth as the suffix of an indent class (no inline style: the CSP forbids it)."""
    try:
        return max(0, min(int(value), MAX_DEPTH))
    except (TypeError, ValueError):
        return 0
