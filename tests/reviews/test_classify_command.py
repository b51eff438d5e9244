"""`manage.py classify` end to end on the scenario files in tests/scenarios (DOMAIN.md §4)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from xeploai.reviews.models import RuleSet

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


def classify(*args: str) -> tuple[int, dict | None, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("classify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), None, err.getvalue()
    return 0, json.loads(out.getvalue()), err.getvalue()


def test_the_domain_example_answers_the_contract_shape(db):
    code, result, _ = classify(str(SCENARIOS / "domain-example.json"))
    assert code == 0
    assert set(result) == {"ruleset", "members", "member_quota", "unit", "sub_unit_quota"}
    member = result["members"][0]
    assert {"id", "status", "level", "basis_level", "reasons"} <= set(member)
    assert member["basis_level"] == "htxs"
    assert set(result["member_quota"]) == {"level", "fraction", "base", "allowed", "kept"}
    assert set(result["sub_unit_quota"]) == {"level", "allowed", "proposed", "ok"}


def test_the_worked_quota_example_keeps_three(db):
    # DOMAIN.md §3.4: 20 at htt, 6 at htxs, 15 % → k = 3 (3 ≤ ⌊0.15 × 23⌋ = 3; 4 > ⌊0.15 × 22⌋ = 3)
    code, result, _ = classify(str(SCENARIOS / "hcm-quota-worked-example.json"))
    assert code == 0
    assert result["member_quota"] == {"level": "htxs", "fraction": "3/20", "base": 23, "allowed": 3, "kept": 3}
    levels = [m["level"] for m in result["members"][:6]]
    assert levels == ["htxs"] * 3 + ["htt"] * 3
    assert all(any(r["code"] == "quota_exceeded" for r in m["reasons"]) for m in result["members"][3:6])


def test_the_qd366_gap_needs_a_decision(db):
    code, result, _ = classify(str(SCENARIOS / "qd366-gap.json"))
    member = result["members"][0]
    assert (code, member["status"], member["level"]) == (0, "needs_decision", None)
    assert member["reasons"][-1]["code"] == "no_level_fits"


def test_ruleset_option_overrides_the_scenario(db):
    # Under lamdong-2021 (001: bands 95/80/50, no task conditions) 92 points is simply HTT.
    code, result, _ = classify(str(SCENARIOS / "qd366-gap.json"), "--ruleset", "lamdong-2021")
    assert code == 0 and result["ruleset"] == "lamdong-2021"
    assert result["members"][0]["level"] == "htt"


def test_a_level_the_ruleset_does_not_know_is_bad_input(db):
    code, _, err = classify(str(SCENARIOS / "domain-example.json"), "--ruleset", "phucat-2023")
    assert code == 2 and "sub_units[0].level" in err


def test_an_edited_ruleset_in_the_database_is_used(db):
    ruleset = RuleSet.objects.get(code="hcm-2014")
    params = ruleset.params
    params["member"]["votes"]["thresholds"][0]["fraction"] = "4/5"  # 12/16 no longer passes for htxs
    ruleset.params = params
    ruleset.save()
    _, result, _ = classify(str(SCENARIOS / "domain-example.json"))
    assert result["members"][0]["basis_level"] == "htt"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["bad-negative-votes.json"], "members[0].votes.htxs"),
        (["bad-not-json.json"], "JSON"),
        (["khong-co-tep.json"], "Không đọc được tệp"),
        (["domain-example.json", "--ruleset", "khong-co"], "ruleset"),
    ],
)
def test_bad_input_exits_2_with_one_message_naming_the_field(db, args, field):
    code, result, err = classify(str(SCENARIOS / args[0]), *args[1:])
    assert code == 2 and result is None
    assert field in err
    assert "Traceback" not in err


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": os.environ.get("CLASSIFY_TEST_DIR", "/tmp/xeploai-classify-test")}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "manage.py", "classify", *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)


def test_command_line_prints_utf8_json_and_exits_0_or_2():
    # A fresh data directory: no migrated database, so the shipped presets answer.
    ok = _run(str(SCENARIOS / "domain-example.json"))
    assert ok.returncode == 0, ok.stderr.decode()
    text = ok.stdout.decode("utf-8")
    assert "phiếu HTXS" in text and "\\u" not in text
    bad = _run(str(SCENARIOS / "bad-negative-votes.json"))
    assert bad.returncode == 2
    assert b"Traceback" not in bad.stderr and b"members[0].votes.htxs" in bad.stderr
    assert bad.stdout == b""


def test_a_byte_order_mark_is_accepted_and_long_decimals_stay_exact(db):
    # DOMAIN.md §2: exact arithmetic. 49.99999999999999999 as a binary float would be 50.0 and reach the HT band.
    code, result, _ = classify(str(SCENARIOS / "bom-long-decimal.json"))
    assert code == 0
    assert result["members"][0]["level"] == "kht"
