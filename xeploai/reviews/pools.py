"""The committee's pools (QĐ 366 Điều 11 k.1.5, DOMAIN §3.4a): which members are counted together, the program's
proposal per pool, and the committee's decision.

Under a rule set whose member quota has ``scope: pool`` a cell never applies the quota: a member at HTXS after caps
is a *candidate* (``pool_candidate``), shown to the cell as "đề nghị HTXS" with the pool it belongs to. The deciding
committee (the period's committee) defines the pools (default 2A / 2B / 2C from the members' categories), sees every
candidate of a pool ranked by score with the allowed number, and keeps some: the program's proposal, or another
choice with a written reason per change, never more than allowed. The arithmetic is the engine's (``quota_cut``),
the same that ``manage.py classify`` runs on a pool file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Count, Q

from xeploai.orgs.models import MemberCategory
from xeploai.orgs.tree import subtree_rows
from xeploai.rules.quota import (
    allowed_function,
    allowed_words,
    kept_and_base,
    limit_sentence,
    quota_cut,
    quota_fraction,
)
from xeploai.rules.results import QuotaResult
from xeploai.rules.ruleset_model import POOL, RuleSet

from . import chain
from .models import QuotaPool, ReviewPeriod
from .records import MemberReview, ResultStatus, UnitReview, UnitStatus

DEFAULT_POOLS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("2A", "Cán bộ lãnh đạo, quản lý", ("2A",)),
    ("2B", "Đảng viên công tác trong hệ thống chính trị", ("2B",)),
    ("2C", "Đảng viên ngoài hệ thống chính trị", ("2C",)),
)
POOL_REASON_CODES = ("pool_candidate", "pool_kept", "quota_exceeded")
POOL_FIELDS = ("pool_candidate", "pool_rank", "pool_code", "pool_kept", "pool_note")
CATEGORY_CODES = tuple(MemberCategory.values)


class PoolError(Exception):
    """Bad pools or a refused decision: ``problems`` is a list of (field, Vietnamese message)."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


def uses_pools(ruleset: RuleSet) -> bool:
    quota = ruleset.member.quota
    return quota is not None and quota.scope == POOL


def period_pools(period: ReviewPeriod, committee_id: int | None = None) -> list[QuotaPool]:
    """The deciding committee's pools in the period (default: the period's own committee), or the HD 43 defaults
    (not saved: a page never writes) while none are stored."""
    committee_id = committee_id or period.committee_id
    stored = list(period.pools.filter(committee_id=committee_id))
    if stored:
        return stored
    return [QuotaPool(period=period, committee_id=committee_id, code=code, name=name, categories=list(categories),
                      order=i) for i, (code, name, categories) in enumerate(DEFAULT_POOLS)]


@dataclass
class PoolMap:
    """Which pool each (category, cell) falls in: restricted pools first, in their order, then the others."""

    pools: list[QuotaPool]
    decided: set[int] = field(default_factory=set)  # the units the committee decides (chain.py)
    restricted_units: dict[str, set[int]] = field(default_factory=dict)
    others: set[int] | None = None  # the other units of the period's tree (None: not known)

    def unit_filter(self, period: ReviewPeriod) -> Q:
        """The reviews of the units this committee decides, as the cheapest filter: none when no other unit of the
        tree has a review (a province deciding every cell), else the shorter of the two id lists."""
        others = self.others or set()
        if self.others is not None and not MemberReview.objects.filter(period=period,
                                                                       unit_id__in=sorted(others)).exists():
            return Q()
        if self.others is not None and len(others) < len(self.decided):
            return ~Q(unit_id__in=sorted(others))
        return Q(unit_id__in=sorted(self.decided))

    def pool_for(self, category: str, unit_id: int) -> QuotaPool | None:
        if unit_id not in self.decided:
            return None
        for pool in self.pools:
            if pool.unit_codes and category in pool.categories and unit_id in self.restricted_units[pool.code]:
                return pool
        return next((p for p in self.pools if not p.unit_codes and category in p.categories), None)


