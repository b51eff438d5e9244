from __future__ import annotations

from datetime import timedelta

from django import template

from xeploai.lib.durations import duration_words

register = template.Library()


@register.filter
def duration_vi(value: timedelta | None) -> str:
    return duration_words(value) if isinstance(value, timedelta) else ""
