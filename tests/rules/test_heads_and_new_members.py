"""The head of a unit is never rated above it (``cap_head_unit``, HD 21), off in every preset; under QĐ 366 a new
member is left out of the review (DOMAIN §3.1); hcm-2014's small cell counts every non-exempt member."""

from __future__ import annotations

import pytest

from xeploai.rules import PRESETS, RuleSetError, parse_ruleset

from .builders import by_id, cell, codes, member, preset, run, scored

ON_TIME = {"total": 10, "done": 10, "on_time": 10, "exceeded": 4}


def _head_rules(roles: list[str] | None = None) -> dict:
    rules = preset("qd366-2025")
    rules["member"]["caps"].append("cap_head_unit")
    if roles is not None:
        rules["member"]["head_roles"] = roles
    rules["member"]["quota"]["scope"] = "cell"
    rules["member"]["quota"] |= {"fraction": "1", "outstanding_fraction": "1"}  # no quota in the way
    return rules


def _unit_scenario(unit: dict, roles: list[str]) -> dict:
    members = [scored("head", 96, roles=roles, tasks=ON_TIME)] + [scored(f"m{i}", 80) for i in range(6)]
    unit = {"code": "cb-1", "name": "Chi bộ Kho bạc", **unit}
    return cell(members, "qd366-2025", review_date="2026-12-10", unit=unit)


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_the_head_cap_is_off_in_every_preset(code: str) -> None:
    assert "cap_head_unit" not in parse_ruleset(PRESETS[code]).member.caps


@pytest.mark.parametrize(
    ("unit", "roles", "level"),
    [
        ({"level": "htt"}, ["bi_thu"], "htt"),
        ({"level": "ht"}, ["bi_thu"], "ht"),
        ({"level": "htxs"}, ["bi_thu"], "htxs"),
        ({"score": 75, "tasks": ON_TIME}, ["bi_thu"], "htt"),  # computed level
        ({"level": "ht"}, ["pho_bi_thu"], "htxs"),  # not a head under the default head_roles
        ({}, ["bi_thu"], "htxs"),  # the unit's level unknown: no cap
    ],
)
def test_a_head_is_never_above_the_unit(unit: dict, roles: list, level: str) -> None:
    result = by_id(run(_unit_scenario(unit, roles), _head_rules()))["head"]
    assert result["level"] == level
    if level != "htxs":
        reason = next(r for r in result["reasons"] if r["code"] == "cap_head_unit")
        assert "Chi bộ Kho bạc" in reason["text"] and level.upper() in reason["text"]


def test_head_roles_are_the_rule_sets_choice() -> None:
    result = by_id(run(_unit_scenario({"level": "ht"}, ["pho_bi_thu"]), _head_rules(["bi_thu", "pho_bi_thu"])))
    assert result["head"]["level"] == "ht" and "cap_head_unit" in codes(result["head"])
    rules = _head_rules(["giam_doc"])
    with pytest.raises(RuleSetError) as error:
        parse_ruleset(rules)
    assert error.value.errors[0][0] == "member.head_roles[0]"


def test_the_head_cap_on_a_2014_scale_unit_maps_tsvm_to_htxs() -> None:
    rules = preset("hcm-2014")
    rules["member"]["caps"] = ["cap_head_unit"]
    members = [member("head", htxs=7, roles=["bi_thu"])] + [member(f"m{i}", htt=7) for i in range(6)]
    for unit_level, level in (("tsvm", "htxs"), ("htt", "htt"), ("yeu_kem", "kht")):
        result = by_id(run(cell(members, unit={"code": "cb", "level": unit_level}), rules))["head"]
        assert result["level"] == level or "quota" in str(result["reasons"])


def test_under_qd366_a_new_member_is_not_reviewed_at_all() -> None:
    scenario = cell([scored("new", 95, admitted_on="2026-07-01")], "qd366-2025", review_date="2026-12-10")
    result = by_id(run(scenario))["new"]
    assert result["status"] == "not_rated" and codes(result) == ["new_member"]
    assert "chưa kiểm điểm" in result["reasons"][0]["text"]
    assert parse_ruleset(PRESETS["qd366-2025"]).member.new_members_reviewed is False
    older = by_id(run(cell([member("new", htt=3, admitted_on="2014-07-01")], voters_total=4)))["new"]
    assert "kiểm điểm nhưng chưa xếp loại" in older["reasons"][0]["text"]
    assert all(parse_ruleset(PRESETS[c]).member.new_members_reviewed for c in PRESETS if c != "qd366-2025")


def test_hcm_small_cell_counts_probationary_and_new_members() -> None:
    # DOMAIN §3.4: "fewer than 7 members" counts every non-exempt member, probationary and new ones included
    members = [member(f"x{i}", htxs=4, htt=0) for i in range(2)] + [member(f"t{i}", htt=4) for i in range(2)]
    members += [member("p1", official=False), member("n1", admitted_on="2014-10-01")]
    small = run(cell(members, voters_total=4))
    assert small["member_quota"]["allowed"] == 1  # 7 listed would not be small: 6 non-exempt
    members.append(member("n2", admitted_on="2014-10-01"))
    assert run(cell(members, voters_total=4))["member_quota"]["allowed"] == 0  # 7 members: ⌊15 % × b⌋
    members.append(member("e1", exempt=True))
    assert run(cell(members, voters_total=4))["member_quota"]["allowed"] == 0
