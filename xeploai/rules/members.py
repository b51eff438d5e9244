"""Member classification before the quota (DOMAIN §3.1–§3.3): who is classified, the vote or score basis, the caps.

Vote basis (000 §IV.2.2): N is ``voters_total`` when given, else the official, non-exempt members of the scenario
(absent ones included). A level passes when its count is > threshold × N (``gt``) or ≥ threshold × N (``gte``),
compared exactly: 2/3 of 16 is 32/3, so 11 passes and 10 does not; exactly 2/3 never passes under ``gt``. With
accumulation the count for a level adds the ballots for every better level, down to ``ht``; ``kht`` never
accumulates. No level passing → ``needs_decision`` (``no_majority``): the cell votes again.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from .caps import apply_caps, member_caps
from .levels import rank, short
from .results import EXEMPT, NEEDS_DECISION, NOT_RATED, RATED, MemberResult, Reason
from .ruleset_model import GT, SCORE, MemberRules, RuleSet, VoteThreshold
from .scenario import MemberInput, Votes
from .scoring import Basis, score_basis
from .text import vote_sentence


def add_months(day: date, months: int) -> date:
    """Calendar month addition, clamped to the month's end: 31/08 + 6 months = 28/02 (29/02 in a leap year)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_new_member(member: MemberInput, review_date: date | None, months: int) -> bool:
    """000 §II.1.1.b: admitted less than ``months`` months before the review; exactly 6 months to the day is enough.
    Without an admission date or a review date the member counts as long-standing (the favourable default)."""
    if member.admitted_on is None or review_date is None:
        return False
    return add_months(member.admitted_on, months) > review_date


def vote_base(members: Sequence[MemberInput], voters_total: int | None) -> int:
    """N: ``voters_total`` when given, else the official members who are not exempt (absent ones included)."""
    if voters_total is not None:
        return voters_total
    return sum(1 for m in members if m.official and not m.exempt)


def _count(votes: Votes, level: str, rules: MemberRules) -> int:
    """Ballots for ``level``, plus those for every better level when accumulating; the weakest never accumulates."""
    if not rules.votes or not rules.votes.accumulate or level == rules.levels[-1]:
        return votes.count(level)
    return sum(votes.count(better) for better in rules.levels[:-1] if rank(better) <= rank(level))


def _passes(count: int, threshold: VoteThreshold, base: int) -> bool:
    """Exact: ``gt`` strictly more than fraction × N, ``gte`` at least."""
    limit = threshold.fraction * base
    return count > limit if threshold.comparison == GT else count >= limit


def _sentence(votes: Votes, threshold: VoteThreshold, rules: MemberRules, base: int) -> str:
    level = threshold.level
    accumulated = bool(rules.votes and rules.votes.accumulate) and level not in (rules.levels[0], rules.levels[-1])
    count = _count(votes, level, rules)
    return vote_sentence(level, count, base, threshold.fraction, threshold.comparison, accumulated)


def _no_majority(text: str) -> Basis:
    return Basis(NEEDS_DECISION, None, (Reason("no_majority", text),))


def vote_basis(votes: Votes | None, rules: MemberRules, base: int) -> Basis:
    """The best level from the top down to ``ht`` whose count passes; else the weakest if its own count passes;
    else no majority (the cell votes again)."""
    if votes is None:
        return _no_majority("Chưa có kết quả biểu quyết: chi bộ biểu quyết")
    if base == 0:
        return _no_majority("Không có đảng viên chính thức biểu quyết: chưa xếp loại được")
    thresholds = rules.votes.thresholds if rules.votes else ()
    weakest = rules.levels[-1]
    ordered = [t for t in thresholds if t.level != weakest] + [t for t in thresholds if t.level == weakest]
    failed: list[str] = []
    for threshold in ordered:
        sentence = _sentence(votes, threshold, rules, base)
        if _passes(_count(votes, threshold.level, rules), threshold, base):
            text = f"Đạt {short(threshold.level)}: {sentence}" + (f". Chưa đạt: {'; '.join(failed)}" if failed else "")
            return Basis(RATED, threshold.level, (Reason("vote_threshold", text),))
        failed.append(sentence)
    return _no_majority(f"Không mức nào đủ phiếu: {'; '.join(failed)}. Chi bộ biểu quyết lại")


def _basis(member: MemberInput, ruleset: RuleSet, base: int) -> Basis:
    rules = ruleset.member
    return score_basis(member, rules) if rules.basis == SCORE else vote_basis(member.votes, rules, base)


def _rank_value(member: MemberInput, ruleset: RuleSet) -> Fraction | None:
    """What the quota ranks by: the member's htxs ballots (vote basis) or the approved score (score basis)."""
    if ruleset.member.basis == SCORE:
        return member.score
    return Fraction(member.votes.htxs) if member.votes is not None else Fraction(0)


def new_member_sentence(member: MemberInput, ruleset: RuleSet) -> str:
    """Why a new member has no level; under QĐ 366 (``new_members_reviewed`` off) they are not reviewed at all."""
    months = ruleset.member.new_member_months
    admitted = f"Kết nạp ngày {member.admitted_on:%d/%m/%Y}" if member.admitted_on else "Kết nạp"
    if ruleset.member.new_members_reviewed:
        return f"{admitted}, chưa đủ {months} tháng: kiểm điểm nhưng chưa xếp loại"
    return f"{admitted}, chưa đủ {months} tháng: chưa kiểm điểm, không xếp loại"


def classify_member(
    member: MemberInput,
    unit_level: str | None,
    ruleset: RuleSet,
    review_date: date | None,
    base: int,
    unit_name: str = "",
) -> MemberResult:
    """One member before the quota: exempt, not rated (new member), needs a decision, or rated after caps."""
    if member.exempt:
        return MemberResult(
            member.id,
            EXEMPT,
            reasons=(
                Reason(
                    "exempt", "Miễn công tác và sinh hoạt đảng hoặc đình chỉ sinh hoạt: không kiểm điểm, không tính"
                ),
            ),
        )
    if is_new_member(member, review_date, ruleset.member.new_member_months):
        return MemberResult(member.id, NOT_RATED, reasons=(Reason("new_member", new_member_sentence(member, ruleset)),))
    basis = _basis(member, ruleset, base)
    if basis.status != RATED or basis.level is None:
        return MemberResult(member.id, NEEDS_DECISION, None, None, basis.reasons, _rank_value(member, ruleset))
    level, cap_reasons = apply_caps(basis.level, member_caps(member, ruleset, unit_level, unit_name))
    return MemberResult(member.id, RATED, level, basis.level, basis.reasons + cap_reasons, _rank_value(member, ruleset))


def classify_members(
    members: Sequence[MemberInput],
    unit_level: str | None,
    ruleset: RuleSet,
    review_date: date | None,
    voters_total: int | None,
) -> tuple[MemberResult, ...]:
    """Every member before the quota, in input order. ``unit_level`` (given or computed) feeds ``cap_leader_unit``;
    None means unknown, and then that cap does not apply."""
    base = vote_base(members, voters_total)
    return tuple(classify_member(m, unit_level, ruleset, review_date, base) for m in members)
