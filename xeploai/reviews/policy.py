"""Who may do what to a review, in which status: one pure table, read by every service and every page.

The tree (who is above whom) is decided by ``xeploai.orgs.access``: 404 outside a user's subtree, 403 for a role too
low. This table decides the rest, always on **the review's own unit** (a member who moved keeps the review where it
was held): for each action, which role may take it in which status of the unit's review. A refusal carries the
sentence shown to the user ("Hồ sơ đã gửi lên, đang chờ thẩm định…"). No ORM, no settings: the tests read it as a
table, and the persona × URL matrix takes its POST cases from it.

Roles, from the user's place in the tree:
- ``member``: the member whose own review it is (their self-review only);
- ``secretary``: the cell's side (a secretary of the unit or above it in the same cell chain);
- ``committee``: the committee office above the unit, which appraises and decides;
- administrators hold both ``secretary`` and ``committee``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    OPEN = "open"  # open the period for a unit: its roster rows and first results
    EDIT_FACTS = "edit_facts"  # a member's circumstances, papers, conclusion, task figures
    WRITE_SELF_REVIEW = "write_self_review"  # the member writes and submits their own
    CORRECT_SELF_REVIEW = "correct_self_review"  # the secretary corrects it (before the cell submits)
    ENTER_TALLY = "enter_tally"
    ENTER_SCORES = "enter_scores"  # self-scores and task figures, by the cell
    CHECK_SCORES = "check_scores"  # the checked score, by the committee above
    ENTER_UNIT_FACTS = "enter_unit_facts"  # the unit's facts and score sheet, by the cell
    CHECK_UNIT_SCORE = "check_unit_score"  # the unit's checked score and deductions, by the committee above
    SUBMIT = "submit"
    RETURN = "return"
    DECIDE_MEMBER = "decide_member"  # settle a member the program left "cần quyết định"
    DECIDE_POOL = "decide_pool"  # keep or drop a candidate of the committee's pool (QĐ 366 Điều 11 k.1.5)
    RECOGNISE = "recognise"
    RECLASSIFY = "reclassify"  # annul a recognised result and classify again (form 03)


class Role(StrEnum):
    MEMBER = "member"
    SECRETARY = "secretary"
    COMMITTEE = "committee"


class Status(StrEnum):
    """The unit review's status; NOT_OPENED while the period has not been opened for the unit."""

    NOT_OPENED = "not_opened"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RECOGNISED = "recognised"


AT_WORK = frozenset({Status.DRAFT, Status.RETURNED})
BEFORE_DECISION = frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED})

RULES: dict[tuple[Action, Role], frozenset[Status]] = {
    (Action.OPEN, Role.SECRETARY): frozenset({Status.NOT_OPENED, *AT_WORK}),
    (Action.OPEN, Role.COMMITTEE): frozenset({Status.NOT_OPENED, *AT_WORK}),
    (Action.EDIT_FACTS, Role.SECRETARY): AT_WORK,
    (Action.WRITE_SELF_REVIEW, Role.MEMBER): AT_WORK,
    (Action.CORRECT_SELF_REVIEW, Role.SECRETARY): AT_WORK,
    (Action.ENTER_TALLY, Role.SECRETARY): AT_WORK,
    (Action.ENTER_SCORES, Role.SECRETARY): AT_WORK,
    (Action.CHECK_SCORES, Role.COMMITTEE): BEFORE_DECISION,
    (Action.ENTER_UNIT_FACTS, Role.SECRETARY): AT_WORK,
    (Action.CHECK_UNIT_SCORE, Role.COMMITTEE): BEFORE_DECISION,
    (Action.SUBMIT, Role.SECRETARY): AT_WORK,
    (Action.RETURN, Role.COMMITTEE): frozenset({Status.SUBMITTED}),
    (Action.DECIDE_MEMBER, Role.SECRETARY): AT_WORK,
    (Action.DECIDE_MEMBER, Role.COMMITTEE): frozenset({Status.SUBMITTED}),
    (Action.DECIDE_POOL, Role.COMMITTEE): frozenset({Status.SUBMITTED}),
    (Action.RECOGNISE, Role.COMMITTEE): frozenset({Status.SUBMITTED}),
    (Action.RECLASSIFY, Role.COMMITTEE): frozenset({Status.RECOGNISED}),
}

NO_ROLE = "Vai trò của đồng chí không thực hiện được việc này với đơn vị này."
STATUS_REASONS: dict[Status, str] = {
    Status.NOT_OPENED: "Kỳ kiểm điểm chưa được mở cho đơn vị này: bấm «Mở kỳ kiểm điểm» trên trang của đơn vị.",
    Status.DRAFT: "Hồ sơ còn ở chi bộ, chưa gửi lên: cấp trên chỉ thẩm định sau khi chi bộ gửi.",
    Status.RETURNED: "Hồ sơ đã trả lại chi bộ để hoàn chỉnh: chờ chi bộ gửi lại.",
    Status.SUBMITTED: "Hồ sơ đã gửi lên, đang chờ thẩm định: chi bộ không sửa được nữa, trừ khi cấp trên trả lại.",
    Status.RECOGNISED: "Kết quả đã được cấp có thẩm quyền công nhận: chỉ thay đổi được bằng hủy kết quả và xếp "
                       "loại lại (mẫu 03).",
}
ACTION_REASONS: dict[tuple[Action, Status], str] = {
    (Action.RECLASSIFY, Status.SUBMITTED): "Chỉ xếp loại lại được kết quả đã công nhận; hồ sơ này đang chờ thẩm định.",
    (Action.RECLASSIFY, Status.DRAFT): "Chỉ xếp loại lại được kết quả đã công nhận.",
    (Action.RECLASSIFY, Status.RETURNED): "Chỉ xếp loại lại được kết quả đã công nhận.",
    (Action.RECLASSIFY, Status.NOT_OPENED): "Chỉ xếp loại lại được kết quả đã công nhận.",
    (Action.OPEN, Status.SUBMITTED): "Hồ sơ đã gửi lên: danh sách kỳ kiểm điểm không thay đổi được nữa.",
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    role_allows: bool = True  # False: no role of the user may ever take the action here (a 403, not a notice)

    def __bool__(self) -> bool:
        return self.allowed


def check(action: Action, roles: Iterable[Role], status: Status) -> Decision:
    """May someone holding ``roles`` take ``action`` on a review in ``status``? Allowed, or the sentence why not."""
    statuses = [RULES[(action, role)] for role in roles if (action, role) in RULES]
    if not statuses:
        return Decision(False, NO_ROLE, role_allows=False)
    if any(status in allowed for allowed in statuses):
        return Decision(True)
    return Decision(False, ACTION_REASONS.get((action, status)) or STATUS_REASONS[status])


def roles_for(action: Action) -> frozenset[Role]:
    """The roles that may take the action in some status (the matrix test reads this)."""
    return frozenset(role for (act, role) in RULES if act == action)
