"""Tally validation (DOMAIN §3.2): every problem at once, naming its field."""

from xeploai.rules.tally import TallyRow, validate_tally


def row(i: int, **votes) -> TallyRow:
    return TallyRow(f"rows[{i}]", f"Đảng viên {i}", {level: votes.get(level) for level in ("htxs", "htt", "ht", "kht")})


def test_a_valid_sheet_has_no_problem():
    assert validate_tally(16, 15, 15, [row(0, htxs=12, htt=3), row(1, htt=15)]) == []


def test_present_above_official_and_cast_above_present_are_both_reported():
    problems = validate_tally(10, 11, 12, [])
    assert [p.field for p in problems] == ["official_present", "ballots_cast"]
    assert "11" in problems[0].message and "10" in problems[0].message


def test_a_members_counts_may_not_exceed_the_ballots_cast():
    # DOMAIN §3.2: a member's counts add up to at most the ballots cast (exactly equal is fine)
    problems = validate_tally(16, 16, 15, [row(0, htxs=10, htt=5), row(1, htxs=10, htt=6), row(2, kht=16)])
    assert [p.field for p in problems] == ["rows[1]", "rows[2]"]
    assert "Đảng viên 1" in problems[0].message and "16" in problems[0].message


def test_negative_counts_are_refused_per_field():
    problems = validate_tally(5, 5, 5, [row(0, htt=-1)])
    assert problems[0].field == "rows[0].htt"


def test_votes_without_ballots_cast_ask_for_it_once():
    problems = validate_tally(5, None, None, [row(0, htt=3), row(1, htt=2)])
    assert [p.field for p in problems] == ["ballots_cast"]


def test_every_problem_is_returned_not_just_the_first():
    problems = validate_tally(3, 4, 5, [row(0, htt=9), row(1, ht=-2)])
    assert len(problems) == 4
