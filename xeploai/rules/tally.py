"""Tally validation (DOMAIN §3.2): every problem of a cell's tally sheet at once, each naming its field.

Counts are whole numbers ≥ 0; a member's counts add up to at most the ballots cast; ballots cast ≤ official members
present ≤ official members. The caller has already read the numbers (a form); nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .scoresheet import Problem

VOTE_LEVELS: tuple[str, ...] = ("htxs", "htt", "ht", "kht")


@dataclass(frozen=True)
class TallyRow:
    """One member's line: ``field`` prefixes the problems (e.g. ``rows[3]``), ``name`` names the member."""

    field: str
    name: str
    votes: dict[str, int | None]


def _meta_problems(official: int, present: int | None, cast: int | None) -> list[Problem]:
    problems = []
    for field, value in (("official_present", present), ("ballots_cast", cast)):
        if value is not None and value < 0:
            problems.append(Problem(field, "phải là số nguyên không âm"))
    if present is not None and present > official:
        problems.append(Problem(
            "official_present", f"số đảng viên chính thức có mặt ({present}) không được lớn hơn số đảng viên "
                                f"chính thức ({official})"))
    if cast is not None and present is not None and cast > present:
        problems.append(Problem(
            "ballots_cast", f"số phiếu thu vào ({cast}) không được lớn hơn số đảng viên chính thức có mặt ({present})"))
    return problems


def _row_problems(row: TallyRow, cast: int | None) -> list[Problem]:
    problems = [Problem(f"{row.field}.{level}", f"{row.name}: số phiếu {level.upper()} phải là số nguyên không âm")
                for level, count in row.votes.items() if count is not None and count < 0]
    given = [count for count in row.votes.values() if count is not None]
    if given and cast is None:
        problems.append(Problem("ballots_cast", "cần nhập số phiếu thu vào trước khi nhập số phiếu từng đồng chí"))
    elif given and sum(given) > cast:
        problems.append(Problem(
            row.field, f"{row.name}: tổng số phiếu ({sum(given)}) vượt số phiếu thu vào ({cast})"))
    return problems


def validate_tally(official: int, present: int | None, cast: int | None, rows: Sequence[TallyRow]) -> list[Problem]:
    """All problems of the sheet and of every row; an empty list means the tally may be saved."""
    problems = _meta_problems(official, present, cast)
    for row in rows:
        problems.extend(p for p in _row_problems(row, cast) if p not in problems)
    return problems
