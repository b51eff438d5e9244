"""The committee's pool (DOMAIN §3.4a, §4.1) and the quota settings of §3.4 (rounding, base, scope): by table and
by property."""

from __future__ import annotations

import copy
import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xeploai.rules import PRESETS, ScenarioError, classify_dict, parse_ruleset
from xeploai.rules.pool import classify_pool_dict, is_pool_file, parse_pool
from xeploai.rules.quota import rounded

from .builders import by_id, codes, preset

SETTINGS = settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
ON_TIME = {"total": 10, "done": 10, "on_time": 10, "exceeded": 4}  # every task on time, 40 % exceeded
DOMAIN_POOL = {  # DOMAIN §4.1, verbatim
    "ruleset": "qd366-2025",
    "review_date": "2026-12-10",
    "pool": {"code": "2B", "outstanding": False},
    "cells": [
        {"unit": {"code": "cb-1", "kind": "chi_bo"}, "members": [{"id": "a1", "score": 95, "tasks": ON_TIME}]},
        {"unit": {"code": "cb-2", "kind": "chi_bo"}, "members": [{"id": "b1", "score": 80}]},
    ],
}


def _candidate(mid: str, score: int | str = 95) -> dict[str, Any]:
    return {"id": mid, "admitted_on": "2000-01-01", "score": score, "tasks": ON_TIME}


def _htt(mid: str) -> dict[str, Any]:
    return {"id": mid, "admitted_on": "2000-01-01", "score": 80}


def _cells(shape: list[tuple[int, int]], scores: list[int] | None = None) -> list[dict[str, Any]]:
    """One cell per (candidates, at htt); candidate scores from ``scores`` in order, else 95."""
    scores_iter = iter(scores or [])
    cells = []
    for i, (candidates, at_htt) in enumerate(shape):
        members = [_candidate(f"c{i}-{j}", next(scores_iter, 95)) for j in range(candidates)]
        members += [_htt(f"t{i}-{j}") for j in range(at_htt)]
        cells.append({"unit": {"code": f"cb-{i}", "kind": "chi_bo"}, "members": members})
    return cells


def _pool(cells: list[dict[str, Any]], rules: dict[str, Any] | None = None, **pool: Any) -> dict[str, Any]:
    data = {"ruleset": "qd366-2025", "review_date": "2026-12-10", "pool": {"code": "2B", **pool}, "cells": cells}
    return classify_pool_dict(data, rules or PRESETS["qd366-2025"])


