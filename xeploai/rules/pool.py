"""The committee's pool (DOMAIN §3.4a, contract §4.1): one member quota over many cells.

Each cell is classified as in §3.1–3.3 (``classify_before_quota``): a member whose level after caps is ``htxs`` is a
*candidate*. §3.4 is then applied once to every candidate and every member at ``htt`` of the pool together, ranked
by their approved score (htxs ballots under a vote rule set), with the rule set's rounding and base; ties at the cut
are ``quota_tie``, never broken. ``pool_quota`` is the same function the web's calibration page calls with the
results it keeps in the database, so the page and ``manage.py classify`` cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .engine import check_against_ruleset, classify_before_quota, member_json, reasons_json, unit_size
from .fields import Reader, join, show
from .quota import apply_member_quota
from .results import MemberResult, QuotaResult, UnitResult
from .ruleset import RuleSet, parse_ruleset
from .scenario import Scenario, ScenarioError, parse_scenario


@dataclass(frozen=True)
class PoolInput:
    """Which pool: its code (2A, 2B, 2C or the committee's own) and whether the competent level found it
    outstanding (the larger fraction)."""

    code: str = ""
    outstanding: bool = False


@dataclass(frozen=True)
class PoolScenario:
    """A pool file of §4.1: the pool and its cells, each a scenario of §4 with the file's rule set and date."""

    ruleset: str | None
    pool: PoolInput
    cells: tuple[Scenario, ...]


@dataclass(frozen=True)
class PoolQuota:
    """The pool's figures: §3.4's numbers, the candidates best first and those tied at the cut."""

    code: str
    quota: QuotaResult
    candidates: tuple[str | int, ...]
    tied: tuple[str | int, ...]


@dataclass(frozen=True)
class CellResult:
    """One cell of the pool: its unit and its members in input order."""

    code: str
    unit: UnitResult | None
    members: tuple[MemberResult, ...]


@dataclass(frozen=True)
class PoolResult:
    ruleset: str
    cells: tuple[CellResult, ...]
    pool_quota: PoolQuota | None


def is_pool_file(data: Mapping[str, Any]) -> bool:
    """A §4.1 pool file has ``pool`` or ``cells`` where a §4 scenario has ``unit`` and ``members``."""
    return isinstance(data, Mapping) and ("cells" in data or "pool" in data)


def parse_pool(data: Mapping[str, Any]) -> PoolScenario:
    """Read a pool file; raises ``ScenarioError`` naming the first bad field (``cells[1].members[0].score``)."""
    r = Reader()
    pool_data = r.raw(data, "pool", {})
    pool = PoolInput()
    if r.mapping(pool_data, "pool") is not None:
        code = r.raw(pool_data, "code", None)
        pool = PoolInput(
            code=(r.text(code, "pool.code", allow_empty=True) or "") if code is not None else "",
            outstanding=bool(r.boolean(r.raw(pool_data, "outstanding", False), "pool.outstanding")),
        )
    items = r.sequence(r.required(data, "cells", ""), "cells") or []
    if r.errors:
        raise ScenarioError(*r.errors[0], r.errors)
    if not items:
        raise ScenarioError("cells", "cells: nhóm phải có ít nhất một chi bộ")
    shared = {key: data[key] for key in ("ruleset", "review_date") if key in data}
    cells = tuple(_parse_cell(i, item, shared) for i, item in enumerate(items))
    _check_unique_ids(cells)
    return PoolScenario(data.get("ruleset") if isinstance(data.get("ruleset"), str) else None, pool, cells)


def _parse_cell(i: int, item: Any, shared: Mapping[str, Any]) -> Scenario:
    path = join("cells", i)
    if not isinstance(item, Mapping):
        raise ScenarioError(path, f"{path}: phải là một đối tượng JSON ({{...}}), nhận {show(item)}")
    try:
        return parse_scenario({**item, **shared})
    except ScenarioError as error:
        field = join(path, error.field) if error.field else path
        raise ScenarioError(field, f"{path}.{error.message}" if error.field else f"{path}: {error.message}") from None


def _check_unique_ids(cells: Sequence[Scenario]) -> None:
    seen: dict[Any, str] = {}
    for i, cell in enumerate(cells):
        for j, member in enumerate(cell.members):
            where = f"cells[{i}].members[{j}]"
            if member.id in seen:
                raise ScenarioError(
                    f"{where}.id", f"{where}.id: mã đảng viên {show(member.id)} bị trùng với {seen[member.id]}"
                )
            seen[member.id] = where


def pool_quota(
    results: Sequence[MemberResult], ruleset: RuleSet, outstanding: bool, size: int, code: str = ""
) -> tuple[tuple[MemberResult, ...], PoolQuota | None]:
    """§3.4 over one pool: ``results`` are every member of the pool after caps (ids unique), ``size`` the
    non-exempt members of the pool (for a small-unit rule, if the rule set has one). Returns the results in input
    order and the pool's figures; None without a member quota."""
    after, figures = apply_member_quota(results, ruleset, outstanding, size)
    if figures is None:
        return after, None
    at_level = (r for r in results if r.is_rated and r.level == figures.level)
    ranked = sorted(at_level, key=lambda r: r.rank or Fraction(0), reverse=True)
    tied = tuple(a.id for a in after if any(reason.code == "quota_tie" for reason in a.reasons))
    return after, PoolQuota(code, figures, tuple(r.id for r in ranked), tied)


def classify_pool(scenario: PoolScenario, ruleset: RuleSet) -> PoolResult:
    """Classify every cell without its own quota, then apply the quota once over the whole pool."""
    before = []
    for i, cell in enumerate(scenario.cells):
        try:
            check_against_ruleset(cell, ruleset)
        except ScenarioError as error:
            raise ScenarioError(f"cells[{i}].{error.field}", f"cells[{i}].{error.message}") from None
        before.append(classify_before_quota(cell, ruleset))
    flat = [result for results, _ in before for result in results]
    size = sum(unit_size(cell) for cell in scenario.cells)
    after, figures = pool_quota(flat, ruleset, scenario.pool.outstanding, size, scenario.pool.code)
    by_id = {result.id: result for result in after}
    cells = tuple(
        CellResult(cell.unit.code, unit, tuple(by_id[r.id] for r in results))
        for cell, (results, unit) in zip(scenario.cells, before, strict=True)
    )
    return PoolResult(ruleset.code, cells, figures)


def pool_result_to_dict(result: PoolResult) -> dict[str, Any]:
    """The result JSON of §4.1."""
    quota = result.pool_quota
    return {
        "ruleset": result.ruleset,
        "cells": [
            {
                "unit": {
                    "code": cell.code,
                    "level": cell.unit.level if cell.unit else None,
                    "reasons": reasons_json(cell.unit.reasons) if cell.unit else [],
                },
                "members": [member_json(m) for m in cell.members],
            }
            for cell in result.cells
        ],
        "pool_quota": None
        if quota is None
        else {
            "code": quota.code,
            "level": quota.quota.level,
            "fraction": f"{quota.quota.fraction.numerator}/{quota.quota.fraction.denominator}",
            "base": quota.quota.base,
            "allowed": quota.quota.allowed,
            "kept": quota.quota.kept,
            "candidates": list(quota.candidates),
            "tied": list(quota.tied),
        },
    }


def classify_pool_dict(pool_dict: Mapping[str, Any], ruleset_dict: Mapping[str, Any]) -> dict[str, Any]:
    """Parse both dicts, classify the pool, and return the §4.1 JSON; raises ``ScenarioError`` or ``RuleSetError``."""
    return pool_result_to_dict(classify_pool(parse_pool(pool_dict), parse_ruleset(ruleset_dict)))
