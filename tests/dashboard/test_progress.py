"""Step statuses and lateness from counts and dates: pure functions, no database."""

from datetime import date

import pytest

from xeploai.dashboard.progress import (
    Check,
    State,
    Step,
    UnitFacts,
    check_done,
    cumulative,
    infer_check,
    status_words,
    step_status,
    unit_progress,
)

START, DUE = date(2014, 11, 20), date(2014, 11, 28)


@pytest.mark.parametrize(("today", "state", "late", "left"), [
    (date(2014, 11, 28), State.DUE_SOON, 0, 0),  # due today is not late
    (date(2014, 11, 29), State.LATE, 1, None),  # counted from the due date
    (date(2014, 12, 8), State.LATE, 10, None),
    (date(2014, 11, 25), State.DUE_SOON, 0, 3),  # three days left: due soon
    (date(2014, 11, 24), State.OPEN, 0, 4),
    (date(2014, 11, 20), State.OPEN, 0, 8),  # the first day
    (date(2014, 11, 19), State.NOT_STARTED, 0, 9),
])
def test_lateness_on_boundary_dates(today, state, late, left):
    status = step_status(START, DUE, False, today)
    assert (status.state, status.days_late, status.days_left) == (state, late, left)


def test_a_done_step_is_never_late_and_an_untracked_one_only_follows_the_calendar():
    assert step_status(START, DUE, True, date(2015, 1, 1)).state == State.DONE
    assert step_status(START, DUE, None, date(2015, 1, 1)).state == State.UNTRACKED


def test_a_step_due_soon_before_it_starts_is_due_soon():
    assert step_status(date(2014, 11, 28), DUE, False, date(2014, 11, 26)).state == State.DUE_SOON


@pytest.mark.parametrize(("title", "check"), [
    ("Quán triệt, triển khai kế hoạch; đảng viên viết bản kiểm điểm; lấy ý kiến nơi cư trú", Check.SELF_REVIEWS),
    ("Thông qua dự thảo báo cáo kiểm điểm; chi bộ xin ý kiến dự thảo báo cáo và bản tự chấm điểm", Check.NONE),
    ("Kiểm điểm Đảng ủy, tập thể lãnh đạo và cá nhân lãnh đạo", Check.MEETING),
    ("Chi bộ họp kiểm điểm, biểu quyết bản tự chấm điểm, bỏ phiếu đánh giá", Check.MEETING),
    ("Đảng ủy thẩm định, đánh giá, phân loại chi bộ và đảng viên; công bố kết quả", Check.APPRAISAL),
    ("Báo cáo Ban Thường vụ Thành ủy và Đảng ủy Khối", Check.SUBMITTED),
    ("Quán triệt, triển khai kế hoạch; đảng viên viết bản tự kiểm điểm và tự chấm điểm", Check.SELF_REVIEWS),
    ("Lấy ý kiến nhận xét của chi ủy nơi cư trú", Check.RESIDENCE),
    ("Chi bộ họp kiểm điểm, chấm điểm và đề xuất xếp loại", Check.MEETING),
    ("Đảng ủy thẩm định, quyết định xếp loại chi bộ và đảng viên", Check.APPRAISAL),
    ("Báo cáo kết quả lên cấp trên", Check.SUBMITTED),
    ("Cấp ủy xây dựng kế hoạch, triển khai trong chi bộ; đảng viên chuẩn bị hồ sơ", Check.NONE),
    ("HỌP CHI BỘ", Check.MEETING),
    ("Ho\u0323p chi bo\u0323\u0302", Check.MEETING),  # decomposed accents (NFD), as some keyboards type them
])
def test_the_data_check_is_read_from_the_title_of_real_plans(title, check):
    assert infer_check(title) == check


CELL = "chi_bo_truc_thuoc"