def _members(result: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    return {m["id"]: m for cell in result["cells"] for m in cell["members"]}


def _with(code: str = "qd366-2025", **quota: Any) -> dict[str, Any]:
    rules = preset(code)
    rules["member"]["quota"] |= quota
    return rules


def test_the_domain_pool_example_gives_the_contract_result() -> None:
    result = classify_pool_dict(DOMAIN_POOL, PRESETS["qd366-2025"])
    assert result["pool_quota"] == {
        "code": "2B",
        "level": "htxs",
        "fraction": "1/5",
        "base": 2,
        "allowed": 0,
        "kept": 0,
        "candidates": ["a1"],
        "tied": [],
    }
    members = _members(result)
    assert members["a1"]["status"] == "rated" and members["a1"]["level"] == "htt"
    assert members["a1"]["basis_level"] == "htxs" and codes(members["a1"])[-1] == "quota_exceeded"
    assert members["b1"]["level"] == "htt" and "quota_exceeded" not in codes(members["b1"])
    assert [cell["unit"]["code"] for cell in result["cells"]] == ["cb-1", "cb-2"]
    assert all("member_quota" not in cell for cell in result["cells"])


def test_the_pool_allows_what_no_single_cell_could() -> None:
    # five cells of 2 candidates and 3 at HTT: in each cell k ≤ ⌊20 % × (5 − k)⌋ keeps 0; over the pool
    # k ≤ ⌊20 % × (25 − k)⌋ keeps 4 (k = 5 would need ⌊20 % × 20⌋ = 4 ≥ 5)
    shape = [(2, 3)] * 5
    scores = [99, 98, 97, 96, 95, 94, 93, 92, 91, 90]
    result = _pool(_cells(shape, scores))
    assert result["pool_quota"]["allowed"] == 4 and result["pool_quota"]["kept"] == 4
    assert result["pool_quota"]["base"] == 21
    kept = {mid for mid, m in _members(result).items() if m["level"] == "htxs"}
    assert kept == {"c0-0", "c0-1", "c1-0", "c1-1"}  # the four best scores, wherever they sit
    per_cell = [classify_dict({**cell, "ruleset": "qd366-2025", "review_date": "2026-12-10"}, PRESETS["qd366-2025"])
                for cell in _cells(shape, scores)]
    assert sum(r["member_quota"]["kept"] for r in per_cell) == 0


def test_candidates_are_ranked_best_first_across_cells() -> None:
    result = _pool(_cells([(1, 0), (1, 0), (1, 20)], [91, 99, 95]))
    assert result["pool_quota"]["candidates"] == ["c1-0", "c2-0", "c0-0"]


def test_a_tie_at_the_cut_across_cells_is_surfaced_never_broken() -> None:
    # 13 at HTT and 3 candidates at 96, 94, 94 in three cells: k ≤ ⌊0,2 × (16 − k)⌋ holds for k = 2 (2 ≤ 2) and
    # fails for k = 3 (3 > 2); the 2nd and 3rd rank are both 94, so only the first is kept and two are tied
    result = _pool(_cells([(1, 5), (1, 4), (1, 4)], [96, 94, 94]))
    quota = result["pool_quota"]
    assert quota["allowed"] == 2 and quota["kept"] == 1
    assert sorted(quota["tied"]) == ["c1-0", "c2-0"]
    members = _members(result)
    assert members["c0-0"]["level"] == "htxs"
    for mid in ("c1-0", "c2-0"):
        assert members[mid]["status"] == "needs_decision" and members[mid]["level"] is None
        assert codes(members[mid])[-1] == "quota_tie"


def test_an_outstanding_pool_uses_twenty_five_percent() -> None:
    # 4 candidates, 16 at HTT: 20 % → k ≤ ⌊0,2 × (20 − k)⌋ = 3; 25 % → k = 4 (4 ≤ ⌊0,25 × 16⌋ = 4)
    cells = _cells([(2, 8), (2, 8)], [99, 98, 97, 96])
    assert _pool(copy.deepcopy(cells))["pool_quota"]["kept"] == 3
    outstanding = _pool(cells, outstanding=True)["pool_quota"]
    assert outstanding["fraction"] == "1/4" and outstanding["kept"] == 4


def test_half_up_rounding_rounds_one_point_six_to_two() -> None:
    # a 2026 concretisation of QĐ 366: 8 × 20 % = 1,6 → 2. 2 candidates, 8 at HTT: k = 2 needs allowed(8) ≥ 2
    cells = _cells([(2, 8)], [99, 98])
    assert _pool(copy.deepcopy(cells))["pool_quota"]["kept"] == 1  # floor: ⌊0,2 × 9⌋ = 1
    half_up = _pool(cells, _with(rounding="half_up"))["pool_quota"]
    assert half_up["kept"] == 2 and half_up["base"] == 8
    ruleset = parse_ruleset(_with(rounding="half_up"))
    quota = ruleset.member.quota
    assert [rounded(quota, Fraction(x, 10)) for x in (14, 15, 16, 25)] == [1, 2, 2, 3]


def test_base_htt_and_above_counts_the_kept_too() -> None:
    # 2 candidates, 8 at HTT: base "htt_and_above" is 10 whatever k, so ⌊0,2 × 10⌋ = 2 are kept
    result = _pool(_cells([(2, 8)], [99, 98]), _with(base="htt_and_above"))["pool_quota"]
    assert result["base"] == 10 and result["allowed"] == 2 and result["kept"] == 2


def test_the_settings_are_read_checked_and_written_back() -> None:
    from xeploai.rules import RuleSetError, ruleset_to_dict

    rules = parse_ruleset(PRESETS["qd366-2025"])
    assert (rules.member.quota.scope, rules.member.quota.rounding, rules.member.quota.base) == ("pool", "floor", "htt")
    assert parse_ruleset(PRESETS["hcm-2014"]).member.quota.scope == "cell"
    assert ruleset_to_dict(rules)["member"]["quota"]["scope"] == "pool"
    old = preset("hcm-2014")  # a rule set stored before the settings existed takes the defaults
    for key in ("scope", "rounding", "base"):
        del old["member"]["quota"][key]
    assert parse_ruleset(old).member.quota.rounding == "floor"
    bad = _with(scope="province", rounding="up", base="all")
    bad["organisation"]["quota"]["scope"] = "pool"
    with pytest.raises(RuleSetError) as error:
        parse_ruleset(bad)
    fields = {field for field, _ in error.value.errors}
    assert fields == {
        "member.quota.scope",
        "member.quota.rounding",
        "member.quota.base",
        "organisation.quota.scope",
    }


def test_a_plain_scenario_under_a_pool_rule_set_keeps_its_per_cell_figures() -> None:
    # DOMAIN §4.1: a plain scenario of §4 under a pool rule set is a pool of that one cell
    cell = _cells([(3, 7)], [99, 98, 97])[0]
    scenario = {**cell, "ruleset": "qd366-2025", "review_date": "2026-12-10"}
    as_cell = classify_dict(scenario, _with(scope="cell"))
    as_pool = classify_dict(scenario, PRESETS["qd366-2025"])
    assert as_cell == as_pool
    pool = _pool([cell])
    assert pool["pool_quota"]["kept"] == as_pool["member_quota"]["kept"]
    assert _members(pool) == by_id(as_pool)


def test_member_ids_are_unique_across_the_pool() -> None:
    cells = _cells([(1, 1), (1, 1)])
    cells[1]["members"][0]["id"] = "c0-0"
    with pytest.raises(ScenarioError) as error:
        parse_pool({"ruleset": "qd366-2025", "cells": cells})
    assert error.value.field == "cells[1].members[0].id"
    assert "c0-0" in error.value.message and "cells[0].members[0]" in error.value.message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"cells": []}, "cells"),
        ({"cells": "x"}, "cells"),
        ({"cells": [3]}, "cells[0]"),
        ({"cells": [{"members": [{"id": "a", "score": "x"}]}]}, "cells[0].members[0].score"),
        ({"cells": [{"members": [{"id": "a", "score": 101}]}]}, "cells[0].members[0].score"),
        ({"pool": {"outstanding": "có"}, "cells": [{"members": []}]}, "pool.outstanding"),
    ],
)
def test_bad_pool_files_name_the_field(data: dict, field: str) -> None:
    with pytest.raises(ScenarioError) as error:
        classify_pool_dict({"ruleset": "qd366-2025", "review_date": "2026-12-10", **data}, PRESETS["qd366-2025"])
    assert error.value.field == field
    assert error.value.message.startswith(field)


