"""Small Vietnamese helpers for the printed forms: dates in words, shares, names of units, ASCII file names.

Framework-free (no Django), so they are tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from fractions import Fraction

from xeploai.rules.levels import MEMBER_LABELS, ORG_LABELS, SHORT_LABELS
from xeploai.rules.text import format_number, format_percent

__all__ = ["date_in_words", "format_number", "format_percent", "place_and_date", "share", "slug"]

BLANK_DAY = "ngày .... tháng .... năm"


def _two(value: int) -> str:
    return f"{value:02d}"


def date_in_words(day: date) -> str:
    """"ngày 04 tháng 11 năm 2014": a day below 10 and the months 1 and 2 take a leading zero (administrative rule)."""
    month = _two(day.month) if day.month <= 2 else str(day.month)
    return f"ngày {_two(day.day)} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date | None, year: int | None = None) -> str:
    """"TP. Hồ Chí Minh, ngày 25 tháng 11 năm 2014"; without a day, blanks to fill by hand."""
    words = date_in_words(day) if day else f"{BLANK_DAY} {year or ''}".rstrip()
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def share(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole`` ("13,33 %"), or "—" when there is no base."""
    return format_percent(Fraction(part, whole)) if whole else "—"


def member_level(code: str) -> str:
    return MEMBER_LABELS.get(code, code) if code else ""


def org_level(code: str) -> str:
    return ORG_LABELS.get(code, code) if code else ""


def short_level(code: str) -> str:
    return SHORT_LABELS.get(code, code) if code else "—"


def upper(text: str) -> str:
    """Upper case as printed in headers ("Đảng bộ" → "ĐẢNG BỘ"); Python handles every Vietnamese letter."""
    return " ".join(text.split()).upper()


_ASCII_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def slug(text: str) -> str:
    """An ASCII file-name slug of Vietnamese text: "Chi bộ Phòng Pháp chế" → "chi-bo-phong-phap-che"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "tai-lieu"
