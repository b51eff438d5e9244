"""Where each unit stands against the plan: step statuses and lateness derived from counts and dates.

Pure: no Django, no ORM, no clock. The dashboard's selectors count the rows (self-reviews handed in, votes entered,
the unit's status …) and pass them here with `today`; these functions say which step a unit is at and how late it is.

What proves a step done is read from the step's title (`infer_check`), shown to whoever edits the plan, so a title
that is not recognised is seen at once ("chỉ theo lịch"). Lateness (000 §VI: "từ ngày … đến ngày …"): a step due
today is not late; the day after its due date it is 1 day late.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SOON_DAYS = 3  # "sắp đến hạn": due within this many days (today included)


class Check(StrEnum):
    """What in the data proves a step done."""

    SELF_REVIEWS = "self_reviews"
    RESIDENCE = "residence"
    MEETING = "meeting"
    SUBMITTED = "submitted"
    APPRAISAL = "appraisal"
    NONE = "none"


CHECK_LABELS: dict[str, str] = {
    Check.SELF_REVIEWS: "mọi đảng viên đã nộp bản tự kiểm điểm",
    Check.RESIDENCE: "mọi đảng viên đã có nhận xét của nơi cư trú",
    Check.MEETING: "đã họp: đã nhập kết quả kiểm phiếu hoặc điểm",
    Check.SUBMITTED: "hồ sơ đã gửi cấp trên",
    Check.APPRAISAL: "kết quả đã được thẩm định, công nhận (đảng bộ: mọi tổ chức trực thuộc)",
    Check.NONE: "chỉ theo lịch (không có số liệu chứng minh)",
}

# Keywords, tried in this order; the first family that matches decides (titles of 000 §VI, 003 and HD 43 plans).
_KEYWORDS: tuple[tuple[Check, tuple[str, ...]], ...] = (
    (Check.NONE, ("dự thảo",)),
    (Check.APPRAISAL, ("thẩm định", "công nhận", "quyết định xếp loại")),
    (Check.SUBMITTED, ("báo cáo", "gửi hồ sơ", "nộp hồ sơ", "gửi cấp trên", "gửi lên")),
    (Check.MEETING, ("họp", "hội nghị", "bỏ phiếu", "biểu quyết", "kiểm phiếu")),
    (Check.SELF_REVIEWS, ("viết bản", "tự kiểm điểm", "bản kiểm điểm", "tự chấm điểm")),
    (Check.RESIDENCE, ("nơi cư trú",)),
    (Check.MEETING, ("kiểm điểm",)),
)


@functools.lru_cache(maxsize=512)
def infer_check(title: str) -> Check:
    """The data check of a step, from the words of its title (NFC, case-insensitive); cached, as a dashboard asks
    it for every unit and step."""
    text = " ".join(unicodedata.normalize("NFC", title).lower().split())
    for check, words in _KEYWORDS:
        if any(word in text for word in words):
            return check
    return Check.NONE


class State(StrEnum):
    LATE = "late"
    DUE_SOON = "due_soon"
    OPEN = "open"
    NOT_STARTED = "not_started"
    UNTRACKED = "untracked"
    DONE = "done"


STATE_ORDER: dict[str, int] = {state: rank for rank, state in enumerate(State)}  # late first, done last
STATE_SLUGS: dict[str, State] = {
    "tre-han": State.LATE, "sap-den-han": State.DUE_SOON, "dang-thuc-hien": State.OPEN,
    "chua-bat-dau": State.NOT_STARTED, "chi-theo-lich": State.UNTRACKED, "hoan-thanh": State.DONE,
}
STATE_LABELS: dict[str, str] = {
    State.LATE: "Trễ hạn", State.DUE_SOON: "Sắp đến hạn", State.OPEN: "Đang thực hiện",
    State.NOT_STARTED: "Chưa đến kỳ", State.UNTRACKED: "Chỉ theo lịch", State.DONE: "Hoàn thành",
}

SUBMITTED_STATUSES = frozenset({"submitted", "recognised"})


@dataclass(frozen=True)
class UnitFacts:
    """Counts about one unit in one period, read by aggregate queries."""

    kind: str
    members: int = 0  # members to review (not exempt)
    self_reviews: int = 0  # of them, self-review submitted
    residence_comments: int = 0  # of them, the residence cell's comment handed in
    votes_entered: int = 0  # member reviews with votes
    scored: int = 0  # member reviews with a checked score
    tallied: bool = False  # the tally was saved, or the meeting date entered
    unit_scored: bool = False  # the unit's self-score was entered
    status: str = ""  # UnitReview.status, "" without a record
    sub_units: int = 0  # direct sub-units
    sub_units_recognised: int = 0


def check_done(check: str, facts: UnitFacts) -> bool | None:
    """Whether the data proves the step done; None when nothing can prove it for this unit.

    A unit that has sent its file upward has done the earlier steps (the cell cannot submit before its meeting), so
    submitted implies self-reviews, residence comments and the meeting.
    """
    sent = facts.status in SUBMITTED_STATUSES
    if check in (Check.SELF_REVIEWS, Check.RESIDENCE):
        if sent:
            return True
        if facts.members == 0:
            return None
        count = facts.self_reviews if check == Check.SELF_REVIEWS else facts.residence_comments
        return count >= facts.members
    if check == Check.MEETING:
        return sent or facts.tallied or facts.unit_scored or facts.votes_entered > 0 or facts.scored > 0
    if check == Check.SUBMITTED:
        return sent
    if check == Check.APPRAISAL:
        if facts.sub_units:
            return facts.sub_units_recognised >= facts.sub_units
        return facts.status == "recognised"
    return None


@dataclass(frozen=True)
class StepStatus:
    state: State
    days_late: int = 0  # days since the due date, when late
    days_left: int | None = None  # days until the due date (0: due today), when not late


def step_status(start: date, due: date, done: bool | None, today: date, soon_days: int = SOON_DAYS) -> StepStatus:
    """Done, late (days counted from the due date: due today is not late), due soon, open or not started."""
    left = (due - today).days
    if done:
        return StepStatus(State.DONE)
    if done is None:
        return StepStatus(State.UNTRACKED, days_left=max(left, 0))
    if left < 0:
        return StepStatus(State.LATE, days_late=-left)
    if left <= soon_days:
        return StepStatus(State.DUE_SOON, days_left=left)
    if today < start:
        return StepStatus(State.NOT_STARTED, days_left=left)
    return StepStatus(State.OPEN, days_left=left)


@dataclass(frozen=True)
class Step:
    order: int
    title: str
    start: date
    due: date
    unit_kinds: tuple[str, ...] = ()
    check: str = ""

    @property
    def data_check(self) -> str:
        return self.check or infer_check(self.title)

    def applies_to(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds


@dataclass(frozen=True)
class UnitProgress:
    state: State
    current: Step | None = None  # the most urgent tracked step not done (the earliest among equals)
    days_late: int = 0  # the most overdue step not done
    days_left: int | None = None
    steps: tuple[tuple[Step, StepStatus], ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Late first (most late first), then due soon (soonest first), …, done last."""
        return _urgency(self)


