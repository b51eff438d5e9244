"""Exact numbers: JSON numbers and fraction strings to ``Fraction`` and back, never through binary floats."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction


def is_number(value: object) -> bool:
    """True for int, Decimal, float or Fraction values, but not booleans and not NaN or infinities."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    return True


def to_fraction(value: int | float | Decimal | Fraction) -> Fraction:
    """The exact value of a JSON number; a float goes through its shortest ``repr`` (92.5 → 185/2, 0.1 → 1/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def parse_fraction(value: object) -> Fraction | None:
    """A fraction from a string ``"2/3"``, ``"0.15"``, ``"90"`` or a number; None when it is not one."""
    if is_number(value):
        return to_fraction(value)  # type: ignore[arg-type]
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", ".")
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            return Fraction(int(num.strip()), int(den.strip()))
        return Fraction(Decimal(text)) if Decimal(text).is_finite() else None
    except (ValueError, ZeroDivisionError, InvalidOperation):
        return None


def _decimal_places(value: Fraction) -> int | None:
    """The number of decimal places of a finite decimal expansion, None when it does not end (1/3)."""
    for places in range(0, 60):
        if (value * 10**places).denominator == 1:
            return places
    return None


def fraction_to_str(value: Fraction) -> str:
    """The stored form: ``"90"``; ``"0.15"`` when the decimal expansion ends; ``"2/3"`` when it does not; one half
    is written ``"1/2"`` as the plans write it ("trên 1/2")."""
    places = _decimal_places(value)
    if places is None or value == Fraction(1, 2):
        return f"{value.numerator}/{value.denominator}"
    if places == 0:
        return str(value.numerator)
    scaled = abs(value.numerator * 10**places // value.denominator)
    sign = "-" if value < 0 else ""
    digits = str(scaled).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def floor_of(value: Fraction) -> int:
    """⌊value⌋, exactly (15 % of 23 = 3.45 → 3)."""
    return math.floor(value)


def is_whole(value: Fraction) -> bool:
    """True for a whole number."""
    return value.denominator == 1
