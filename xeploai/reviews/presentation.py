"""What the review pages show, computed once from rows already read (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xeploai.rules.levels import MEMBER_LABELS, ORG_LABELS, SHORT_LABELS

from .records import MemberReview, ResultStatus
from .selectors import member_score


@dataclass(frozen=True)
class RulesetInfo:
    code: str
    score_basis: bool
    member_levels: tuple[str, ...]
    org_levels: tuple[str, ...]
    new_members_reviewed: bool = True  # QĐ 366 leaves members admitted less than 6 months out of the review

    @property
    def top_org_level(self) -> str:
        return self.org_levels[0] if self.org_levels else "htxs"


def ruleset_info(ruleset) -> RulesetInfo:
    params = ruleset.params or {}
    member, org = params.get("member", {}), params.get("organisation", {})
    return RulesetInfo(
        code=ruleset.code, score_basis=member.get("basis") == "score",
        member_levels=tuple(member.get("levels", ("htxs", "htt", "ht", "kht"))),
        org_levels=tuple(org.get("levels", ("htxs", "htt", "ht", "kht"))),
        new_members_reviewed=member.get("new_members_reviewed", True) is not False,
    )


def level_label(code: str, organisation: bool = False) -> str:
    labels = ORG_LABELS if organisation else MEMBER_LABELS
    return labels.get(code, code) if code else ""


def short_label(code: str) -> str:
    return SHORT_LABELS.get(code, code) if code else "—"


def score_source(review: MemberReview) -> str:
    """Whose figure the member's score is (tự chấm → chi bộ đề nghị → cấp trên thẩm định)."""
    if review.approved_score is not None:
        return "cấp trên thẩm định"
    return "chi bộ đề nghị" if review.cell_score is not None else "tự chấm"


def papers(review: MemberReview, leader: bool) -> tuple[int, int, list[tuple[str, bool]]]:
    """Papers handed in (003 §III.1, QĐ 366 Điều 17): the asset declaration only for leaders."""
    items = [("Bản tự kiểm điểm", review.paper_self_review),
             ("Nhận xét nơi cư trú", review.paper_residence_comment),
             ("Phiếu bổ sung lý lịch", review.paper_cv_supplement)]
    if leader:
        items.append(("Kê khai tài sản", review.paper_asset_declaration))
    return sum(1 for _, done in items if done), len(items), items


def cell_rows(reviews: Sequence[MemberReview], info: RulesetInfo) -> list[dict[str, Any]]:
    rows = []
    for review in reviews:
        member = review.member
        leader = member.category == "2A"
        done, total, items = papers(review, leader)
        rows.append({
            "review": review, "member": member, "leader": leader, "papers_done": done, "papers_total": total,
            "papers": items, "level": review.final_level, "level_short": short_label(review.final_level),
            "basis_short": short_label(review.basis_level), "needs_decision":
                review.result_status == ResultStatus.NEEDS_DECISION,
            "votes": [review.votes_htxs, review.votes_htt, review.votes_ht, review.votes_kht]
            if review.votes_entered else None,
            "score": member_score(review),  # the figure the engine uses: checked, else the cell's, else own
            "score_checked": review.approved_score is not None,
            "score_source": score_source(review),
        })
    return rows


def quota_words(member_quota: dict | None, reviews: Sequence[MemberReview]) -> str:
    """"Được tối đa 3 đồng chí HTXS, đang đề xuất 4" from the stored quota and the results."""
    if not member_quota:
        return ""
    level = short_label(member_quota["level"])
    moved = sum(1 for r in reviews if any(reason.get("code") in ("quota_exceeded", "quota_tie")
                                          for reason in r.reasons or []))
    proposed = member_quota["kept"] + moved
    text = f"Được tối đa {member_quota['allowed']} đồng chí {level}, đang đề xuất {proposed}"
    if proposed > member_quota["kept"]:
        text += f"; giữ {member_quota['kept']}, còn lại chuyển mức hoặc chờ quyết định"
    return text + "."


def milestone_rows(milestones, today: date, finished: bool = False) -> list[dict[str, Any]]:
    """Each step with days left; due today is not late. A unit whose results are recognised is done with all."""
    rows = []
    for milestone in milestones:
        if finished:
            rows.append({"milestone": milestone, "state": "done", "words": "đã xong"})
            continue
        left = (milestone.due - today).days
        if left < 0:
            state, words = "late", f"quá hạn {-left} ngày"
        elif milestone.start > today:
            state, words = "upcoming", f"bắt đầu sau {(milestone.start - today).days} ngày"
        else:
            state, words = "open", "hạn hôm nay" if left == 0 else f"còn {left} ngày"
        rows.append({"milestone": milestone, "state": state, "words": words})
    return rows
