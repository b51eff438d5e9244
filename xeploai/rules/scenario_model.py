"""The frozen dataclasses of a scenario (DOMAIN §4); ``scenario.py`` reads them from the JSON-like dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

UNIT_KINDS: tuple[str, ...] = ("chi_bo", "dang_bo", "to_dang")


class ScenarioError(ValueError):
    """A bad scenario; ``field`` is the dotted path, ``message`` a Vietnamese sentence that starts with it."""

    def __init__(self, field: str, message: str, errors: list[tuple[str, str]] | None = None) -> None:
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]
        super().__init__(message)


@dataclass(frozen=True)
class Tasks:
    """Tasks counted as total / done / on time / exceeded (QĐ 366 Điều 11)."""

    total: int
    done: int
    on_time: int
    exceeded: int

    @property
    def late(self) -> int:
        """Done, but not on time."""
        return self.done - self.on_time

    @property
    def not_done(self) -> int:
        """Not done at all."""
        return self.total - self.done


@dataclass(frozen=True)
class Shortcomings:
    """Shortcomings raised at the previous review and how many are fixed."""

    total: int = 0
    fixed: int = 0


@dataclass(frozen=True)
class Votes:
    """One member's tally: ballots per level."""

    htxs: int = 0
    htt: int = 0
    ht: int = 0
    kht: int = 0

    def count(self, level: str) -> int:
        """Ballots for exactly ``level``."""
        return int(getattr(self, level))

    @property
    def total(self) -> int:
        """All ballots marked for this member."""
        return self.htxs + self.htt + self.ht + self.kht


@dataclass(frozen=True)
class UnitsLed:
    """For a leader: the units they lead and how many are at ``kht``."""

    total: int = 0
    kht: int = 0


@dataclass(frozen=True)
class MemberInput:
    """One member of the cell; defaults are the favourable ones."""

    id: str | int
    name: str = ""
    official: bool = True
    admitted_on: date | None = None
    exempt: bool = False
    roles: tuple[str, ...] = ()
    civil_servant_rating: str | None = None
    awards: tuple[str, ...] = ()
    under_discipline: bool = False
    violations: tuple[str, ...] = ()
    sick_leave_months: Fraction = Fraction(0)
    maternity_leave: bool = False
    excused_absences: int = 0
    votes: Votes | None = None
    score: Fraction | None = None
    tasks: Tasks | None = None
    shortcomings: Shortcomings | None = None
    low_confidence_share: Fraction | None = None
    units_led: UnitsLed = UnitsLed()


@dataclass(frozen=True)
class Facts:
    """Facts about the unit (DOMAIN §3.5); ``members_disciplined`` None means "count members under discipline"."""

    committee_united: bool = True
    committee_excellent: bool = True
    meetings_as_required: bool = True
    tasks_not_completed: int = 0
    remediation_plan_done: bool = True
    leaders_disciplined: int = 0
    members_disciplined: int | None = None
    members_disciplined_for_degradation: int = 0
    sub_units_disciplined: int = 0
    agency_rating: str = "highest"
    mass_org_ratings: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitInput:
    """The unit under review."""

    code: str = ""
    kind: str = "chi_bo"
    level: str | None = None
    outstanding: bool = False
    name: str = ""
    score: Fraction | None = None
    proposed_level: str | None = None
    tasks: Tasks | None = None
    shortcomings: Shortcomings | None = None
    facts: Facts = Facts()


@dataclass(frozen=True)
class SubUnit:
    """A cell of a đảng bộ with its level and whether it is proposed for the honour."""

    level: str
    code: str = ""
    exemplary: bool = False


@dataclass(frozen=True)
class Scenario:
    """One classification: the unit, its members in input order and, for a đảng bộ, its sub-units."""

    ruleset: str | None = None
    review_date: date | None = None
    voters_total: int | None = None
    ballots_cast: int | None = None
    official_present: int | None = None
    unit: UnitInput = UnitInput()
    members: tuple[MemberInput, ...] = ()
    sub_units: tuple[SubUnit, ...] | None = field(default=None)
