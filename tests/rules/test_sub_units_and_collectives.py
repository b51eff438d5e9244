"""Sub-unit quota (DOMAIN §2, decision 7) and leadership collectives (001 §2.2, HD 21)."""

import pytest

from xeploai.rules import cap_head, classify_collective

from .builders import cell, codes, run


def _quota(ruleset: str, levels: list[str], exemplary: int = 0, outstanding: bool = False, unit: dict | None = None):
    subs = [{"code": f"cb-{i}", "level": lv, "exemplary": i < exemplary} for i, lv in enumerate(levels)]
    scenario = cell([], ruleset, sub_units=subs)
    scenario["unit"] = {"kind": "dang_bo", "outstanding": outstanding, **(unit or {})}
    return run(scenario)


@pytest.mark.parametrize(
    ("tsvm", "exemplary", "allowed", "ok"),
    [
        # 000 §IV.2.1.a: "tiêu biểu" ≤ 20 % of the cells at tsvm, rounded down
        (5, 1, 1, True),
        (5, 2, 1, False),
        (4, 1, 0, False),
        (10, 2, 2, True),
        (10, 3, 2, False),
        (0, 0, 0, True),
    ],
)
def test_hcm_exemplary_cells(tsvm: int, exemplary: int, allowed: int, ok: bool) -> None:
    result = _quota("hcm-2014", ["tsvm"] * tsvm + ["htt", "ht"], exemplary)
    assert result["sub_unit_quota"] == {"level": "tsvm", "allowed": allowed, "proposed": exemplary, "ok": ok}


@pytest.mark.parametrize(
    ("ruleset", "level", "honour"),
    [
        # 000 §IV.2.1.a: "tiêu biểu" is for cells at TSVM only; a flag elsewhere is bad input, never ignored
        ("hcm-2014", "htt", "TSVM"),
        ("hcm-2014", "yeu_kem", "TSVM"),
        ("qd366-2025", "htt", "HTXS"),  # a level quota: only a sub-unit at its level may carry the flag
    ],
)
def test_an_exemplary_flag_outside_the_quota_level_is_bad_input(ruleset: str, level: str, honour: str) -> None:
    from xeploai.rules import ScenarioError

    subs = [{"level": "tsvm" if ruleset == "hcm-2014" else "htxs"}] * 5 + [{"level": level, "exemplary": True}]
    with pytest.raises(ScenarioError) as error:
        run(cell([], ruleset, sub_units=subs))
    assert error.value.field == "sub_units[5].exemplary"
    assert f"chỉ chi bộ đạt {honour} mới được đề nghị tiêu biểu" in error.value.message
    assert error.value.message.startswith("sub_units[5].exemplary: ")


@pytest.mark.parametrize(
    ("htxs", "htt", "allowed"),
    [
        # 001 §2.2 (lamdong, phucat): htxs ≤ 20 % of htt; fewer than 5 at htt: 1
        (1, 2, 1),
        (2, 2, 1),
        (1, 4, 1),
        (2, 9, 1),  # k=2: base 9 → ⌊1,8⌋ = 1
        (2, 10, 2),
        (0, 10, 1),  # had 2 of them been htxs, 8 at htt allow ⌊1,6⌋ = 1
        (0, 0, 0),  # k ≤ H + P = 0
    ],
)
def test_lamdong_htxs_cells(htxs: int, htt: int, allowed: int) -> None:
    result = _quota("lamdong-2021", ["htxs"] * htxs + ["htt"] * htt + ["ht"])
    assert result["sub_unit_quota"] == {"level": "htxs", "allowed": allowed, "proposed": htxs, "ok": htxs <= allowed}


def test_qd366_outstanding_unit_allows_a_quarter() -> None:
    # QĐ 366: 20 % (25 %) of htt; 3 at htxs and 12 at htt: ⌊0,2 × 12⌋ = 2, ⌊0,25 × 12⌋ = 3
    plain = _quota("qd366-2025", ["htxs"] * 3 + ["htt"] * 12)["sub_unit_quota"]
    assert plain == {"level": "htxs", "allowed": 2, "proposed": 3, "ok": False}
    outstanding = _quota("qd366-2025", ["htxs"] * 3 + ["htt"] * 12, outstanding=True)["sub_unit_quota"]
    assert outstanding == {"level": "htxs", "allowed": 3, "proposed": 3, "ok": True}


def test_no_sub_units_no_quota() -> None:
    assert run(cell([], "hcm-2014"))["sub_unit_quota"] is None


def test_the_unit_reports_an_exceeded_sub_unit_quota() -> None:
    result = _quota("hcm-2014", ["tsvm"] * 5, exemplary=3, unit={"score": 95})
    assert "quota_exceeded" in codes(result["unit"])


@pytest.mark.parametrize(
    ("leaders", "level", "organisation", "expected"),
    [
        # 001 §2.2: only collectives of 2 leaders or more; never above the organisation
        (1, "htxs", "htxs", None),
        (2, "htxs", "htxs", "htxs"),
        (3, "htxs", "htt", "htt"),
        (3, "ht", "htt", "ht"),
        (2, "htxs", "tsvm", "htxs"),
        (2, "htt", "yeu_kem", "kht"),
    ],
)
def test_leadership_collective(leaders: int, level: str, organisation: str, expected: str | None) -> None:
    result, reasons = classify_collective(leaders, level, organisation)
    assert result == expected
    assert bool(reasons) == (expected != level)


@pytest.mark.parametrize(
    ("level", "collective", "expected"),
    [("htxs", "htt", "htt"), ("htt", "htt", "htt"), ("ht", "htxs", "ht"), ("htxs", "kht", "kht")],
)
def test_a_head_is_never_above_the_collective(level: str, collective: str, expected: str) -> None:
    result, reasons = cap_head(level, collective)
    assert result == expected
    assert bool(reasons) == (expected != level)
