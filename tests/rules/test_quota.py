"""The member quota (DOMAIN §3.4, decisions 5 and 8)."""

import pytest

from xeploai.rules import allowed_function, get_preset, largest_kept

from .builders import by_id, cell, codes, member, preset, run, scored


def _cell(htxs_votes: list[int], at_htt: int, at_ht: int = 0, ruleset: str | dict = "hcm-2014", **unit) -> dict:
    """``len(htxs_votes)`` members voted htxs (with these counts), ``at_htt`` at htt, ``at_ht`` at ht."""
    n = len(htxs_votes) + at_htt + at_ht
    members = [member(f"x{i:02d}", htxs=v, htt=n - v) for i, v in enumerate(htxs_votes)]
    members += [member(f"t{i:02d}", htt=n) for i in range(at_htt)] + [member(f"h{i:02d}", ht=n) for i in range(at_ht)]
    scenario = cell(members, "hcm-2014", voters_total=n)
    scenario["unit"] |= unit
    return run(scenario, ruleset)


def test_worked_example_of_domain() -> None:
    # DOMAIN §3.4: hcm-2014, 30 members, 20 at htt and 6 at htxs → k = 3 (3 ≤ ⌊0,15 × 23⌋),
    # k = 4 fails (⌊0,15 × 22⌋ = 3)
    result = _cell([26, 25, 24, 23, 22, 21], at_htt=20, at_ht=4)
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 23, "allowed": 3, "kept": 3}
    members = by_id(result)
    assert [members[f"x0{i}"]["level"] for i in range(6)] == ["htxs"] * 3 + ["htt"] * 3
    assert all(members[f"x0{i}"]["basis_level"] == "htxs" for i in range(6))
    assert codes(members["x05"])[-1] == "quota_exceeded"
    assert sum(1 for m in result["members"] if m["level"] == "htt") == 23


def test_fifteen_percent_of_twenty_is_three() -> None:
    # exact arithmetic: 0,15 × 20 = 3 exactly (binary floats give 2.9999…)
    assert allowed_function(get_preset("hcm-2014").member.quota, False, 30)(20) == 3
    result = _cell([30, 29, 28], at_htt=20, at_ht=7)  # k = 3: ⌊0,15 × 20⌋ = 3
    assert result["member_quota"]["allowed"] == 3 and result["member_quota"]["base"] == 20


def test_outstanding_cell_uses_twenty_percent() -> None:
    # 000 §IV.2.2.a: "không vượt quá 20 %" for a cell with outstanding results
    result = _cell([26, 25, 24, 23, 22, 21], at_htt=20, at_ht=4, outstanding=True)
    assert result["member_quota"] == {"level": "htxs", "fraction": "1/5", "base": 22, "allowed": 4, "kept": 4}


def test_tie_at_the_cut_needs_a_decision() -> None:
    # decision 5: the 3rd and 4th rank equal → everyone at that value needs a decision
    result = _cell([26, 25, 24, 24, 24, 21], at_htt=20, at_ht=4)
    members = by_id(result)
    assert [members[f"x0{i}"]["status"] for i in range(6)] == ["rated"] * 2 + ["needs_decision"] * 3 + ["rated"]
    assert [members[f"x0{i}"]["level"] for i in range(6)] == ["htxs", "htxs", None, None, None, "htt"]
    assert codes(members["x02"])[-1] == "quota_tie"
    assert members["x02"]["basis_level"] == "htxs"
    assert codes(members["x05"])[-1] == "quota_exceeded"
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 23, "allowed": 3, "kept": 2}


def test_a_tie_below_the_cut_is_no_tie() -> None:
    result = _cell([26, 25, 24, 22, 22, 21], at_htt=20, at_ht=4)
    assert result["member_quota"]["kept"] == 3
    assert all(m["status"] == "rated" for m in result["members"])


@pytest.mark.parametrize(
    ("size", "allowed"),
    [
        # 000 §IV.2.2.a: "chi bộ có dưới 07 đảng viên thì được bầu chọn không quá 01 đồng chí"
        (6, 1),
        (7, 0),  # 7 members: ⌊0,15 × 5⌋ = 0
    ],
)
def test_hcm_small_cell_rule(size: int, allowed: int) -> None:
    result = _cell([size, size - 1], at_htt=size - 2)
    assert result["member_quota"]["allowed"] == allowed
    assert result["member_quota"]["kept"] == allowed


def test_a_tie_in_a_small_cell_needs_a_decision() -> None:
    result = _cell([6, 6], at_htt=4)
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 5, "allowed": 1, "kept": 0}
    assert [m["status"] for m in result["members"][:2]] == ["needs_decision"] * 2


