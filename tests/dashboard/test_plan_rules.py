"""Plan date rules and the year shift of a copy: pure functions, no database."""

from datetime import date

import pytest

from xeploai.dashboard.plan_rules import period_date_problems, shift_text_year, shift_year, step_date_problems


@pytest.mark.parametrize(("day", "shifted"), [
    (date(2014, 11, 5), date(2015, 11, 5)),
    (date(2014, 12, 31), date(2015, 12, 31)),
    (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February next year
    (date(2023, 2, 28), date(2024, 2, 28)),  # a leap year next: still the 28th
])
def test_shift_year_keeps_the_day_and_month(day, shifted):
    assert shift_year(day) == shifted


def test_shift_text_year_moves_the_whole_year_only():
    assert shift_text_year("Kế hoạch kiểm điểm năm 2014", 2014) == "Kế hoạch kiểm điểm năm 2015"
    assert shift_text_year("Số 20145 năm 2014; 12014", 2014) == "Số 20145 năm 2015; 12014"


@pytest.mark.parametrize(("start", "due"), [
    (date(2014, 1, 1), date(2014, 1, 1)),
    (date(2014, 11, 20), date(2014, 11, 20)),  # one-day step
    (date(2014, 12, 20), date(2015, 1, 31)),  # report upward: January of the next year
])
def test_steps_inside_the_window_are_accepted(start, due):
    assert step_date_problems(2014, start, due) == []


def test_a_due_date_before_the_start_is_refused_naming_both_dates():
    assert step_date_problems(2014, date(2014, 11, 28), date(2014, 11, 20)) == [
        ("due", "Hạn hoàn thành (20/11/2014) không được trước ngày bắt đầu (28/11/2014)."),
    ]


def test_dates_outside_the_year_are_refused_and_the_january_allowance_is_explained():
    problems = step_date_problems(2014, date(2013, 12, 31), date(2015, 2, 1))
    assert [field for field, _ in problems] == ["start", "due"]
    assert problems[0][1] == ("Ngày bắt đầu (31/12/2013): phải trong năm 2014; riêng bước báo cáo, gửi hồ sơ lên "
                              "cấp trên được kéo đến hết ngày 31/01/2015.")
    assert problems[1][1].startswith("Hạn hoàn thành (01/02/2015): phải trong năm 2014")


def test_period_dates_belong_to_the_year_or_early_next_year():
    assert period_date_problems(2014, date(2014, 11, 4), date(2015, 1, 10)) == []
    assert period_date_problems(2014, date(2013, 11, 4), date(2014, 11, 25)) == [
        ("plan_date", "Ngày kế hoạch (04/11/2013): phải thuộc năm 2014 hoặc đầu năm 2015."),
    ]
    assert period_date_problems(1999, None, None) == [("year", "Năm: phải từ 2000 đến 2100.")]
