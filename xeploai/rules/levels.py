"""Level codes, their Vietnamese labels and their order (DOMAIN §1).

Members and organisations since 2018 use ``htxs / htt / ht / kht``; organisations in 2014 and before used
``tsvm / htt / ht / yeu_kem``. The two families share one order: ``htxs`` and ``tsvm`` are the top, ``kht`` and
``yeu_kem`` the bottom ("weak") level, so a member level can be compared with an organisation level.
"""

from __future__ import annotations

from collections.abc import Iterable

HTXS = "htxs"
TSVM = "tsvm"
HTT = "htt"
HT = "ht"
KHT = "kht"
YEU_KEM = "yeu_kem"

LEVELS: tuple[str, ...] = (HTXS, TSVM, HTT, HT, KHT, YEU_KEM)
MEMBER_LEVELS: tuple[str, ...] = (HTXS, HTT, HT, KHT)
ORG_LEVELS_2018: tuple[str, ...] = (HTXS, HTT, HT, KHT)
ORG_LEVELS_2014: tuple[str, ...] = (TSVM, HTT, HT, YEU_KEM)
WEAK_LEVELS: frozenset[str] = frozenset({KHT, YEU_KEM})

# Rank 0 is the best. htxs and tsvm are equivalent tops, kht and yeu_kem equivalent bottoms.
_RANK: dict[str, int] = {HTXS: 0, TSVM: 0, HTT: 1, HT: 2, KHT: 3, YEU_KEM: 3}

MEMBER_LABELS: dict[str, str] = {
    HTXS: "Hoàn thành xuất sắc nhiệm vụ",
    HTT: "Hoàn thành tốt nhiệm vụ",
    HT: "Hoàn thành nhiệm vụ",
    KHT: "Không hoàn thành nhiệm vụ",
}
ORG_LABELS: dict[str, str] = {
    HTXS: "Hoàn thành xuất sắc nhiệm vụ",
    TSVM: "Trong sạch vững mạnh",
    HTT: "Hoàn thành tốt nhiệm vụ",
    HT: "Hoàn thành nhiệm vụ",
    KHT: "Không hoàn thành nhiệm vụ",
    YEU_KEM: "Yếu kém",
}
SHORT_LABELS: dict[str, str] = {
    HTXS: "HTXS",
    TSVM: "TSVM",
    HTT: "HTT",
    HT: "HT",
    KHT: "KHT",
    YEU_KEM: "Yếu kém",
}

# Civil-servant / public-employee ratings (000 §IV.2.2; QĐ 366 Điều 3), best first.
CS_HTXS, CS_HTT, CS_HT, CS_HT_HAN_CHE, CS_KHT = "htxs", "htt", "ht", "ht_han_che", "kht"
CIVIL_SERVANT_RATINGS: tuple[str, ...] = (CS_HTXS, CS_HTT, CS_HT, CS_HT_HAN_CHE, CS_KHT)
CIVIL_SERVANT_LABELS: dict[str, str] = {
    CS_HTXS: "Hoàn thành xuất sắc chức trách, nhiệm vụ",
    CS_HTT: "Hoàn thành tốt chức trách, nhiệm vụ",
    CS_HT: "Hoàn thành chức trách, nhiệm vụ",
    CS_HT_HAN_CHE: "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực",
    CS_KHT: "Không hoàn thành chức trách, nhiệm vụ",
}

# Ratings of the agency and of mass organisations (DOMAIN §4), best first.
ORG_RATINGS: tuple[str, ...] = ("highest", "second", "other", "lowest")
ORG_RATING_LABELS: dict[str, str] = {
    "highest": "mức cao nhất",
    "second": "mức cao thứ hai",
    "other": "mức khác",
    "lowest": "mức thấp nhất",
}

LEADER_ROLES: frozenset[str] = frozenset({"bi_thu", "pho_bi_thu", "cap_uy_vien", "cap_uy_cap_tren", "truong_phong"})


def is_level(code: object) -> bool:
    """True for a known level code of either family."""
    return isinstance(code, str) and code in _RANK


def rank(level: str) -> int:
    """The level's rank, 0 = best; raises KeyError for an unknown code."""
    return _RANK[level]


def is_better(a: str, b: str) -> bool:
    """True if ``a`` is strictly better than ``b`` (htxs and tsvm are equal, as are kht and yeu_kem)."""
    return _RANK[a] < _RANK[b]


def is_worse(a: str, b: str) -> bool:
    """True if ``a`` is strictly worse than ``b``."""
    return _RANK[a] > _RANK[b]


def at_least(a: str, b: str) -> bool:
    """True if ``a`` is ``b`` or better."""
    return _RANK[a] <= _RANK[b]


def worst(levels: Iterable[str]) -> str:
    """The worst of the levels (the "min" of levels); on equal rank the first given wins."""
    return max(levels, key=_RANK.__getitem__)


def best(levels: Iterable[str]) -> str:
    """The best of the levels; on equal rank the first given wins."""
    return min(levels, key=_RANK.__getitem__)


def equivalent(level: str, scale: Iterable[str]) -> str:
    """The level of ``scale`` with the same rank as ``level`` (e.g. ``tsvm`` on the 2018 scale is ``htxs``)."""
    return next(code for code in scale if _RANK[code] == _RANK[level])


def short(level: str | None) -> str:
    """Short label for texts: ``HTXS``, ``TSVM`` …; ``—`` for no level."""
    return SHORT_LABELS.get(level, "—") if level else "—"


def civil_servant_rank(rating: str) -> int:
    """Rank of a civil-servant rating, 0 = best."""
    return CIVIL_SERVANT_RATINGS.index(rating)


def is_leader(roles: Iterable[str]) -> bool:
    """True if any role counts as a leader (DOMAIN §4: bi_thu, pho_bi_thu, cap_uy_vien, cap_uy_cap_tren,
    truong_phong)."""
    return any(role in LEADER_ROLES for role in roles)
