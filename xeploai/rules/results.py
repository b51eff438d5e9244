"""The results of a classification (DOMAIN §4), as frozen dataclasses; ``engine.result_to_dict`` writes the JSON."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

RATED, NOT_RATED, EXEMPT, NEEDS_DECISION = "rated", "not_rated", "exempt", "needs_decision"

MEMBER_REASON_CODES: tuple[str, ...] = (
    "new_member",
    "exempt",
    "vote_threshold",
    "no_majority",
    "no_level_fits",
    "score_band",
    "task_condition",
    "kht_trigger",
    "cap_discipline",
    "cap_violation",
    "cap_civil_servant",
    "cap_sick_leave",
    "cap_absences",
    "cap_leader_unit",
    "cap_head_unit",
    "quota_exceeded",
    "quota_tie",
)
UNIT_REASON_CODES: tuple[str, ...] = (
    "score_band",
    "condition_failed",
    "weak_condition",
    "quota_exceeded",
    "no_level_fits",
)
# classify_collective and cap_head (001 §2.2, HD 21); not part of the classify JSON
COLLECTIVE_REASON_CODES: tuple[str, ...] = ("collective_too_small", "collective_capped", "head_capped")
# Codes the engine emits beyond DOMAIN §3.6 (docs/rules.md says why)
ADDED_REASON_CODES: tuple[str, ...] = ("vote_threshold", "cap_head_unit", *COLLECTIVE_REASON_CODES)


@dataclass(frozen=True)
class Reason:
    """Why: a stable code and a Vietnamese sentence naming the numbers."""

    code: str
    text: str


@dataclass(frozen=True)
class MemberResult:
    """One member's result. ``level`` is set only when ``status`` is rated; ``basis_level`` is the level from the
    vote or the score before caps and quota; ``rank`` is what the quota ranks by (htxs ballots or the score)."""

    id: str | int
    status: str
    level: str | None = None
    basis_level: str | None = None
    reasons: tuple[Reason, ...] = ()
    rank: Fraction | None = None

    @property
    def is_rated(self) -> bool:
        """True when the member has a level."""
        return self.status == RATED


@dataclass(frozen=True)
class QuotaResult:
    """The member quota of DOMAIN §3.4: ``allowed`` is the largest k, ``kept`` those who keep the level."""

    level: str
    fraction: Fraction
    base: int
    allowed: int
    kept: int


@dataclass(frozen=True)
class UnitResult:
    """The unit's level (None when the competent level must decide) and why."""

    level: str | None
    status: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SubUnitQuotaResult:
    """How many sub-units may have the limited level or honour, how many have or are proposed for it."""

    level: str
    allowed: int
    proposed: int
    ok: bool


@dataclass(frozen=True)
class ClassificationResult:
    """Everything ``classify`` returns; members keep the input order."""

    ruleset: str
    members: tuple[MemberResult, ...]
    member_quota: QuotaResult | None
    unit: UnitResult | None
    sub_unit_quota: SubUnitQuotaResult | None
