"""The Python API others call: frozen dataclasses in, frozen results out, the same answer as the JSON path."""

import copy
import dataclasses
from datetime import date

import pytest

from xeploai.rules import (
    PRESETS,
    MemberInput,
    UnitInput,
    apply_member_quota,
    classify,
    classify_dict,
    classify_members,
    classify_unit,
    get_preset,
    parse_scenario,
    result_to_dict,
)
from xeploai.rules.scenario import Votes

from .builders import SAMPLE_SCENARIO


def test_classify_and_classify_dict_agree() -> None:
    scenario, ruleset = parse_scenario(SAMPLE_SCENARIO), get_preset("hcm-2014")
    result = classify(scenario, ruleset)
    assert result_to_dict(result) == classify_dict(copy.deepcopy(SAMPLE_SCENARIO), PRESETS["hcm-2014"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.members[0].level = "htxs"  # type: ignore[misc]


def test_the_steps_can_be_called_one_by_one() -> None:
    ruleset = get_preset("hcm-2014")
    members = [MemberInput(id=f"m{i}", votes=Votes(htxs=7 - i, htt=i)) for i in range(7)]
    first = classify_members(members, None, ruleset, date(2014, 11, 25), 7)
    # 000 §IV.2.2.a: > 2/3 of 7 = 4,67 → 5, 6 and 7 htxs ballots pass
    assert [r.basis_level for r in first] == ["htxs"] * 3 + ["htt"] * 4
    final, quota = apply_member_quota(first, ruleset, outstanding=False, unit_size=7)
    # 7 members: the small-cell rule does not apply; ⌊0,15 × 6⌋ = 0 … k = 0 keeps nobody
    assert (quota.allowed, quota.kept, quota.base) == (0, 0, 7)
    assert all(r.level == "htt" for r in final)
    unit = classify_unit(
        UnitInput(score=get_preset("hcm-2014").organisation.score.bands[0].min_score), ruleset, [r.level for r in final]
    )
    assert unit is not None and unit.level == "tsvm"


def test_a_leader_cap_needs_the_unit_level() -> None:
    ruleset = get_preset("hcm-2014")
    secretary = [MemberInput(id="bt", roles=("bi_thu",), votes=Votes(htxs=3))]
    assert classify_members(secretary, None, ruleset, None, 3)[0].level == "htxs"
    capped = classify_members(secretary, "htt", ruleset, None, 3)[0]
    assert capped.level == "htt" and capped.reasons[-1].code == "cap_leader_unit"


def test_the_unit_status_stays_in_the_dataclass_but_not_in_the_json() -> None:
    # DOMAIN §4: the JSON unit has only level and reasons; Python callers still read status
    from xeploai.rules import parse_ruleset
    from xeploai.rules.scenario import Tasks

    unit = UnitInput(score=92, tasks=Tasks(total=12, done=12, on_time=9, exceeded=4))
    scenario = parse_scenario({"unit": {"score": 92, "tasks": {"total": 12, "on_time": 9}}})
    result = classify(scenario, get_preset("qd366-2025"))
    assert result.unit is not None and (result.unit.level, result.unit.status) == (None, "needs_decision")
    assert set(result_to_dict(result)["unit"]) == {"level", "reasons"}
    assert classify_unit(unit, parse_ruleset(PRESETS["qd366-2025"])).status == "needs_decision"
