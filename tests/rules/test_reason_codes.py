"""Reason codes (DOMAIN §3.6): the engine emits only known codes, and docs/rules.md lists every one of them,
marking those that DOMAIN §3.6 does not name."""

import re
from pathlib import Path

from xeploai.rules import ADDED_REASON_CODES, COLLECTIVE_REASON_CODES, MEMBER_REASON_CODES, UNIT_REASON_CODES
from xeploai.rules.ruleset_model import CAPS

ROOT = Path(__file__).resolve().parents[2]
KNOWN = set(MEMBER_REASON_CODES) | set(UNIT_REASON_CODES) | set(COLLECTIVE_REASON_CODES)
# DOMAIN §3.6, verbatim
DOMAIN_MEMBER = {
    "new_member", "exempt", "no_majority", "no_level_fits", "score_band", "task_condition", "kht_trigger",
    "cap_discipline", "cap_violation", "cap_civil_servant", "cap_sick_leave", "cap_absences", "cap_leader_unit",
    "quota_exceeded", "quota_tie",
}  # fmt: skip
DOMAIN_UNIT = {"score_band", "condition_failed", "weak_condition", "quota_exceeded"}


def _emitted() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "xeploai" / "rules").glob("*.py"))
    return set(re.findall(r'Reason\(\s*"([a-z_]+)"', source)) | set(CAPS)


def test_the_engine_emits_only_known_codes() -> None:
    emitted = _emitted()
    assert emitted, "no Reason(...) found"
    assert emitted <= KNOWN, emitted - KNOWN


def test_the_additions_are_exactly_what_domain_does_not_name() -> None:
    assert set(ADDED_REASON_CODES) == KNOWN - DOMAIN_MEMBER - DOMAIN_UNIT
    assert "vote_threshold" in MEMBER_REASON_CODES  # a rated vote-basis member carries a reason


def test_docs_list_every_code_and_mark_the_additions() -> None:
    rows = {
        code: line
        for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
        for code in re.findall(r"`([a-z_]+)`", line.split("|")[1])
    }
    missing = KNOWN - set(rows)
    assert not missing, f"docs/rules.md does not list {sorted(missing)}"
    for code in KNOWN:
        assert ("**added**" in rows[code]) == (code in ADDED_REASON_CODES), code
