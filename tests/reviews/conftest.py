"""A review period over the test tree (tests/conftest.py), with builders for rosters and tallies."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import make_member
from xeploai.reviews.models import ReviewPeriod, RuleSet
from xeploai.rules.presets import PRESETS


def preset(code: str) -> RuleSet:
    """The preset rule set (loaded by the data migration; again after a flush in transactional tests)."""
    params = PRESETS[code]
    ruleset, _ = RuleSet.objects.get_or_create(
        code=code, defaults={"name": params["name"], "params": params, "is_preset": True}
    )
    return ruleset


def make_period(committee, code: str = "hcm-2014", year: int = 2014, review_date: date = date(2014, 11, 25)):
    return ReviewPeriod.objects.create(
        committee=committee, year=year, plan_number="146-KH/ĐU", plan_date=date(year, 11, 4),
        issuing_body="Đảng ủy", title="Kế hoạch kiểm điểm", ruleset=preset(code),
        review_date=review_date,
    )


def fill_cell(cell, count: int, prefix: str = "Nguyễn Văn") -> list:
    return [make_member(cell, f"{prefix} Thứ {i:02d}", admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))
            for i in range(count)]


@pytest.fixture
def period(tree):
    return make_period(tree.committee)


@pytest.fixture
def score_period(tree):
    return make_period(tree.committee, "qd366-2025", 2026, date(2026, 12, 4))
