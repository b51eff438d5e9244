"""Rule sets in the browser: who may change them, when a rule set is locked, and its writes (one transaction each).

- Only administrators create, edit, import and export rule sets (`can_manage_rulesets`).
- A rule set is locked once a review period using it has a unit sent up or recognised: a result already decided
  must keep the rules it was decided under. The administrator copies it into a new rule set instead.
- Two administrators on one rule set: the form carries the time it was read; a save over a newer change is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from xeploai.orgs import access
from xeploai.reviews.models import ReviewPeriod, RuleSet
from xeploai.reviews.records import UnitReview, UnitStatus
from xeploai.rules.ruleset import RuleSetError, parse_ruleset, ruleset_to_dict

MAX_UPLOAD = 256 * 1024
LOCKING = (UnitStatus.SUBMITTED, UnitStatus.RECOGNISED)


class RuleSetWriteError(Exception):
    """The write was refused; `problems` are (field or None, Vietnamese message) pairs."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@dataclass(frozen=True)
class Usage:
    periods: list[ReviewPeriod]
    locking: list[ReviewPeriod]

    @property
    def locked(self) -> bool:
        return bool(self.locking)


def can_manage_rulesets(user) -> bool:
    return access.is_admin(user)


def usages(rulesets: list[RuleSet]) -> dict[int, Usage]:
    """For each rule set, the periods using it and those with a unit sent up or recognised (two queries)."""
    periods = list(ReviewPeriod.objects.filter(ruleset__in=[r.pk for r in rulesets]).select_related("committee")
                   .order_by("-year", "committee__name"))
    locking_ids = set(
        UnitReview.objects.filter(period__in=[p.pk for p in periods], status__in=LOCKING)
        .values_list("period_id", flat=True).distinct()
    )
    result = {}
    for ruleset in rulesets:
        own = [p for p in periods if p.ruleset_id == ruleset.pk]
        result[ruleset.pk] = Usage(own, [p for p in own if p.pk in locking_ids])
    return result


def usage(ruleset: RuleSet) -> Usage:
    return usages([ruleset])[ruleset.pk]


def lock_message(use: Usage) -> str:
    names = "; ".join(f"năm {p.year} của {p.committee.name}" for p in use.locking[:5])
    more = f" và {len(use.locking) - 5} kỳ khác" if len(use.locking) > 5 else ""
    return (f"Bộ quy tắc này đã được dùng để gửi hoặc công nhận kết quả (kỳ kiểm điểm {names}{more}), nên không "
            "sửa được nữa: kết quả đã quyết định phải giữ quy tắc đã dùng. Hãy sao chép thành bộ quy tắc mới rồi "
            "sửa bản sao.")


def _fields(params: dict[str, Any]) -> dict[str, Any]:
    return {"name": params["name"], "source": params["source"], "description": params["description"],
            "params": params}


def create(*, params: dict[str, Any], reason: str) -> RuleSet:
    ruleset = RuleSet(code=params["code"], is_preset=False, **_fields(params))
    ruleset._change_reason = reason
    try:
        with transaction.atomic():
            ruleset.save()
    except IntegrityError:
        raise RuleSetWriteError([("code", f"Mã bộ quy tắc: đã có bộ quy tắc mã {params['code']}; chọn mã khác.")]) \
            from None
    return ruleset


def update(*, ruleset: RuleSet, params: dict[str, Any], read_at: datetime | None) -> RuleSet:
    with transaction.atomic():
        current = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
        if read_at is None or current.updated_at != read_at:
            raise RuleSetWriteError([(None, "Bộ quy tắc vừa được người khác sửa sau khi đồng chí mở trang: tải lại "
                                            "trang để xem bản mới rồi sửa lại.")])
        use = usage(current)
        if use.locked:
            raise RuleSetWriteError([(None, lock_message(use))])
        for field, value in _fields({**params, "code": current.code}).items():
            setattr(current, field, value)
        current.params = {**params, "code": current.code}
        current._change_reason = "Sửa bộ quy tắc"
        current.save()
    return current


def export_json(ruleset: RuleSet) -> bytes:
    """The rule set as a JSON file, readable (Vietnamese letters kept, indented)."""
    stored = ruleset_to_dict(parse_ruleset({**ruleset.params, "code": ruleset.code}))
    return json.dumps(stored, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def read_upload(upload) -> dict[str, Any]:
    """A rule set from an uploaded JSON file, checked by the engine; raises RuleSetWriteError with every problem."""
    if upload is None:
        raise RuleSetWriteError([("file", "Tệp bộ quy tắc: chưa chọn tệp.")])
    if upload.size > MAX_UPLOAD:
        raise RuleSetWriteError([("file", "Tệp bộ quy tắc: tệp quá lớn (tối đa 256 KB); một bộ quy tắc chỉ vài KB.")])
    raw = upload.read()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: "[[[[…" nested past the parser
        raise RuleSetWriteError([("file", "Tệp bộ quy tắc: không đọc được; cần tệp JSON xuất từ trang bộ quy tắc "
                                          "(mã hóa UTF-8).")]) from None
    if not isinstance(data, dict):
        raise RuleSetWriteError([("file", "Tệp bộ quy tắc: nội dung không phải một bộ quy tắc.")])
    try:
        return ruleset_to_dict(parse_ruleset(data))
    except RuleSetError as error:
        raise RuleSetWriteError([("file", f"Tệp bộ quy tắc: {message}") for _, message in error.errors]) from None
