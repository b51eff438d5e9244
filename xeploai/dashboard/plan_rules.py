"""Rules of a plan's dates and of copying a plan to the next year (pure: no Django, no clock).

Every problem is a (field, Vietnamese message) pair naming the field and the limit, so that a form and a service
report the same words.
"""

from __future__ import annotations

import re
from datetime import date

YEAR_MIN, YEAR_MAX = 2000, 2100


def vn_date(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def step_window(year: int) -> tuple[date, date]:
    """Steps lie within the period's year; January of the next year is allowed for sending the dossiers upward
    (HD 43: "hồ sơ gửi lên cấp trên trước ngày 01/02")."""
    return date(year, 1, 1), date(year + 1, 1, 31)


def _window_message(label: str, value: date, year: int) -> str:
    return (f"{label} ({vn_date(value)}): phải trong năm {year}; riêng bước báo cáo, gửi hồ sơ lên cấp trên "
            f"được kéo đến hết ngày 31/01/{year + 1}.")


def step_date_problems(year: int, start: date | None, due: date | None) -> list[tuple[str, str]]:
    """A step's dates: both within the window of the year, and the due date not before the start."""
    low, high = step_window(year)
    problems = []
    if start is not None and not low <= start <= high:
        problems.append(("start", _window_message("Ngày bắt đầu", start, year)))
    if due is not None and not low <= due <= high:
        problems.append(("due", _window_message("Hạn hoàn thành", due, year)))
    if start is not None and due is not None and due < start:
        problems.append(("due", f"Hạn hoàn thành ({vn_date(due)}) không được trước ngày bắt đầu ({vn_date(start)})."))
    return problems


def period_date_problems(year: int | None, plan_date: date | None, review_date: date | None) -> list[tuple[str, str]]:
    """The plan and review dates belong to the year (or early next year, as ReviewPeriod.clean allows)."""
    problems = []
    if year is None:
        return problems
    if not YEAR_MIN <= year <= YEAR_MAX:
        return [("year", f"Năm: phải từ {YEAR_MIN} đến {YEAR_MAX}.")]
    dates = (("plan_date", "Ngày kế hoạch", plan_date), ("review_date", "Ngày kiểm điểm", review_date))
    for field, label, value in dates:
        if value is not None and value.year not in (year, year + 1):
            problems.append((field, f"{label} ({vn_date(value)}): phải thuộc năm {year} hoặc đầu năm {year + 1}."))
    return problems


def shift_year(value: date, years: int = 1) -> date:
    """The same day `years` later; 29 February becomes 28 February in a year that has none."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29/02 in a leap year → 28/02
        return value.replace(year=value.year + years, day=28)


def shift_text_year(text: str, year: int, years: int = 1) -> str:
    """"… năm 2014" → "… năm 2015": the period's year written as a whole number is moved on."""
    return re.sub(rf"(?<!\d){year}(?!\d)", str(year + years), text)
