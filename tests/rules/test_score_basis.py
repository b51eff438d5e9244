"""Score basis (DOMAIN §3.2, decision 3): bands, QĐ 366 Điều 11 task conditions, KHT triggers, the gap."""

import pytest

from .builders import by_id, cell, codes, preset, run, scored


def _one(ruleset: str = "qd366-2025", **fields) -> dict:
    score = fields.pop("score", 80)
    target = scored("a", score, **fields) if score is not None else {"id": "a", "admitted_on": "2000-01-01", **fields}
    members = [target] + [scored(f"h{i}", 80) for i in range(10)]  # 10 at htt: quota room 2
    return by_id(run(cell(members, ruleset)))["a"]


@pytest.mark.parametrize(
    ("score", "level"),
    [
        # QĐ 366 Điều 11: ≥ 90 / 70 to < 90 / 50 to < 70 / < 50
        (90, "htxs"),
        (89.5, "htt"),
        (70, "htt"),
        (69.5, "ht"),
        (50, "ht"),
        (49.5, "kht"),
        (0, "kht"),
        (100, "htxs"),
    ],
)
def test_qd366_bands_without_task_figures(score: float, level: str) -> None:
    result = _one(score=score)
    assert (result["status"], result["level"], result["basis_level"]) == ("rated", level, level)
    assert codes(result)[0] == "score_band"


@pytest.mark.parametrize(
    ("score", "level"),
    [(95, "htxs"), (94.5, "htt"), (80, "htt"), (79.5, "ht"), (50, "ht"), (49.5, "kht")],  # 001 §2.2: 95/80/50
)
def test_lamdong_bands(score: float, level: str) -> None:
    assert _one("lamdong-2021", score=score)["basis_level"] == level


@pytest.mark.parametrize(
    ("tasks", "shortcomings", "level"),
    [
        # QĐ 366 Điều 11 htxs: every task on time, ≥ 30 % exceeded, every shortcoming fixed
        ({"total": 10, "done": 10, "on_time": 10, "exceeded": 3}, {"total": 2, "fixed": 2}, "htxs"),
        ({"total": 10, "done": 10, "on_time": 10, "exceeded": 2}, None, "htt"),  # 20 % exceeded < 30 %
        ({"total": 10, "done": 10, "on_time": 10, "exceeded": 3}, {"total": 2, "fixed": 1}, "htt"),
        # htt: every task on time; ht: every task done, at most 20 % late
        ({"total": 10, "done": 10, "on_time": 9, "exceeded": 5}, None, "ht"),
        ({"total": 10, "done": 10, "on_time": 8, "exceeded": 5}, None, "ht"),  # exactly 20 % late
        # 3 of 10 late (30 %) at 92 points: no level fits (the QĐ 366 gap)
        ({"total": 10, "done": 10, "on_time": 7, "exceeded": 5}, None, None),
    ],
)
def test_qd366_task_conditions_at_92_points(tasks: dict, shortcomings: dict | None, level: str | None) -> None:
    fields = {"score": 92, "tasks": tasks}
    if shortcomings:
        fields["shortcomings"] = shortcomings
    result = _one(**fields)
    assert result["level"] == level
    if level not in (None, "htxs"):
        assert "task_condition" in codes(result)


def test_qd366_gap_92_points_with_a_quarter_of_tasks_late() -> None:
    # DOMAIN §3.2: 92 points with 25 % of tasks late fits no level → needs_decision, no_level_fits
    result = _one(score=92, tasks={"total": 12, "done": 12, "on_time": 9, "exceeded": 4})
    assert result["status"] == "needs_decision"
    assert result["level"] is None and result["basis_level"] is None
    assert codes(result)[-1] == "no_level_fits"
    assert codes(result).count("task_condition") == 3


def test_a_member_without_score_needs_a_decision() -> None:
    result = by_id(run(cell([{"id": "a", "votes": {"htxs": 5}}], "qd366-2025", voters_total=5)))["a"]
    assert result["status"] == "needs_decision"
    assert codes(result) == ["no_level_fits"]
    assert "chưa có điểm" in result["reasons"][0]["text"].lower()


def test_under_score_basis_votes_do_not_decide() -> None:
    result = _one(score=60, votes={"htxs": 10})
    assert result["level"] == "ht"


@pytest.mark.parametrize(
    ("fields", "triggered"),
    [
        # QĐ 366 Điều 11: more than 50 % of tasks not done
        ({"tasks": {"total": 10, "done": 4}}, True),
        ({"tasks": {"total": 10, "done": 5}}, False),  # exactly half not done is not "more than"
        # leaders: under 70 % of tasks done
        ({"roles": ["truong_phong"], "tasks": {"total": 10, "done": 6}}, True),
        ({"roles": ["truong_phong"], "tasks": {"total": 10, "done": 7}}, False),
        ({"tasks": {"total": 10, "done": 6}}, False),  # not a leader
        # leaders: more than 50 % of the units they lead at kht
        ({"roles": ["bi_thu"], "units_led": {"total": 4, "kht": 3}}, True),
        ({"roles": ["bi_thu"], "units_led": {"total": 4, "kht": 2}}, False),
        ({"units_led": {"total": 4, "kht": 3}}, False),
        # leaders: more than 1/2 low confidence
        ({"roles": ["cap_uy_vien"], "low_confidence_share": 0.51}, True),
        ({"roles": ["cap_uy_vien"], "low_confidence_share": 0.5}, False),
        ({"roles": ["pho_bi_thu"], "low_confidence_share": "3/5"}, True),
    ],
)
def test_qd366_kht_triggers(fields: dict, triggered: bool) -> None:
    result = _one(score=95, **fields)
    if triggered:
        assert (result["level"], result["basis_level"]) == ("kht", "kht")
        assert "kht_trigger" in codes(result)
    else:
        assert "kht_trigger" not in codes(result)