def pool_map(period: ReviewPeriod, pools: list[QuotaPool] | None = None, committee_id: int | None = None,
             decided: set[int] | None = None) -> PoolMap:
    """The committee's pools over the units it decides (QĐ 366 Điều 13, the period's chain), with the cells each
    restricted pool covers (a listed unit and everything below it)."""
    committee_id = committee_id or (pools[0].committee_id if pools else None) or period.committee_id
    pools = period_pools(period, committee_id) if pools is None else pools
    if decided is None:
        everyone = chain.deciders(period)
        decided = {unit for unit, decider in everyone.items() if decider == committee_id}
        mapping = PoolMap(pools, decided, others=set(everyone) - decided)
    else:
        mapping = PoolMap(pools, decided)
    restricted = [p for p in pools if p.unit_codes]
    if restricted:
        rows = subtree_rows(committee_id)
        by_code = {row.code: row for row in rows}
        children: dict[int | None, list[int]] = defaultdict(list)
        for row in rows:
            children[row.parent_id].append(row.pk)
        for pool in restricted:
            ids: set[int] = set()
            stack = [by_code[c].pk for c in pool.unit_codes if c in by_code]
            while stack:
                node = stack.pop()
                ids.add(node)
                stack.extend(children[node])
            mapping.restricted_units[pool.code] = ids
    return mapping


# --- the reasons a candidate carries -------------------------------------------------------------------------

def candidate_reasons(reasons: list[dict], pool: QuotaPool | None, kept: bool | None, allowed: int | None = None,
                      note: str = "") -> tuple[str, list[dict]]:
    """(level, reasons) of a candidate: the engine's reasons without earlier pool reasons, plus the pool's own."""
    base = [r for r in reasons if r.get("code") not in POOL_REASON_CODES]
    label = f"nhóm {pool.code} ({pool.name})" if pool is not None else "nhóm chưa xác định"
    if kept is None:
        text = (f"Đề nghị HTXS: chỉ tiêu HTXS do cấp ủy xét chung trong {label} (Quy định 366 Điều 11), "
                "chưa quyết định")
        return "htxs", [*base, {"code": "pool_candidate", "text": text}]
    limit = f" (tối đa {allowed})" if allowed is not None else ""
    why = f"; lý do: {note}" if note else ""
    if kept:
        return "htxs", [*base, {"code": "pool_kept", "text": f"Cấp ủy quyết định giữ HTXS trong {label}{limit}{why}"}]
    text = f"Cấp ủy xét chỉ tiêu HTXS của {label}{limit}: không giữ HTXS, chuyển xuống HTT{why}"
    return "htt", [*base, {"code": "quota_exceeded", "text": text}]


def pool_state(review: MemberReview) -> tuple:
    return tuple(getattr(review, name) for name in POOL_FIELDS)


def _decimal(rank: Fraction | None) -> Decimal | None:
    if rank is None:
        return None
    return (Decimal(rank.numerator) / Decimal(rank.denominator)).quantize(Decimal("0.01"))


def apply_pool_state(review: MemberReview, rank: Fraction | None, pool: QuotaPool | None) -> None:
    """After the cell's classification: a member at HTXS is a candidate of their pool, with the committee's decision
    if it was made in that pool; anyone else is no candidate (an earlier decision no longer applies)."""
    if review.result_status == ResultStatus.RATED and review.level == "htxs":
        review.pool_candidate, review.pool_rank = True, _decimal(rank)
        if pool is None or review.pool_code != pool.code:
            review.pool_code, review.pool_kept, review.pool_note = "", None, ""
        review.level, review.reasons = candidate_reasons(review.reasons, pool, review.pool_kept, note=review.pool_note)
        return
    review.pool_candidate, review.pool_rank = False, None
    review.pool_code, review.pool_kept, review.pool_note = "", None, ""


# --- the program's proposal -----------------------------------------------------------------------------------

