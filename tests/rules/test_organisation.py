"""Organisation classification (DOMAIN §3.5, decision 6), for each condition family."""

import pytest

from .builders import cell, codes, member, preset, run


def _unit(ruleset: str, unit: dict, members: list | None = None, sub_units: list | None = None, **extra) -> dict:
    scenario = cell(members or [], ruleset, **extra)
    scenario["unit"] = {"code": "cb", "kind": "chi_bo", **unit}
    if sub_units is not None:
        scenario["sub_units"] = sub_units
    return run(scenario)["unit"]


def _facts(**facts) -> dict:
    return {"facts": facts}


# ---------------------------------------------------------------- hcm-2014 (000 §IV.2.1)


@pytest.mark.parametrize(
    ("unit", "level", "reason"),
    [
        ({"score": 92.5}, "tsvm", "score_band"),
        ({"score": 90}, "tsvm", "score_band"),  # "đạt từ 90 điểm trở lên"
        ({"score": 89.5}, "htt", "score_band"),
        ({"score": 70}, "htt", "score_band"),
        ({"score": 69.5}, "ht", "score_band"),
        ({"score": 50}, "ht", "score_band"),
        ({"score": 49.5}, "yeu_kem", "score_band"),
        # tsvm conditions: committee united and excellent, meetings, mass organisations at the highest, remediation
        ({"score": 95, **_facts(mass_org_ratings=["highest", "second"])}, "htt", "condition_failed"),
        ({"score": 95, **_facts(committee_excellent=False)}, "htt", "condition_failed"),
        ({"score": 95, **_facts(meetings_as_required=False)}, "htt", "condition_failed"),
        ({"score": 95, **_facts(remediation_plan_done=False)}, "htt", "condition_failed"),
        # htt conditions: no committee member heading a department disciplined; mass organisations second or better
        ({"score": 95, **_facts(leaders_disciplined=1)}, "ht", "condition_failed"),
        ({"score": 80, **_facts(mass_org_ratings=["highest", "other"])}, "ht", "condition_failed"),
        # weak conditions override the score (000 §IV.2.1.d)
        ({"score": 95, **_facts(tasks_not_completed=2)}, "yeu_kem", "weak_condition"),
        ({"score": 95, **_facts(tasks_not_completed=1)}, "tsvm", "score_band"),
        ({"score": 95, **_facts(committee_united=False)}, "yeu_kem", "weak_condition"),
        ({"score": 95, **_facts(members_disciplined_for_degradation=1)}, "yeu_kem", "weak_condition"),
        ({"score": 95, **_facts(agency_rating="lowest")}, "yeu_kem", "weak_condition"),
        ({"score": 95, **_facts(mass_org_ratings=["lowest", "lowest"])}, "yeu_kem", "weak_condition"),
        ({"score": 95, **_facts(mass_org_ratings=["lowest", "highest"])}, "ht", "condition_failed"),
    ],
)
def test_hcm_2014_unit(unit: dict, level: str, reason: str) -> None:
    result = _unit("hcm-2014", unit)
    assert result["level"] == level
    assert reason in codes(result)
    assert codes(result)[0] == "score_band"


@pytest.mark.parametrize(
    ("levels", "level", "reason"),
    [
        (["htxs", "htt", "ht"], "tsvm", None),
        (["htt", "htt", "kht"], "htt", "condition_failed"),  # 000 §IV.2.1.a: 100 % at least ht
        (["htt", "kht", "kht"], "yeu_kem", "weak_condition"),  # more than 1/2 of members kht
        (["htt", "htt", "kht", "kht"], "htt", "condition_failed"),  # exactly 1/2 is not "trên 1/2"
    ],
)
def test_hcm_2014_cell_uses_its_members_results(levels: list, level: str, reason: str | None) -> None:
    n = len(levels)
    members = [member(f"m{i}", **{lv: n}) for i, lv in enumerate(levels)]
    result = _unit("hcm-2014", {"score": 95}, members, voters_total=n)
    assert result["level"] == level
    if reason:
        assert reason in codes(result)


