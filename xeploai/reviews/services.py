"""Writes of the review, each in one transaction: rosters, self-reviews, tallies, scores, classification, decisions.

A view calls one service; the service checks the business rule (pure functions in xeploai.rules), writes, and
recomputes the results. Every change is kept in the history (django-simple-history) with the user and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from xeploai.orgs.models import Member, Organization
from xeploai.rules.engine import classify_dict
from xeploai.rules.presets import PRESETS
from xeploai.rules.tally import TallyRow, validate_tally

from . import selectors
from .models import ReviewPeriod
from .records import MemberReview, ResultStatus, SelfReviewStatus, UnitReview, UnitStatus

VOTE_FIELDS = ("votes_htxs", "votes_htt", "votes_ht", "votes_kht")


class ReviewError(Exception):
    """A business rule refused the write; `problems` are (field, Vietnamese message) pairs, all of them."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


class StaleData(ReviewError):
    """Someone else saved the same sheet since this one was opened."""


def unit_review_for(period: ReviewPeriod, unit: Organization) -> UnitReview:
    """The unit's review record, created on first use; safe under concurrent first requests."""
    try:
        review, _ = UnitReview.objects.get_or_create(period=period, unit=unit)
    except IntegrityError:  # created by a concurrent request between the get and the insert
        review = UnitReview.objects.get(period=period, unit=unit)
    return review


def open_roster(period: ReviewPeriod, unit: Organization) -> list[MemberReview]:
    """Make sure every active member of the cell admitted by the review date has a record; returns the roster.

    Members who moved away keep their record in the cell where they were reviewed; inserts ignore conflicts, so
    two secretaries opening the page at once do not fail.
    """
    existing = set(MemberReview.objects.filter(period=period).filter(unit=unit).values_list("member_id", flat=True))
    missing = Member.objects.filter(unit=unit, active=True, admitted_on__lte=period.review_date).exclude(
        pk__in=existing
    )
    MemberReview.objects.bulk_create(
        [MemberReview(period=period, member=member, unit=unit) for member in missing], ignore_conflicts=True
    )
    return selectors.member_reviews(period, unit)


def _ruleset_params(period: ReviewPeriod) -> dict[str, Any]:
    params = period.ruleset.params or PRESETS.get(period.ruleset.code, {})
    return {**params, "code": period.ruleset.code}


RESULT_FIELDS = ["result_status", "level", "basis_level", "reasons", "classified_at"]


def _set_member_results(reviews: list[MemberReview], results: list[dict[str, Any]]) -> list[MemberReview]:
    """Put the results on the rows; returns the rows whose result changed."""
    by_id = {review.pk: review for review in reviews}
    now, changed = timezone.now(), []
    for result in results:
        review = by_id[result["id"]]
        new = _stored_result(review, result)
        if new != (review.result_status, review.level, review.basis_level, review.reasons):
            review.result_status, review.level, review.basis_level, review.reasons = new
            review.classified_at = now
            changed.append(review)
    return changed


def _write_rows(rows: list[MemberReview], fields: list[str], user, reason: str) -> None:
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
    MemberReview.history.bulk_history_create(rows, update=True, default_user=user, default_change_reason=reason)


def _classify_rows(period: ReviewPeriod, unit_review: UnitReview, reviews: list[MemberReview]):
    """Run the engine on rows already in memory; sets member results and the unit's result on the objects.

    Returns the result JSON and the member rows whose result changed (nothing is written here).
    """
    sub_units = selectors.sub_unit_reviews(period, unit_review.unit)
    result = classify_dict(selectors.scenario(period, unit_review, reviews, sub_units), _ruleset_params(period))
    changed = _set_member_results(reviews, result["members"])
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


def classify_unit(period: ReviewPeriod, unit: Organization, user=None) -> dict[str, Any]:
    """Run the engine on the unit's current data and store every result that changed; returns the result JSON."""
    with transaction.atomic():
        unit_review = unit_review_for(period, unit)
        unit_review.unit = unit
        result, changed = _classify_rows(period, unit_review, selectors.member_reviews(period, unit))
        _write_rows(changed, RESULT_FIELDS, user, "Xếp loại lại theo số liệu mới")
        UnitReview.objects.filter(pk=unit_review.pk).update(
            level=unit_review.level, reasons=unit_review.reasons, member_quota=unit_review.member_quota
        )
    return result