@dataclass
class Candidate:
    review_id: int
    member_name: str
    unit_id: int
    unit_name: str
    unit_status: str
    rank: Decimal | None
    kept: bool | None  # the committee's stored decision in this pool (None: not decided here yet)
    note: str
    conditions: str
    proposal: str = ""  # "keep", "drop" or "tie"

    @property
    def decidable(self) -> bool:
        """The committee decides a cell's candidates once the cell has sent its results up, before recognising."""
        return self.unit_status == UnitStatus.SUBMITTED


@dataclass
class PoolView:
    pool: QuotaPool
    fraction: Fraction
    at_htt: int
    base: int
    allowed: int
    proposed_kept: int
    sentence: str
    candidates: list[Candidate]
    limit: int = 0  # allowed(base): what the rounding gives on the base (≥ allowed, which is at most the candidates)
    kept: int = 0
    undecided: int = 0
    tied: list[int] = field(default_factory=list)
    candidate_count: int = 0
    allowed_text: str = ""


def _conditions(row: Mapping) -> str:
    """What made the member a candidate, in a few words: tasks, shortcomings fixed, civil-servant rating."""
    parts = []
    total = row["tasks_total"]
    if total:
        on_time, exceeded = row["tasks_on_time"] or 0, row["tasks_exceeded"] or 0
        parts.append(f"{on_time}/{total} nhiệm vụ đúng hạn, {exceeded} vượt")
    if row["shortcomings_total"]:
        parts.append(f"khắc phục {row['shortcomings_fixed'] or 0}/{row['shortcomings_total']} hạn chế")
    rating = row["civil_servant_rating"]
    if rating and row["member__is_civil_servant"]:
        parts.append(f"công chức, viên chức: {rating.upper()}")
    return "; ".join(parts) or "theo điểm"


_CANDIDATE_FIELDS = (
    "id", "member__full_name", "member__sort_key", "category", "member__is_civil_servant", "unit_id",
    "unit__name", "pool_rank", "pool_code", "pool_kept", "pool_note", "tasks_total", "tasks_on_time",
    "tasks_exceeded", "shortcomings_total", "shortcomings_fixed", "civil_servant_rating",
)


