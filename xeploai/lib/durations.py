"""A duration in Vietnamese words: "15 phút", "1 giờ 30 phút", "2 ngày" (never ISO 8601's "PT15M")."""

from __future__ import annotations

from datetime import timedelta

UNITS = (("ngày", 86400), ("giờ", 3600), ("phút", 60), ("giây", 1))


def duration_words(delta: timedelta) -> str:
    """Whole units, largest first; seconds only when the duration is under a minute."""
    seconds = max(0, int(delta.total_seconds()))
    parts = []
    for name, size in UNITS:
        if seconds >= size and (name != "giây" or not parts):
            parts.append(f"{seconds // size} {name}")
            seconds %= size
    return " ".join(parts) or "0 giây"