@pytest.mark.parametrize(
    ("fields", "cause"),
    [
        # DOMAIN §3.2, QĐ 366 Điều 11: discipline of khiển trách or more for a violation in the year
        ({"under_discipline": True}, "kỷ luật"),
        # concluded degradation; breaking what members must not do or the rules on setting an example
        ({"violations": ["suy thoái về đạo đức, lối sống"]}, "suy thoái"),
        ({"violations": ["vi phạm quy định nêu gương"]}, "nêu gương"),
    ],
)
def test_qd366_discipline_and_violations_are_kht_triggers(fields: dict, cause: str) -> None:
    result = _one(score=95, **fields)
    assert (result["status"], result["basis_level"], result["level"]) == ("rated", "kht", "kht")
    triggers = [r["text"] for r in result["reasons"] if r["code"] == "kht_trigger"]
    assert len(triggers) == 1 and cause in triggers[0]
    # the caps stay enabled (DOMAIN §2) but no longer bind: the level is already kht, so they are not reported
    assert not {"cap_discipline", "cap_violation"} & set(codes(result))


def test_qd366_discipline_at_92_points_with_a_late_task_is_kht_not_a_gap() -> None:
    # reviewed case: 92 points, 4 tasks done, 3 on time (no level's conditions hold) and disciplined → KHT trigger
    result = _one(score=92, under_discipline=True, tasks={"total": 4, "done": 4, "on_time": 3})
    assert (result["status"], result["level"], result["basis_level"]) == ("rated", "kht", "kht")
    assert codes(result) == ["score_band", "kht_trigger"]


@pytest.mark.parametrize(
    ("fields", "cause"),
    [
        # QĐ 366 Điều 11: a leader with under 70 % of tasks done (5/10; 5 not done is not "more than half")
        ({"roles": ["bi_thu"], "tasks": {"total": 10, "done": 5}}, "dưới 70 %"),
        ({"tasks": {"total": 10, "done": 4}}, "trên 50 %"),
        ({"under_discipline": True}, "kỷ luật"),
        ({"violations": ["suy thoái"]}, "suy thoái"),
    ],
)
def test_kht_triggers_apply_without_a_score(fields: dict, cause: str) -> None:
    # DOMAIN §3.2: a KHT trigger gives kht whatever the score; a missing score does not hide it
    result = _one(score=None, **fields)
    assert (result["status"], result["level"], result["basis_level"]) == ("rated", "kht", "kht")
    assert codes(result) == ["kht_trigger"] and cause in result["reasons"][0]["text"]


def test_without_a_score_or_a_trigger_the_member_needs_a_decision() -> None:
    result = _one(score=None, tasks={"total": 10, "done": 10, "on_time": 9})
    assert (result["status"], result["level"]) == ("needs_decision", None)
    assert codes(result) == ["no_level_fits"] and "chưa có điểm" in result["reasons"][0]["text"].lower()


def test_discipline_stays_a_cap_where_the_rule_set_has_no_such_trigger() -> None:
    # lamdong-2021 (HD 21) lists discipline among the caps only; the triggers are data
    result = _one("lamdong-2021", score=96, under_discipline=True)
    assert (result["basis_level"], result["level"]) == ("htxs", "kht")
    assert "cap_discipline" in codes(result) and "kht_trigger" not in codes(result)
    rules = preset("qd366-2025")
    rules["member"]["kht_triggers"] = [t for t in rules["member"]["kht_triggers"] if t["code"] != "under_discipline"]
    members = [scored("a", 95, under_discipline=True)] + [scored(f"h{i}", 80) for i in range(10)]
    result = by_id(run(cell(members, "qd366-2025"), rules))["a"]
    assert (result["basis_level"], result["level"]) == ("htxs", "kht") and "cap_discipline" in codes(result)


def test_task_conditions_are_data() -> None:
    rules = preset("qd366-2025")
    rules["member"]["task_conditions"] = []
    scenario = cell([scored("a", 92, tasks={"total": 12, "done": 12, "on_time": 9})], "qd366-2025")
    assert by_id(run(scenario, rules))["a"]["basis_level"] == "htxs"


def test_the_score_may_not_exceed_the_maximum() -> None:
    from xeploai.rules import ScenarioError

    with pytest.raises(ScenarioError) as error:
        run(cell([scored("a", 100.5)], "qd366-2025"))
    assert error.value.field == "members[0].score"
