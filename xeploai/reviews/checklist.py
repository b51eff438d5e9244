"""What a cell checks before it sends its review up (and the committee before it recognises): pure, over rows read.

Blocking: a member with no result yet, or awaiting a decision (a tie at the quota's cut, no majority): the cell
cannot send, nor the committee recognise, until each is settled. Gaps that may be sent with a written note:
self-reviews not submitted and papers not handed in (HD 43 / plan 003 §III.1: the dossier of each member).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import MemberReview, ResultStatus, SelfReviewStatus

PAPERS = (
    ("paper_self_review", "bản tự kiểm điểm"),
    ("paper_residence_comment", "nhận xét nơi cư trú"),
    ("paper_cv_supplement", "phiếu bổ sung lý lịch"),
)
LEADER_PAPER = ("paper_asset_declaration", "kê khai tài sản")


@dataclass
class Checklist:
    members: int = 0
    no_result: list[str] = field(default_factory=list)
    awaiting_decision: list[str] = field(default_factory=list)
    # "đề nghị HTXS" the committee has not decided in its pool yet (QĐ 366): the cell sends them up as they are;
    # recognising waits for them
    awaiting_pool: list[str] = field(default_factory=list)
    self_reviews_missing: list[str] = field(default_factory=list)
    papers_missing: list[tuple[str, list[str]]] = field(default_factory=list)
    unit_without_level: bool = False  # the unit's own result is missing (its score or facts not entered)

    @property
    def gaps(self) -> bool:
        return bool(self.self_reviews_missing or self.papers_missing or self.unit_without_level)

    @property
    def blocked(self) -> bool:
        return bool(self.no_result or self.awaiting_decision)

    def blocking_problems(self) -> list[tuple[str, str]]:
        problems = []
        if self.awaiting_decision:
            problems.append(("members", f"Chưa gửi được: {len(self.awaiting_decision)} đồng chí cần quyết định mức "
                             f"({', '.join(self.awaiting_decision)}): chi bộ biểu quyết lại rồi ghi quyết định."))
        if self.no_result:
            problems.append(("members", f"Chưa gửi được: {len(self.no_result)} đồng chí chưa có kết quả "
                             f"({', '.join(self.no_result)}): nhập phiếu hoặc điểm cho các đồng chí này."))
        return problems


def _leader(review: MemberReview) -> bool:
    return review.member.category == "2A"


def submission_checklist(reviews: list[MemberReview], unit_level: str | None = None) -> Checklist:
    """`unit_level`: the unit's own proposed level ("" when missing; None: not asked)."""
    checklist = Checklist(unit_without_level=unit_level == "")
    for review in reviews:
        if review.member.exempt or review.result_status == ResultStatus.NOT_RATED:
            continue  # exempt, or not reviewed this year (admitted too recently): nothing to hand in
        name = review.member.full_name
        checklist.members += 1
        if review.result_status == ResultStatus.PENDING:
            checklist.no_result.append(name)
        elif review.result_status == ResultStatus.NEEDS_DECISION:
            checklist.awaiting_decision.append(name)
        elif review.pool_candidate and review.pool_kept is None:
            checklist.awaiting_pool.append(name)
        if review.self_review_status != SelfReviewStatus.SUBMITTED:
            checklist.self_reviews_missing.append(name)
        wanted = [*PAPERS, LEADER_PAPER] if _leader(review) else list(PAPERS)
        missing = [label for attr, label in wanted if not getattr(review, attr)]
        if missing:
            checklist.papers_missing.append((name, missing))
    return checklist
