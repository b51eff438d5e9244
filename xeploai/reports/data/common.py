"""Parts every printed form shares: the Party document header, the signature block, the period's rules.

Layout of the header (Plan 146-KH/ĐU, reference 000): the committee above and the issuing unit on the left with
"*" under it and the number and symbol; "ĐẢNG CỘNG SẢN VIỆT NAM" on the right with the place and the date in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from xeploai.orgs.models import Organization, OrgKind, Post
from xeploai.reviews.models import ReviewPeriod
from xeploai.rules.ruleset_model import SCORE

from .. import vi

NUMBER_BLANK = "\u2002" * 6  # room to write the number by hand: "Số:       -BB/CB"

# Committees above the grassroots sign their symbol with their own initials (HU = Huyện ủy …).
_SYMBOLS = {"huyện ủy": "HU", "quận ủy": "QU", "thị ủy": "TU", "thành ủy": "TU", "tỉnh ủy": "TU",
            "đảng ủy khối": "ĐUK"}
_COMMITTEE_PREFIXES = ("đảng ủy", "huyện ủy", "quận ủy", "thị ủy", "thành ủy", "tỉnh ủy")


@dataclass(frozen=True)
class Letterhead:
    """The two header columns of a Party document."""

    upper: str
    issuer: str
    number: str
    place_date: str


@dataclass(frozen=True)
class Signature:
    """"T/M CHI BỘ / BÍ THƯ" and the name (blank when nobody holds the post)."""

    on_behalf: str
    title: str
    name: str


@dataclass(frozen=True)
class PeriodInfo:
    """What a form says about the review period and its rule set."""

    pk: int
    year: int
    plan_number: str
    plan_date: date
    review_date: date
    ruleset_code: str
    ruleset_name: str
    ruleset_source: str
    score_basis: bool
    member_levels: tuple[str, ...]
    org_levels: tuple[str, ...]
    new_member_months: int


def period_info(period: ReviewPeriod) -> PeriodInfo:
    """From the period and its rule set (already selected with it: no query)."""
    params = period.ruleset.params or {}
    member, organisation = params.get("member", {}), params.get("organisation", {})
    return PeriodInfo(
        pk=period.pk, year=period.year, plan_number=period.plan_number, plan_date=period.plan_date,
        review_date=period.review_date, ruleset_code=period.ruleset.code, ruleset_name=period.ruleset.name,
        ruleset_source=period.ruleset.source, score_basis=member.get("basis") == SCORE,
        member_levels=tuple(member.get("levels") or ("htxs", "htt", "ht", "kht")),
        org_levels=tuple(organisation.get("levels") or ("htxs", "htt", "ht", "kht")),
        new_member_months=int(member.get("new_member_months") or 6),
    )


def issuer_name(org: Organization) -> str:
    """The body that signs for a unit: a cell signs as itself, a đảng bộ as its committee ("Đảng ủy …")."""
    short = (org.short_name or "").strip()
    if not org.is_cell and short.lower().startswith(_COMMITTEE_PREFIXES):
        return short
    if org.name.lower().startswith("đảng bộ"):
        return "Đảng ủy" + org.name[len("Đảng bộ"):]
    return org.name


def upper_name(parent: Organization | None) -> str:
    """The committee above, as 000 prints it ("ĐẢNG BỘ KHỐI DÂN – CHÍNH – ĐẢNG TP")."""
    if parent is None:
        return ""
    short = (parent.short_name or "").strip()
    return short if short.lower().startswith("đảng bộ") else parent.name


def symbol(org: Organization) -> str:
    """The issuer's part of a document symbol: CB for a cell, ĐU for a đảng ủy, HU for a Huyện ủy …"""
    if org.is_cell:
        return "CB"
    lowered = issuer_name(org).lower()
    return next((code for prefix, code in _SYMBOLS.items() if lowered.startswith(prefix)), "ĐU")


def on_behalf(org: Organization) -> str:
    if org.is_cell:
        return "T/M CHI BỘ"
    if org.kind == OrgKind.DANG_BO_CAP_TREN:
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


def number_line(org: Organization, kind: str, number: str = "") -> str:
    """"Số: 146-KH/ĐU" when known, else "Số:      -BC/CB" with room to write the number."""
    if number:
        return f"Số: {number}"
    return f"Số:{NUMBER_BLANK}-{kind}/{symbol(org)}"


def letterhead(org: Organization, parent: Organization | None, *, day: date | None, year: int,
               number: str = "") -> Letterhead:
    return Letterhead(upper=vi.upper(upper_name(parent)), issuer=vi.upper(issuer_name(org)), number=number,
                      place_date=vi.place_and_date(org.place, day, year))


def parent_of(org: Organization) -> Organization | None:
    """The unit above (one query; none at the top)."""
    if org.parent_id is None:
        return None
    return Organization.objects.filter(pk=org.parent_id).first()


def signers(unit_ids: Iterable[int], on: date) -> dict[int, tuple[str, str]]:
    """Who signs for each unit on a day: the secretary, else the deputy; one query for any number of units."""
    posts = (Post.objects.filter(unit_id__in=list(unit_ids), title__in=("bi_thu", "pho_bi_thu"))
             .exclude(start__gt=on).exclude(end__lt=on)
             .values_list("unit_id", "title", "member__full_name").order_by("unit_id", "title", "member__sort_key"))
    found: dict[int, tuple[str, str]] = {}
    for unit_id, title, name in posts:  # "bi_thu" sorts before "pho_bi_thu"
        found.setdefault(unit_id, ("BÍ THƯ" if title == "bi_thu" else "PHÓ BÍ THƯ", name))
    return found


def signature(org: Organization, on: date) -> Signature:
    title, name = signers([org.pk], on).get(org.pk, ("BÍ THƯ", ""))
    return Signature(on_behalf=on_behalf(org), title=title, name=name)


def unit_kind_label(kind: str) -> str:
    return OrgKind(kind).label if kind in OrgKind.values else kind