def _check_version(unit_review: UnitReview, version: int) -> None:
    if unit_review.version != version:
        raise StaleData(
            [
                (
                    "version",
                    "Dữ liệu đã được người khác thay đổi sau khi đồng chí mở trang này. "
                    "Trang đã được tải lại với số liệu mới nhất; vui lòng kiểm tra và nhập lại.",
                )
            ]
        )


def _check_editable(unit_review: UnitReview) -> None:
    if unit_review.status in (UnitStatus.SUBMITTED, UnitStatus.RECOGNISED):
        raise ReviewError(
            [
                (
                    "status",
                    f'Hồ sơ đang ở trạng thái "{unit_review.get_status_display()}": '
                    "không sửa được. Cấp trên trả lại thì mới sửa tiếp.",
                )
            ]
        )


def _locked_rows(period: ReviewPeriod, unit: Organization) -> tuple[UnitReview, list[MemberReview]]:
    """The unit's review and its member rows, locked for this transaction (members and posts read alongside)."""
    unit_review = UnitReview.objects.select_for_update().get(pk=unit_review_for(period, unit).pk)
    unit_review.unit = unit
    reviews = selectors.member_reviews(period, unit, lock=True)
    return unit_review, reviews


def _save_sheet(period, unit_review, reviews, fields: list[str], user, reason: str) -> dict[str, Any]:
    """Classify the rows as edited in memory, then write inputs and results in one bulk update, and the unit."""
    result, changed = _classify_rows(period, unit_review, reviews)
    _write_rows(reviews, [*fields, *RESULT_FIELDS] if changed else fields, user, reason)
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
        unit_review, rows = _locked_rows(period, unit)
        _check_version(unit_review, version)
        _check_editable(unit_review)
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


def save_self_review(review: MemberReview, data: Mapping[str, Any], *, submit: bool, user) -> MemberReview:
    """Save the self-review; submitting makes it read-only to the member and marks the paper as handed in."""
    with transaction.atomic():
        _check_editable(unit_review_for(review.period, review.unit))
        for field, value in data.items():
            setattr(review, field, value)
        if submit:
            review.self_review_status = SelfReviewStatus.SUBMITTED
            review.self_review_submitted_at = timezone.now()
            review.paper_self_review = True
        elif review.self_review_status == SelfReviewStatus.EMPTY:
            review.self_review_status = SelfReviewStatus.DRAFT
        review._change_reason = "Nộp bản tự kiểm điểm" if submit else "Lưu bản tự kiểm điểm"
        review.save()
    classify_unit(review.period, review.unit, user)
    return review


def save_member_facts(review: MemberReview, data: Mapping[str, Any], *, user) -> MemberReview:
    """The cell's entries for one member (circumstances, papers, conclusion, scores); results recomputed."""
    with transaction.atomic():
        _check_editable(unit_review_for(review.period, review.unit))
        for field, value in data.items():
            setattr(review, field, value)
        review._change_reason = "Cập nhật thông tin xếp loại"
        review.save()
        classify_unit(review.period, review.unit, user)
    return review


def save_unit_facts(unit_review: UnitReview, data: Mapping[str, Any], *, version: int, user) -> UnitReview:
    with transaction.atomic():
        locked = UnitReview.objects.select_for_update().get(pk=unit_review.pk)
        _check_version(locked, version)
        for field, value in data.items():
            setattr(locked, field, value)
        locked.version += 1
        locked._change_reason = "Cập nhật điểm và điều kiện của tổ chức"
        locked.save()
        classify_unit(locked.period, locked.unit, user)
    locked.refresh_from_db()
    return locked


def submit_unit(unit_review: UnitReview, *, user) -> UnitReview:
    """Send the unit's results to the committee above; needs every member settled (no pending result)."""
    with transaction.atomic():
        locked = UnitReview.objects.select_for_update().get(pk=unit_review.pk)
        _check_editable(locked)
        classify_unit(locked.period, locked.unit, user)
        pending = MemberReview.objects.filter(
            period=locked.period,
            unit=locked.unit,
            result_status__in=[ResultStatus.PENDING, ResultStatus.NEEDS_DECISION],
        ).select_related("member")
        names = [r.member.full_name for r in pending]
        if names:
            raise ReviewError(
                [
                    (
                        "members",
                        "Chưa gửi được: còn đồng chí chưa có mức xếp loại hoặc cần quyết định: "
                        + ", ".join(names)
                        + ".",
                    )
                ]
            )
        locked.status, locked.status_reason = UnitStatus.SUBMITTED, ""
        locked.submitted_at, locked.submitted_by = timezone.now(), user
        locked._change_reason = "Gửi cấp trên"
        locked.save()
    return locked


