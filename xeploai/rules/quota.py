"""The quotas (DOMAIN §3.4, §2): members at ``htxs`` limited by those at ``htt``, and the same for sub-units.

allowed(b) = ⌊fraction × b⌋ (rounding down: 15 % of 23 = 3,45 → 3; with ``rounding`` "half_up" 1,6 → 2), or the
small-unit number where the rule set's small-unit rule applies. Those moved down join the base, so the number kept
is the largest k ≤ |C| with k ≤ allowed(H + |C| − k); with ``base`` "htt_and_above" the base is H + |C| whatever k.
Candidates are ranked by htxs ballots or score, best first. When the k-th and (k+1)-th rank equal, everyone tied at
that value needs a decision (``quota_tie``): the program never picks. The same function serves one cell and one
committee pool of many cells (§3.4a): it only sees results with unique ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

from .exact import floor_of
from .levels import short
from .results import NEEDS_DECISION, MemberResult, QuotaResult, Reason, SubUnitQuotaResult
from .ruleset_model import BASE_HTT_AND_ABOVE, HALF_UP, Quota, RuleSet
from .scenario import SubUnit
from .text import format_number, format_percent


def quota_fraction(quota: Quota, outstanding: bool) -> Fraction:
    """The fraction used: the larger one for an outstanding unit (000 §IV.2.2.a: 20 % instead of 15 %)."""
    return quota.outstanding_fraction if outstanding else quota.fraction


def rounded(quota: Quota, value: Fraction) -> int:
    """fraction × b as a whole number: down (``floor``), or 0,5 and more up (``half_up``)."""
    return floor_of(value + Fraction(1, 2)) if quota.rounding == HALF_UP else floor_of(value)


def allowed_function(quota: Quota, outstanding: bool, unit_size: int) -> Callable[[int], int]:
    """allowed(b). Small-unit rule: ``members`` when the unit has fewer than ``below`` non-exempt members
    (000: "chi bộ có dưới 07 đảng viên … không quá 01"); ``base`` when b is below ``below``
    (001: "dưới 05 … chọn 01")."""
    fraction, small = quota_fraction(quota, outstanding), quota.small_unit

    def allowed(base: int) -> int:
        if small is not None and small.measure == "members" and unit_size < small.below:
            return small.allowed
        if small is not None and small.measure == "base" and base < small.below:
            return small.allowed
        return rounded(quota, fraction * base)

    return allowed


def largest_kept(candidates: int, others: int, allowed: Callable[[int], int], fixed_base: bool = False) -> int:
    """The largest k ≤ ``candidates`` with k ≤ allowed(others + candidates − k), or k ≤ allowed(others + candidates)
    when ``fixed_base`` (base "htt_and_above"); 0 always qualifies."""
    if fixed_base:
        return min(candidates, allowed(others + candidates))
    return max(k for k in range(candidates + 1) if k <= allowed(others + candidates - k))


def quota_base(quota: Quota, candidates: int, others: int, kept: int) -> int:
    """The base b the figures show: H + |C| − k, or H + |C| with base "htt_and_above"."""
    return others + candidates - (0 if quota.base == BASE_HTT_AND_ABOVE else kept)


def kept_and_base(quota: Quota, outstanding: bool, unit_size: int, candidates: int, others: int) -> tuple[int, int]:
    """The largest k of §3.4 and the base b it was counted on."""
    allowed = allowed_function(quota, outstanding, unit_size)
    k = largest_kept(candidates, others, allowed, quota.base == BASE_HTT_AND_ABOVE)
    return k, quota_base(quota, candidates, others, k)


def limit_sentence(quota: Quota, outstanding: bool, unit_size: int, base: int) -> str:
    """How allowed(base) comes about, e.g. "15 % của 23 = 3,45, làm tròn xuống 3"."""
    allowed = allowed_function(quota, outstanding, unit_size)(base)
    fraction = quota_fraction(quota, outstanding)
    if allowed != rounded(quota, fraction * base):
        return f"đơn vị nhỏ: được chọn {allowed}"
    how = "làm tròn (từ 0,5 trở lên)" if quota.rounding == HALF_UP else "làm tròn xuống"
    return f"{format_percent(fraction)} của {base} = {format_number(fraction * base)}, {how} {allowed}"


def quota_sentence(quota: Quota, outstanding: bool, unit_size: int, figures: QuotaResult) -> str:
    """Why no more than ``figures.allowed`` are kept, with numbers that agree with the figures: the limit on the
    base shown when it gives exactly that number; otherwise (those moved down join the base) what keeping one more
    would leave: "giữ 1 người thì cơ số còn 4 HTT (20 % của 4 = 0,8, làm tròn xuống 0)"."""
    base_level = short(quota.base_level)
    head = f"chỉ giữ được {figures.allowed} người"
    allowed = allowed_function(quota, outstanding, unit_size)
    if allowed(figures.base) == figures.allowed or quota.base == BASE_HTT_AND_ABOVE:
        limit = limit_sentence(quota, outstanding, unit_size, figures.base)
        return f"{head}, cơ số {figures.base} {base_level} ({limit})"
    more, smaller = figures.allowed + 1, figures.base - 1
    return (
        f"{head}: giữ {more} người thì cơ số còn {smaller} {base_level} "
        f"({limit_sentence(quota, outstanding, unit_size, smaller)}, ít hơn {more})"
    )


def allowed_words(quota: Quota, outstanding: bool, unit_size: int, figures: QuotaResult, candidates: int) -> str:
    """The most who may keep the level, with numbers that agree with ``figures.allowed``:
    "tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)"; when the limit on the base is higher, why fewer are kept:
    every candidate already fits, or keeping one more would shrink the base below it."""
    allowed = allowed_function(quota, outstanding, unit_size)
    k = figures.allowed
    on_base = limit_sentence(quota, outstanding, unit_size, figures.base)
    if candidates == 0:
        return f"chưa có đồng chí nào được đề nghị ({on_base})"
    if allowed(figures.base) == k:
        return f"tối đa {k} ({on_base})"
    if k == candidates:
        return f"tối đa {k}: cả {candidates} đồng chí được đề nghị đều trong chỉ tiêu ({on_base})"
    more, smaller = k + 1, figures.base - 1
    return (f"tối đa {k}: giữ {more} thì cơ số còn {smaller} "
            f"({limit_sentence(quota, outstanding, unit_size, smaller)}, ít hơn {more})")


def _move_down(result: MemberResult, level: str, quota: QuotaResult, why: str) -> MemberResult:
    text = f"Vượt chỉ tiêu {short(quota.level)}: {why}; chuyển xuống {short(level)}"
    return replace(result, level=level, reasons=(*result.reasons, Reason("quota_exceeded", text)))


def _tie(result: MemberResult, quota: QuotaResult, tied: int) -> MemberResult:
    value = format_number(result.rank or 0)
    text = (
        f"Bằng nhau ở vị trí cắt chỉ tiêu {short(quota.level)} ({tied} người cùng {value}), "
        f"còn {quota.allowed - quota.kept} suất: chi bộ hoặc cấp có thẩm quyền quyết định"
    )
    return replace(result, status=NEEDS_DECISION, level=None, reasons=(*result.reasons, Reason("quota_tie", text)))


def quota_cut(
    ranked: Sequence[tuple[str | int, Fraction]], others: int, quota: Quota, outstanding: bool, unit_size: int
) -> tuple[QuotaResult, set[str | int], list[str | int]]:
    """§3.4 on candidates given as (id, rank) best first and ``others`` members at the base level: the figures, the
    ids kept and the ids tied at the cut. One cell and one committee pool (§3.4a) both come here."""
    k, base = kept_and_base(quota, outstanding, unit_size, len(ranked), others)
    cut = ranked[k][1] if 0 < k < len(ranked) and ranked[k - 1][1] == ranked[k][1] else None
    keep = {rid for rid, rank in ranked[:k] if cut is None or rank > cut}
    tied = [rid for rid, rank in ranked if cut is not None and rank == cut]
    return QuotaResult(quota.level, quota_fraction(quota, outstanding), base, k, len(keep)), keep, tied


def apply_member_quota(
    results: Sequence[MemberResult], ruleset: RuleSet, outstanding: bool, unit_size: int
) -> tuple[tuple[MemberResult, ...], QuotaResult | None]:
    """Apply the member quota to rated members; returns the results (input order kept) and the quota figures.
    ``unit_size`` is the number of non-exempt members, classified or not (for the "members" small-unit rule)."""
    quota = ruleset.member.quota
    if quota is None:
        return tuple(results), None
    rated = [r for r in results if r.is_rated]
    candidates = sorted((r for r in rated if r.level == quota.level), key=lambda r: r.rank or 0, reverse=True)
    others = sum(1 for r in rated if r.level == quota.base_level)
    ranked = [(r.id, r.rank or Fraction(0)) for r in candidates]
    figures, keep, tied = quota_cut(ranked, others, quota, outstanding, unit_size)
    why = quota_sentence(quota, outstanding, unit_size, figures)
    updates = {
        r.id: _tie(r, figures, len(tied)) if r.id in tied else _move_down(r, quota.base_level, figures, why)
        for r in candidates
        if r.id not in keep
    }
    return tuple(updates.get(r.id, r) for r in results), figures


def sub_unit_quota(
    sub_units: Sequence[SubUnit] | None, ruleset: RuleSet, outstanding: bool
) -> SubUnitQuotaResult | None:
    """The organisation quota over the sub-units (DOMAIN §2, decision 7); None without sub-units or quota.
    ``flag``: at most allowed(units at the level) may have the honour (000 §IV.2.1.a: "tiêu biểu" ≤ 20 % of TSVM).
    ``level``: P units at the level, H at the base level; allowed = largest k ≤ H + P with k ≤ allowed(H + P − k)."""
    quota = ruleset.organisation.quota
    if not sub_units or quota is None:
        return None
    at_level = [s for s in sub_units if s.level == quota.level]
    allowed = allowed_function(quota, outstanding, len(sub_units))
    if quota.kind == "flag":
        proposed = sum(1 for s in at_level if s.exemplary)
        return SubUnitQuotaResult(quota.level, allowed(len(at_level)), proposed, proposed <= allowed(len(at_level)))
    base = sum(1 for s in sub_units if s.level == quota.base_level)
    limit = largest_kept(base + len(at_level), 0, allowed, quota.base == BASE_HTT_AND_ABOVE)
    return SubUnitQuotaResult(quota.level, limit, len(at_level), len(at_level) <= limit)
