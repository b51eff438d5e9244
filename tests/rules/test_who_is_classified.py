"""Who is classified (DOMAIN §3.1, decision 2): exempt members, new members, probationary members."""

from datetime import date

import pytest

from xeploai.rules import add_months

from .builders import by_id, cell, codes, member, run


@pytest.mark.parametrize(
    ("admitted", "review", "status"),
    [
        ("2014-05-25", "2014-11-25", "rated"),  # 000 §II.1.1.b: exactly 6 months to the day is enough
        ("2014-05-26", "2014-11-25", "not_rated"),  # one day short
        ("2014-05-24", "2014-11-25", "rated"),
        ("2014-08-31", "2015-02-28", "rated"),  # 31/08 + 6 months clamps to 28/02
        ("2014-08-31", "2015-02-27", "not_rated"),
        ("2015-08-31", "2016-02-29", "rated"),  # leap year: 29/02
        ("2015-08-31", "2016-02-28", "not_rated"),
        ("2014-12-01", "2014-11-25", "not_rated"),  # admitted after the review date
        ("2014-05-31", "2014-11-30", "rated"),  # DOMAIN §3.1: admitted 31/05 → six months on 30/11
        ("2014-05-31", "2014-11-29", "not_rated"),
    ],
)
def test_new_members_need_six_calendar_months(admitted: str, review: str, status: str) -> None:
    scenario = cell([member("a", htt=3, admitted_on=admitted)], voters_total=4, review_date=review)
    result = by_id(run(scenario))["a"]
    assert result["status"] == status
    if status == "not_rated":
        assert codes(result) == ["new_member"]
        assert result["level"] is None and result["basis_level"] is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2014, 8, 31), 6, date(2015, 2, 28)),
        (date(2015, 8, 31), 6, date(2016, 2, 29)),
        (date(2014, 5, 25), 6, date(2014, 11, 25)),
        (date(2014, 7, 31), 6, date(2015, 1, 31)),
        (date(2014, 12, 31), 2, date(2015, 2, 28)),
        (date(2014, 1, 15), 12, date(2015, 1, 15)),
    ],
)
def test_calendar_month_addition_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_new_member_months_come_from_the_rule_set() -> None:
    from .builders import preset

    rules = preset("hcm-2014")
    rules["member"]["new_member_months"] = 12
    scenario = cell([member("a", htt=3, admitted_on="2014-05-25")], voters_total=4)
    assert by_id(run(scenario, rules))["a"]["status"] == "not_rated"


def test_exempt_members_are_counted_nowhere() -> None:
    # DOMAIN §3.1: exempt or suspended members are not reviewed and not counted anywhere
    members = [member(f"o{i}", htt=3) for i in range(5)] + [member("x", exempt=True, htxs=5)]
    result = by_id(run(cell(members)))
    assert result["x"]["status"] == "exempt"
    assert codes(result["x"]) == ["exempt"]
    assert result["x"]["level"] is None and result["x"]["basis_level"] is None
    assert result["o0"]["level"] == "htt"  # N = 5, not 6


def test_a_member_without_admission_date_is_long_standing() -> None:
    result = by_id(run(cell([{"id": "a", "votes": {"htt": 3}}], voters_total=4)))
    assert result["a"]["status"] == "rated"


def test_a_probationary_new_member_is_not_rated_and_not_in_the_base() -> None:
    members = [member("a", htt=1), member("b", htt=1, admitted_on="2014-10-01", official=False)]
    result = by_id(run(cell(members)))
    assert result["a"]["level"] == "htt"  # N = 1: 1 > 1/2
    assert result["b"]["status"] == "not_rated"
