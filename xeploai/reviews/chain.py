"""Who decides (QĐ 366 Điều 13, HD 43 §3, DOMAIN §5): per period, for each kind of unit, the committee that decides
the unit's level and its members' levels, appraises, publishes, and annuls and decides again.

The rule is data of the period (``DecisionStep``): the unit is decided by its nearest ancestor of the kind named,
or by the committee directly above it when no ancestor has that kind. Kinds without a stored step follow the current
rules: a chi bộ trực thuộc (and a tổ đảng) by the đảng ủy cơ sở; a chi bộ cơ sở or a đảng bộ cơ sở by the committee
of the level above (its standing committee); a đảng bộ cấp trên cơ sở by the level above it.
"""

from __future__ import annotations

from xeploai.orgs.models import Organization, OrgKind

PERIOD_COMMITTEE = "period_committee"  # models.PERIOD_COMMITTEE: the period's own committee decides

DEFAULT_CHAIN: dict[str, str] = {
    OrgKind.CHI_BO_TRUC_THUOC: OrgKind.DANG_BO_CO_SO,
    OrgKind.TO_DANG: OrgKind.DANG_BO_CO_SO,
    OrgKind.CHI_BO_CO_SO: OrgKind.DANG_BO_CAP_TREN,
    OrgKind.DANG_BO_CO_SO: OrgKind.DANG_BO_CAP_TREN,
    OrgKind.DANG_BO_CAP_TREN: OrgKind.DANG_BO_CAP_TREN,
}


def period_chain(period) -> dict[str, str]:
    """The period's chain: stored steps over the defaults (read once per period object)."""
    cached = getattr(period, "_xl_chain", None)
    if cached is None:
        cached = {**DEFAULT_CHAIN, **dict(period.decision_steps.values_list("unit_kind", "decided_by"))}
        period._xl_chain = cached
    return cached


def _kinds(period, ids: list[int]) -> dict[int, str]:
    """Kinds of organisations by id, kept on the period object so a page over a subtree asks once per node."""
    known: dict[int, str] = getattr(period, "_xl_kinds", None) or {}
    missing = [pk for pk in ids if pk not in known]
    if missing:
        known.update(Organization.objects.filter(pk__in=missing).values_list("pk", "kind"))
    period._xl_kinds = known
    return known


def _nearest(above: list[int], kinds: dict[int, str], wanted: str | None, period) -> int:
    """The decider among ``above`` (root first, the parent last): the period's committee when the step says so,
    else the nearest ancestor of the wanted kind, else the parent."""
    if wanted == PERIOD_COMMITTEE and period.committee_id in above:
        return period.committee_id
    return next((pk for pk in reversed(above) if kinds.get(pk) == wanted), above[-1])


def deciding_committee_id(period, unit: Organization) -> int | None:
    """The id of the committee that decides ``unit`` in ``period`` (None for the root of the tree)."""
    from xeploai.orgs import access

    path = list(access.path_ids(unit))
    above = path[:-1]
    if not above:
        return None
    return _nearest(above, _kinds(period, above), period_chain(period).get(unit.kind), period)


def deciders(period) -> dict[int, int]:
    """Every unit of the period's subtree (its committee excluded) → the id of the committee that decides it: one
    recursive query, kept on the period object."""
    cached = getattr(period, "_xl_deciders", None)
    if cached is not None:
        return cached
    from xeploai.orgs.tree import subtree_rows

    rows = subtree_rows(period.committee_id)
    kinds = {row.pk: row.kind for row in rows}
    rules = period_chain(period)
    found: dict[int, int] = {}
    for row in rows[1:]:
        above = [pk for pk in row.path[:-1] if pk in kinds] or [row.parent_id]
        found[row.pk] = _nearest(above, kinds, rules.get(row.kind), period)
    period._xl_deciders = found
    return found


def decided_by(period, committee_id: int) -> set[int]:
    """The units the committee decides in the period."""
    return {unit for unit, decider in deciders(period).items() if decider == committee_id}
