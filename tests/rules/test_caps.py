"""Caps (DOMAIN §3.3, decision 4): only enabled caps apply; only binding caps are reported."""

import pytest

from .builders import by_id, cell, codes, member, run, scored

UNANIMOUS_HTXS = {"htxs": 9}


def _capped(ruleset: str = "hcm-2014", unit: dict | None = None, votes: dict | None = None, **fields) -> dict:
    """Member "a" with a unanimous htxs vote in a cell of 9 voters (8 at htt, so the quota leaves room for 1)."""
    members = [member("a", **(votes or UNANIMOUS_HTXS), **fields)] + [member(f"h{i}", htt=9) for i in range(8)]
    scenario = cell(members, ruleset, voters_total=9)
    if unit:
        scenario["unit"] = {"code": "cb", "kind": "chi_bo", **unit}
    return by_id(run(scenario))["a"]


@pytest.mark.parametrize(
    ("rating", "awards", "level", "cap"),
    [
        # 000 §IV.2.2.a: htxs needs a civil-servant htxs, or an award (chiến sĩ thi đua cơ sở, bằng khen)
        ("htxs", [], "htxs", None),
        ("htt", [], "htt", "cap_civil_servant"),
        ("htt", ["chiến sĩ thi đua cơ sở"], "htxs", None),
        ("ht", ["bằng khen"], "ht", "cap_civil_servant"),  # an award needs a rating of at least htt
        # 000 §IV.2.2.c: ht needs "hoàn thành" or "hoàn thành nhưng còn hạn chế về năng lực"
        ("ht", [], "ht", "cap_civil_servant"),
        ("ht_han_che", [], "ht", "cap_civil_servant"),
        ("kht", [], "kht", "cap_civil_servant"),
        (None, [], "htxs", None),
    ],
)
def test_civil_servant_cap(rating: str | None, awards: list, level: str, cap: str | None) -> None:
    result = _capped(civil_servant_rating=rating, awards=awards)
    assert (result["level"], result["basis_level"]) == (level, "htxs")
    assert ("cap_civil_servant" in codes(result)) == (cap is not None)


def test_an_award_does_not_replace_the_rating_where_the_rule_set_says_no() -> None:
    # qd366-2025 keeps the civil-servant htxs requirement without an award alternative
    members = [scored("a", 95, civil_servant_rating="htt", awards=["bằng khen"])]
    members += [scored(f"h{i}", 80) for i in range(10)]
    result = by_id(run(cell(members, "qd366-2025")))["a"]
    assert result["level"] == "htt" and "cap_civil_servant" in codes(result)


def test_a_cap_that_does_not_lower_the_level_is_not_reported() -> None:
    result = _capped(votes={"htt": 9}, civil_servant_rating="htt")
    assert result["level"] == "htt"
    assert codes(result) == ["vote_threshold"]


@pytest.mark.parametrize(
    ("months", "level"),
    [(0, "htxs"), (2.5, "htxs"), (3, "ht"), (4, "ht")],  # 000 §IV.3: sick leave of 3 months or more caps at HT
)
def test_sick_leave_caps_at_ht(months: float, level: str) -> None:
    result = _capped(sick_leave_months=months)
    assert result["level"] == level
    assert ("cap_sick_leave" in codes(result)) == (level == "ht")


def test_qd366_has_no_sick_leave_cap() -> None:
    # HD 43 §7.5: rated on actual results
    members = [scored("a", 80, sick_leave_months=6)] + [scored(f"h{i}", 80) for i in range(5)]
    assert by_id(run(cell(members, "qd366-2025")))["a"]["level"] == "htt"


def test_maternity_leave_sets_no_cap() -> None:
    # 000 §IV.3, HD 43 §7.5
    assert _capped(maternity_leave=True)["level"] == "htxs"


@pytest.mark.parametrize(("absences", "level"), [(2, "htxs"), (3, "htt"), (5, "htt")])
def test_three_excused_absences_rule_out_htxs(absences: int, level: str) -> None:
    # 000 §IV.3: "vắng sinh hoạt chi bộ 03 lần trong năm (có lý do)"
    result = _capped(excused_absences=absences)
    assert result["level"] == level
    assert ("cap_absences" in codes(result)) == (level == "htt")


def test_absences_cap_only_where_enabled() -> None:
    assert _capped("phucat-2023", votes={"htxs": 9}, excused_absences=3)["basis_level"] == "htxs"
    assert "cap_absences" not in codes(_capped("phucat-2023", excused_absences=3))


@pytest.mark.parametrize(
    ("roles", "unit", "level"),
    [
        # 000 §IV.3: a leader whose organisation is not "trong sạch vững mạnh" is not considered for htxs
        (["bi_thu"], {"level": "htt"}, "htt"),
        (["truong_phong"], {"level": "tsvm"}, "htxs"),
        (["cap_uy_cap_tren"], {"score": 75}, "htt"),  # computed level: htt
        (["pho_bi_thu"], {"score": 95, "mass_org_ratings": []}, "htxs"),  # computed tsvm
        (["bi_thu"], {}, "htxs"),  # unit level unknown: no cap
        (["dang_vien"], {"level": "ht"}, "htxs"),  # not a leader role
        # DOMAIN §3.3: 000 names exactly the secretary, the committee above and the head of department
        (["pho_bi_thu"], {"level": "htt"}, "htxs"),
        (["cap_uy_vien"], {"level": "ht"}, "htxs"),
        (["pho_bi_thu", "truong_phong"], {"level": "htt"}, "htt"),
    ],
)
def test_leader_of_a_unit_below_the_top_level(roles: list, unit: dict, level: str) -> None:
    result = _capped(unit=unit, roles=roles)
    assert result["level"] == level
    assert ("cap_leader_unit" in codes(result)) == (level == "htt")


@pytest.mark.parametrize(
    ("fields", "cap"),
    [
        ({"under_discipline": True}, "cap_discipline"),  # 000 §IV.2.2.d
        ({"violations": ["không chấp hành phân công"]}, "cap_violation"),
    ],
)
def test_discipline_and_violations_cap_at_kht(fields: dict, cap: str) -> None:
    result = _capped(**fields)
    assert (result["level"], result["basis_level"]) == ("kht", "htxs")
    assert cap in codes(result)


def test_violation_cap_is_off_in_lamdong() -> None:
    members = [scored("a", 96, violations=["x"])] + [scored(f"h{i}", 85) for i in range(5)]
    assert by_id(run(cell(members, "lamdong-2021")))["a"]["level"] == "htxs"


def test_every_binding_cap_is_reported_and_the_worst_wins() -> None:
    result = _capped(civil_servant_rating="htt", sick_leave_months=3, under_discipline=True)
    assert result["level"] == "kht"
    assert {"cap_civil_servant", "cap_sick_leave", "cap_discipline"} <= set(codes(result))


def test_caps_do_not_apply_to_a_member_without_majority() -> None:
    # 000 §IV.2.2.d: even kht needs "trên 1/2" of the votes; the cell votes again
    result = _capped(votes={"htt": 2, "ht": 2, "kht": 4}, under_discipline=True)
    assert result["status"] == "needs_decision" and result["basis_level"] is None
