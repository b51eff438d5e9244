"""Properties over random cells (hypothesis): the quota holds, caps and votes bound the level, more htxs ballots
never hurt, member order and exempt members change nothing."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xeploai.rules import PRESETS, allowed_function, classify_dict, get_preset, rank

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
VOTE_PRESETS = ("hcm-2014", "phucat-2023")
CAP_LEVELS = {
    "cap_discipline": "kht",
    "cap_violation": "kht",
    "cap_sick_leave": "ht",
    "cap_absences": "htt",
    "cap_leader_unit": "htt",
}


@st.composite
def _votes(draw: st.DrawFn, voters: int) -> dict[str, int]:
    """A tally whose counts add up to at most ``voters``; often a clear majority for htxs or htt."""
    mode = draw(st.sampled_from(["htxs", "htxs", "htt", "htt", "random"]))
    if mode != "random":
        strong = draw(st.integers(max(0, voters - 2), voters))
        return {"htxs": 0, "htt": 0, "ht": 0, "kht": 0} | {mode: strong, "ht": draw(st.integers(0, voters - strong))}
    cuts = sorted(draw(st.lists(st.integers(0, voters), min_size=4, max_size=4)))
    return {"htxs": cuts[0], "htt": cuts[1] - cuts[0], "ht": cuts[2] - cuts[1], "kht": cuts[3] - cuts[2]}


@st.composite
def _member(draw: st.DrawFn, index: int, voters: int, score_basis: bool) -> dict[str, Any]:
    member: dict[str, Any] = {
        "id": f"m{index:02d}",
        "official": draw(st.sampled_from([True, True, True, False])),
        "admitted_on": draw(st.sampled_from(["2000-01-01"] * 4 + ["2014-05-25", "2014-06-01"])),
        "roles": draw(st.lists(st.sampled_from(["bi_thu", "truong_phong", "dang_vien"]), max_size=1)),
        "civil_servant_rating": draw(st.sampled_from([None] * 6 + ["htxs", "htt", "ht", "ht_han_che", "kht"])),
        "awards": draw(st.sampled_from([[], [], ["bằng khen"]])),
        "under_discipline": draw(st.sampled_from([False] * 7 + [True])),
        "sick_leave_months": draw(st.sampled_from([0] * 6 + [2.5, 3])),
        "excused_absences": draw(st.sampled_from([0] * 6 + [1, 3])),
        "votes": draw(_votes(voters)),
    }
    if score_basis:
        member["score"] = draw(st.sampled_from([45, 50, 69.5, 70, 80, 89.5, 90, 92, 95, 95, 98, 100]))
        if draw(st.booleans()):
            total = draw(st.integers(1, 10))
            done = draw(st.integers(0, total))
            on_time = draw(st.integers(0, done))
            member["tasks"] = {"total": total, "done": done, "on_time": on_time, "exceeded": draw(st.integers(0, done))}
    return member


@st.composite
def cells(draw: st.DrawFn, score_basis: bool | None = None) -> tuple[dict[str, Any], str]:
    """A random scenario and the preset it is for."""
    code = (
        draw(st.sampled_from(["qd366-2025", "lamdong-2021"] if score_basis else list(VOTE_PRESETS)))
        if score_basis is not None
        else draw(st.sampled_from(sorted(PRESETS)))
    )
    is_score = PRESETS[code]["member"]["basis"] == "score"
    size = draw(st.integers(1, 16))
    voters = draw(st.integers(max(1, size - 3), size + 2))
    members = [draw(_member(i, voters, is_score)) for i in range(size)]
    unit: dict[str, Any] = {"code": "cb", "kind": "chi_bo", "outstanding": draw(st.booleans())}
    if PRESETS[code]["organisation"]["basis"] == "proposed":
        unit["proposed_level"] = draw(st.sampled_from([None, "htxs", "htt", "ht"]))
    else:
        unit["score"] = draw(st.sampled_from([None, 45, 75, 92, 96]))
    scenario = {"ruleset": code, "review_date": "2014-11-25", "voters_total": voters, "unit": unit, "members": members}
    return scenario, code


def _run(scenario: dict[str, Any], code: str) -> dict[str, Any]:
    return classify_dict(scenario, PRESETS[code])


@SETTINGS
@given(cells())
def test_the_quota_is_never_exceeded(case: tuple[dict, str]) -> None:
    scenario, code = case
    result = _run(scenario, code)
    quota, rules = result["member_quota"], get_preset(code).member.quota
    levels = [m["level"] for m in result["members"]]
    ties = sum(1 for m in result["members"] if m["reasons"] and m["reasons"][-1]["code"] == "quota_tie")
    assert levels.count("htxs") == quota["kept"] <= quota["allowed"]
    # base = H + |C| − k, where |C| = kept + tied + moved down and htt after the quota = H + moved down
    assert quota["base"] == levels.count("htt") + quota["kept"] + ties - quota["allowed"]
    assert ties == 0 or ties > quota["allowed"] - quota["kept"] > 0
    # 000 §IV.2.2.a: the cell has at least voters_total members, whoever the scenario lists
    size = max(sum(1 for m in scenario["members"] if not m.get("exempt")), scenario["voters_total"])
    allowed = allowed_function(rules, scenario["unit"]["outstanding"], size)
    assert quota["allowed"] <= allowed(quota["base"])
    assert quota["fraction"] == str(rules.outstanding_fraction if scenario["unit"]["outstanding"] else rules.fraction)


@SETTINGS
@given(cells())
def test_a_level_is_never_better_than_its_basis_or_a_binding_cap(case: tuple[dict, str]) -> None:
    scenario, code = case
    result = _run(scenario, code)
    enabled = set(PRESETS[code]["member"]["caps"])
    for given_member, m in zip(scenario["members"], result["members"], strict=True):
        if m["status"] != "rated":
            continue
        assert rank(m["level"]) >= rank(m["basis_level"])
        for reason in m["reasons"]:
            if reason["code"] in CAP_LEVELS:
                assert rank(m["level"]) >= rank(CAP_LEVELS[reason["code"]])
        if given_member["under_discipline"] and "cap_discipline" in enabled:
            assert m["level"] == "kht"
        if given_member["sick_leave_months"] >= 3 and "cap_sick_leave" in enabled:
            assert rank(m["level"]) >= rank("ht")
        if given_member["civil_servant_rating"] in ("ht", "ht_han_che") and "cap_civil_servant" in enabled:
            assert rank(m["level"]) >= rank("ht")


@SETTINGS
@given(cells(score_basis=False), st.data())
def test_another_htxs_ballot_never_lowers_that_member(case: tuple[dict, str], data: st.DataObject) -> None:
    scenario, code = case
    index = data.draw(st.integers(0, len(scenario["members"]) - 1))
    target = scenario["members"][index]
    if sum(target["votes"].values()) >= scenario["voters_total"]:
        target["votes"]["kht"] = max(0, target["votes"]["kht"] - 1)  # make room for one more ballot
        if sum(target["votes"].values()) >= scenario["voters_total"]:
            return
    before = _run(scenario, code)["members"][index]
    more = copy.deepcopy(scenario)
    more["members"][index]["votes"]["htxs"] += 1
    after = _run(more, code)["members"][index]
    if before["basis_level"] is not None:  # the level before caps and quota never drops
        assert after["basis_level"] is not None and rank(after["basis_level"]) <= rank(before["basis_level"])
    if before["status"] == "rated" and after["status"] == "rated":  # with a quota tie, the cell decides instead
        assert rank(after["level"]) <= rank(before["level"])


@SETTINGS
@given(cells(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_member_order(case: tuple[dict, str], rnd) -> None:
    scenario, code = case
    shuffled = copy.deepcopy(scenario)
    rnd.shuffle(shuffled["members"])
    first, second = _run(scenario, code), _run(shuffled, code)
    assert {m["id"]: m for m in first["members"]} == {m["id"]: m for m in second["members"]}
    assert [m["id"] for m in second["members"]] == [m["id"] for m in shuffled["members"]]
    assert (first["member_quota"], first["unit"]) == (second["member_quota"], second["unit"])


@SETTINGS
@given(cells(), st.data())
def test_exempt_members_never_change_anyone_else(case: tuple[dict, str], data: st.DataObject) -> None:
    scenario, code = case
    extra = data.draw(_member(99, scenario["voters_total"], PRESETS[code]["member"]["basis"] == "score"))
    extra["exempt"] = True
    if data.draw(st.booleans()):
        scenario.pop("voters_total")  # the base then comes from the members: exempt ones still do not count
        for m in scenario["members"] + [extra]:
            m["votes"] = {"htxs": 0, "htt": 0, "ht": 0, "kht": 0}
    with_exempt = copy.deepcopy(scenario)
    with_exempt["members"].insert(data.draw(st.integers(0, len(scenario["members"]))), extra)
    first, second = _run(scenario, code), _run(with_exempt, code)
    others = [m for m in second["members"] if m["id"] != extra["id"]]
    assert first["members"] == others
    assert (first["member_quota"], first["unit"]) == (second["member_quota"], second["unit"])
    assert next(m for m in second["members"] if m["id"] == extra["id"])["status"] == "exempt"


@SETTINGS
@given(st.integers(0, 200), st.sampled_from(["0.15", "0.2", "0.25", "2/3"]))
def test_allowed_is_the_exact_floor(base: int, fraction: str) -> None:
    rules = get_preset("qd366-2025").member.quota
    from dataclasses import replace

    quota = replace(rules, fraction=Fraction(fraction))
    allowed = allowed_function(quota, False, 0)(base)
    assert allowed <= Fraction(fraction) * base < allowed + 1