@pytest.mark.parametrize(("check", "facts", "done"), [
    (Check.SELF_REVIEWS, UnitFacts(CELL, members=5, self_reviews=5), True),
    (Check.SELF_REVIEWS, UnitFacts(CELL, members=5, self_reviews=4), False),
    (Check.SELF_REVIEWS, UnitFacts("dang_bo_co_so", members=0), None),  # nothing to count: not tracked here
    (Check.RESIDENCE, UnitFacts(CELL, members=3, residence_comments=3), True),
    (Check.RESIDENCE, UnitFacts(CELL, members=3, residence_comments=2, status="submitted"), True),
    (Check.MEETING, UnitFacts(CELL, members=3), False),
    (Check.MEETING, UnitFacts(CELL, members=3, tallied=True), True),
    (Check.MEETING, UnitFacts(CELL, members=3, votes_entered=1), True),
    (Check.MEETING, UnitFacts(CELL, members=3, scored=2), True),
    (Check.MEETING, UnitFacts(CELL, members=3, unit_scored=True), True),
    (Check.SUBMITTED, UnitFacts(CELL, status="draft"), False),
    (Check.SUBMITTED, UnitFacts(CELL, status="returned"), False),
    (Check.SUBMITTED, UnitFacts(CELL, status="submitted"), True),
    (Check.SUBMITTED, UnitFacts(CELL, status="recognised"), True),
    (Check.APPRAISAL, UnitFacts(CELL, status="submitted"), False),
    (Check.APPRAISAL, UnitFacts(CELL, status="recognised"), True),
    (Check.APPRAISAL, UnitFacts("dang_bo_co_so", sub_units=3, sub_units_recognised=2), False),
    (Check.APPRAISAL, UnitFacts("dang_bo_co_so", sub_units=3, sub_units_recognised=3), True),
    (Check.NONE, UnitFacts(CELL, status="recognised"), None),
])
def test_a_step_is_done_when_the_data_says_so(check, facts, done):
    assert check_done(check, facts) is done


STEPS = [
    Step(1, "Đảng viên viết bản tự kiểm điểm", date(2014, 11, 5), date(2014, 11, 7)),
    Step(2, "Thông qua dự thảo báo cáo", date(2014, 11, 10), date(2014, 11, 12)),
    Step(3, "Chi bộ họp, bỏ phiếu", date(2014, 11, 20), date(2014, 11, 28), (CELL,)),
    Step(4, "Đảng ủy thẩm định", date(2014, 12, 1), date(2014, 12, 3), ("dang_bo_co_so",)),
]


def test_the_current_step_is_the_late_one_and_late_days_count_from_its_due_date():
    facts = UnitFacts(CELL, members=4, self_reviews=3)
    progress = unit_progress(STEPS, facts, date(2014, 11, 10))
    assert progress.state == State.LATE and progress.days_late == 3
    assert progress.current.order == 1
    assert status_words(progress) == "Trễ 3 ngày"


def test_once_self_reviews_are_in_the_cell_is_at_its_meeting():
    facts = UnitFacts(CELL, members=4, self_reviews=4)
    progress = unit_progress(STEPS, facts, date(2014, 11, 28))
    assert (progress.state, progress.current.order, status_words(progress)) == (State.DUE_SOON, 3, "Hạn hôm nay")


def test_steps_for_other_kinds_of_unit_do_not_count():
    facts = UnitFacts(CELL, members=4, self_reviews=4, tallied=True)
    progress = unit_progress(STEPS, facts, date(2014, 12, 20))  # step 4 is for the đảng bộ only
    assert progress.state == State.DONE and progress.current is None
    assert [step.order for step, _ in progress.steps] == [1, 2, 3]


def test_a_committee_is_late_on_appraisal_until_every_sub_unit_is_recognised():
    facts = UnitFacts("dang_bo_co_so", sub_units=2, sub_units_recognised=1)
    progress = unit_progress(STEPS, facts, date(2014, 12, 5))
    assert (progress.state, progress.days_late, progress.current.order) == (State.LATE, 2, 4)


def test_a_unit_with_only_calendar_steps_is_untracked():
    progress = unit_progress(STEPS[1:2], UnitFacts(CELL, members=3), date(2014, 12, 5))
    assert progress.state == State.UNTRACKED and progress.current is None


def test_sorting_puts_the_most_late_first_then_due_soon_then_done():
    today = date(2014, 11, 26)
    late = unit_progress(STEPS, UnitFacts(CELL, members=2), today)
    soon = unit_progress(STEPS, UnitFacts(CELL, members=2, self_reviews=2), today)
    done = unit_progress(STEPS, UnitFacts(CELL, status="submitted"), today)
    very_late = unit_progress(STEPS, UnitFacts(CELL, members=2), date(2014, 11, 27))
    ordered = sorted([done, soon, late, very_late], key=lambda p: p.sort_key)
    assert ordered == [very_late, late, soon, done]


def test_cumulative_counts_add_up_by_day_in_order():
    days = [(date(2014, 11, 6), 2), (date(2014, 11, 5), 1), (date(2014, 11, 6), 1)]
    assert cumulative(days) == [(date(2014, 11, 5), 1), (date(2014, 11, 6), 4)]


def test_each_step_of_a_unit_has_its_own_words():
    progress = unit_progress(STEPS, UnitFacts(CELL, members=2, self_reviews=2), date(2014, 11, 26))
    assert [status_words(status) for _, status in progress.steps] == [
        "Hoàn thành", "Chỉ theo lịch", "Sắp đến hạn: còn 2 ngày"]
