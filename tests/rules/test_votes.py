"""Vote basis (000 §IV.2.2, DOMAIN §3.2, decision 1): thresholds, comparison, accumulation, the base N."""

import pytest

from .builders import by_id, cell, codes, member, preset, run


def _one(votes: dict, voters_total: int = 15, ruleset: str | dict = "hcm-2014", **extra) -> dict:
    scenario = cell([member("a", **votes, **extra)], voters_total=voters_total)
    return by_id(run(scenario, ruleset))["a"]


@pytest.mark.parametrize(
    ("votes", "status", "level"),
    [
        # 000 §IV.2.2.a: "trên 2/3": exactly 2/3 of 15 = 10 is not enough under "gt"
        ({"htxs": 10, "htt": 5}, "rated", "htt"),
        ({"htxs": 11, "htt": 4}, "rated", "htxs"),
        # 000 §IV.2.2.b: "trên 1/2" of 15 = 7,5 → 8 passes, accumulation counts htxs ballots for htt
        ({"htxs": 4, "htt": 4, "ht": 7}, "rated", "htt"),
        ({"htxs": 3, "htt": 4, "ht": 8}, "rated", "ht"),
        # 000 §IV.2.2.d: kht needs its own majority; it never accumulates
        ({"htt": 3, "ht": 4, "kht": 8}, "rated", "kht"),
        ({"htt": 3, "ht": 4, "kht": 7}, "needs_decision", None),
        ({}, "needs_decision", None),
    ],
)
def test_vote_thresholds_and_accumulation(votes: dict, status: str, level: str | None) -> None:
    result = _one(votes)
    assert (result["status"], result["basis_level"]) == (status, level)
    # alone in a cell of 15 voters (not a small cell: 000 §IV.2.2.a), an HTXS member meets ⌊15 % × 1⌋ = 0
    assert result["level"] == ("htt" if level == "htxs" else level)
    if status == "needs_decision":
        assert codes(result) == ["no_majority"]


def test_exactly_half_is_not_a_majority_under_gt() -> None:
    # 000 §IV.2.2.b "trên 1/2": 8 of 16 is exactly half
    result = _one({"htt": 8, "kht": 8}, voters_total=16)
    assert result["status"] == "needs_decision"
    assert "no_majority" in codes(result)


def test_exactly_half_passes_under_gte() -> None:
    rules = preset("hcm-2014")
    for threshold in rules["member"]["votes"]["thresholds"]:
        threshold["comparison"] = "gte"
    result = _one({"htt": 8, "kht": 8}, voters_total=16, ruleset=rules)
    assert result["level"] == "htt"
    # at least 2/3 of 15 = 10 passes under gte (HD 07/2011 practice)
    assert _one({"htxs": 10, "htt": 5}, ruleset=rules)["basis_level"] == "htxs"


def test_without_accumulation_split_ballots_find_no_majority() -> None:
    rules = preset("hcm-2014")
    rules["member"]["votes"]["accumulate"] = False
    result = _one({"htxs": 6, "htt": 6, "ht": 3}, ruleset=rules)
    assert result["status"] == "needs_decision"
    # the same tally accumulates to 12 > 7,5 for htt under the preset
    assert _one({"htxs": 6, "htt": 6, "ht": 3})["level"] == "htt"


def test_the_reason_names_the_numbers() -> None:
    # DOMAIN §3.6: "12/16 phiếu HTXS, cần trên 2/3 của 16 = trên 10,67"
    result = _one({"htxs": 12, "htt": 3}, voters_total=16)
    assert result["basis_level"] == "htxs"
    assert "12/16 phiếu HTXS, cần trên 2/3 của 16 = trên 10,67" in result["reasons"][0]["text"]


def test_base_defaults_to_official_non_exempt_members_absent_included() -> None:
    # decision 1: N = official, non-exempt members in the scenario; probationary and exempt members do not count
    members = [member(f"o{i}", htt=3) for i in range(5)]  # 5 official members, some may be absent: N = 5
    members += [member("p", official=False, htt=3), member("x", exempt=True)]
    result = by_id(run(cell(members)))
    assert result["o0"]["level"] == "htt"  # 3 > 5/2
    assert result["p"]["level"] == "htt"  # probationary members are classified
    members = [member(f"o{i}", htt=3) for i in range(6)]  # N = 6: 3 is exactly half
    assert by_id(run(cell(members)))["o0"]["status"] == "needs_decision"


def test_voters_total_overrides_the_count() -> None:
    result = by_id(run(cell([member("a", htt=3)], voters_total=5)))
    assert result["a"]["level"] == "htt"
    result = by_id(run(cell([member("a", htt=3)], voters_total=6)))
    assert result["a"]["status"] == "needs_decision"


def test_no_official_members_means_no_majority() -> None:
    result = by_id(run(cell([member("a", official=False)])))
    assert result["a"]["status"] == "needs_decision"
    assert codes(result["a"]) == ["no_majority"]


def test_phucat_votes_like_hcm() -> None:
    # 003 §II.2: "trên 2/3", "trên 1/2"
    assert _one({"htxs": 10, "htt": 5}, ruleset="phucat-2023")["basis_level"] == "htt"
    alone = _one({"htxs": 11, "htt": 4}, ruleset="phucat-2023")
    assert alone["basis_level"] == "htxs"
    # 003 §II.2: 15 % of 0 members at htt + 1 moved down = ⌊0,15⌋ = 0, and 003 has no small-unit rule
    assert (alone["level"], codes(alone)[-1]) == ("htt", "quota_exceeded")
