"""Writes of the review, each in one transaction: rosters, self-reviews, tallies, scores, classification, decisions.

Every service takes the user, locks the unit's review row (and the rows it changes), asks the policy (policy.py)
about the review's own unit, checks the business rule (pure functions in xeploai.rules), writes, and re-classifies
the unit in the same transaction: a killed worker leaves either all of it or none. Every change is kept in the
history (django-simple-history) with the user and the reason. Nothing here runs on a page read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from xeploai.orgs.models import Member, Organization
from xeploai.rules.engine import classify, classify_before_quota, member_json, result_to_dict, unit_json
from xeploai.rules.presets import PRESETS
from xeploai.rules.ruleset import RuleSet, parse_ruleset
from xeploai.rules.scenario import parse_scenario
from xeploai.rules.tally import TallyRow, validate_tally

from . import chain, permissions, pools, selectors
from .definitions import final_level
from .models import ReviewPeriod
from .policy import Action
from .records import MemberReview, ResultStatus, SelfReviewStatus, UnitReview, UnitStatus

VOTE_FIELDS = ("votes_htxs", "votes_htt", "votes_ht", "votes_kht")
NEW_MEMBER_NOT_REVIEWED = ("Đồng chí kết nạp chưa đủ 6 tháng: theo Quy định 366 (Điều 5 khoản 2.1) chưa tham gia kiểm "
                           "điểm năm nay, không viết bản tự kiểm điểm, không nộp hồ sơ.")


class ReviewError(Exception):
    """A business rule refused the write; `problems` are (field, Vietnamese message) pairs, all of them."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


class StaleData(ReviewError):
    """Someone else saved the same sheet since this one was opened."""


class Refused(ReviewError):
    """The policy (policy.py) refused the action in the review's status; `forbidden`: the user's role never may."""

    def __init__(self, reason: str, forbidden: bool = False) -> None:
        super().__init__([("status", reason)])
        self.reason, self.forbidden = reason, forbidden


def find_unit_review(period: ReviewPeriod, unit: Organization) -> UnitReview:
    """The unit's review as stored, or an unsaved one (status "not opened") when the period is not open for it."""
    found = UnitReview.objects.filter(period=period, unit=unit).first()
    return found if found is not None else UnitReview(period=period, unit=unit)


def _why(text: str) -> str:
    """The history's change reason (a 100-character column): the full text is kept in its own field."""
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:99] + "…"


def _lock_unit_review(period: ReviewPeriod, unit: Organization) -> UnitReview | None:
    found = UnitReview.objects.select_for_update().filter(period=period, unit=unit).first()
    if found is not None:
        found.unit = unit
    return found


def _require(user, action: Action, unit_review: UnitReview | None, unit: Organization, member=None) -> None:
    try:
        permissions.require(user, action, unit_review, unit, member)
    except permissions.Refused as refusal:
        raise Refused(refusal.reason, forbidden=refusal.forbidden) from None


def missing_members(period: ReviewPeriod, unit: Organization):
    """Active members of the unit admitted by the review date who have no review in this period yet."""
    return Member.objects.filter(unit=unit, active=True, admitted_on__lte=period.review_date).exclude(
        reviews__period=period
    )


def _create_unit_review(period: ReviewPeriod, unit: Organization, user) -> None:
    created = UnitReview(period=period, unit=unit)
    created._change_reason, created._history_user = "Mở kỳ kiểm điểm", user
    try:
        with transaction.atomic():  # a savepoint: another opener may have inserted it a moment ago
            created.save()
    except IntegrityError:
        pass


def open_period(*, period: ReviewPeriod, units: Sequence[Organization], user) -> tuple[int, int]:
    """Open the period for the units (the committee for its whole subtree, or a cell for itself): each gets its
    review record, every active member admitted by the review date a row, and the first results; in one
    transaction, each row with its creation in the history. Opening again adds members who joined since.

    Units whose review has gone up (submitted, recognised) are left as they are. Returns (units, members added).
    """
    opened = added = 0
    with transaction.atomic():
        for unit in units:
            unit_review = _lock_unit_review(period, unit)
            if not permissions.decide(user, Action.OPEN, unit_review, unit):
                if len(units) == 1:
                    _require(user, Action.OPEN, unit_review, unit)
                continue
            if unit_review is None:
                _create_unit_review(period, unit, user)
                unit_review = _lock_unit_review(period, unit)  # a second opener waits here, then adds nothing
            rows = [MemberReview(period=period, member=m, unit=unit, category=m.category)
                    for m in missing_members(period, unit)]
            if rows:
                created = MemberReview.objects.bulk_create(rows)
                MemberReview.history.bulk_history_create(
                    created, default_user=user, default_change_reason="Đưa vào danh sách kỳ kiểm điểm"
                )
            _classify_in_transaction(period, unit_review, user, "Xếp loại theo số liệu khi mở kỳ")
            opened, added = opened + 1, added + len(rows)
    return opened, added


