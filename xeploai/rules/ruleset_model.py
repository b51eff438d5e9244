"""The frozen dataclasses of a rule set (DOMAIN §2). ``ruleset.py`` reads and writes their stored dict form."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

VOTE, SCORE, PROPOSED = "vote", "score", "proposed"
GT, GTE = "gt", "gte"
CAPS: tuple[str, ...] = (
    "cap_discipline",
    "cap_violation",
    "cap_civil_servant",
    "cap_sick_leave",
    "cap_absences",
    "cap_leader_unit",
    "cap_head_unit",
)
# cap_leader_unit binds exactly these roles (000 §IV.3 names the secretary, the member of the committee above and the
# head of department; a deputy secretary or an ordinary committee member of the cell is not capped).
CAPPED_LEADER_ROLES: frozenset[str] = frozenset({"bi_thu", "cap_uy_cap_tren", "truong_phong"})
# Member task conditions per level (QĐ 366 Điều 11); True when the code needs a "share".
TASK_CONDITIONS: dict[str, bool] = {
    "all_on_time": False,
    "all_done": False,
    "exceeded_at_least": True,
    "late_at_most": True,
    "shortcomings_fixed": False,
}
# KHT triggers for a member (QĐ 366 Điều 11, DOMAIN §3.2); True when the code needs a "share".
# ``under_discipline``: discipline (khiển trách or more) for a violation in the year; ``violation``: a listed
# violation (not doing what the cell gave, breaking what members must not do or the rules on setting an example,
# concluded degradation).
KHT_TRIGGERS: dict[str, bool] = {
    "not_done_over": True,
    "under_discipline": False,
    "violation": False,
    "leader_done_under": True,
    "leader_units_kht_over": True,
    "leader_low_confidence_over": True,
}
ORG_CONDITION_SETS: tuple[str, ...] = ("hcm-2014", "qd366", "phucat-2023", "bands-only")
SMALL_UNIT_MEASURES: tuple[str, ...] = ("members", "base")
QUOTA_KINDS: tuple[str, ...] = ("level", "flag")
# DOMAIN §3.4, §3.4a: where the member quota is counted, how allowed(b) is rounded, what the base b counts
CELL, POOL = "cell", "pool"
QUOTA_SCOPES: tuple[str, ...] = (CELL, POOL)
FLOOR, HALF_UP = "floor", "half_up"
QUOTA_ROUNDINGS: tuple[str, ...] = (FLOOR, HALF_UP)
BASE_HTT, BASE_HTT_AND_ABOVE = "htt", "htt_and_above"
QUOTA_BASES: tuple[str, ...] = (BASE_HTT, BASE_HTT_AND_ABOVE)


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``errors`` lists every problem as (field path, Vietnamese message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(message for _, message in self.errors))


@dataclass(frozen=True)
class VoteThreshold:
    """A level is reached when its (accumulated) count is > (``gt``) or ≥ (``gte``) ``fraction`` × N."""

    level: str
    fraction: Fraction
    comparison: str


@dataclass(frozen=True)
class VoteRules:
    """Thresholds best first; ``accumulate``: a ballot for a better level counts for worse ones down to ``ht``."""

    accumulate: bool
    thresholds: tuple[VoteThreshold, ...]


@dataclass(frozen=True)
class Band:
    """A score band: the level needs at least ``min_score`` (a lower bound; the band above is tried first)."""

    level: str
    min_score: Fraction


@dataclass(frozen=True)
class ScoreRules:
    """Bands best first, strictly descending; a score below the lowest band is the weakest level."""

    max_score: Fraction
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Condition:
    """A member task condition of a level, or a KHT trigger (``level`` None); ``share`` for coded limits."""

    code: str
    level: str | None = None
    share: Fraction | None = None


@dataclass(frozen=True)
class SmallUnitRule:
    """``measure`` "members": the cell has fewer than ``below`` non-exempt members; "base": the base b < ``below``.
    Where it applies, the quota allows exactly ``allowed``."""

    measure: str
    below: int
    allowed: int


@dataclass(frozen=True)
class Quota:
    """``kind`` "level": ``level`` ≤ ⌊fraction × units at ``base_level``⌋ (members, later units);
    ``kind`` "flag": an honour for at most ⌊fraction × units at ``level``⌋ (hcm-2014 "tiêu biểu").
    ``scope`` "pool": the member quota is counted by the deciding committee over a pool of cells (§3.4a), not
    inside a cell; ``rounding`` "half_up": 1,6 → 2; ``base`` "htt_and_above": the base also counts those kept."""

    kind: str
    level: str
    base_level: str
    fraction: Fraction
    outstanding_fraction: Fraction
    small_unit: SmallUnitRule | None
    scope: str = CELL
    rounding: str = FLOOR
    base: str = BASE_HTT


@dataclass(frozen=True)
class MemberRules:
    """How members are classified (DOMAIN §3)."""

    levels: tuple[str, ...]
    basis: str
    votes: VoteRules | None
    score: ScoreRules | None
    task_conditions: tuple[Condition, ...]
    kht_triggers: tuple[Condition, ...]
    new_member_months: int
    caps: tuple[str, ...]
    award_replaces_htxs_rating: bool
    quota: Quota | None
    # QĐ 366 Điều 5 k.2.1: members admitted less than 6 months before are left out of the review itself (no
    # self-review, no papers); under the earlier plans they still write one.
    new_members_reviewed: bool = True
    # cap_head_unit (HD 21): the roles that count as the head of the unit; a head is never rated above the unit
    head_roles: tuple[str, ...] = ("bi_thu",)


@dataclass(frozen=True)
class OrganisationRules:
    """How the unit is classified (DOMAIN §3.5); ``conditions`` selects a condition family of org_conditions.py."""

    levels: tuple[str, ...]
    basis: str
    score: ScoreRules | None
    conditions: str
    quota: Quota | None


@dataclass(frozen=True)
class RuleSet:
    """One rule set: what it is, where it comes from, and its member and organisation rules."""

    code: str
    name: str
    source: str
    description: str
    member: MemberRules
    organisation: OrganisationRules

    @property
    def top_organisation_level(self) -> str:
        """The best organisation level (``tsvm`` in 2014, ``htxs`` since 2018)."""
        return self.organisation.levels[0]
