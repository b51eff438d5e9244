"""The JSON contract of DOMAIN §4: the result's shape, and a full run of the sample scenario."""

import copy
import json

from xeploai.rules import MEMBER_REASON_CODES, PRESETS, UNIT_REASON_CODES, classify_dict

from .builders import SAMPLE_SCENARIO

MEMBER_KEYS = {"id", "status", "level", "basis_level", "reasons"}
STATUSES = {"rated", "not_rated", "exempt", "needs_decision"}


def _assert_shape(result: dict) -> None:
    assert set(result) == {"ruleset", "members", "member_quota", "unit", "sub_unit_quota"}
    for m in result["members"]:
        assert set(m) == MEMBER_KEYS
        assert m["status"] in STATUSES
        assert (m["level"] is not None) == (m["status"] == "rated")
        for reason in m["reasons"]:
            assert set(reason) == {"code", "text"} and reason["code"] in MEMBER_REASON_CODES and reason["text"]
    quota = result["member_quota"]
    if quota is not None:
        assert set(quota) == {"level", "fraction", "base", "allowed", "kept"}
        assert isinstance(quota["fraction"], str) and "/" in quota["fraction"]
        assert quota["kept"] <= quota["allowed"]
    if result["unit"] is not None:
        assert set(result["unit"]) == {"level", "reasons"}  # DOMAIN §4: no other key (no "status")
        assert all(r["code"] in UNIT_REASON_CODES for r in result["unit"]["reasons"])
    if result["sub_unit_quota"] is not None:
        assert set(result["sub_unit_quota"]) == {"level", "allowed", "proposed", "ok"}
    json.dumps(result)  # serialisable as is


def test_sample_scenario_gives_the_contract_shape() -> None:
    result = classify_dict(copy.deepcopy(SAMPLE_SCENARIO), PRESETS["hcm-2014"])
    _assert_shape(result)
    assert result["ruleset"] == "hcm-2014"
    member = result["members"][0]
    assert (member["id"], member["status"], member["basis_level"]) == ("dv-01", "rated", "htxs")
    # a civil servant rated htt without award cannot be htxs (000 §IV.2.2.a)
    assert member["level"] == "htt"
    assert result["member_quota"]["fraction"] == "3/20"
    # 92,5 points, but one mass organisation only at its second level: htt (000 §IV.2.1.a)
    assert result["unit"]["level"] == "htt"
    # one cell at tsvm proposed as exemplary: ⌊0,2 × 1⌋ = 0 allowed
    assert result["sub_unit_quota"] == {"level": "tsvm", "allowed": 0, "proposed": 1, "ok": False}


def test_a_tsvm_unit_sets_no_leader_cap_but_the_sample_cell_is_not_small() -> None:
    # 000 §IV.3: the secretary of a TSVM cell may be HTXS (no cap_leader_unit). 000 §IV.2.2.a "chi bộ có dưới 07
    # đảng viên": voters_total 16 means at least 16 members, so the small-cell rule does not apply although one
    # member is listed; ⌊15 % × 1⌋ = 0 keeps nobody at HTXS.
    data = copy.deepcopy(SAMPLE_SCENARIO)
    data["unit"]["facts"]["mass_org_ratings"] = ["highest"]
    data["members"][0]["civil_servant_rating"] = "htxs"
    result = classify_dict(data, PRESETS["hcm-2014"])
    assert result["unit"]["level"] == "tsvm"
    member = result["members"][0]
    assert (member["basis_level"], member["level"]) == ("htxs", "htt")
    assert [r["code"] for r in member["reasons"]] == ["vote_threshold", "quota_exceeded"]
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 1, "allowed": 0, "kept": 0}


def test_a_unit_to_be_decided_shows_level_null_without_status() -> None:
    # DOMAIN §4 lists only level and reasons for the unit; QĐ 366's gap leaves the level to the competent level
    data = {"ruleset": "qd366-2025", "unit": {"score": 92, "tasks": {"total": 12, "done": 12, "on_time": 9}}}
    result = classify_dict(data, PRESETS["qd366-2025"])
    assert result["unit"]["level"] is None and set(result["unit"]) == {"level", "reasons"}


def test_members_keep_input_order_and_every_preset_runs() -> None:
    data = copy.deepcopy(SAMPLE_SCENARIO)
    data["members"] = [{"id": f"m{i}", "votes": {"htt": 16}, "score": 75} for i in (3, 1, 2)]
    data.pop("sub_units")
    data["unit"]["proposed_level"] = "htt"
    for code, rules in PRESETS.items():
        data["ruleset"] = code
        result = classify_dict(data, rules)
        _assert_shape(result)
        assert [m["id"] for m in result["members"]] == ["m3", "m1", "m2"]
        assert result["sub_unit_quota"] is None


def test_integer_member_ids_are_echoed() -> None:
    data = {"ruleset": "hcm-2014", "voters_total": 3, "members": [{"id": 7, "votes": {"htt": 3}}]}
    result = classify_dict(data, PRESETS["hcm-2014"])
    assert result["members"][0]["id"] == 7
    assert result["unit"] is None
