"""Vietnamese number formatting and the sentences that explain a result.

Numbers use the decimal comma and the dot for thousands (``10,67``; ``1.234``). Only the text is rounded, with
half-up to two places (2/3 × 16 = 10,666… → "10,67"); every comparison is made on the exact value first.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .levels import short

_COMPARISON_WORDS = {"gt": "trên", "gte": "từ"}


def format_number(value: Fraction | int | Decimal, places: int = 2) -> str:
    """``value`` with a decimal comma, rounded half up to ``places``; whole numbers without decimals (16 → "16")."""
    exact = Fraction(value)
    quantum = Decimal(1).scaleb(-places)
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)
    if exact.denominator == 1:
        rounded = Decimal(exact.numerator)
    sign, digits = ("-" if rounded < 0 else ""), format(abs(rounded), "f")
    whole, _, decimals = digits.partition(".")
    decimals = decimals.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def format_percent(share: Fraction | int | Decimal, places: int = 2) -> str:
    """A share as a percentage with a space before the sign: 2/15 → "13,33 %", 1/5 → "20 %"."""
    return f"{format_number(Fraction(share) * 100, places)} %"


def format_fraction(value: Fraction) -> str:
    """A fraction as people write it in a threshold: "2/3", "1/2"; a whole number without denominator."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def comparison_word(comparison: str) -> str:
    """ "trên" for strictly more than, "từ" for at least."""
    return _COMPARISON_WORDS[comparison]


def vote_sentence(level: str, count: int, base: int, threshold: Fraction, comparison: str, accumulated: bool) -> str:
    """E.g. "12/16 phiếu HTXS, cần trên 2/3 của 16 = trên 10,67"."""
    word = comparison_word(comparison)
    what = f"{short(level)} trở lên (cộng dồn)" if accumulated else short(level)
    limit = format_number(threshold * base)
    return f"{count}/{base} phiếu {what}, cần {word} {format_fraction(threshold)} của {base} = {word} {limit}"


def share_sentence(part: int, whole: int) -> str:
    """E.g. "3/12 (25 %)"."""
    if whole == 0:
        return f"{part}/{whole}"
    return f"{part}/{whole} ({format_percent(Fraction(part, whole))})"


def points(value: Fraction | int) -> str:
    """A score: "92,5 điểm"."""
    return f"{format_number(value)} điểm"
