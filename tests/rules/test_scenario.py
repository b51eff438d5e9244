"""Scenario parsing (DOMAIN §4, §3.2 tally rules): one message naming the field; favourable defaults."""

import copy
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from xeploai.rules import ScenarioError, parse_scenario

from .builders import SAMPLE_SCENARIO


def _error(data: dict) -> ScenarioError:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data)
    assert isinstance(error.value, ValueError)
    assert error.value.message.startswith(f"{error.value.field}: ")
    return error.value


def test_the_sample_parses_exactly() -> None:
    scenario = parse_scenario(SAMPLE_SCENARIO)
    assert scenario.review_date == date(2014, 11, 25)
    assert scenario.unit.score == Fraction(185, 2)
    assert scenario.members[0].votes.htxs == 12
    assert scenario.sub_units[0].exemplary is True


def test_missing_fields_take_the_favourable_default() -> None:
    scenario = parse_scenario({"members": [{"id": "a"}], "unit": {"tasks": {"total": 4}, "facts": {}}})
    m, unit = scenario.members[0], scenario.unit
    assert (m.official, m.exempt, m.under_discipline, m.violations, m.sick_leave_months) == (True, False, False, (), 0)
    assert m.votes is None and m.score is None and m.tasks is None
    assert (unit.tasks.done, unit.tasks.on_time, unit.tasks.exceeded) == (4, 4, 4)
    assert unit.facts.committee_united and unit.facts.agency_rating == "highest"
    assert scenario.sub_units is None


def test_numbers_may_be_decimals_but_not_booleans() -> None:
    scenario = parse_scenario({"unit": {"score": Decimal("92.5")}, "members": [{"id": "a", "score": 80.25}]})
    assert scenario.unit.score == Fraction(185, 2)
    assert scenario.members[0].score == Fraction(321, 4)
    assert _error({"unit": {"score": True}}).field == "unit.score"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["members"][0]["votes"].update(htxs=-1), "members[0].votes.htxs", "số phiếu phải là số nguyên"),
        (lambda d: d["members"][0]["votes"].update(htxs=2.5), "members[0].votes.htxs", "không âm"),
        (lambda d: d["members"][0]["votes"].update(htxs=True), "members[0].votes.htxs", "số phiếu"),
        (lambda d: d["members"][0]["votes"].update(tot=1), "members[0].votes.tot", "mức"),
        (lambda d: d["members"][0]["votes"].update(htxs=14), "members[0].votes", "16"),  # 14 + 3 > 16 ballots
        (lambda d: d.update(review_date="25/11/2014"), "review_date", "YYYY-MM-DD"),
        (lambda d: d["members"][0].update(admitted_on="2009-02-30"), "members[0].admitted_on", "YYYY-MM-DD"),
        (lambda d: d["members"].append(copy.deepcopy(d["members"][0])), "members[1].id", "trùng"),
        (lambda d: d["members"][0].pop("id"), "members[0].id", "thiếu"),
        (lambda d: d["members"][0].update(civil_servant_rating="tot"), "members[0].civil_servant_rating", "ht_han_che"),
        (lambda d: d["members"][0].update(official="yes"), "members[0].official", "true hoặc false"),
        (lambda d: d["members"][0].update(roles="bi_thu"), "members[0].roles", "danh sách"),
        (lambda d: d["members"][0].update(sick_leave_months=-1), "members[0].sick_leave_months", "không âm"),
        (lambda d: d["members"][0].update(low_confidence_share=1.5), "members[0].low_confidence_share", "0 đến 1"),
        (lambda d: d["members"][0]["tasks"].update(done=11), "members[0].tasks.done", "10"),
        (lambda d: d["members"][0]["tasks"].update(on_time=11), "members[0].tasks.on_time", "không được lớn hơn"),
        (lambda d: d["members"][0]["units_led"].update(kht=1), "members[0].units_led.kht", "không được lớn hơn"),
        (lambda d: d["unit"]["shortcomings"].update(fixed=3), "unit.shortcomings.fixed", "không được lớn hơn"),
        (lambda d: d["unit"].update(level="gioi"), "unit.level", "htxs"),
        (lambda d: d["unit"].update(kind="to"), "unit.kind", "chi_bo"),
        (lambda d: d["unit"]["facts"].update(agency_rating="top"), "unit.facts.agency_rating", "highest"),
        (lambda d: d["unit"]["facts"]["mass_org_ratings"].append("best"), "unit.facts.mass_org_ratings[2]", "lowest"),
        (lambda d: d["unit"]["tasks"].pop("total"), "unit.tasks.total", "thiếu"),
        (lambda d: d.update(voters_total=-3), "voters_total", "không âm"),
        (lambda d: d.update(official_present=17), "official_present", "16"),
        (lambda d: d.update(official_present=10, ballots_cast=11), "ballots_cast", "10"),
        (lambda d: d.update(ballots_cast=14), "members[0].votes", "14"),
        (lambda d: d["sub_units"][0].pop("level"), "sub_units[0].level", "thiếu"),
        (lambda d: d.update(members={}), "members", "danh sách"),
    ],
)
def test_bad_scenarios_name_the_field(change, field: str, words: str) -> None:
    data = copy.deepcopy(SAMPLE_SCENARIO)
    change(data)
    error = _error(data)
    assert error.field == field
    assert words in error.message