def test_a_pool_file_is_told_from_a_scenario() -> None:
    assert is_pool_file(DOMAIN_POOL)
    assert not is_pool_file({"unit": {}, "members": []})


# --- properties ----------------------------------------------------------------------------------------------

@st.composite
def _pool_cells(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A few cells of candidates (scores 90–100, often equal), members at HTT, at HT, new and exempt members."""
    cells = []
    for i in range(draw(st.integers(1, 5))):
        members = []
        for j in range(draw(st.integers(0, 6))):
            members.append(_candidate(f"c{i}-{j}", draw(st.sampled_from([90, 92, 95, 95, 98, 100]))))
        members += [_htt(f"t{i}-{j}") for j in range(draw(st.integers(0, 12)))]
        members += [{"id": f"h{i}-{j}", "score": 60} for j in range(draw(st.integers(0, 2)))]
        new = draw(st.integers(0, 1))
        members += [{"id": f"n{i}-{j}", "score": 99, "admitted_on": "2026-10-01"} for j in range(new)]
        members += [{"id": f"x{i}-{j}", "exempt": True} for j in range(draw(st.integers(0, 1)))]
        cells.append({"unit": {"code": f"cb-{i}", "kind": "chi_bo"}, "members": members})
    return cells


_RULES = st.sampled_from(
    [PRESETS["qd366-2025"], _with(rounding="half_up"), _with(base="htt_and_above"),
     _with(rounding="half_up", base="htt_and_above")]
)


@SETTINGS
@given(cells=_pool_cells(), rules=_RULES, outstanding=st.booleans())
def test_the_pool_never_keeps_more_than_allowed(cells: list, rules: dict, outstanding: bool) -> None:
    result = _pool(cells, rules, outstanding=outstanding)
    quota = result["pool_quota"]
    members = list(_members(result).values())
    at_htxs = sum(1 for m in members if m["level"] == "htxs")
    assert at_htxs == quota["kept"] <= quota["allowed"] <= len(quota["candidates"])
    fraction = Fraction(quota["fraction"])
    assert quota["allowed"] <= rounded(parse_ruleset(rules).member.quota, fraction * quota["base"])
    assert len(quota["tied"]) == 0 or quota["kept"] < quota["allowed"]
    moved = [m for m in members if "quota_exceeded" in codes(m)]
    assert len(moved) + len(quota["tied"]) + quota["kept"] == len(quota["candidates"])


@SETTINGS
@given(cells=_pool_cells(), rules=_RULES, seed=st.integers(0, 10_000))
def test_the_result_does_not_depend_on_the_order_of_cells_or_members(cells: list, rules: dict, seed: int) -> None:
    shuffled = copy.deepcopy(cells)
    rng = random.Random(seed)
    rng.shuffle(shuffled)
    for cell in shuffled:
        rng.shuffle(cell["members"])
    first, second = _pool(cells, rules), _pool(shuffled, rules)
    assert _members(first) == _members(second)
    figures = {k: v for k, v in first["pool_quota"].items() if k not in ("candidates", "tied")}
    assert figures == {k: v for k, v in second["pool_quota"].items() if k not in ("candidates", "tied")}
    assert sorted(first["pool_quota"]["tied"]) == sorted(second["pool_quota"]["tied"])


@SETTINGS
@given(cells=_pool_cells(), rules=_RULES, cut=st.integers(1, 4))
def test_splitting_a_pool_never_allows_more_than_the_rounding_permits(cells: list, rules: dict, cut: int) -> None:
    # ⌊x⌋ + ⌊y⌋ ≤ ⌊x + y⌋: with floor, two pools never allow more than their union; half-up rounding may give
    # each part its half point, so at most one more in total
    if len(cells) < 2:
        return
    cut = min(cut, len(cells) - 1)
    union = _pool(copy.deepcopy(cells), rules)["pool_quota"]["allowed"]
    parts = sum(_pool(copy.deepcopy(p), rules)["pool_quota"]["allowed"] for p in (cells[:cut], cells[cut:]))
    slack = 1 if rules["member"]["quota"]["rounding"] == "half_up" else 0
    assert parts <= union + slack


@SETTINGS
@given(cells=_pool_cells())
def test_only_candidates_move_and_only_to_htt_or_a_decision(cells: list) -> None:
    result = _pool(cells)
    for mid, m in _members(result).items():
        if not mid.startswith("c"):
            assert "quota_exceeded" not in codes(m) and "quota_tie" not in codes(m)
        elif "quota_exceeded" in codes(m):
            assert m["level"] == "htt" and m["basis_level"] == "htxs"