def _ruleset_params(period: ReviewPeriod) -> dict[str, Any]:
    params = period.ruleset.params or PRESETS.get(period.ruleset.code, {})
    return {**params, "code": period.ruleset.code}


@lru_cache(maxsize=64)
def _parsed(text: str) -> RuleSet:
    return parse_ruleset(json.loads(text))


def parsed_ruleset(period: ReviewPeriod) -> RuleSet:
    """The period's rule set as the engine's typed object, parsed once per version of its parameters (the cache is
    keyed by their text, so an administrator's edit is seen at once), not on every save."""
    return _parsed(json.dumps(_ruleset_params(period), sort_keys=True, default=str))


RESULT_FIELDS = ["result_status", "level", "basis_level", "reasons", "classified_at", "category", *pools.POOL_FIELDS]


def _set_member_results(reviews: list[MemberReview], results: list[dict[str, Any]],
                        pool_of: Any = None) -> list[MemberReview]:
    """Put the results on the rows; returns the rows whose result changed. ``pool_of(review)`` gives a candidate's
    pool under a ``pool`` rule set (None otherwise): there the cell proposes HTXS and the committee decides."""
    by_id = {review.pk: review for review in reviews}
    now, changed = timezone.now(), []
    for result in results:
        review = by_id[result["id"]]
        before = (review.result_status, review.level, review.basis_level, review.reasons, review.category,
                  pools.pool_state(review))
        review.result_status, review.level, review.basis_level, review.reasons = _stored_result(review, result)
        review.category = review.member.category  # the category of the period's review follows the roster
        if pool_of is not None:
            pools.apply_pool_state(review, result.get("rank"), pool_of(review))
        if before != (review.result_status, review.level, review.basis_level, review.reasons, review.category,
                      pools.pool_state(review)):
            review.classified_at = now
            changed.append(review)
    return changed


def write_member_rows(rows: list[MemberReview], fields: list[str], user, reason: str) -> None:
    """Write the fields of the rows with one prepared UPDATE run for every row, plus a history row each.

    Django's bulk_update builds a CASE expression per field and row, which costs more Python time than the
    database spends; an executemany of one plain statement is several times cheaper for a cell's 5 to 80 rows.
    """
    if not rows or not fields:
        return
    meta, quote = MemberReview._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "
        + ", ".join(f"{quote(f.column)} = %s" for f in columns)
        + f" WHERE {quote(meta.pk.column)} = %s"
    )
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    copy_history(rows, user, reason)


HISTORY_CHUNK = 2000  # ids per INSERT … SELECT (far below SQLite's 32,766 variables)