def test_the_message_of_a_bad_tally_is_vietnamese() -> None:
    data = copy.deepcopy(SAMPLE_SCENARIO)
    data["members"][0]["votes"]["htxs"] = -1
    assert _error(data).message.startswith("members[0].votes.htxs: số phiếu phải là số nguyên không âm")


def test_every_problem_is_kept_in_errors() -> None:
    data = {"review_date": "x", "members": [{"id": "a", "votes": {"htxs": -1}}]}
    assert {field for field, _ in _error(data).errors} == {"review_date", "members[0].votes.htxs"}


# ---------------------------------------------------------------- a null inside a list (DOMAIN §4: bad input names it)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["members"][0].update(roles=[None]), "members[0].roles[0]"),
        (lambda d: d["members"][0].update(roles=["bi_thu", None]), "members[0].roles[1]"),
        (lambda d: d["members"][0].update(violations=[None]), "members[0].violations[0]"),
        (lambda d: d["members"][0].update(awards=[None]), "members[0].awards[0]"),
        (lambda d: d["members"].insert(0, None), "members[0]"),
        (lambda d: d["sub_units"].insert(0, None), "sub_units[0]"),
        (lambda d: d["unit"]["facts"].update(mass_org_ratings=[None]), "unit.facts.mass_org_ratings[0]"),
        (lambda d: d["unit"]["facts"]["mass_org_ratings"].append(None), "unit.facts.mass_org_ratings[2]"),
    ],
)
def test_a_null_inside_a_list_is_bad_input_naming_its_path(change, field: str) -> None:
    # DOMAIN §4: "Bad input prints one message naming the field"; a null item is neither a default nor "nothing"
    data = copy.deepcopy(SAMPLE_SCENARIO)
    change(data)
    error = _error(data)
    assert error.field == field
    assert "null" in error.message


def test_a_null_role_no_longer_crashes_the_leader_check() -> None:
    # the reviewed crash: is_leader(None) raised TypeError instead of a message naming the field
    from xeploai.rules import PRESETS, classify_dict

    member = {"id": "a", "votes": {"htxs": 1}, "roles": [None]}
    data = {"ruleset": "hcm-2014", "unit": {"level": "htt"}, "members": [member]}
    with pytest.raises(ScenarioError) as error:
        classify_dict(data, PRESETS["hcm-2014"])
    assert error.value.field == "members[0].roles[0]"


def test_a_null_violation_is_not_read_as_no_violation() -> None:
    error = _error({"members": [{"id": "a", "votes": {"htt": 1}, "violations": [None]}]})
    assert error.field == "members[0].violations[0]"


# ---------------------------------------------------------------- a member's counts are bounded (DOMAIN §3.2)


@pytest.mark.parametrize(
    ("extra", "members", "bound"),
    [
        # no ballots_cast: bounded by official_present, else voters_total, else the official non-exempt members listed
        ({}, [{"id": "a", "votes": {"htxs": 5}}], "1"),
        ({"official_present": 3}, [{"id": "a", "votes": {"htt": 4}}] + [{"id": f"o{i}"} for i in range(4)], "3"),
        ({"voters_total": 3}, [{"id": "a", "votes": {"htt": 2, "ht": 2}}], "3"),
        # probationary and exempt members are not voters
        ({}, [{"id": "a", "votes": {"htt": 2}}, {"id": "p", "official": False}, {"id": "x", "exempt": True}], "1"),
    ],
)
def test_a_members_counts_are_bounded_without_ballots_cast(extra: dict, members: list, bound: str) -> None:
    error = _error({"ruleset": "hcm-2014", **extra, "members": members})
    assert error.field == "members[0].votes"
    assert f"({bound})" in error.message


def test_the_reviewed_tally_without_ballots_cast_is_refused() -> None:
    # 5 htxs ballots in a cell of one official member: once rated htxs with "5/1 phiếu"
    error = _error({"ruleset": "hcm-2014", "members": [{"id": "a", "votes": {"htxs": 5}}]})
    assert error.field == "members[0].votes"
    assert "(5)" in error.message and "(1)" in error.message


@pytest.mark.parametrize(
    "data",
    [
        {"members": [{"id": "a", "votes": {"htt": 2}}, {"id": "b", "votes": {"htt": 2}}]},  # exactly 2 listed
        {"official_present": 2, "members": [{"id": "a", "votes": {"htt": 2}}, {"id": "b"}, {"id": "c"}]},
        {"voters_total": 16, "members": [{"id": "a", "votes": {"htxs": 12, "htt": 4}}]},  # DOMAIN §4 sample reading
    ],
)
def test_counts_up_to_the_bound_are_accepted(data: dict) -> None:
    assert parse_scenario(data).members[0].votes is not None


def test_tasks_not_completed_may_not_exceed_the_units_tasks() -> None:
    data = copy.deepcopy(SAMPLE_SCENARIO)
    data["unit"]["facts"]["tasks_not_completed"] = 13  # 12 tasks in all
    error = _error(data)
    assert error.field == "unit.facts.tasks_not_completed" and "12" in error.message