def test_hcm_small_cell_counts_every_non_exempt_member() -> None:
    # 6 voters plus a new member (not rated) = 7 members: the small-cell rule no longer applies
    members = [member("a", htxs=6), member("b", htxs=5, htt=1)] + [member(f"t{i}", htt=6) for i in range(4)]
    scenario = cell([*members, member("new", admitted_on="2014-10-01", official=False)], voters_total=6)
    assert run(scenario)["member_quota"]["allowed"] == 0
    scenario = cell([*members, member("x", exempt=True)], voters_total=6)  # exempt members do not count
    assert run(scenario)["member_quota"]["allowed"] == 1


@pytest.mark.parametrize(
    ("listed", "voters_total", "allowed"),
    [
        # 000 §IV.2.2.a "chi bộ có dưới 07 đảng viên": the cell's size is the larger of the non-exempt members listed
        # and voters_total (that many official members means at least that many members)
        (1, 16, 0),  # the DOMAIN §4 sample: one member listed, 16 voters → not a small cell, ⌊15 % × 1⌋ = 0
        (1, 6, 1),
        (1, 7, 0),
        (1, None, 1),
        (7, 3, 0),  # 7 members listed: not small, whatever voters_total says
    ],
)
def test_hcm_small_cell_size_reads_voters_total(listed: int, voters_total: int | None, allowed: int) -> None:
    members = [member("a", htxs=voters_total or listed)]  # every ballot for htxs
    members += [member(f"t{i}", ht=0) for i in range(listed - 1)]  # listed, without a majority for any level
    extra = {} if voters_total is None else {"voters_total": voters_total}
    result = run(cell(members, **extra))
    assert result["member_quota"]["allowed"] == allowed
    assert by_id(result)["a"]["level"] == ("htxs" if allowed else "htt")


@pytest.mark.parametrize(
    ("at_htt", "allowed"),
    [
        # 001 §2.2: "dưới 05 ... xếp loại HTT thì chọn 01"; two candidates, base = H + 2 − k
        (0, 1),  # k=2: base 0 → 1 < 2; k=1: base 1 → 1
        (2, 1),
        (4, 1),  # k=1: base 5 → ⌊0,2 × 5⌋ = 1
        (5, 1),
        (9, 1),  # k=2: base 9 → ⌊1,8⌋ = 1 < 2
        (10, 2),  # k=2: base 10 → 2
    ],
)
def test_lamdong_fewer_than_five_at_htt(at_htt: int, allowed: int) -> None:
    members = [scored("a", 97), scored("b", 96)] + [scored(f"t{i}", 85) for i in range(at_htt)]
    result = run(cell(members, "lamdong-2021"))
    assert result["member_quota"]["allowed"] == allowed
    assert [m["level"] for m in result["members"][:2]] == ["htxs", "htxs" if allowed == 2 else "htt"]


@pytest.mark.parametrize(("base", "allowed"), [(4, 1), (5, 1), (0, 1), (9, 1), (10, 2)])
def test_lamdong_allowed_function(base: int, allowed: int) -> None:
    quota = get_preset("lamdong-2021").member.quota
    assert allowed_function(quota, False, 0)(base) == allowed


def test_score_basis_ranks_by_score() -> None:
    members = [scored("a", 91), scored("b", 99), scored("c", 95)] + [scored(f"t{i}", 80) for i in range(7)]
    result = by_id(run(cell(members, "qd366-2025")))  # ⌊0,2 × 8⌋ = 1 with k=1
    assert [result[x]["level"] for x in "abc"] == ["htt", "htxs", "htt"]


def test_quota_is_reported_without_candidates() -> None:
    # decision 8
    result = _cell([], at_htt=5)
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 5, "allowed": 0, "kept": 0}


def test_no_member_quota_gives_null() -> None:
    rules = preset("hcm-2014")
    rules["member"]["quota"] = None
    result = _cell([5, 4], at_htt=3, ruleset=rules)
    assert result["member_quota"] is None
    assert all(m["level"] == "htxs" for m in result["members"] if m["id"].startswith("x"))


def test_capped_members_are_not_candidates() -> None:
    # the quota works on the level after caps: a member capped at htt counts in H, not in C
    n = 8
    members = [member("a", htxs=n, sick_leave_months=3), member("b", htxs=n, civil_servant_rating="htt")]
    members += [member(f"t{i}", htt=n) for i in range(6)]
    result = run(cell(members, voters_total=n))
    assert result["member_quota"]["base"] == 7  # b at htt joins the 6
    assert by_id(result)["a"]["level"] == "ht"


@pytest.mark.parametrize(
    ("candidates", "others", "expected"),
    [(6, 20, 4), (0, 20, 0), (1, 0, 0), (10, 100, 10), (20, 100, 20), (30, 100, 21)],  # QĐ 366: 20 %
)
def test_largest_kept(candidates: int, others: int, expected: int) -> None:
    allowed = allowed_function(get_preset("qd366-2025").member.quota, False, 0)
    k = largest_kept(candidates, others, allowed)
    assert k == expected
    assert k <= allowed(others + candidates - k)
    assert k == candidates or k + 1 > allowed(others + candidates - k - 1)