@pytest.mark.parametrize(
    ("tasks", "facts", "level"),
    [
        # 000 §IV.2.1.d "không hoàn thành từ 02 nhiệm vụ được giao": max(facts.tasks_not_completed, total − done)
        ({"total": 12, "done": 10}, {}, "yeu_kem"),
        ({"total": 12, "done": 11}, {}, "tsvm"),  # one task missed: not weak (DOMAIN §3.5 lists no task at tsvm)
        ({"total": 12, "done": 12}, {"tasks_not_completed": 2}, "yeu_kem"),
        ({"total": 12, "done": 11}, {"tasks_not_completed": 1}, "tsvm"),  # the larger count, not the sum
        ({"total": 12, "done": 9}, {"tasks_not_completed": 1}, "yeu_kem"),
    ],
)
def test_hcm_2014_two_tasks_not_completed_from_the_task_figures(tasks: dict, facts: dict, level: str) -> None:
    result = _unit("hcm-2014", {"score": 95, "tasks": tasks, **_facts(**facts)})
    assert result["level"] == level
    if level == "yeu_kem":
        assert "weak_condition" in codes(result)
        assert any("nhiệm vụ được giao (từ 2 trở lên)" in r["text"] for r in result["reasons"])


def test_hcm_2014_members_not_yet_rated_do_not_count() -> None:
    members = [member("a", htt=3), member("b", htt=1, ht=1, kht=1)]  # b: no majority, cell votes again
    assert _unit("hcm-2014", {"score": 95}, members, voters_total=3)["level"] == "tsvm"


@pytest.mark.parametrize(
    ("cells", "level", "reason"),
    [
        (["tsvm", "htt", "ht"], "tsvm", None),
        (["tsvm", "htt", "yeu_kem"], "htt", "condition_failed"),  # 100 % of cells at least ht
        (["tsvm", "htt", "ht", "yeu_kem", "yeu_kem"], "yeu_kem", "weak_condition"),  # 2/5 > 1/3
        (["tsvm", "htt", "yeu_kem"], "htt", "condition_failed"),  # 1/3 is not "trên 1/3"
    ],
)
def test_hcm_2014_dang_bo_uses_its_cells(cells: list, level: str, reason: str | None) -> None:
    subs = [{"code": f"cb-{i}", "level": lv} for i, lv in enumerate(cells)]
    result = _unit("hcm-2014", {"score": 95, "kind": "dang_bo"}, sub_units=subs)
    assert result["level"] == level
    if reason:
        assert reason in codes(result)


def test_unit_is_null_without_score_or_proposed_level() -> None:
    assert _unit("hcm-2014", {}) is None


def test_a_decided_unit_level_is_echoed() -> None:
    result = _unit("hcm-2014", {"level": "htt", "score": 99})
    assert result["level"] == "htt"
    assert len(result["reasons"]) == 1


def test_a_unit_level_outside_the_rule_set_is_refused() -> None:
    from xeploai.rules import ScenarioError

    with pytest.raises(ScenarioError) as error:
        _unit("qd366-2025", {"level": "tsvm"})
    assert error.value.field == "unit.level"


# ---------------------------------------------------------------- qd366-2025 (QĐ 366 Điều 11)

ALL_ON_TIME = {"total": 10, "done": 10, "on_time": 10, "exceeded": 3}


