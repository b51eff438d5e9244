"""The scenario of DOMAIN §4: one unit, its members and sub-units (dataclasses in scenario_model.py).

``parse_scenario`` reads the JSON-like dict and raises ``ScenarioError`` naming the first bad field
(``members[2].votes.htxs``). Fields not given take the favourable default: no discipline, no violation, tasks all
done when only the total is known, shortcomings all fixed, committee united, agency at its highest level.
Unknown keys are ignored, so callers may carry their own (a member's name, a unit's title).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .fields import Reader, join, show
from .levels import CIVIL_SERVANT_RATINGS, LEVELS, MEMBER_LEVELS, ORG_RATINGS
from .scenario_model import (
    UNIT_KINDS,
    Facts,
    MemberInput,
    Scenario,
    ScenarioError,
    Shortcomings,
    SubUnit,
    Tasks,
    UnitInput,
    UnitsLed,
    Votes,
)

__all__ = [
    "Facts",
    "MemberInput",
    "Scenario",
    "ScenarioError",
    "Shortcomings",
    "SubUnit",
    "Tasks",
    "UnitInput",
    "UnitsLed",
    "Votes",
    "parse_scenario",
]


def parse_scenario(data: Mapping[str, Any]) -> Scenario:
    """Read and check a scenario dict; raises ``ScenarioError`` for the first bad field (all are in ``.errors``)."""
    reader = Reader()
    scenario = _read_scenario(reader, data)
    if reader.errors or scenario is None:
        path, message = reader.errors[0] if reader.errors else ("", "kịch bản không hợp lệ")
        raise ScenarioError(path, message, reader.errors)
    return scenario


def _opt(r: Reader, data: Mapping[str, Any], key: str, path: str, read: Any, default: Any = None) -> Any:
    """``read(value, path)`` when ``data[key]`` is given and not null, else ``default``."""
    value = r.raw(data, key, None)
    return default if value is None else read(value, join(path, key))


def _read_scenario(r: Reader, data: Any) -> Scenario | None:
    if r.mapping(data, "(kịch bản)") is None:
        return None
    unit = _opt(r, data, "unit", "", lambda v, p: _read_unit(r, v, p), UnitInput())
    members = _read_members(r, data)
    scenario = Scenario(
        ruleset=_opt(r, data, "ruleset", "", r.text),
        review_date=_opt(r, data, "review_date", "", r.iso_date),
        voters_total=_opt(r, data, "voters_total", "", lambda v, p: r.count(v, p, "tổng số người biểu quyết")),
        ballots_cast=_opt(r, data, "ballots_cast", "", lambda v, p: r.count(v, p, "số phiếu phát ra")),
        official_present=_opt(r, data, "official_present", "", lambda v, p: r.count(v, p, "số đảng viên có mặt")),
        unit=unit or UnitInput(),
        members=members,
        sub_units=_opt(r, data, "sub_units", "", lambda v, p: _read_sub_units(r, v, p)),
    )
    if not r.errors:
        _check_tally(r, scenario)
    return scenario


def _read_members(r: Reader, data: Mapping[str, Any]) -> tuple[MemberInput, ...]:
    items = r.sequence(r.raw(data, "members", []), "members") or []
    members = [_read_member(r, item, join("members", i)) for i, item in enumerate(items)]
    seen: dict[Any, int] = {}
    for i, member in enumerate(members):
        if member is not None and member.id in seen:
            r.fail(
                join(join("members", i), "id"),
                f"mã đảng viên {show(member.id)} bị trùng với members[{seen[member.id]}]",
            )
        elif member is not None:
            seen[member.id] = i
    return tuple(m for m in members if m is not None)


def _member_id(r: Reader, data: Mapping[str, Any], path: str) -> str | int | None:
    value = r.required(data, "id", path)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return r.text(value, join(path, "id"))


_MEMBER_FLAGS = (("official", True), ("exempt", False), ("under_discipline", False), ("maternity_leave", False))
_MEMBER_LISTS = ("roles", "awards", "violations")


def _read_member(r: Reader, data: Any, path: str) -> MemberInput | None:
    if r.mapping(data, path) is None:
        return None
    member_id = _member_id(r, data, path)
    values = {key: _opt(r, data, key, path, r.boolean, default) for key, default in _MEMBER_FLAGS}
    values |= {key: _opt(r, data, key, path, lambda v, p: _strings(r, v, p), ()) for key in _MEMBER_LISTS}
    values |= _member_figures(r, data, path)
    # A failed read has already recorded its problem; parse_scenario raises before this member is used.
    return None if member_id is None else MemberInput(id=member_id, **values)


def _member_figures(r: Reader, data: Mapping[str, Any], path: str) -> dict[str, Any]:
    def read(key: str, parse: Any, default: Any = None) -> Any:
        return _opt(r, data, key, path, parse, default)

    share = (Fraction(0), Fraction(1), "tỷ lệ tín nhiệm thấp")
    return {
        "name": read("name", lambda v, p: r.text(v, p, allow_empty=True), ""),
        "admitted_on": read("admitted_on", r.iso_date),
        "civil_servant_rating": read("civil_servant_rating", lambda v, p: r.choice(v, p, CIVIL_SERVANT_RATINGS)),
        "sick_leave_months": read("sick_leave_months", lambda v, p: r.amount(v, p, "số tháng"), Fraction(0)),
        "excused_absences": read("excused_absences", lambda v, p: r.count(v, p, "số lần vắng"), 0),
        "votes": read("votes", lambda v, p: _read_votes(r, v, p)),
        "score": read("score", lambda v, p: r.amount(v, p, "điểm")),
        "tasks": read("tasks", lambda v, p: _read_tasks(r, v, p)),
        "shortcomings": read("shortcomings", lambda v, p: _read_shortcomings(r, v, p)),
        "low_confidence_share": read("low_confidence_share", lambda v, p: r.fraction(v, p, *share)),
        "units_led": read("units_led", lambda v, p: _read_units_led(r, v, p), UnitsLed()),
    }


def _strings(r: Reader, value: Any, path: str) -> tuple[str, ...] | None:
    items = r.sequence(value, path)
    if items is None:
        return None
    good = [item for i, item in enumerate(items) if r.text(item, join(path, i)) is not None]
    return tuple(good) if len(good) == len(items) else None


def _read_votes(r: Reader, data: Any, path: str) -> Votes | None:
    if r.mapping(data, path) is None:
        return None
    for key in data:
        if key not in MEMBER_LEVELS:
            r.fail(join(path, str(key)), f"mức {show(key)} không có; các mức: {', '.join(MEMBER_LEVELS)}")
    counts = {level: _opt(r, data, level, path, lambda v, p: r.count(v, p, "số phiếu"), 0) for level in MEMBER_LEVELS}
    return None if None in counts.values() else Votes(**counts)


def _read_tasks(r: Reader, data: Any, path: str) -> Tasks | None:
    """Missing counts take the favourable value: done = total, on time = done, exceeded = on time."""
    if r.mapping(data, path) is None:
        return None
    if r.raw(data, "total", None) is None:
        r.fail(join(path, "total"), "thiếu tổng số nhiệm vụ")
        return None
    total = r.count(data["total"], join(path, "total"), "số nhiệm vụ")
    done = _bounded(r, data, "done", path, total, "số nhiệm vụ hoàn thành", "tổng số")
    on_time = _bounded(r, data, "on_time", path, done, "số nhiệm vụ đúng hạn", "số hoàn thành")
    exceeded = _bounded(r, data, "exceeded", path, done, "số nhiệm vụ vượt", "số hoàn thành", default=on_time)
    if None in (total, done, on_time, exceeded):
        return None
    return Tasks(total=total, done=done, on_time=on_time, exceeded=exceeded)  # type: ignore[arg-type]


def _bounded(
    r: Reader,
    data: Mapping[str, Any],
    key: str,
    path: str,
    limit: int | None,
    what: str,
    limit_name: str,
    default: int | None = None,
) -> int | None:
    """A count ≤ ``limit``; when not given, ``default`` or else ``limit`` itself (the favourable value)."""
    if limit is None:
        return None
    value = _opt(r, data, key, path, lambda v, p: r.count(v, p, what), limit if default is None else default)
    if value is not None and value > limit:
        r.fail(join(path, key), f"{what} ({value}) không được lớn hơn {limit_name} ({limit})")
        return None
    return value


def _read_shortcomings(r: Reader, data: Any, path: str) -> Shortcomings | None:
    if r.mapping(data, path) is None:
        return None
    total = _opt(r, data, "total", path, lambda v, p: r.count(v, p, "số hạn chế"), 0)
    fixed = _bounded(r, data, "fixed", path, total, "số hạn chế đã khắc phục", "tổng số hạn chế")
    return None if None in (total, fixed) else Shortcomings(total=total, fixed=fixed)  # type: ignore[arg-type]


def _read_units_led(r: Reader, data: Any, path: str) -> UnitsLed | None:
    if r.mapping(data, path) is None:
        return None
    total = _opt(r, data, "total", path, lambda v, p: r.count(v, p, "số đơn vị"), 0)
    kht = _bounded(r, data, "kht", path, total, "số đơn vị KHT", "tổng số đơn vị")
    return None if None in (total, kht) else UnitsLed(total=total, kht=kht)  # type: ignore[arg-type]


def _read_unit(r: Reader, data: Any, path: str) -> UnitInput | None:
    if r.mapping(data, path) is None:
        return None
    unit = UnitInput(
        code=_opt(r, data, "code", path, lambda v, p: r.text(v, p, allow_empty=True), ""),
        kind=_opt(r, data, "kind", path, lambda v, p: r.choice(v, p, UNIT_KINDS), "chi_bo"),
        level=_opt(r, data, "level", path, lambda v, p: r.choice(v, p, LEVELS)),
        outstanding=_opt(r, data, "outstanding", path, r.boolean, False),
        name=_opt(r, data, "name", path, lambda v, p: r.text(v, p, allow_empty=True), ""),
        score=_opt(r, data, "score", path, lambda v, p: r.amount(v, p, "điểm")),
        proposed_level=_opt(r, data, "proposed_level", path, lambda v, p: r.choice(v, p, LEVELS)),
        tasks=_opt(r, data, "tasks", path, lambda v, p: _read_tasks(r, v, p)),
        shortcomings=_opt(r, data, "shortcomings", path, lambda v, p: _read_shortcomings(r, v, p)),
        facts=_opt(r, data, "facts", path, lambda v, p: _read_facts(r, v, p), Facts()),
    )
    failed, tasks = unit.facts.tasks_not_completed if unit.facts else 0, unit.tasks
    if tasks is not None and failed is not None and failed > tasks.total:
        r.fail(
            join(join(path, "facts"), "tasks_not_completed"),
            f"số nhiệm vụ không hoàn thành ({failed}) không được lớn hơn tổng số nhiệm vụ ({tasks.total})",
        )
    return unit


_FACT_FLAGS = ("committee_united", "committee_excellent", "meetings_as_required", "remediation_plan_done")
_FACT_COUNTS = (
    "tasks_not_completed",
    "leaders_disciplined",
    "members_disciplined_for_degradation",
    "sub_units_disciplined",
)


def _read_facts(r: Reader, data: Any, path: str) -> Facts | None:
    if r.mapping(data, path) is None:
        return None
    values: dict[str, Any] = {key: _opt(r, data, key, path, r.boolean, True) for key in _FACT_FLAGS}
    values |= {key: _opt(r, data, key, path, lambda v, p: r.count(v, p, "số lượng"), 0) for key in _FACT_COUNTS}
    values["members_disciplined"] = _opt(r, data, "members_disciplined", path, lambda v, p: r.count(v, p, "số lượng"))
    values["agency_rating"] = _opt(r, data, "agency_rating", path, lambda v, p: r.choice(v, p, ORG_RATINGS), "highest")
    ratings = _opt(r, data, "mass_org_ratings", path, lambda v, p: r.sequence(v, p), [])
    good = [x for i, x in enumerate(ratings or []) if r.choice(x, join(join(path, "mass_org_ratings"), i), ORG_RATINGS)]
    values["mass_org_ratings"] = tuple(good)
    return Facts(**values)


def _read_sub_units(r: Reader, data: Any, path: str) -> tuple[SubUnit, ...] | None:
    items = r.sequence(data, path) or []
    result = [_read_sub_unit(r, item, join(path, i)) for i, item in enumerate(items)]
    return tuple(s for s in result if s is not None)


def _read_sub_unit(r: Reader, data: Any, path: str) -> SubUnit | None:
    if r.mapping(data, path) is None:
        return None
    level = r.required(data, "level", path)
    level = None if level is None else r.choice(level, join(path, "level"), LEVELS)
    code = _opt(r, data, "code", path, lambda v, p: r.text(v, p, allow_empty=True), "")
    exemplary = _opt(r, data, "exemplary", path, r.boolean, False)
    return None if level is None else SubUnit(level=level, code=code or "", exemplary=bool(exemplary))


def _check_tally(r: Reader, scenario: Scenario) -> None:
    """DOMAIN §3.2: ballots cast ≤ official members present ≤ official members; a member's counts ≤ ballots cast."""
    listed = sum(1 for m in scenario.members if m.official and not m.exempt)
    officials = listed if scenario.voters_total is None else scenario.voters_total
    present, cast = scenario.official_present, scenario.ballots_cast
    if present is not None and present > officials:
        r.fail(
            "official_present",
            f"số đảng viên chính thức có mặt ({present}) không được lớn hơn số đảng viên chính thức ({officials})",
        )
    limit = present if present is not None else officials
    if cast is not None and cast > limit:
        r.fail("ballots_cast", f"số phiếu phát ra ({cast}) không được lớn hơn số đảng viên chính thức có mặt ({limit})")
    ballots, what = _ballot_bound(scenario, listed)
    for i, member in enumerate(scenario.members):
        if member.votes is not None and member.votes.total > ballots:
            r.fail(
                join(join("members", i), "votes"),
                f"tổng số phiếu của đảng viên ({member.votes.total}) không được lớn hơn {what} ({ballots})",
            )


def _ballot_bound(scenario: Scenario, listed: int) -> tuple[int, str]:
    """The most ballots a member can get: ballots cast, else official members present, else ``voters_total``, else
    the official non-exempt members listed (DOMAIN §3.2: counts ≤ ballots cast ≤ present ≤ official members)."""
    if scenario.ballots_cast is not None:
        return scenario.ballots_cast, "số phiếu phát ra"
    if scenario.official_present is not None:
        return scenario.official_present, "số đảng viên chính thức có mặt"
    if scenario.voters_total is not None:
        return scenario.voters_total, "tổng số người biểu quyết"
    return listed, "số đảng viên chính thức (không được miễn) trong danh sách"