def copy_history(rows: list[MemberReview], user, reason: str) -> None:
    """A history row per member review as the database now holds it ("~" change, this user and reason), copied in
    SQL: the same row django-simple-history writes, without building thousands of model objects in Python (a pool
    decision writes every candidate of a province's pool)."""
    history = MemberReview.history.model
    quote, meta = connection.ops.quote_name, MemberReview._meta
    tracked = [f for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    source = {f.attname: f.column for f in meta.concrete_fields}
    columns = ", ".join(quote(f.column) for f in tracked)
    selected = ", ".join(quote(source[f.attname]) for f in tracked)
    now = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    user_id = getattr(user, "pk", None)
    ids = [row.pk for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), HISTORY_CHUNK):
            chunk = ids[start:start + HISTORY_CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_change_reason, "
                f"history_type, history_user_id) SELECT {selected}, %s, %s, %s, %s FROM {quote(meta.db_table)} "
                f"WHERE {quote(meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, reason[:100], "~", user_id, *chunk])


def _classify_rows(period: ReviewPeriod, unit_review: UnitReview, reviews: list[MemberReview]):
    """Run the engine on rows already in memory; sets member results and the unit's result on the objects.

    Under a ``pool`` rule set the cell's quota is not applied (QĐ 366 Điều 11 k.1.5): candidates keep HTXS as a
    proposal, or the committee's decision stored on the row. Returns the result JSON and the member rows whose
    result changed (nothing is written here).
    """
    sub_units = selectors.sub_unit_reviews(period, unit_review.unit)
    scenario = parse_scenario(selectors.scenario(period, unit_review, reviews, sub_units))
    ruleset = parsed_ruleset(period)
    pool_of = None
    if pools.uses_pools(ruleset):
        members, unit = classify_before_quota(scenario, ruleset)
        result = {"members": [member_json(m) | {"rank": m.rank} for m in members], "unit": unit_json(unit),
                  "member_quota": None}
        decider = chain.deciding_committee_id(period, unit_review.unit)
        mapping = (pools.pool_map(period, committee_id=decider, decided={unit_review.unit_id}) if decider
                   else pools.PoolMap([]))
        pool_of = lambda review: mapping.pool_for(review.category, review.unit_id)  # noqa: E731
    else:
        result = result_to_dict(classify(scenario, ruleset))
    changed = _set_member_results(reviews, result["members"], pool_of)
    unit_result = result["unit"] or {"level": None, "reasons": []}
    unit_review.level, unit_review.reasons = unit_result["level"] or "", unit_result["reasons"]
    unit_review.member_quota = result["member_quota"]
    return result, changed


def _stored_result(review: MemberReview, result: dict[str, Any]) -> tuple[str, str, str, list]:
    """(status, level, basis level, reasons) to store: the engine's result, a recorded decision where the engine
    asks for one, or "pending" while nothing has been entered for the member."""
    status, level, basis, reasons = (
        result["status"],
        result["level"] or "",
        result["basis_level"] or "",
        result["reasons"],
    )
    if status == ResultStatus.NEEDS_DECISION and review.decision_level:
        note = review.decision_note or "chi bộ biểu quyết lại / cấp có thẩm quyền quyết định"
        text = f"Quyết định: {review.get_decision_level_display()} ({note})"
        return ResultStatus.RATED, review.decision_level, basis, [*reasons, {"code": "decision", "text": text}]
    if _no_input_yet(review, result):
        return ResultStatus.PENDING, level, basis, reasons
    return status, level, basis, reasons


def _no_input_yet(review: MemberReview, result: dict[str, Any]) -> bool:
    """No votes and no score entered yet: the member is not classified yet rather than awaiting a decision."""
    return (
        result["status"] == ResultStatus.NEEDS_DECISION
        and not review.votes_entered
        and review.approved_score is None
        and review.self_score_total is None
    )


def _classify_in_transaction(period: ReviewPeriod, unit_review: UnitReview, user, reason: str) -> dict[str, Any]:
    """Run the engine on the unit's rows, locked in the caller's transaction, and store every result that changed."""
    rows = selectors.member_reviews(period, unit_review.unit, lock=True)
    result, changed = _classify_rows(period, unit_review, rows)
    write_member_rows(changed, RESULT_FIELDS, user, reason)
    UnitReview.objects.filter(pk=unit_review.pk).update(
        level=unit_review.level, reasons=unit_review.reasons, member_quota=unit_review.member_quota
    )
    return result


STALE = ("Dữ liệu đã được người khác thay đổi sau khi đồng chí mở trang này. Những gì đồng chí vừa nhập vẫn còn "
         "trên trang, bên cạnh số liệu mới nhất: kiểm tra rồi lưu lại.")


def _check_version(current: UnitReview | MemberReview, version: int | None) -> None:
    """Every page posts the version it showed; a batch caller (the demo, an import) passes None: no page, no check."""
    if version is not None and current.version != version:
        raise StaleData([("version", STALE)])


def _locked_rows(period: ReviewPeriod, unit: Organization, user, *actions: Action):
    """The unit's review and its member rows, locked for this transaction, after the policy allowed the actions."""
    unit_review = _lock_unit_review(period, unit)
    for action in actions:
        _require(user, action, unit_review, unit)
    return unit_review, selectors.member_reviews(period, unit, lock=True)


def _save_sheet(period, unit_review, reviews, fields: list[str], user, reason: str) -> dict[str, Any]:
    """Classify the rows as edited in memory, then write inputs and results in one bulk update, and the unit."""
    result, changed = _classify_rows(period, unit_review, reviews)
    write_member_rows(reviews, [*fields, *RESULT_FIELDS] if changed else fields, user, reason)
    unit_review.version += 1
    unit_review._change_reason = reason
    unit_review.save()
    return result


def save_tally(
    *,
    period: ReviewPeriod,
    unit: Organization,
    meta: Mapping[str, Any],
    votes: Mapping[int, Mapping[str, int | None]],
    version: int,
    user,
) -> dict[str, Any]:
    """Store the whole cell's tally after the meeting and recompute the results; all or nothing.

    `votes` maps member review ids to their four counts. Validation (DOMAIN.md §3.2) reports every problem; a
    version mismatch (someone saved meanwhile) raises StaleData instead of overwriting.
    """
    with transaction.atomic():
        unit_review, rows = _locked_rows(period, unit, user, Action.ENTER_TALLY)
        _check_version(unit_review, version)
        reviews = {r.pk: r for r in rows}
        tally_rows = [
            TallyRow(
                f"votes-{pk}",
                reviews[pk].member.full_name if pk in reviews else str(pk),
                {k.removeprefix("votes_"): v for k, v in counts.items()},
            )
            for pk, counts in votes.items()
        ]
        official = meta["official_members"] or 0
        problems = [
            (p.field, p.message)
            for p in validate_tally(official, meta.get("official_present"), meta.get("ballots_cast"), tally_rows)
        ]
        if any(pk not in reviews for pk in votes):
            problems.append(("votes", "Danh sách đảng viên đã thay đổi; vui lòng tải lại trang."))
        if problems:
            raise ReviewError(problems)
        for pk, counts in votes.items():
            for field, value in counts.items():
                setattr(reviews[pk], field, value)
        for field, value in meta.items():
            setattr(unit_review, field, value)
        unit_review.tallied_at = timezone.now()
        return _save_sheet(period, unit_review, rows, list(VOTE_FIELDS), user, "Nhập kết quả kiểm phiếu")


OWN_SCORE_FIELDS = ("self_score_general", "self_score_tasks")
CHECKED_FIELDS = ("approved_score",)


def save_scores(
    *, period: ReviewPeriod, unit: Organization, values: Mapping[int, Mapping[str, Any]], version: int, user
) -> dict[str, Any]:
    """Store the cell's scores: self-scores (typed for members who have not submitted their own), the cell's
    proposal and task figures by the cell; checked scores by the committee above. A member's submitted
    self-score is never changed here."""
    fields = sorted({name for row in values.values() for name in row})
    actions = []
    if any(name not in CHECKED_FIELDS for name in fields):
        actions.append(Action.ENTER_SCORES)
    if any(name in CHECKED_FIELDS for name in fields):
        actions.append(Action.CHECK_SCORES)
    with transaction.atomic():
        unit_review, rows = _locked_rows(period, unit, user, *actions)
        _check_version(unit_review, version)
        reviews = {r.pk: r for r in rows}
        if any(pk not in reviews for pk in values):
            raise ReviewError([("members", "Danh sách đảng viên đã thay đổi; vui lòng tải lại trang.")])
        problems = []
        for pk, row in values.items():
            review = reviews[pk]
            for name, value in row.items():
                if name in OWN_SCORE_FIELDS and _own_score_locked(review) and value != getattr(review, name):
                    problems.append((f"{pk}-{name}", f"{review.member.full_name}: điểm tự chấm đồng chí đã nộp "
                                     "không sửa được; ghi điểm của chi bộ ở cột «Chi bộ đề nghị»."))
                setattr(review, name, value)
        if problems:
            raise ReviewError(problems)
        return _save_sheet(period, unit_review, rows, fields, user, "Cập nhật điểm")


def _own_score_locked(review: MemberReview) -> bool:
    return review.self_review_status == SelfReviewStatus.SUBMITTED


def save_self_review(review: MemberReview, data: Mapping[str, Any], *, submit: bool, version: int | None = None,
                     user) -> MemberReview:
    """Save the self-review; submitting makes it read-only to the member and marks the paper as handed in.

    The member writes their own until they submit it; the secretary may correct it while the cell is at work.
    """
    with transaction.atomic():
        unit_review = _lock_unit_review(review.period, review.unit)
        locked = MemberReview.objects.select_for_update().select_related("member").get(pk=review.pk)
        _require_self_review_writer(user, unit_review, locked)
        _check_version(locked, version)
        for field, value in data.items():
            setattr(locked, field, value)
        if submit:
            locked.self_review_status = SelfReviewStatus.SUBMITTED
            locked.self_review_submitted_at = timezone.now()
            locked.paper_self_review = True
        elif locked.self_review_status == SelfReviewStatus.EMPTY:
            locked.self_review_status = SelfReviewStatus.DRAFT
        locked.version += 1
        locked._change_reason = "Nộp bản tự kiểm điểm" if submit else "Lưu bản tự kiểm điểm"
        locked.save()
        _classify_in_transaction(review.period, unit_review, user, "Xếp loại lại theo số liệu mới")
    return locked


def self_review_writer(user, unit_review: UnitReview | None, review: MemberReview) -> permissions.Decision:
    """May the user write this self-review now? (The page asks the same question the service does.)
    Under QĐ 366 (Điều 5 k.2.1) a member admitted less than 6 months before is left out of the review: nothing
    to write, for anyone."""
    reviewed = parsed_ruleset(review.period).member.new_members_reviewed
    if review.result_status == ResultStatus.NOT_RATED and not reviewed:
        return permissions.Decision(False, NEW_MEMBER_NOT_REVIEWED)
    secretary = permissions.decide(user, Action.CORRECT_SELF_REVIEW, unit_review, review.unit)
    if secretary:
        return secretary
    own = permissions.decide(user, Action.WRITE_SELF_REVIEW, unit_review, review.unit, review.member)
    if own and review.self_review_status == SelfReviewStatus.SUBMITTED:
        return permissions.Decision(False, "Bản tự kiểm điểm đã nộp: chỉ chi bộ sửa được, trước khi chi bộ gửi lên.")
    return own if own or not secretary.role_allows else secretary


def _require_self_review_writer(user, unit_review, review: MemberReview) -> None:
    decision = self_review_writer(user, unit_review, review)
    if not decision:
        raise Refused(decision.reason, forbidden=not decision.role_allows)


DECISION_FIELDS = ("decision_level", "decision_note")


def save_member_facts(review: MemberReview, data: Mapping[str, Any], *, version: int | None = None,
                      user) -> MemberReview:
    """The cell's entries for one member (circumstances, papers, conclusion, task figures); results recomputed."""
    with transaction.atomic():
        unit_review = _lock_unit_review(review.period, review.unit)
        _require(user, Action.EDIT_FACTS, unit_review, review.unit)
        if any(name in DECISION_FIELDS for name in data):  # decide_member checks who, when and why
            raise ReviewError([("decision_level", "Mức quyết định: ghi ở trang «Quyết định mức» của đồng chí.")])
        locked = MemberReview.objects.select_for_update().get(pk=review.pk)
        _check_version(locked, version)
        for field, value in data.items():
            setattr(locked, field, value)
        locked.version += 1
        locked._change_reason = "Cập nhật thông tin xếp loại"
        locked.save()
        _classify_in_transaction(review.period, unit_review, user, "Xếp loại lại theo số liệu mới")
    return locked


def decide_member(review: MemberReview, *, level: str, note: str, user) -> MemberReview:
    """Settle a member the program left "cần quyết định" (a tie at the quota's cut, no majority): the cell while
    at work (after voting again), the committee above once the review has gone up (QĐ 366: the competent level)."""
    if not note.strip():
        raise ReviewError([("decision_note", "Căn cứ quyết định: ghi rõ (ví dụ: chi bộ biểu quyết lại ngày …).")])
    with transaction.atomic():
        unit_review = _lock_unit_review(review.period, review.unit)
        _require(user, Action.DECIDE_MEMBER, unit_review, review.unit)
        locked = MemberReview.objects.select_for_update().select_related("member").get(pk=review.pk)
        if locked.result_status != ResultStatus.NEEDS_DECISION and not locked.decision_level:
            raise ReviewError([("decision_level", f"{locked.member.full_name}: chương trình đã xếp được mức, "
                                "không cần quyết định.")])
        _check_quota_room(unit_review, locked, level)
        locked.decision_level, locked.decision_note = level, note.strip()[:300]
        locked.version += 1
        locked._change_reason = _why(f"Quyết định mức {level}: {note}")
        locked.save()
        _classify_in_transaction(review.period, unit_review, user, "Xếp loại lại sau quyết định")
    return locked


def _check_quota_room(unit_review: UnitReview, review: MemberReview, level: str) -> None:
    """A decision at the quota's level must leave the unit within its quota (the allowed number of HTXS)."""
    quota = unit_review.member_quota or {}
    if level != quota.get("level") or quota.get("allowed") is None:
        return
    others = MemberReview.objects.filter(period=review.period, unit=review.unit).exclude(pk=review.pk)
    taken = sum(1 for decided, proposed in others.values_list("decided_level", "level")
                if final_level(decided, proposed) == level)
    if taken >= quota["allowed"]:
        raise ReviewError([("decision_level", f"Vượt chỉ tiêu: đơn vị được tối đa {quota['allowed']} đồng chí "
                            f"{level.upper()} và đã có {taken}; chọn mức khác hoặc điều chỉnh người khác trước.")])


UNIT_CHECKED_FIELDS = ("approved_score",)


def save_unit_facts(unit_review: UnitReview, data: Mapping[str, Any], *, version: int, user) -> UnitReview:
    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        if any(name not in UNIT_CHECKED_FIELDS for name in data):
            _require(user, Action.ENTER_UNIT_FACTS, locked, unit_review.unit)
        if any(name in UNIT_CHECKED_FIELDS for name in data):
            _require(user, Action.CHECK_UNIT_SCORE, locked, unit_review.unit)
        if locked is None:
            _require(user, Action.ENTER_UNIT_FACTS, locked, unit_review.unit)
        _check_version(locked, version)
        for field, value in data.items():
            setattr(locked, field, value)
        locked.version += 1
        locked._change_reason = "Cập nhật điểm và điều kiện của tổ chức"
        locked.save()
        _classify_in_transaction(locked.period, locked, user, "Xếp loại lại theo số liệu mới")
    locked.refresh_from_db()
    return locked


def save_score_sheet(unit_review: UnitReview, lines: list[dict[str, Any]], *, totals, version: int, user):
    """Store the sheet's lines (kept in the history; removed lines too) and the unit's self and checked scores."""
    from decimal import Decimal

    from .records import ScoreSheetLine

    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        cell = permissions.decide(user, Action.ENTER_UNIT_FACTS, locked, unit_review.unit)
        checker = permissions.decide(user, Action.CHECK_UNIT_SCORE, locked, unit_review.unit)
        if not cell:
            _require(user, Action.CHECK_UNIT_SCORE, locked, unit_review.unit)
        _check_version(locked, version)
        existing = {line.pk: line for line in locked.score_lines.all()}
        keep = set()
        for order, data in enumerate(lines, start=1):
            line = existing.get(data.pop("line_id", None)) or ScoreSheetLine(review=locked)
            if not checker:  # the cell's save: the committee's checked points, and its deductions, stay as they are
                data["approved_points"] = line.approved_points
                if line.approved_points is not None:
                    data["deductions"] = line.deductions
            for name, value in data.items():
                setattr(line, name, value)
            line.order = order
            line.save()
            keep.add(line.pk)
        for pk, line in existing.items():
            if pk not in keep:
                line.delete()  # the deletion is recorded in the line's history
        own, checked = totals
        locked.self_score = Decimal(own.numerator) / Decimal(own.denominator)
        if checked is not None and checker:  # only the committee's own save sets the checked score
            locked.approved_score = Decimal(checked.numerator) / Decimal(checked.denominator)
        locked.version += 1
        locked._change_reason = "Cập nhật biểu điểm"
        locked.save()
        _classify_in_transaction(locked.period, locked, user, "Xếp loại lại theo số liệu mới")
    return locked


def submit_unit(unit_review: UnitReview, *, user, note: str = "", confirmed: bool = False) -> UnitReview:
    """Send the unit's results to the committee above, after its checklist (checklist.py):
    refused while a member has no result or awaits a decision; gaps (self-reviews, papers) need a written note;
    and the user must confirm, since the cell cannot change anything afterwards unless it is returned."""
    from .checklist import submission_checklist

    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        _require(user, Action.SUBMIT, locked, unit_review.unit)
        _classify_in_transaction(locked.period, locked, user, "Xếp loại lại trước khi gửi")
        checklist = submission_checklist(selectors.member_reviews(locked.period, locked.unit), locked.level or "")
        problems = checklist.blocking_problems()
        if checklist.gaps and not note.strip():
            problems.append(("note", "Ghi chú khi gửi: hồ sơ còn thiếu (xem danh sách), cần ghi rõ lý do và khi nào "
                             "bổ sung."))
        if not confirmed:
            problems.append(("confirm", "Xác nhận: đánh dấu ô xác nhận đã kiểm tra trước khi gửi."))
        if problems:
            raise ReviewError(problems)
        locked.status, locked.status_reason, locked.submit_note = UnitStatus.SUBMITTED, "", note.strip()
        locked.submitted_at, locked.submitted_by = timezone.now(), user
        locked._change_reason = _why("Gửi cấp trên" + (f" (ghi chú: {note})" if note.strip() else ""))
        locked.save()
    return locked


def return_unit(unit_review: UnitReview, *, reason: str, user) -> UnitReview:
    if not reason.strip():
        raise ReviewError([("reason", "Lý do trả lại: cần ghi rõ lý do để chi bộ sửa.")])
    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        _require(user, Action.RETURN, locked, unit_review.unit)
        locked.status, locked.status_reason = UnitStatus.RETURNED, reason.strip()
        locked._change_reason = _why(f"Trả lại: {reason}")
        locked.save()
    return locked


def recognise_unit(unit_review: UnitReview, *, user, unit_level: str | None = None, reason: str = "") -> UnitReview:
    """Decide: the proposed levels of the unit and its members become the recognised ones.

    Refused while a member has no result or awaits a decision: the committee settles them first (decide_member).
    """
    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        _require(user, Action.RECOGNISE, locked, unit_review.unit)
        rows = selectors.member_reviews(locked.period, locked.unit, lock=True)
        open_rows = [r for r in rows if r.result_status in (ResultStatus.PENDING, ResultStatus.NEEDS_DECISION)]
        if open_rows:
            names = ", ".join(r.member.full_name for r in open_rows)
            raise ReviewError([("members", f"Chưa công nhận được: còn {len(open_rows)} đồng chí chưa có mức hoặc "
                                f"cần quyết định ({names}). Quyết định mức cho từng đồng chí trước.")])
        from .checklist import submission_checklist

        waiting = submission_checklist(rows).awaiting_pool
        if waiting:
            names = ", ".join(waiting)
            raise ReviewError([("members", f"Chưa công nhận được: {len(waiting)} đồng chí đề nghị HTXS chưa được cấp "
                                f"ủy xét theo nhóm ({names}). Quyết định trên trang «Xét HTXS theo nhóm» trước.")])
        for review in rows:
            review.decided_level = review.level
        write_member_rows(rows, ["decided_level"], user, "Công nhận kết quả")
        changed = bool(unit_level) and unit_level != locked.level
        if changed and not reason.strip():
            raise ReviewError([("reason", "Lý do: cần ghi rõ khi công nhận mức khác mức đề xuất.")])
        locked.decided_level = unit_level or locked.level
        locked.status, locked.decided_at, locked.decided_by = UnitStatus.RECOGNISED, timezone.now(), user
        locked._change_reason = (_why(f"Công nhận mức {unit_level} khác đề xuất {locked.level or '—'}: {reason}")
                                 if changed else "Công nhận kết quả")
        if changed:
            locked.status_reason = f"Công nhận mức khác đề xuất: {reason.strip()}"
        locked.save()
    return locked


def reclassify(
    *,
    unit_review: UnitReview,
    member_review: MemberReview | None,
    new_level: str,
    reason: str,
    decision_number: str,
    user,
):
    """Annul a recognised result and classify again (000 §IV.3); the old result stays in the history."""
    from .records import Reclassification

    if not reason.strip():
        raise ReviewError([("reason", "Lý do hủy kết quả: bắt buộc ghi rõ.")])
    with transaction.atomic():
        locked = _lock_unit_review(unit_review.period, unit_review.unit)
        _require(user, Action.RECLASSIFY, locked, unit_review.unit)
        target = (MemberReview.objects.select_for_update().get(pk=member_review.pk, unit=locked.unit,
                                                               period=locked.period)
                  if member_review is not None else locked)
        old = target.decided_level or target.level
        if old == new_level:
            raise ReviewError([("new_level", "Mức mới phải khác mức đã công nhận.")])
        target.decided_level = new_level
        target._change_reason = _why(f"Hủy kết quả {old}, xếp loại lại {new_level}: {reason}")
        target.save()
        return Reclassification.objects.create(
            period=locked.period,
            unit_review=locked,
            member_review=target if member_review is not None else None,
            old_level=old,
            new_level=new_level,
            reason=reason.strip(),
            decision_number=decision_number.strip(),
            decided_by=user,
        )