@pytest.mark.parametrize(
    ("unit", "level", "reason"),
    [
        ({"score": 95, "tasks": ALL_ON_TIME}, "htxs", "score_band"),
        ({"score": 95}, "htxs", "score_band"),  # no task figures: the score decides
        ({"score": 95, "tasks": {**ALL_ON_TIME, "exceeded": 2}}, "htt", "condition_failed"),  # 20 % < 30 %
        ({"score": 95, "shortcomings": {"total": 2, "fixed": 1}}, "htt", "condition_failed"),
        ({"score": 95, **_facts(sub_units_disciplined=1)}, "htt", "condition_failed"),
        ({"score": 80, "tasks": ALL_ON_TIME}, "htt", "score_band"),
        ({"score": 95, "tasks": {**ALL_ON_TIME, "on_time": 9}}, "ht", "condition_failed"),
        ({"score": 95, "tasks": {**ALL_ON_TIME, "on_time": 8}}, "ht", "condition_failed"),  # exactly 20 % late
        ({"score": 60, "tasks": ALL_ON_TIME}, "ht", "score_band"),
        ({"score": 49, "tasks": ALL_ON_TIME}, "kht", "score_band"),
        # weak: under 70 % of tasks done, disunity, a leader disciplined
        ({"score": 95, "tasks": {"total": 10, "done": 6}}, "kht", "weak_condition"),
        ({"score": 95, **_facts(committee_united=False)}, "kht", "weak_condition"),
        ({"score": 95, **_facts(leaders_disciplined=1)}, "kht", "weak_condition"),
    ],
)
def test_qd366_unit(unit: dict, level: str, reason: str) -> None:
    result = _unit("qd366-2025", unit)
    assert result["level"] == level
    assert reason in codes(result)


@pytest.mark.parametrize(
    ("unit", "level"),
    [
        # QĐ 366 Điều 11 with tasks not completed = max(facts.tasks_not_completed, total − done)
        ({"score": 95, "tasks": ALL_ON_TIME, **_facts(tasks_not_completed=4)}, "kht"),  # 6/10 done: under 70 %
        ({"score": 95, "tasks": ALL_ON_TIME, **_facts(tasks_not_completed=3)}, None),  # 7/10: not all done, no kht
        ({"score": 95, **_facts(tasks_not_completed=1)}, None),  # HT needs every task done; no total for the 70 %
    ],
)
def test_qd366_tasks_not_completed_fact(unit: dict, level: str | None) -> None:
    result = _unit("qd366-2025", unit)
    assert result["level"] == level
    assert ("weak_condition" if level else "condition_failed") in codes(result)


@pytest.mark.parametrize(
    "tasks",
    [
        {"total": 12, "done": 12, "on_time": 9, "exceeded": 4},  # 92 points, 25 % late: the QĐ 366 gap
        {"total": 10, "done": 8, "on_time": 8, "exceeded": 4},  # 80 % done: not all done, not under 70 %
    ],
)
def test_qd366_gap_needs_a_decision(tasks: dict) -> None:
    result = _unit("qd366-2025", {"score": 92, "tasks": tasks})
    assert result["level"] is None
    assert set(codes(result)) == {"score_band", "condition_failed", "no_level_fits"}  # DOMAIN §3.5


# ---------------------------------------------------------------- phucat-2023 (003 §II.1)


@pytest.mark.parametrize(
    ("unit", "level", "reason"),
    [
        ({"proposed_level": "htxs"}, "htxs", "score_band"),
        ({"proposed_level": "htxs", **_facts(agency_rating="second")}, "htt", "condition_failed"),
        ({"proposed_level": "htxs", **_facts(mass_org_ratings=["highest", "second"])}, "htt", "condition_failed"),
        ({"proposed_level": "htt", **_facts(agency_rating="other")}, "ht", "condition_failed"),
        ({"proposed_level": "htt", **_facts(members_disciplined=1)}, "ht", "condition_failed"),
        ({"proposed_level": "htt", **_facts(committee_united=False)}, "ht", "condition_failed"),
        ({"proposed_level": "ht"}, "ht", "score_band"),
        ({"proposed_level": "kht"}, "kht", "score_band"),
        # 003 §II.1: weak = two or more tasks not completed AND one of the shortcomings
        # 003 §II.1: HTT needs "hoàn thành tốt các nhiệm vụ được giao" (every task); 2 missed alone is not weak
        ({"proposed_level": "htt", **_facts(tasks_not_completed=2)}, "ht", "condition_failed"),
        ({"proposed_level": "htt", **_facts(tasks_not_completed=2, committee_united=False)}, "kht", "weak_condition"),
        ({"proposed_level": "htt", **_facts(tasks_not_completed=3, agency_rating="lowest")}, "kht", "weak_condition"),
        (
            {"proposed_level": "htxs", **_facts(tasks_not_completed=2, mass_org_ratings=["lowest", "lowest"])},
            "kht",
            "weak_condition",
        ),
        ({"proposed_level": "htxs", **_facts(tasks_not_completed=1, agency_rating="lowest")}, "ht", "condition_failed"),
    ],
)
def test_phucat_unit(unit: dict, level: str, reason: str) -> None:
    result = _unit("phucat-2023", unit)
    assert result["level"] == level
    assert reason in codes(result)


