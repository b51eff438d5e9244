"""A synthetic province for benchmarks (DOMAIN.md §6): a tree of units and members with Vietnamese names.

Pure data generation (no ORM): the `synth` command turns these rows into bulk inserts. Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

FAMILY = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + ["Huỳnh"] * 5
    + ["Phan", "Phan", "Vũ", "Vũ", "Võ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh"]
)
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Ngọc",
    "Quốc",
    "Thị Thu",
    "Thị Ngọc",
    "Công",
    "Xuân",
    "Hoàng",
    "Kim",
    "Thị Mỹ",
    "Trọng",
    "Phương",
    "Hồng",
]
GIVEN = [
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Châu",
    "Cường",
    "Dũng",
    "Dung",
    "Đạt",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hằng",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Huy",
    "Khang",
    "Khoa",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Nga",
    "Ngân",
    "Nghĩa",
    "Nhung",
    "Phong",
    "Phúc",
    "Phượng",
    "Quang",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thành",
    "Thủy",
    "Toàn",
    "Trang",
    "Trí",
    "Trung",
    "Tuấn",
    "Tuyết",
    "Vân",
    "Việt",
    "Vinh",
    "Xuân",
    "Yến",
]
PLACES = [
    "Bắc",
    "Nam",
    "Đông",
    "Tây",
    "Trung",
    "Thượng",
    "Hạ",
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Hòa",
    "Long",
    "Thạnh",
    "Phước",
    "Thuận",
    "Vĩnh",
    "Mỹ",
    "Quang",
    "Xuân",
]


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent: str | None
    position: int


@dataclass(frozen=True)
class MemberRow:
    unit: str
    full_name: str
    gender: str
    date_of_birth: date
    admitted_on: date
    official_on: date | None
    secretary: bool


def person(rng: random.Random) -> tuple[str, str]:
    middle = rng.choice(MIDDLE)
    gender = "nu" if "Thị" in middle else rng.choice(["nam", "nu"])
    return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}", gender


def cell_sizes(total: int, rng: random.Random) -> list[int]:
    """Cells of 5 to 80 members, most of them small, adding up to `total`."""
    sizes: list[int] = []
    while total > 0:
        size = min(total, max(5, min(80, int(rng.lognormvariate(3.2, 0.55)))))
        sizes.append(size)
        total -= size
    if sizes and sizes[-1] < 5 and len(sizes) > 1:
        sizes[-2] += sizes.pop()
    return sizes


def tree(prefix: str, sizes: list[int], rng: random.Random) -> Iterator[tuple[UnitRow, int]]:
    """Province → districts and blocks → grassroots committees → cells (→ party groups in large cells).

    Yields each unit with the number of members it holds directly (cells only).
    """
    yield UnitRow(prefix, f"Đảng bộ tỉnh {prefix.upper()}", "dang_bo_cap_tren", None, 0), 0
    districts = max(1, len(sizes) // 330)
    cells = iter(sizes)
    remaining = len(sizes)
    for d in range(districts):
        district = f"{prefix}-h{d:02d}"
        yield (
            UnitRow(
                district,
                f"Đảng bộ {'huyện' if d % 4 else 'khối'} {rng.choice(PLACES)} {d + 1}",
                "dang_bo_cap_tren",
                prefix,
                d,
            ),
            0,
        )
        share = remaining // (districts - d)
        remaining -= share
        yield from _district(district, [next(cells) for _ in range(share)], rng)


def _district(district: str, sizes: list[int], rng: random.Random) -> Iterator[tuple[UnitRow, int]]:
    position, index = 0, 0
    while index < len(sizes):
        position += 1
        if rng.random() < 0.15:  # a chi bộ cơ sở directly under the district
            yield (
                UnitRow(
                    f"{district}-c{position:03d}",
                    f"Chi bộ cơ sở {rng.choice(PLACES)} {position}",
                    "chi_bo_co_so",
                    district,
                    position,
                ),
                sizes[index],
            )
            index += 1
            continue
        grassroots = f"{district}-d{position:03d}"
        yield (
            UnitRow(
                grassroots,
                f"Đảng bộ xã {rng.choice(PLACES)} {rng.choice(PLACES)} {position}",
                "dang_bo_co_so",
                district,
                position,
            ),
            0,
        )
        count = min(len(sizes) - index, rng.randint(4, 14))
        for c in range(count):
            size = sizes[index]
            code = f"{grassroots}-{c + 1:02d}"
            yield UnitRow(code, f"Chi bộ ấp {rng.choice(PLACES)} {c + 1}", "chi_bo_truc_thuoc", grassroots, c), size
            if size >= 50:  # 001 §1.2.2: a large cell may hold its review in party groups
                for g in (1, 2):
                    yield UnitRow(f"{code}-t{g}", f"Tổ đảng số {g}", "to_dang", code, g), 0
            index += 1


def members(unit: str, count: int, rng: random.Random, review: date) -> Iterator[MemberRow]:
    for i in range(count):
        name, gender = person(rng)
        born = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        admitted = min(born + timedelta(days=rng.randint(19 * 365, 45 * 365)), review - timedelta(days=30))
        probationary = (review - admitted).days < 365
        yield MemberRow(
            unit,
            name,
            gender,
            born,
            admitted,
            None if probationary else admitted + timedelta(days=365),
            secretary=i == 0,
        )