def return_unit(unit_review: UnitReview, *, reason: str, user) -> UnitReview:
    if not reason.strip():
        raise ReviewError([("reason", "Lý do trả lại: cần ghi rõ lý do để chi bộ sửa.")])
    with transaction.atomic():
        locked = UnitReview.objects.select_for_update().get(pk=unit_review.pk)
        if locked.status != UnitStatus.SUBMITTED:
            raise ReviewError([("status", "Chỉ trả lại được hồ sơ đã gửi.")])
        locked.status, locked.status_reason = UnitStatus.RETURNED, reason.strip()
        locked._change_reason = f"Trả lại: {reason.strip()}"
        locked.save()
    return locked


def recognise_unit(unit_review: UnitReview, *, user, unit_level: str | None = None) -> UnitReview:
    """Decide: the proposed levels of the unit and its members become the recognised ones."""
    with transaction.atomic():
        locked = UnitReview.objects.select_for_update().get(pk=unit_review.pk)
        if locked.status != UnitStatus.SUBMITTED:
            raise ReviewError([("status", "Chỉ công nhận được hồ sơ đã gửi.")])
        for review in MemberReview.objects.filter(period=locked.period, unit=locked.unit):
            review.decided_level = review.level
            review._change_reason = "Công nhận kết quả"  # saved row by row so that the history records it
            review.save(update_fields=["decided_level"])
        locked.decided_level = unit_level or locked.level
        locked.status, locked.decided_at, locked.decided_by = UnitStatus.RECOGNISED, timezone.now(), user
        locked._change_reason = "Công nhận kết quả"
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
        target = member_review or unit_review
        old = target.decided_level or target.level
        if unit_review.status != UnitStatus.RECOGNISED:
            raise ReviewError([("status", "Chỉ xếp loại lại được kết quả đã công nhận.")])
        if old == new_level:
            raise ReviewError([("new_level", "Mức mới phải khác mức đã công nhận.")])
        target.decided_level = new_level
        target._change_reason = f"Hủy kết quả {old}, xếp loại lại {new_level}: {reason.strip()}"
        target.save()
        return Reclassification.objects.create(
            period=unit_review.period,
            unit_review=unit_review,
            member_review=member_review,
            old_level=old,
            new_level=new_level,
            reason=reason.strip(),
            decision_number=decision_number.strip(),
            decided_by=user,
        )


def save_scores(
    *, period: ReviewPeriod, unit: Organization, values: Mapping[int, Mapping[str, Any]], version: int, user
) -> dict[str, Any]:
    """Store the cell's scores (self-scores and task figures by the cell, checked scores by the committee above)."""
    with transaction.atomic():
        unit_review, rows = _locked_rows(period, unit)
        _check_version(unit_review, version)
        reviews = {r.pk: r for r in rows}
        if any(pk not in reviews for pk in values):
            raise ReviewError([("members", "Danh sách đảng viên đã thay đổi; vui lòng tải lại trang.")])
        fields = sorted({name for row in values.values() for name in row})
        for pk, row in values.items():
            for name, value in row.items():
                setattr(reviews[pk], name, value)
        return _save_sheet(period, unit_review, rows, fields, user, "Cập nhật điểm")


def save_score_sheet(unit_review: UnitReview, lines: list[dict[str, Any]], *, totals, version: int, user):
    """Store the sheet's lines (kept in the history; removed lines too) and the unit's self and checked scores."""
    from decimal import Decimal

    from .records import ScoreSheetLine

    with transaction.atomic():
        locked = UnitReview.objects.select_for_update().get(pk=unit_review.pk)
        _check_version(locked, version)
        existing = {line.pk: line for line in locked.score_lines.all()}
        keep = set()
        for order, data in enumerate(lines, start=1):
            line = existing.get(data.pop("line_id", None)) or ScoreSheetLine(review=locked)
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
        if checked is not None:
            locked.approved_score = Decimal(checked.numerator) / Decimal(checked.denominator)
        locked.version += 1
        locked._change_reason = "Cập nhật biểu điểm"
        locked.save()
        classify_unit(locked.period, locked.unit, user)
    return locked