def unit_progress(steps: Iterable[Step], facts: UnitFacts, today: date) -> UnitProgress:
    """The unit's current step: the most urgent step not done (late ones first, the most late first)."""
    ordered = sorted((s for s in steps if s.applies_to(facts.kind)), key=lambda s: (s.order, s.due))
    rows = tuple((s, step_status(s.start, s.due, check_done(s.data_check, facts), today)) for s in ordered)
    tracked = [(s, st) for s, st in rows if st.state != State.UNTRACKED]
    pending = [(s, st) for s, st in tracked if st.state != State.DONE]
    if not tracked:
        return UnitProgress(State.UNTRACKED, steps=rows)
    if not pending:
        return UnitProgress(State.DONE, steps=rows)
    current, status = min(pending, key=lambda row: _urgency(row[1]))  # ties: the earlier step
    return UnitProgress(status.state, current, status.days_late, status.days_left, steps=rows)


def _urgency(status: StepStatus | UnitProgress) -> tuple[int, int, int]:
    left = status.days_left if status.days_left is not None else 10**6
    return STATE_ORDER[status.state], -status.days_late, left


def status_words(progress: UnitProgress | StepStatus) -> str:
    """"Trễ 3 ngày", "Hạn hôm nay", "Sắp đến hạn: còn 2 ngày", "Đang thực hiện", … (a unit's or a step's)."""
    if progress.state == State.LATE:
        return f"Trễ {progress.days_late} ngày"
    if progress.state == State.DUE_SOON:
        return "Hạn hôm nay" if progress.days_left == 0 else f"Sắp đến hạn: còn {progress.days_left} ngày"
    return STATE_LABELS[progress.state]


def cumulative(days: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Running totals by day from (day, count) pairs in any order; days without events are left out."""
    totals: dict[date, int] = {}
    for day, count in days:
        totals[day] = totals.get(day, 0) + count
    running, out = 0, []
    for day in sorted(totals):
        running += totals[day]
        out.append((day, running))
    return out


def count_states(progresses: Sequence[UnitProgress]) -> dict[str, int]:
    counts = dict.fromkeys(State, 0)
    for progress in progresses:
        counts[progress.state] += 1
    return {state.value: n for state, n in counts.items()}
