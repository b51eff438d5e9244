"""The history of a review record, as people read it: who, when, what changed from what to what, and why.

Every save of a member's or a unit's review keeps a history row (django-simple-history), the bulk writes of a
tally or a score grid included; re-classifications (form 03) are rows of their own. This selector reads them for
one record in two queries and pairs each row with the one before it. No writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .records import MemberReview, Reclassification, UnitReview

HIDDEN = {"id", "version", "reasons", "classified_at", "member_quota", "tallied_at", "self_review_submitted_at",
          "submitted_at", "decided_at", "period", "member", "unit", "submitted_by", "decided_by"}
KINDS = {"+": "Tạo", "~": "Sửa", "-": "Xóa"}
LIMIT = 300  # the newest rows; older ones stay in the database (and the admin's history page)


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    kind: str
    why: str
    changes: tuple[Change, ...]


def _shown(model, field: str, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    choices = dict(model._meta.get_field(field).choices or [])
    return str(choices.get(value, value))


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "hệ thống"
    return user.get_full_name() or user.username


def entries(instance: MemberReview | UnitReview) -> list[Entry]:
    """Newest first: every history row of the record with the fields that changed since the row before."""
    model = type(instance)
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[:LIMIT])
    records.reverse()
    fields = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN]
    out, previous = [], None
    for record in records:
        changes = tuple(
            Change(_label(model, name), _shown(model, name, getattr(previous, name)),
                   _shown(model, name, getattr(record, name)))
            for name in fields
            if previous is not None and getattr(previous, name) != getattr(record, name)
        )
        if previous is None or changes or record.history_type != "~" or record.history_change_reason:
            out.append(Entry(record.history_date, _who(record), KINDS.get(record.history_type, "Sửa"),
                             record.history_change_reason or "", changes))
        previous = record
    out.reverse()
    return out


def reclassifications(*, member_reviews=(), unit_review: UnitReview | None = None) -> list[Reclassification]:
    """Form 03 decisions about these member reviews or this unit's own result, newest first."""
    rows = Reclassification.objects.select_related("decided_by", "period", "member_review__unit")
    if unit_review is not None:
        return list(rows.filter(unit_review=unit_review, member_review__isnull=True))
    return list(rows.filter(member_review__in=list(member_reviews)))