def _pool_counts(period: ReviewPeriod, mapping: PoolMap, base_level: str,
                 categories: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Per pool: members at HTT who are no candidate, non-exempt members, candidates, and the candidates kept and
    decided in that pool. One grouped query (cells × categories × decision states rows, never a row per member)."""
    rated = Q(result_status=ResultStatus.RATED)
    reviews = MemberReview.objects.filter(mapping.unit_filter(period), period=period)
    if categories is not None:
        reviews = reviews.filter(category__in=categories)
    rows = (reviews.values("category", "unit_id", "pool_code", "pool_kept")
            .annotate(htt=Count("id", filter=rated & Q(level=base_level, pool_candidate=False)),
                      size=Count("id", filter=Q(member__exempt=False)),
                      cand=Count("id", filter=rated & Q(pool_candidate=True))))
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        pool = mapping.pool_for(row["category"], row["unit_id"])
        if pool is None:
            continue
        figures = totals[pool.code]
        figures["htt"] += row["htt"]
        figures["size"] += row["size"]
        figures["cand"] += row["cand"]
        if row["pool_code"] == pool.code and row["pool_kept"] is not None:
            figures["decided"] += row["cand"]
            figures["kept"] += row["cand"] if row["pool_kept"] else 0
    return totals


def _candidates(period: ReviewPeriod, mapping: PoolMap, pool: QuotaPool, statuses: dict[int, str]) -> list[Candidate]:
    """The pool's candidates, best first (score, then name): one query over the pool's categories."""
    rows = (MemberReview.objects.filter(mapping.unit_filter(period), period=period, pool_candidate=True,
                                        result_status=ResultStatus.RATED, category__in=list(pool.categories))
            .values(*_CANDIDATE_FIELDS))
    found = []
    for row in rows:
        if mapping.pool_for(row["category"], row["unit_id"]) is not pool:
            continue
        here = row["pool_code"] == pool.code
        found.append(Candidate(
            row["id"], row["member__full_name"], row["unit_id"], row["unit__name"], statuses.get(row["unit_id"], ""),
            row["pool_rank"], row["pool_kept"] if here else None, row["pool_note"] if here else "",
            _conditions(row)))
    found.sort(key=lambda c: (-(c.rank or 0), c.member_name, c.review_id))
    return found


def pool_views(period: ReviewPeriod, ruleset: RuleSet, pools: list[QuotaPool] | None = None,
               detail: bool | str = True, only: str | None = None, committee_id: int | None = None) -> list[PoolView]:
    """Every pool with the allowed number and its counts; with ``detail`` (True: every pool; a code: that pool)
    also its candidates ranked best first with the program's proposal and the ties. A fixed number of queries
    whatever the size: the grouped counts, the cells' statuses, and one query per detailed pool. ``only``: that
    pool alone (its counts read over its own categories)."""
    mapping = pool_map(period, pools, committee_id)
    quota = ruleset.member.quota
    chosen = next((p for p in mapping.pools if p.code == only), None)
    totals = _pool_counts(period, mapping, quota.base_level, list(chosen.categories) if chosen else None)
    statuses = dict(UnitReview.objects.filter(period=period).values_list("unit_id", "status")) if detail else {}
    views = []
    for pool in [chosen] if chosen else mapping.pools:
        figures_in = totals.get(pool.code, {})
        at_htt, size, count = figures_in.get("htt", 0), figures_in.get("size", 0), figures_in.get("cand", 0)
        detailed = detail is True or detail == pool.code
        candidates = _candidates(period, mapping, pool, statuses) if detailed and count else []
        ranks = [(c.review_id, Fraction(c.rank or 0)) for c in candidates]
        if detailed:
            figures, keep, tied = quota_cut(ranks, at_htt, quota, pool.outstanding, size)
        else:  # the figures need only the counts; who is kept needs the ranks
            k, base = kept_and_base(quota, pool.outstanding, size, count, at_htt)
            figures = QuotaResult(quota.level, quota_fraction(quota, pool.outstanding), base, k, k)
            keep, tied = set(), []
        for c in candidates:
            c.proposal = "keep" if c.review_id in keep else "tie" if c.review_id in tied else "drop"
        views.append(PoolView(
            pool, quota_fraction(quota, pool.outstanding), at_htt, figures.base, figures.allowed, figures.kept,
            limit_sentence(quota, pool.outstanding, size, figures.base), candidates,
            limit=allowed_function(quota, pool.outstanding, size)(figures.base), kept=figures_in.get("kept", 0),
            undecided=count - figures_in.get("decided", 0), tied=list(tied), candidate_count=count,
            allowed_text=allowed_words(quota, pool.outstanding, size, figures, count)))
    return views


def allowed_sentence(view: PoolView) -> str:
    """"tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)": the allowed number in words and figures, never a limit on
    the base that the pool cannot reach (``rules.quota.allowed_words``)."""
    return view.allowed_text


# --- writing --------------------------------------------------------------------------------------------------

def _check_pools(rows: Sequence[Mapping], known_units: set[str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    codes: set[str] = set()
    open_categories: dict[str, str] = {}
    restricted: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows):
        code, name = row["code"].strip(), row["name"].strip()
        where = f"Nhóm {i + 1}"
        if not code:
            problems.append((f"pools-{i}-code", f"{where}: mã nhóm là bắt buộc."))
        elif code in codes:
            problems.append((f"pools-{i}-code", f"{where}: mã nhóm «{code}» đã dùng cho nhóm khác."))
        codes.add(code)
        if not name:
            problems.append((f"pools-{i}-name", f"{where}: tên nhóm là bắt buộc."))
        if not row["categories"]:
            problems.append((f"pools-{i}-categories", f"{where}: chọn ít nhất một đối tượng (2A, 2B, 2C)."))
        unknown = [c for c in row["unit_codes"] if c not in known_units]
        if unknown:
            problems.append((f"pools-{i}-unit_codes", f"{where}: không có đơn vị mã {', '.join(unknown)} trong "
                             "đảng bộ này."))
        for category in row["categories"]:
            if row["unit_codes"]:
                for unit in row["unit_codes"]:
                    other = restricted.get((category, unit))
                    if other:
                        problems.append((f"pools-{i}-unit_codes", f"{where}: đối tượng {category} của đơn vị {unit} "
                                         f"đã thuộc nhóm {other}."))
                    restricted[(category, unit)] = code
            elif category in open_categories:
                problems.append((f"pools-{i}-categories", f"{where}: đối tượng {category} đã thuộc nhóm "
                                 f"{open_categories[category]}; mỗi đảng viên chỉ thuộc một nhóm (tách nhóm bằng "
                                 "cách chọn đơn vị)."))
            else:
                open_categories[category] = code
    missing = [c for c in CATEGORY_CODES if c not in open_categories]
    if rows and missing:
        problems.append(("pools", f"Đối tượng {', '.join(missing)} chưa thuộc nhóm nào cho toàn đảng bộ: mỗi đảng "
                         "viên phải thuộc đúng một nhóm."))
    if not rows:
        problems.append(("pools", "Cần ít nhất một nhóm."))
    return problems


def save_pools(period: ReviewPeriod, rows: Sequence[Mapping], *, user,
               committee_id: int | None = None) -> list[QuotaPool]:
    """Replace the period's pools (rename, merge, split, outstanding), all or nothing, each change in the history.
    Decisions already made stay with the pool they were made in: a member whose pool changed is undecided again in
    the new pool."""
    committee_id = committee_id or period.committee_id
    known = {row.code for row in subtree_rows(committee_id)}
    problems = _check_pools(rows, known)
    if problems:
        raise PoolError(problems)
    with transaction.atomic():
        ReviewPeriod.objects.select_for_update().get(pk=period.pk)
        existing = {p.code: p for p in period.pools.filter(committee_id=committee_id)}
        wanted = []
        for i, row in enumerate(rows):
            pool = existing.pop(row["code"].strip(), None) or QuotaPool(period=period, committee_id=committee_id,
                                                                                 code=row["code"].strip())
            new = (row["name"].strip(), list(row["categories"]), list(row["unit_codes"]), bool(row["outstanding"]), i)
            if pool.pk is None or new != (pool.name, pool.categories, pool.unit_codes, pool.outstanding, pool.order):
                pool.name, pool.categories, pool.unit_codes, pool.outstanding, pool.order = new
                pool._change_reason = "Cấp ủy điều chỉnh nhóm xét chỉ tiêu HTXS"
                pool._history_user = user
                pool.save()
            wanted.append(pool)
        for pool in existing.values():
            pool._change_reason = "Cấp ủy gộp hoặc bỏ nhóm xét chỉ tiêu HTXS"
            pool._history_user = user
            pool.delete()
    return wanted


@dataclass(frozen=True)
class Choice:
    kept: bool
    note: str = ""


def save_decisions(period: ReviewPeriod, ruleset: RuleSet, pool_code: str, choices: Mapping[int, Choice] | None,
                   *, user, committee_id: int | None = None) -> int:
    """The committee's decision for one pool: each choice keeps or drops one candidate; a choice other than the
    program's proposal (or any choice at a tie) needs a written reason; the pool never keeps more than allowed;
    only candidates of cells that have sent their results up are decided here. All or nothing. Returns the number
    of members whose result changed. ``choices`` None: the program's proposal for every candidate it can decide."""
    from .services import write_member_rows

    with transaction.atomic():
        ReviewPeriod.objects.select_for_update().get(pk=period.pk)  # one committee decision at a time per period
        views = {v.pool.code: v for v in pool_views(period, ruleset, detail=pool_code, only=pool_code,
                                                             committee_id=committee_id)}
        view = views.get(pool_code)
        if view is None:
            raise PoolError([("pool", f"Không có nhóm «{pool_code}» trong kỳ này.")])
        if choices is None:
            choices = proposal_choices(view)
        by_id = {c.review_id: c for c in view.candidates}
        problems = []
        for review_id, choice in choices.items():
            candidate = by_id.get(review_id)
            if candidate is None:
                problems.append((f"c{review_id}", "Đồng chí này không còn là người được đề nghị HTXS trong nhóm "
                                 f"{pool_code}: tải lại trang."))
                continue
            if not candidate.decidable and choice.kept != candidate.kept:
                problems.append((f"c{review_id}", f"{candidate.member_name} ({candidate.unit_name}): "
                                 + undecidable(candidate.unit_status)))
            differs = candidate.proposal == "tie" or choice.kept != (candidate.proposal == "keep")
            if differs and choice.kept != candidate.kept and not choice.note.strip():
                problems.append((f"c{review_id}-note", f"{candidate.member_name}: ghi lý do vì lựa chọn khác đề xuất "
                                 "của chương trình" + (" (bằng điểm ở vị trí cắt)" if candidate.proposal == "tie"
                                                        else "") + "."))
        kept = sum(1 for c in view.candidates
                   if (choices[c.review_id].kept if c.review_id in choices else bool(c.kept)))
        if kept > view.allowed:
            problems.append(("pool", f"Nhóm {pool_code} được tối đa {view.allowed} đồng chí HTXS "
                             f"({allowed_sentence(view)}); lựa chọn này giữ {kept}."))
        if problems:
            raise PoolError(problems)
        ids = [rid for rid, choice in choices.items() if choice.kept != by_id[rid].kept
               or (choice.note.strip()[:300] != by_id[rid].note)]
        rows = list(MemberReview.objects.select_for_update().filter(pk__in=ids))
        for row in rows:
            choice = choices[row.pk]
            row.pool_code, row.pool_kept, row.pool_note = pool_code, choice.kept, choice.note.strip()[:300]
            row.level, row.reasons = candidate_reasons(row.reasons, view.pool, choice.kept, view.allowed,
                                                       row.pool_note)
        verdict = ", ".join(sorted({("giữ HTXS" if choices[r.pk].kept else "không giữ HTXS") for r in rows}))
        write_member_rows(rows, ["pool_code", "pool_kept", "pool_note", "level", "reasons"], user,
                          f"Cấp ủy quyết định chỉ tiêu HTXS nhóm {pool_code}: {verdict}")
    return len(rows)


def undecidable(status: str) -> str:
    """Why the committee cannot decide this candidate here (yet)."""
    if status == UnitStatus.RECOGNISED:
        return "kết quả đã công nhận; chỉ thay đổi được bằng hủy kết quả và xếp loại lại (mẫu 03)."
    return "chi bộ chưa gửi kết quả lên; cấp ủy quyết định sau khi chi bộ gửi."


def proposal_choices(view: PoolView) -> dict[int, Choice]:
    """The program's proposal for every decidable candidate not at a tie (the "keep the proposal" button)."""
    return {c.review_id: Choice(c.proposal == "keep") for c in view.candidates
            if c.decidable and c.proposal != "tie"}


def reasoned_decisions(period: ReviewPeriod, units: set[int]):
    """The committee's decisions that carry a written reason, in name order (for the summary and the workbook)."""
    return (MemberReview.objects.filter(period=period, pool_candidate=True, pool_kept__isnull=False,
                                        unit_id__in=sorted(units))
            .exclude(pool_note="").order_by("pool_code", "member__sort_key")
            .values("member__full_name", "category", "unit_id", "unit__name", "pool_code", "pool_kept",
                    "pool_note"))


def unit_codes_of(period: ReviewPeriod, committee_id: int | None = None) -> list:
    """The units a pool may be restricted to: the committee's subtree below it."""
    return list(subtree_rows(committee_id or period.committee_id)[1:])


def decides_pools(period: ReviewPeriod, ruleset: RuleSet, unit_id: int) -> bool:
    """Whether this unit runs pools in the period: a pool rule set, and the chain gives it units to decide."""
    return uses_pools(ruleset) and bool(chain.decided_by(period, unit_id))
