"""Rule sets are data (DOMAIN §2): the presets parse and round-trip; bad rule sets name every bad field."""

import json
from fractions import Fraction

import pytest

from xeploai.rules import PRESETS, RuleSetError, get_preset, parse_ruleset, preset_dict, ruleset_to_dict

from .builders import preset


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_every_preset_parses_and_round_trips(code: str) -> None:
    ruleset = get_preset(code)
    stored = ruleset_to_dict(ruleset)
    assert parse_ruleset(stored) == ruleset
    assert stored == PRESETS[code]  # the preset is already in the stored form
    assert json.loads(json.dumps(stored)) == stored  # JSON-serialisable, no floats
    assert ruleset.code == code and ruleset.source and len(ruleset.description) > 200


def test_preset_dict_is_a_copy() -> None:
    copy = preset_dict("hcm-2014")
    copy["member"]["caps"].clear()
    assert PRESETS["hcm-2014"]["member"]["caps"]


@pytest.mark.parametrize(
    ("code", "caps"),
    [
        (
            "hcm-2014",
            {
                "cap_discipline",
                "cap_violation",
                "cap_civil_servant",
                "cap_sick_leave",
                "cap_absences",
                "cap_leader_unit",
            },
        ),
        ("lamdong-2021", {"cap_discipline", "cap_civil_servant", "cap_sick_leave"}),
        ("phucat-2023", {"cap_discipline", "cap_violation", "cap_civil_servant", "cap_sick_leave"}),
        ("qd366-2025", {"cap_discipline", "cap_violation", "cap_civil_servant"}),
    ],
)
def test_caps_per_preset_follow_domain_table(code: str, caps: set) -> None:
    assert set(get_preset(code).member.caps) == caps


@pytest.mark.parametrize(
    ("code", "fraction", "outstanding", "small"),
    [
        ("hcm-2014", Fraction(3, 20), Fraction(1, 5), ("members", 7, 1)),
        ("lamdong-2021", Fraction(1, 5), Fraction(1, 5), ("base", 5, 1)),
        ("phucat-2023", Fraction(3, 20), Fraction(1, 5), None),
        ("qd366-2025", Fraction(1, 5), Fraction(1, 4), None),
    ],
)
def test_member_quota_per_preset(code: str, fraction: Fraction, outstanding: Fraction, small: tuple | None) -> None:
    quota = get_preset(code).member.quota
    assert (quota.level, quota.base_level, quota.fraction, quota.outstanding_fraction) == (
        "htxs",
        "htt",
        fraction,
        outstanding,
    )
    got = (
        None
        if quota.small_unit is None
        else (quota.small_unit.measure, quota.small_unit.below, quota.small_unit.allowed)
    )
    assert got == small


def test_organisation_rules_per_preset() -> None:
    hcm, lamdong, phucat, qd366 = (get_preset(c) for c in ("hcm-2014", "lamdong-2021", "phucat-2023", "qd366-2025"))
    assert hcm.organisation.levels == ("tsvm", "htt", "ht", "yeu_kem")
    assert [b.min_score for b in hcm.organisation.score.bands] == [90, 70, 50]
    assert [b.min_score for b in lamdong.organisation.score.bands] == [95, 80, 50]
    assert phucat.organisation.basis == "proposed" and phucat.organisation.score is None
    assert [b.min_score for b in qd366.organisation.score.bands] == [90, 70, 50]
    assert (hcm.organisation.quota.kind, hcm.organisation.quota.fraction) == ("flag", Fraction(1, 5))
    assert (qd366.organisation.quota.fraction, qd366.organisation.quota.outstanding_fraction) == (
        Fraction(1, 5),
        Fraction(1, 4),
    )
    assert phucat.organisation.quota == lamdong.organisation.quota


def _errors(data: dict) -> dict[str, str]:
    with pytest.raises(RuleSetError) as error:
        parse_ruleset(data)
    assert isinstance(error.value, ValueError)
    return dict(error.value.errors)


