"""Writes of the plan, each in one transaction: periods, copies, timeline steps, supervisors.

The date rules are in `plan_rules` (pure) and are checked again here, so that a write never stores a bad plan
whatever called it. Every change of a period or a step is kept in the history with its user and reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from xeploai.orgs.models import Organization
from xeploai.reviews.models import Milestone, ReviewPeriod, SupervisorAssignment

from . import plan_rules, selectors

PERIOD_FIELDS = ("plan_number", "plan_date", "issuing_body", "title", "ruleset", "review_date")
STEP_FIELDS = ("title", "unit_kinds", "start", "due", "done_when")


class PlanError(Exception):
    """A rule refused the write; `problems` are (field, Vietnamese message) pairs."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


def _check_period(committee: Organization, year: int, data: Mapping[str, Any], exclude_pk: int | None = None) -> None:
    problems = plan_rules.period_date_problems(year, data.get("plan_date"), data.get("review_date"))
    if ReviewPeriod.objects.filter(committee=committee, year=year).exclude(pk=exclude_pk).exists():
        problems.append(("year", f"Năm: {committee.name} đã có kỳ kiểm điểm năm {year}."))
    if problems:
        raise PlanError(problems)


def _create_period(committee: Organization, year: int, data: Mapping[str, Any], reason: str) -> ReviewPeriod:
    _check_period(committee, year, data)
    period = ReviewPeriod(committee=committee, year=year, **{f: data[f] for f in PERIOD_FIELDS})
    period._change_reason = reason
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:  # the same year created meanwhile by someone else
        raise PlanError([("year", f"Năm: {committee.name} đã có kỳ kiểm điểm năm {year}.")]) from None
    return period


def period_create(*, committee: Organization, data: Mapping[str, Any], user) -> ReviewPeriod:
    with transaction.atomic():
        return _create_period(committee, data["year"], data, "Lập kế hoạch")


def period_update(*, period: ReviewPeriod, data: Mapping[str, Any], user) -> ReviewPeriod:
    with transaction.atomic():
        _check_period(period.committee, period.year, data, exclude_pk=period.pk)
        for field in PERIOD_FIELDS:
            if field in data:
                setattr(period, field, data[field])
        period._change_reason = "Sửa kế hoạch"
        period.save()
    return period


def period_copy(*, source: ReviewPeriod, data: Mapping[str, Any], copy_supervisors: bool, user) -> ReviewPeriod:
    """Next year's plan: the new header, every step with its dates shifted by a year (29/02 → 28/02), and, if asked,
    the supervisors who are still members of the committee. All or nothing."""
    year = source.year + 1
    with transaction.atomic():
        period = _create_period(source.committee, year, data, f"Sao chép từ kế hoạch năm {source.year}")
        steps = [
            Milestone(period=period, order=step.order, title=plan_rules.shift_text_year(step.title, source.year),
                      unit_kinds=list(step.unit_kinds or []), done_when=step.done_when,
                      start=plan_rules.shift_year(step.start),
                      due=plan_rules.shift_year(step.due))
            for step in source.milestones.all()
        ]
        bulk_create_with_history(steps, Milestone, default_user=user,
                                 default_change_reason=f"Sao chép từ kế hoạch năm {source.year}")
        if copy_supervisors:
            members = {m.pk for m in selectors.committee_members(period)}
            bulk_create_with_history(
                [SupervisorAssignment(period=period, unit_id=a.unit_id, supervisor_id=a.supervisor_id)
                 for a in source.supervisors.all() if a.supervisor_id in members],
                SupervisorAssignment, default_user=user,
                default_change_reason=f"Sao chép phân công từ kế hoạch năm {source.year}",
            )
    return period


def _check_step(period: ReviewPeriod, data: Mapping[str, Any]) -> None:
    problems = plan_rules.step_date_problems(period.year, data.get("start"), data.get("due"))
    if problems:
        raise PlanError(problems)


