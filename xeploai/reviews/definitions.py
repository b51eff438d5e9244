"""The definitions every page, the dashboard, the PDFs and the workbooks share, written once.

- **Final level** of a member's or a unit's review: the level the competent committee recognised (or set again by
  form 03) if there is one, else the level proposed by the program or the decision recorded for it. In Python
  (``final_level``), as an ORM filter (``final_level_in``) and as SQL (``FINAL_LEVEL_SQL``) for the summary's plain
  grouped query.
- **Years running** at the top level: consecutive years ending with the year in question (000 §VI.1: "03 năm liên
  tục"); the dashboard's honours ask the same question of the database (every year of the span).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

FINAL_LEVEL_SQL = "COALESCE(NULLIF(decided_level, ''), level)"


def final_level(decided_level: str, level: str) -> str:
    return decided_level or level


def final_level_in(levels: Iterable[str]) -> Q:
    levels = tuple(levels)
    return Q(decided_level__in=levels) | Q(decided_level="", level__in=levels)


def years_running(top_years: Iterable[int], year: int) -> int:
    """How many consecutive years up to and including `year` are among `top_years`."""
    years, run = set(top_years), 0
    while year - run in years:
        run += 1
    return run


def period_member_counts(period, unit_ids: Iterable[int]) -> dict[int, int]:
    """**Members of a unit in a period**, exempt ones included: its roster rows once the period is opened for it;
    before that, its active members admitted by the review date (those opening would put on the roster). The
    committee's summary counts the same way in its own grouped SQL (reports/data/summary.py); a test checks that
    pages, dashboard, PDF and workbook agree."""
    from django.db.models import Count  # here, not at the top: records.py imports this module

    from xeploai.orgs.models import Member

    from .records import MemberReview, UnitReview

    ids = list(unit_ids)
    opened = set(UnitReview.objects.filter(period=period, unit_id__in=ids).values_list("unit_id", flat=True))
    counts = dict.fromkeys(ids, 0)
    for unit_id, n in (MemberReview.objects.filter(period=period, unit_id__in=list(opened)).values("unit_id")
                       .annotate(n=Count("id")).values_list("unit_id", "n")):
        counts[unit_id] = n
    waiting = [pk for pk in ids if pk not in opened]
    for unit_id, n in (Member.objects.filter(unit_id__in=waiting, active=True, admitted_on__lte=period.review_date)
                       .values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n")):
        counts[unit_id] = n
    return counts
