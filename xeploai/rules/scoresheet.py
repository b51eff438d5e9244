"""Score sheets (001 §2.2): criteria lines with points, bonus and deductions, checked against a frame.

001 §2.2: the frame is 90 points over the criteria plus at most 10 bonus points for excellent completion, 100 in all;
bonus at most 2 points per item; bonus and deduction points in steps of 0.5 (scored points too); a deduction names
the criterion, the reason and the remedy. ``validate_score_sheet`` reports every problem, not just the first.

A sheet is a dict: ``{"lines": [{"criterion": "1. Chính trị tư tưởng", "max": 20, "self": 18, "approved": 17.5,
"excellent": false, "bonus": 0, "deductions": [{"criterion": "1.2", "points": 2.5, "reason": "…", "remedy": "…"}]}]}``.
A line counts its approved points, else its self points, else ``max`` minus its deductions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .exact import is_number, to_fraction
from .fields import Reader, join
from .text import format_number


@dataclass(frozen=True)
class ScoreFrame:
    """The frame of a score sheet."""

    base_max: Fraction = Fraction(90)
    bonus_max: Fraction = Fraction(10)
    bonus_per_item: Fraction = Fraction(2)
    step: Fraction = Fraction(1, 2)

    @property
    def total_max(self) -> Fraction:
        """The most a sheet can total (90 + 10 = 100 in 001)."""
        return self.base_max + self.bonus_max


FRAME_001 = ScoreFrame()


@dataclass(frozen=True)
class Problem:
    """One problem of a sheet: the field path and a Vietnamese message naming the field and the limit."""

    field: str
    message: str


def _number(
    r: Reader, line: Mapping[str, Any], key: str, path: str, what: str, frame: ScoreFrame, high: Fraction | None = None
) -> Fraction | None:
    """An optional number ≥ 0, ≤ ``high``, on the frame's step."""
    value = r.raw(line, key, None)
    if value is None:
        return None
    number = r.amount(value, join(path, key), what, high)
    if number is not None and (number / frame.step).denominator != 1:
        r.fail(
            join(path, key),
            f"{what} phải tính theo bước {format_number(frame.step)} điểm, nhận {format_number(number)}",
        )
    return number


def _counted(line: Mapping[str, Any], top: Fraction) -> Fraction:
    """The points a line counts: approved, else self, else max minus deductions."""
    for key in ("approved", "self"):
        if is_number(line.get(key)):
            return to_fraction(line[key])
    return top - _deducted(line)


def _deducted(line: Mapping[str, Any]) -> Fraction:
    items = line.get("deductions") or []
    return sum(
        (to_fraction(d["points"]) for d in items if isinstance(d, Mapping) and is_number(d.get("points"))), Fraction(0)
    )


def _check_deduction(r: Reader, item: Any, path: str, frame: ScoreFrame) -> None:
    if r.mapping(item, path) is None:
        return
    for key, what in (
        ("criterion", "nội dung, tiêu chí bị trừ"),
        ("reason", "nguyên nhân, lý do"),
        ("remedy", "hướng khắc phục"),
    ):
        if not isinstance(item.get(key), str) or not item[key].strip():
            r.fail(join(path, key), f"điểm trừ phải nêu rõ {what}")
    if r.raw(item, "points", None) is None:
        r.fail(join(path, "points"), "thiếu số điểm trừ")
    elif (points := _number(r, item, "points", path, "điểm trừ", frame)) is not None and points == 0:
        r.fail(join(path, "points"), f"điểm trừ tối thiểu là {format_number(frame.step)} điểm")


def _check_bonus(r: Reader, line: Mapping[str, Any], path: str, frame: ScoreFrame, top: Fraction | None) -> Fraction:
    bonus = _number(r, line, "bonus", path, "điểm cộng", frame, frame.bonus_per_item) or Fraction(0)
    excellent = line.get("excellent")
    if excellent is None and top is not None:
        excellent = _counted(line, top) == top  # unmarked: full marks count as done excellently
    if bonus > 0 and not excellent:
        r.fail(join(path, "bonus"), "chỉ cộng điểm cho nội dung hoàn thành xuất sắc (excellent: true)")
    return bonus


def _check_line(r: Reader, line: Any, path: str, frame: ScoreFrame) -> tuple[Fraction, Fraction]:
    """Check one line; returns its max and its bonus (zero when unreadable)."""
    if r.mapping(line, path) is None:
        return Fraction(0), Fraction(0)
    if not isinstance(line.get("criterion"), str) or not line["criterion"].strip():
        r.fail(join(path, "criterion"), "thiếu tên nội dung, tiêu chí")
    top = _number(r, line, "max", path, "điểm tối đa", frame)
    if line.get("max") is None:
        r.fail(join(path, "max"), "thiếu điểm tối đa của tiêu chí")
    for key, what in (("self", "điểm tự chấm"), ("approved", "điểm thẩm định")):
        _number(r, line, key, path, what, frame, top)
    deductions = r.sequence(r.raw(line, "deductions", []), join(path, "deductions")) or []
    for j, item in enumerate(deductions):
        _check_deduction(r, item, join(join(path, "deductions"), j), frame)
    _check_explained(r, line, path, top)
    return top or Fraction(0), _check_bonus(r, line, path, frame, top)


def _check_explained(r: Reader, line: Mapping[str, Any], path: str, top: Fraction | None) -> None:
    """001 §2.2: every point taken off shows in a deduction (criterion, reason, remedy)."""
    if top is None or not any(is_number(line.get(k)) for k in ("approved", "self")):
        return
    lost, deducted = top - _counted(line, top), _deducted(line)
    if lost > 0 and deducted != lost:
        r.fail(
            join(path, "deductions"),
            f"tổng điểm trừ ({format_number(deducted)}) phải bằng số điểm bị trừ "
            f"({format_number(lost)}) và nêu rõ nội dung, lý do, hướng khắc phục",
        )


def validate_score_sheet(sheet: Mapping[str, Any], frame: ScoreFrame = FRAME_001) -> list[Problem]:
    """Every problem of the sheet (empty when it is valid)."""
    r = Reader()
    lines = r.sequence(r.required(sheet if isinstance(sheet, Mapping) else {}, "lines", ""), "lines") or []
    checked = [_check_line(r, line, join("lines", i), frame) for i, line in enumerate(lines)]
    base, bonus = sum((c[0] for c in checked), Fraction(0)), sum((c[1] for c in checked), Fraction(0))
    if base > frame.base_max:
        r.fail(
            "lines", f"tổng điểm tối đa các tiêu chí ({format_number(base)}) vượt khung {format_number(frame.base_max)}"
        )
    if bonus > frame.bonus_max:
        r.fail("lines", f"tổng điểm cộng ({format_number(bonus)}) vượt tối đa {format_number(frame.bonus_max)} điểm")
    return [Problem(field, message) for field, message in r.errors]


def score_sheet_total(sheet: Mapping[str, Any], frame: ScoreFrame = FRAME_001) -> Fraction:
    """The exact total: each line's counted points plus its bonus, never above the frame's maximum (100 in 001).
    Unreadable lines count zero; validate the sheet first."""
    total = Fraction(0)
    for line in sheet.get("lines") or []:
        if isinstance(line, Mapping) and is_number(line.get("max")):
            bonus = to_fraction(line["bonus"]) if is_number(line.get("bonus")) else Fraction(0)
            total += _counted(line, to_fraction(line["max"])) + bonus
    return min(total, frame.total_max)