def step_add(*, period: ReviewPeriod, data: Mapping[str, Any], user) -> Milestone:
    """A new step at the end of the timeline."""
    _check_step(period, data)
    with transaction.atomic():
        ReviewPeriod.objects.select_for_update().get(pk=period.pk)  # two adds get two numbers
        last = Milestone.objects.filter(period=period).aggregate(n=Max("order"))["n"] or 0
        step = Milestone(period=period, order=last + 1, **{f: data[f] for f in STEP_FIELDS})
        step._change_reason = "Thêm bước"
        step.save()
    return step


def step_update(*, step: Milestone, data: Mapping[str, Any], user) -> Milestone:
    _check_step(step.period, data)
    with transaction.atomic():
        for field in STEP_FIELDS:
            setattr(step, field, data[field])
        step._change_reason = "Sửa bước"
        step.save()
    return step


def step_move(*, step: Milestone, up: bool, user) -> None:
    """Swap the step with its neighbour; the order is renumbered 1, 2, 3 … (steps made elsewhere may share one)."""
    with transaction.atomic():
        steps = list(Milestone.objects.select_for_update().filter(period_id=step.period_id).order_by("order", "due",
                                                                                                     "pk"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(steps):
            return
        steps[index], steps[other] = steps[other], steps[index]
        changed = [s for number, s in enumerate(steps, start=1) if s.order != number]
        for number, s in enumerate(steps, start=1):
            s.order = number
        bulk_update_with_history(changed, Milestone, ["order"], default_user=user,
                                 default_change_reason="Đổi thứ tự bước")


def step_delete(*, step: Milestone, user) -> None:
    with transaction.atomic():
        step._change_reason = "Xóa bước"
        step.delete()


def supervisors_save(*, period: ReviewPeriod, assignments: Mapping[int, int | None], user) -> int:
    """Store every unit's supervisor in one go; returns the number of units changed.

    Only the period's supervised units and members of its committee are accepted (PlanError otherwise).
    """
    with transaction.atomic():
        ReviewPeriod.objects.select_for_update().get(pk=period.pk)  # one save at a time per period
        units = {unit.pk: unit for unit in selectors.supervised_units(period)}
        members = {member.pk for member in selectors.committee_members(period)}
        current = {a.unit_id: a for a in SupervisorAssignment.objects.filter(period=period)}
        _check_assignments(assignments, units, members, current)
        removed = [pk for pk, member in assignments.items() if member is None and pk in current]
        changed = [current[pk] for pk, member in assignments.items()
                   if member is not None and pk in current and current[pk].supervisor_id != member]
        for assignment in changed:
            assignment.supervisor_id = assignments[assignment.unit_id]
        added = [SupervisorAssignment(period=period, unit_id=pk, supervisor_id=member)
                 for pk, member in assignments.items() if member is not None and pk not in current]
        for gone in SupervisorAssignment.objects.filter(period=period, unit_id__in=removed):
            gone._history_user = user
            gone.delete()  # one by one, so that the history keeps each removal with who did it
        bulk_update_with_history(changed, SupervisorAssignment, ["supervisor"], default_user=user,
                                 default_change_reason="Đổi người phụ trách")
        bulk_create_with_history(added, SupervisorAssignment, default_user=user,
                                 default_change_reason="Phân công phụ trách")
    return len(removed) + len(changed) + len(added)


def _check_assignments(assignments: Mapping[int, int | None], units: Mapping[int, Organization], members: set[int],
                       current: Mapping[int, SupervisorAssignment]) -> None:
    """A unit of the period's list, and a member of the committee (or the one already assigned)."""
    if any(pk not in units for pk in assignments):
        raise PlanError([("supervisors", "Danh sách đơn vị đã thay đổi; vui lòng tải lại trang.")])
    problems = [("supervisors", f"Phụ trách {units[pk].name}: chọn trong danh sách cấp ủy viên.")
                for pk, member in assignments.items()
                if member is not None and member not in members
                and not (pk in current and current[pk].supervisor_id == member)]
    if problems:
        raise PlanError(problems)