TASKS_10 = {"total": 10, "done": 10, "on_time": 10, "exceeded": 3}


@pytest.mark.parametrize(
    ("unit", "level", "reason"),
    [
        # 003 §II.1: HTXS "hoàn thành xuất sắc các nhiệm vụ được giao", HTT "hoàn thành tốt các nhiệm vụ được giao":
        # every assigned task; HT "cơ bản hoàn thành": no count. Not completed = max(fact, total − done)
        ({"proposed_level": "htxs", "tasks": TASKS_10}, "htxs", "score_band"),
        ({"proposed_level": "htxs", "tasks": {**TASKS_10, "done": 9, "on_time": 9}}, "ht", "condition_failed"),
        ({"proposed_level": "htt", "tasks": {**TASKS_10, "done": 9, "on_time": 9}}, "ht", "condition_failed"),
        ({"proposed_level": "htxs", **_facts(tasks_not_completed=1)}, "ht", "condition_failed"),
        # weak: 2 or more not completed (here from the task figures) AND a listed shortcoming
        ({"proposed_level": "htt", "tasks": {**TASKS_10, "done": 8, "on_time": 8}}, "ht", "condition_failed"),
        (
            {"proposed_level": "htt", "tasks": {**TASKS_10, "done": 8, "on_time": 8}, **_facts(committee_united=False)},
            "kht",
            "weak_condition",
        ),
    ],
)
def test_phucat_tasks_not_completed_come_from_the_task_figures_too(unit: dict, level: str, reason: str) -> None:
    result = _unit("phucat-2023", unit)
    assert result["level"] == level
    assert reason in codes(result)


def test_phucat_counts_members_under_discipline_unless_the_fact_is_given() -> None:
    members = [member("a", htt=2), member("b", htt=2, under_discipline=True)]
    assert _unit("phucat-2023", {"proposed_level": "htt"}, members, voters_total=2)["level"] == "ht"
    unit = {"proposed_level": "htt", **_facts(members_disciplined=0)}  # disciplined for what the cell found itself
    assert _unit("phucat-2023", unit, members, voters_total=2)["level"] == "htt"


def test_phucat_kht_members_make_the_cell_weak_only_with_two_tasks_missed() -> None:
    members = [member("a", kht=3), member("b", kht=3), member("c", htt=3)]
    unit = {"proposed_level": "htt", **_facts(tasks_not_completed=2)}
    assert _unit("phucat-2023", unit, members, voters_total=3)["level"] == "kht"
    assert _unit("phucat-2023", {"proposed_level": "htt"}, members, voters_total=3)["level"] == "htt"


def test_phucat_ignores_a_score() -> None:
    assert _unit("phucat-2023", {"score": 20}) is None


# ---------------------------------------------------------------- lamdong-2021 (001 §2.2, bands only)


@pytest.mark.parametrize(("score", "level"), [(95, "htxs"), (94.5, "htt"), (80, "htt"), (79, "ht"), (49, "kht")])
def test_lamdong_unit_bands_only(score: float, level: str) -> None:
    result = _unit("lamdong-2021", {"score": score, **_facts(committee_united=False, tasks_not_completed=5)})
    assert result["level"] == level
    assert codes(result) == ["score_band"]


def test_condition_family_is_selected_by_data() -> None:
    rules = preset("lamdong-2021")
    rules["organisation"]["conditions"] = "qd366"
    scenario = cell([], "lamdong-2021")
    scenario["unit"] = {"score": 96, "facts": {"committee_united": False}}
    assert run(scenario, rules)["unit"]["level"] == "kht"