def test_every_problem_is_reported_with_its_field() -> None:
    data = preset("hcm-2014")
    data["member"]["votes"]["thresholds"][0]["fraction"] = "3/2"  # above 1
    data["member"]["votes"]["thresholds"][1]["comparison"] = "more"
    data["member"]["levels"][0] = "xuat_sac"  # unknown level code
    data["member"]["caps"].append("cap_weather")  # unknown cap code
    data["member"]["quota"]["fraction"] = "1.5"  # fraction above 1
    data["organisation"]["score"]["bands"][1]["min"] = "95"  # not descending
    data["name"] = ""
    errors = _errors(data)
    assert set(errors) >= {
        "member.votes.thresholds[0].fraction",
        "member.votes.thresholds[1].comparison",
        "member.levels[0]",
        "member.caps[6]",
        "member.quota.fraction",
        "organisation.score.bands[1].min",
        "name",
    }
    for field, message in errors.items():
        assert message.startswith(f"{field}: ")
    assert "0 đến 1" in errors["member.votes.thresholds[0].fraction"]
    assert "giảm dần" in errors["organisation.score.bands[1].min"]
    assert "cap_weather" in errors["member.caps[6]"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["member"].pop("basis"), "member.basis"),
        (lambda d: d["member"].update(votes=None), "member.votes"),
        (lambda d: d["member"].update(basis="score"), "member.score"),
        (lambda d: d["member"]["votes"]["thresholds"][0].update(level="yeu_kem"), "member.votes.thresholds[0].level"),
        (lambda d: d["member"]["votes"]["thresholds"].reverse(), "member.votes.thresholds"),
        (lambda d: d["member"]["votes"]["thresholds"][0].update(fraction=0.5), None),  # a number is accepted
        (lambda d: d["member"]["votes"]["thresholds"][0].update(fraction=True), "member.votes.thresholds[0].fraction"),
        (
            lambda d: d["member"]["votes"]["thresholds"][0].update(fraction="-1/3"),
            "member.votes.thresholds[0].fraction",
        ),
        (lambda d: d["member"].update(new_member_months=-1), "member.new_member_months"),
        (lambda d: d["member"].update(new_member_months="6"), "member.new_member_months"),
        (lambda d: d["member"]["caps"].append("cap_discipline"), "member.caps"),
        (lambda d: d["member"]["quota"].update(outstanding_fraction="0.1"), "member.quota.outstanding_fraction"),
        (lambda d: d["member"]["quota"].update(base_level="htxs"), "member.quota.base_level"),
        (lambda d: d["member"]["quota"].update(kind="flag"), "member.quota.kind"),
        (lambda d: d["member"]["quota"]["small_unit"].update(measure="cells"), "member.quota.small_unit.measure"),
        (lambda d: d["member"]["quota"]["small_unit"].update(below=0), "member.quota.small_unit.below"),
        (lambda d: d["member"].update(award_replaces_htxs_rating="yes"), "member.award_replaces_htxs_rating"),
        (lambda d: d["organisation"].update(conditions="hcm-2099"), "organisation.conditions"),
        (lambda d: d["organisation"].update(basis="vote"), "organisation.basis"),
        (lambda d: d["organisation"].update(levels=["tsvm", "htxs", "ht", "yeu_kem"]), "organisation.levels"),
        (
            lambda d: d["organisation"]["score"]["bands"].append({"level": "yeu_kem", "min": "0"}),
            "organisation.score.bands[3].level",
        ),
        (lambda d: d["organisation"]["score"].update(max="0"), "organisation.score.max"),
        (lambda d: d["organisation"]["score"]["bands"][0].update(min="101"), "organisation.score.bands[0].min"),
        (lambda d: d["organisation"]["quota"].update(level="htxs"), "organisation.quota.level"),
        (lambda d: d.pop("organisation"), "organisation"),
    ],
)
def test_bad_rule_sets_name_the_field(change, field: str | None) -> None:
    data = preset("hcm-2014")
    change(data)
    if field is None:
        parse_ruleset(data)
        return
    assert field in _errors(data)


def test_task_conditions_and_triggers_are_checked() -> None:
    data = preset("qd366-2025")
    data["member"]["task_conditions"][0]["code"] = "all_happy"
    data["member"]["task_conditions"][1].pop("share")
    data["member"]["task_conditions"][2]["level"] = "kht"
    data["member"]["kht_triggers"][0]["share"] = "2"
    data["member"]["kht_triggers"][1]["level"] = "htt"
    errors = _errors(data)
    assert set(errors) >= {
        "member.task_conditions[0].code",
        "member.task_conditions[1].share",
        "member.task_conditions[2].level",
        "member.kht_triggers[0].share",
        "member.kht_triggers[1].level",
    }


def test_not_a_dict_is_an_error() -> None:
    with pytest.raises(RuleSetError):
        parse_ruleset([])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "change", "field"),
    [
        # a null item of any list of a rule set is a problem naming it, never silently dropped
        ("hcm-2014", lambda d: d["member"]["levels"].insert(0, None), "member.levels[0]"),
        ("hcm-2014", lambda d: d["member"]["caps"].append(None), "member.caps[6]"),
        ("hcm-2014", lambda d: d["member"]["votes"]["thresholds"].insert(1, None), "member.votes.thresholds[1]"),
        ("hcm-2014", lambda d: d["organisation"]["levels"].append(None), "organisation.levels[4]"),
        ("hcm-2014", lambda d: d["organisation"]["score"]["bands"].append(None), "organisation.score.bands[3]"),
        ("qd366-2025", lambda d: d["member"]["score"]["bands"].insert(0, None), "member.score.bands[0]"),
        ("qd366-2025", lambda d: d["member"]["task_conditions"].append(None), "member.task_conditions[6]"),
        ("qd366-2025", lambda d: d["member"]["kht_triggers"].insert(0, None), "member.kht_triggers[0]"),
    ],
)
def test_a_null_inside_a_rule_set_list_names_its_path(code: str, change, field: str) -> None:
    data = preset(code)
    change(data)
    errors = _errors(data)
    assert field in errors and "null" in errors[field]


def test_qd366_discipline_and_violation_are_kht_triggers_and_caps() -> None:
    # DOMAIN §3.2 (QĐ 366 Điều 11): KHT triggers; DOMAIN §2 table: the caps stay enabled
    member = get_preset("qd366-2025").member
    assert {"not_done_over", "under_discipline", "violation"} <= {c.code for c in member.kht_triggers}
    assert {"cap_discipline", "cap_violation"} <= set(member.caps)


def test_discipline_and_violation_triggers_take_no_share() -> None:
    data = preset("qd366-2025")
    data["member"]["kht_triggers"] = [{"code": "under_discipline", "share": "1/2"}, {"code": "violation"}]
    assert "không dùng tỷ lệ" in _errors(data)["member.kht_triggers[0].share"]
