"""Caps: the best level a member may get, whatever the vote or score (DOMAIN §3.3).

Only the caps the rule set enables apply. A cap "binds" when it is worse than the basis level; only binding caps are
reported. Maternity leave sets no cap (000 §IV.3, HD 43 §7.5): the member is rated on the work actually done.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from .levels import CIVIL_SERVANT_LABELS, CS_HTT, CS_HTXS, CS_KHT, HT, HTT, KHT, equivalent, rank, short
from .results import Reason
from .ruleset_model import CAPPED_LEADER_ROLES, RuleSet
from .scenario import MemberInput
from .text import format_number

SICK_LEAVE_MONTHS = Fraction(3)  # 000 §IV.3, 003 §2.5: "nghỉ ốm từ 3 tháng trở lên"
ABSENCES = 3  # 000 §IV.3: "vắng sinh hoạt chi bộ 03 lần trong năm (có lý do)"

Cap = tuple[str, str, str]  # (code, best level allowed, sentence)


def _discipline(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.2.2.d, 003 §II.2, QĐ 366 Điều 11: a discipline in force in the year → KHT
    if member.under_discipline:
        return "cap_discipline", KHT, "Đang chấp hành kỷ luật trong năm: tối đa KHT"
    return None


def _violation(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.2.2.d, QĐ 366: a listed violation → KHT
    if member.violations:
        return "cap_violation", KHT, f"Có vi phạm ({', '.join(member.violations)}): tối đa KHT"
    return None


def _civil_servant(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.2.2, 003 §II.2, QĐ 366 Điều 3: the party level follows the civil-servant rating
    rating = member.civil_servant_rating
    awards_count = ruleset.member.award_replaces_htxs_rating
    if rating is None or rating == CS_HTXS or (rating == CS_HTT and awards_count and member.awards):
        return None  # 000 §IV.2.2.a: an award (chiến sĩ thi đua cơ sở, bằng khen) with at least HTT allows HTXS
    cap = {CS_HTT: HTT, CS_KHT: KHT}.get(rating, HT)
    text = f'Xếp loại cán bộ, công chức "{CIVIL_SERVANT_LABELS[rating]}": tối đa {short(cap)}'
    if cap == HTT:
        text += " (HTXS cần xếp loại HTXS" + (" hoặc danh hiệu thi đua, bằng khen)" if awards_count else ")")
    return "cap_civil_servant", cap, text


def _sick_leave(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.3, 003 §2.5, HD 21: sick leave of 3 months or more caps at HT
    if member.sick_leave_months >= SICK_LEAVE_MONTHS:
        months = format_number(member.sick_leave_months)
        return "cap_sick_leave", HT, f"Nghỉ ốm {months} tháng (từ 3 tháng trở lên): tối đa HT"
    return None


def _absences(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.3: absent with reason from 3 cell meetings → not HTXS
    if member.excused_absences >= ABSENCES:
        return (
            "cap_absences",
            HTT,
            f"Vắng sinh hoạt chi bộ {member.excused_absences} lần có lý do (từ 3 lần): không xét HTXS",
        )
    return None


def _leader_unit(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # 000 §IV.3: a secretary, a member of the committee above, a head of department whose organisation did not reach
    # the top level → not HTXS (exactly these roles: not a deputy secretary, not an ordinary committee member)
    capped = CAPPED_LEADER_ROLES.intersection(member.roles)
    if unit_level is None or not capped or rank(unit_level) <= rank(ruleset.top_organisation_level):
        return None
    return (
        "cap_leader_unit",
        HTT,
        f"Là cán bộ lãnh đạo mà tổ chức chỉ đạt {short(unit_level)}, chưa đạt "
        f"{short(ruleset.top_organisation_level)}: không xét HTXS",
    )


def _head_unit(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str) -> Cap | None:
    # HD 21 (001 §2.2), repeated in 2026 concretisations of QĐ 366: the head of a unit is never rated above it.
    # Which roles count as the head is the rule set's ``head_roles`` (the sources differ on the cell's secretary).
    if unit_level is None or not set(ruleset.member.head_roles).intersection(member.roles):
        return None
    cap = equivalent(unit_level, ruleset.member.levels)
    unit = f"{unit_name} " if unit_name else ""
    return (
        "cap_head_unit",
        cap,
        f"Người đứng đầu không được xếp cao hơn tổ chức mình đứng đầu: {unit}xếp loại {short(unit_level)}, "
        f"tối đa {short(cap)}",
    )


CapRule = Callable[[MemberInput, RuleSet, "str | None", str], "Cap | None"]
_CAPS: dict[str, CapRule] = {
    "cap_discipline": _discipline,
    "cap_violation": _violation,
    "cap_civil_servant": _civil_servant,
    "cap_sick_leave": _sick_leave,
    "cap_absences": _absences,
    "cap_leader_unit": _leader_unit,
    "cap_head_unit": _head_unit,
}


def member_caps(member: MemberInput, ruleset: RuleSet, unit_level: str | None, unit_name: str = "") -> list[Cap]:
    """Every enabled cap that applies to the member, binding or not, in the rule set's order; ``unit_name`` names
    the unit in the head cap's sentence."""
    found = (_CAPS[code](member, ruleset, unit_level, unit_name) for code in ruleset.member.caps)
    return [(code, equivalent(level, ruleset.member.levels), text) for code, level, text in filter(None, found)]


def apply_caps(basis_level: str, caps: list[Cap]) -> tuple[str, tuple[Reason, ...]]:
    """The level after caps = the worst of the basis level and every cap; reasons only for binding caps."""
    binding = [(code, level, text) for code, level, text in caps if rank(level) > rank(basis_level)]
    level = max([basis_level] + [cap_level for _, cap_level, _ in binding], key=rank)
    return level, tuple(Reason(code, text) for code, _, text in binding)
