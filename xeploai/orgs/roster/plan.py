"""Compare the rows of a roster file with what the database holds: what would be created, changed, moved, ended,
what is missing from the file, and every problem by sheet, row and column. Pure: the database comes in as a
``Snapshot`` and the result is a ``Plan`` that ``services.commit`` writes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from xeploai.lib.vnsort import search_key

from .columns import BY_KEY, sheet_kind
from .files import Sheet
from .values import (
    CELL_POSTS,
    PARTY_FOUNDED,
    ValueProblem,
    card_shape,
    name_key,
    parse_card,
    parse_category,
    parse_date,
    parse_flag,
    parse_gender,
    parse_name,
    parse_posts,
    restore_zeros,
    text,
)

CELL_KINDS = ("chi_bo_co_so", "chi_bo_truc_thuoc")
KIND_WORDS = (  # longest first
    ("dang bo cap tren co so", "dang_bo_cap_tren"),
    ("dang bo co so", "dang_bo_co_so"),
    ("chi bo co so", "chi_bo_co_so"),
    ("chi bo truc thuoc", "chi_bo_truc_thuoc"),
    ("to dang", "to_dang"),
)
KIND_LABELS = {
    "dang_bo_cap_tren": "Đảng bộ cấp trên cơ sở", "dang_bo_co_so": "Đảng bộ cơ sở", "chi_bo_co_so": "Chi bộ cơ sở",
    "chi_bo_truc_thuoc": "Chi bộ trực thuộc", "to_dang": "Tổ đảng",
}
ALLOWED_UNDER = {  # what may stand under what (Điều lệ Đảng, Điều 21–24); a đảng bộ bộ phận is kept as "cơ sở"
    "dang_bo_cap_tren": ("dang_bo_cap_tren", "dang_bo_co_so", "chi_bo_co_so"),
    "dang_bo_co_so": ("dang_bo_co_so", "chi_bo_truc_thuoc"),
    "chi_bo_co_so": ("to_dang",),
    "chi_bo_truc_thuoc": ("to_dang",),
    "to_dang": (),
}
MEMBER_FIELDS = ("full_name", "gender", "date_of_birth", "admitted_on", "official_on", "card_number", "unit_id",
                 "category", "job_title", "is_civil_servant", "exempt", "exempt_since", "active")
FIELD_LABELS = {
    "full_name": "họ tên", "gender": "giới tính", "date_of_birth": "ngày sinh", "admitted_on": "ngày vào Đảng",
    "official_on": "ngày chính thức", "card_number": "số thẻ", "unit_id": "chi bộ", "category": "đối tượng",
    "job_title": "chức vụ chính quyền", "is_civil_servant": "công chức", "exempt": "miễn sinh hoạt",
    "exempt_since": "miễn từ ngày", "active": "đang sinh hoạt",
    "name": "tên", "kind": "loại", "parent_id": "trực thuộc", "short_name": "tên viết tắt", "place": "địa danh",
    "position": "thứ tự",
}
POST_LABELS = {"bi_thu": "Bí thư", "pho_bi_thu": "Phó Bí thư", "cap_uy_vien": "Cấp ủy viên",
               "to_truong": "Tổ trưởng tổ đảng"}


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    short_name: str = ""
    place: str = ""
    position: int = 0


@dataclass(frozen=True)
class MemberRow:
    id: int
    full_name: str
    gender: str
    date_of_birth: date | None
    admitted_on: date
    official_on: date | None
    card_number: str | None
    unit_id: int
    category: str
    job_title: str
    is_civil_servant: bool
    exempt: bool
    exempt_since: date | None
    active: bool


@dataclass(frozen=True)
class PostRow:
    id: int
    member_id: int
    title: str
    unit_id: int


@dataclass
class Snapshot:
    """What the database holds for one committee's subtree, read by ``services.snapshot``."""

    root_id: int
    units: dict[int, UnitRow]
    members: dict[int, MemberRow]
    posts: list[PostRow]
    outside_cards: frozenset[str]  # card numbers of the file held by members outside the subtree
    taken_codes: frozenset[str]  # every unit code in the database
    today: date


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str
    error: bool = True

    def line(self) -> str:
        if not self.row:
            return f"Tệp: {self.message}"
        where = f"Trang «{self.sheet}», dòng {self.row}" if self.sheet != "CSV" else f"Dòng {self.row}"
        if self.column:
            where += f", cột «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class NewUnit:
    ref: str  # "new:<n>"
    name: str
    code: str
    kind: str
    parent: int | str
    short_name: str
    place: str
    position: int
    sheet: str
    row: int


@dataclass
class UnitChange:
    unit_id: int
    changes: dict[str, tuple]  # field → (old, new); parent_id may be a new unit's ref
    sheet: str
    row: int


@dataclass
class NewMember:
    ref: str
    values: dict  # MEMBER_FIELDS, unit_id an id or a new unit's ref
    sheet: str
    row: int


@dataclass
class MemberChange:
    member_id: int
    changes: dict[str, tuple]
    sheet: str
    row: int


@dataclass
class NewPost:
    member: int | str
    title: str
    unit: int | str
    sheet: str
    row: int


@dataclass
class EndPost:
    post_id: int
    member_id: int
    title: str
    sheet: str
    row: int


@dataclass
class Plan:
    problems: list[Problem] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    unit_changes: list[UnitChange] = field(default_factory=list)
    new_members: list[NewMember] = field(default_factory=list)
    member_changes: list[MemberChange] = field(default_factory=list)
    new_posts: list[NewPost] = field(default_factory=list)
    ended_posts: list[EndPost] = field(default_factory=list)
    missing: list[MemberRow] = field(default_factory=list)
    unchanged: int = 0
    rows_read: int = 0
    sheets_used: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, "tree" | "roster")
    sheets_left: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.error]

    @property
    def moved(self) -> list[MemberChange]:
        return [change for change in self.member_changes if "unit_id" in change.changes]

    @property
    def has_changes(self) -> bool:
        return any((self.new_units, self.unit_changes, self.new_members, self.member_changes, self.new_posts,
                    self.ended_posts))

    def digest(self) -> str:
        """A fingerprint of what would be written: a commit refuses a plan that changed since its preview."""
        ops = [
            [(u.ref, u.name, u.code, u.kind, u.parent) for u in self.new_units],
            [(c.unit_id, sorted(c.changes.items())) for c in self.unit_changes],
            [(m.ref, sorted(m.values.items())) for m in self.new_members],
            [(c.member_id, sorted(c.changes.items())) for c in self.member_changes],
            [(p.member, p.title, p.unit) for p in self.new_posts],
            [p.post_id for p in self.ended_posts],
        ]
        return hashlib.sha256(json.dumps(ops, default=str).encode()).hexdigest()[:32]


_LONG_QUOTE = re.compile(r"«([^»]{60})[^»]+»")


def unit_key(name: str) -> str:
    return search_key(name)


def _bare_unit_key(name: str) -> str:
    """A cell named without its kind: "Chi bộ Pháp chế" and "Pháp chế" are the same cell."""
    return re.sub(r"^(chi bo|dang bo|to dang)\s+", "", unit_key(name))


def code_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", search_key(name)).strip("-")
    slug = re.sub(r"^chi-bo-", "cb-", re.sub(r"^dang-bo-", "db-", slug))
    return slug[:70].strip("-") or "to-chuc"


class _Builder:
    def __init__(self, snapshot: Snapshot, filename: str) -> None:
        self.snap = snapshot
        self.plan = Plan()
        self.filename = filename
        self.units: dict[int | str, UnitRow | NewUnit] = dict(snapshot.units)  # existing and created, by ref
        self.final_parent: dict[int | str, int | str | None] = {pk: unit.parent_id for pk, unit in
                                                                 snapshot.units.items()}
        self.codes = set(snapshot.taken_codes)
        self.by_code: dict[str, int | str] = {unit.code: pk for pk, unit in snapshot.units.items()}
        self._name_index: dict[str, set] | None = None

    # — problems —
    def problem(self, sheet: Sheet, row: int, column: str, message: str, error: bool = True) -> None:
        message = _LONG_QUOTE.sub(lambda match: f"«{match.group(1)}…»", message)  # a 32,000-character cell
        self.plan.problems.append(Problem(sheet.name, row, column[:80], message, error))

    # — units —
    def unit_name(self, ref) -> str:
        return self.units[ref].name

    def unit_kind(self, ref) -> str:
        return self.units[ref].kind

    def name_index(self) -> dict[str, set]:
        if self._name_index is None:
            index: dict[str, set] = defaultdict(set)
            for ref, unit in self.units.items():
                index[unit_key(unit.name)].add(ref)
                index[_bare_unit_key(unit.name)].add(ref)
            self._name_index = index
        return self._name_index

    def add_unit(self, unit: NewUnit) -> None:
        self.units[unit.ref] = unit
        self.final_parent[unit.ref] = unit.parent
        self.by_code[unit.code] = unit.ref
        self._name_index = None

    def find_unit(self, value: str, within: int | str | None = None) -> tuple[list, bool]:
        """Units a cell of the file names (by code, then by name with or without "Chi bộ"), optionally only those
        under ``within``; (matches, whether the value was a code)."""
        if value in self.by_code:
            return [self.by_code[value]], True
        index = self.name_index()
        found = index.get(unit_key(value)) or index.get(_bare_unit_key(value)) or set()
        if within is not None:
            found = {ref for ref in found if self.is_under(ref, within)}
        return sorted(found, key=str), False

    def is_under(self, ref, ancestor) -> bool:
        seen = 0
        while ref is not None and seen < 100:
            if ref == ancestor:
                return True
            ref = self.final_parent.get(ref)
            seen += 1
        return False

    def new_code(self, name: str) -> str:
        base = code_slug(name)
        code, n = base, 2
        while code in self.codes:
            code, n = f"{base}-{n}", n + 1
        self.codes.add(code)
        return code


def build(snapshot: Snapshot, sheets: list[tuple[Sheet, list[str]]], filename: str = "") -> Plan:
    builder = _Builder(snapshot, filename)
    kinds = [(sheet, mapping, sheet_kind(mapping)) for sheet, mapping in sheets]
    for sheet, _, kind in kinds:
        if kind:
            builder.plan.sheets_used.append((sheet.name, kind))
        else:
            builder.plan.sheets_left.append(sheet.name)
    for sheet, mapping, kind in kinds:
        if kind == "tree":
            _tree_sheet(builder, sheet, mapping)
    roster = [(sheet, mapping) for sheet, mapping, kind in kinds if kind == "roster"]
    _roster(builder, roster)
    if not builder.plan.sheets_used:
        builder.plan.problems.append(Problem(sheets[0][0].name if sheets else "CSV", 0, "",
                                             "Không nhận ra cột «Họ và tên» hay «Tên tổ chức» ở trang nào: hãy chọn "
                                             "cột cho từng trường ở bước ghép cột."))
    return builder.plan


def _cells(sheet: Sheet, mapping: list[str], values: tuple) -> dict[str, tuple[object, str]]:
    """field → (cell value, header of its column) for one row."""
    cells = {}
    for index, field_key in enumerate(mapping):
        if field_key:
            value = values[index] if index < len(values) else None
            cells[field_key] = (value, sheet.headers[index] or BY_KEY[field_key].label)
    return cells


def _header_of(sheet: Sheet, mapping: list[str], field_key: str) -> str:
    return sheet.headers[mapping.index(field_key)] if field_key in mapping else BY_KEY[field_key].label


# ——— the organisation tree ———

def _parse_kind(raw: str) -> str | None:
    key = search_key(raw)
    for words, kind in KIND_WORDS:
        if key.startswith(words):
            return kind
    if key.startswith("chi bo"):
        return "chi_bo"  # decided by the parent
    if key.startswith("dang bo"):
        return "dang_bo_co_so"
    return None


def _tree_sheet(b: _Builder, sheet: Sheet, mapping: list[str]) -> None:
    pending = []
    for number, values in sheet.rows:
        b.plan.rows_read += 1
        cells = _cells(sheet, mapping, values)
        name = " ".join(text(cells.get("unit_name", (None, ""))[0]).split())
        if not name:
            if any(text(value) for value, _ in cells.values()):
                b.problem(sheet, number, _header_of(sheet, mapping, "unit_name"), "thiếu tên tổ chức.")
            continue
        if len(name) > 255:
            b.problem(sheet, number, _header_of(sheet, mapping, "unit_name"), "tên tổ chức dài quá 255 ký tự.")
            continue
        pending.append((number, name, cells))
    # parents may come after their children in the sheet: resolve in passes
    progress = True
    while pending and progress:
        progress = False
        waiting = []
        for item in pending:
            outcome = _tree_row(b, sheet, mapping, *item, last_pass=False)
            if outcome == "wait":
                waiting.append(item)
            else:
                progress = True
        pending = waiting
    for item in pending:
        _tree_row(b, sheet, mapping, *item, last_pass=True)


def _tree_row(b: _Builder, sheet: Sheet, mapping, number: int, name: str, cells: dict, last_pass: bool) -> str:
    root = b.snap.root_id
    code = text(cells.get("code", (None, ""))[0])
    parent_text = text(cells.get("parent", (None, ""))[0])
    column = _header_of(sheet, mapping, "parent")
    # the committee itself, listed at the top of its own tree
    root_unit = b.snap.units[root]
    if (code and code == root_unit.code) or (not code and not parent_text and unit_key(name) == unit_key(
            root_unit.name)):
        return "done"
    if code:
        if not re.fullmatch(r"[a-z0-9][a-z0-9\-_]{0,79}", code):
            b.problem(sheet, number, _header_of(sheet, mapping, "code"),
                      f"«{code}»: mã chỉ gồm chữ thường không dấu, chữ số và gạch nối, tối đa 80 ký tự.")
            return "done"
        if code in b.snap.taken_codes and code not in b.by_code:
            b.problem(sheet, number, _header_of(sheet, mapping, "code"),
                      f"mã «{code}» đã dùng cho một tổ chức ngoài {root_unit.name}.")
            return "done"
    if parent_text:
        found, _ = b.find_unit(parent_text, within=root)
        if not found:
            if not last_pass:
                return "wait"
            b.problem(sheet, number, column, f"không tìm thấy tổ chức cấp trên «{parent_text}» trong "
                                             f"{root_unit.name} hay trong trang này.")
            return "done"
        if len(found) > 1:
            b.problem(sheet, number, column, f"«{parent_text}» trùng tên nhiều tổ chức; ghi mã tổ chức cấp trên.")
            return "done"
        parent = found[0]
    else:
        parent = root
    kind_text = text(cells.get("kind", (None, ""))[0])
    kind = _parse_kind(kind_text) if kind_text else _parse_kind(name)
    if kind_text and kind is None:
        b.problem(sheet, number, _header_of(sheet, mapping, "kind"),
                  f"«{kind_text}»: loại tổ chức ghi Đảng bộ cơ sở, Chi bộ cơ sở, Chi bộ trực thuộc hoặc Tổ đảng.")
        return "done"
    parent_kind = b.unit_kind(parent)
    if kind == "chi_bo":
        kind = "chi_bo_truc_thuoc" if parent_kind == "dang_bo_co_so" else "chi_bo_co_so"
    if kind and kind not in ALLOWED_UNDER.get(parent_kind, ()):
        b.problem(sheet, number, _header_of(sheet, mapping, "kind") if kind_text else column,
                  f"{KIND_LABELS[kind]} không thể trực thuộc «{b.unit_name(parent)}» "
                  f"({KIND_LABELS[parent_kind].lower()}).")
        return "done"
    short_name = text(cells.get("short_name", (None, ""))[0])[:80]
    place = text(cells.get("place", (None, ""))[0])[:120]
    position_text = text(cells.get("position", (None, ""))[0])
    position = None
    if position_text:
        if not position_text.isdigit() or int(position_text) > 1_000_000:
            b.problem(sheet, number, _header_of(sheet, mapping, "position"), f"«{position_text}»: thứ tự là số nguyên.")
            return "done"
        position = int(position_text)
    # an existing unit: by code, else by name under the same parent
    existing = b.by_code.get(code) if code else None
    if existing is None and not code:
        same = [ref for ref in b.find_unit(name, within=root)[0] if b.final_parent.get(ref) == parent]
        if len(same) > 1:
            b.problem(sheet, number, _header_of(sheet, mapping, "unit_name"),
                      f"«{name}» trùng tên nhiều tổ chức cùng cấp trên; ghi mã tổ chức.")
            return "done"
        existing = same[0] if same else None
    if isinstance(existing, str):
        b.problem(sheet, number, _header_of(sheet, mapping, "unit_name"), f"«{name}» đã có ở một dòng trước.")
        return "done"
    if existing is None:
        if kind is None:
            b.problem(sheet, number, _header_of(sheet, mapping, "kind"),
                      "chưa rõ loại tổ chức: ghi Đảng bộ cơ sở, Chi bộ cơ sở, Chi bộ trực thuộc hoặc Tổ đảng.")
            return "done"
        ref = f"new:{len(b.plan.new_units) + 1}"
        unit = NewUnit(ref, name, code or b.new_code(name), kind, parent, short_name, place, position or 0,
                       sheet.name, number)
        b.codes.add(unit.code)
        b.plan.new_units.append(unit)
        b.add_unit(unit)
        return "done"
    old = b.snap.units[existing]
    changes: dict[str, tuple] = {}
    if code and name != old.name:
        changes["name"] = (old.name, name)
    if kind and kind != old.kind and kind_text:
        b.problem(sheet, number, _header_of(sheet, mapping, "kind"),
                  f"«{old.name}» là {KIND_LABELS[old.kind].lower()}: đổi loại tổ chức làm ở trang quản trị, không "
                  "qua nhập tệp.")
        return "done"
    if parent != old.parent_id and existing != root:
        if b.is_under(parent, existing):
            b.problem(sheet, number, column, f"không thể chuyển «{old.name}» vào tổ chức trực thuộc chính nó.")
            return "done"
        changes["parent_id"] = (old.parent_id, parent)
        b.final_parent[existing] = parent
    for key, new in (("short_name", short_name), ("place", place), ("position", position)):
        if key in cells and new not in ("", None) and new != getattr(old, key):
            changes[key] = (getattr(old, key), new)
    if changes:
        b.plan.unit_changes.append(UnitChange(existing, changes, sheet.name, number))
        b._name_index = None
    else:
        b.plan.unchanged += 1
    return "done"


# ——— the roster ———

@dataclass
class _Row:
    sheet: Sheet
    mapping: list[str]
    number: int
    cells: dict
    values: dict = field(default_factory=dict)
    card: str = ""
    card_from_number: bool = False
    posts: frozenset | None = None
    unit: int | str | None = None
    bad: bool = False


def _roster(b: _Builder, sheets: list[tuple[Sheet, list[str]]]) -> None:
    rows: list[_Row] = []
    for sheet, mapping in sheets:
        for number, values in sheet.rows:
            b.plan.rows_read += 1
            cells = _cells(sheet, mapping, values)
            if not any(text(value) for value, _ in cells.values()):
                continue
            rows.append(_parse_row(b, _Row(sheet, mapping, number, cells)))
    _check_cards(b, rows)
    _match_and_diff(b, rows)


def _parse_row(b: _Builder, row: _Row) -> _Row:
    today = b.snap.today
    cells = row.cells

    def bad(key: str, message: str, error: bool = True) -> None:
        b.problem(row.sheet, row.number, cells[key][1] if key in cells else BY_KEY[key].label, message, error)
        if error:
            row.bad = True

    def read(key: str, parser):
        if key not in cells:
            return None
        try:
            return parser(cells[key][0])
        except ValueProblem as problem:
            bad(key, str(problem))
            return None

    if "full_name" in cells:
        try:
            name, decomposed = parse_name(cells["full_name"][0])
            row.values["full_name"] = name
            if decomposed:
                bad("full_name", f"«{name}» gõ bằng Unicode tổ hợp (dấu tách rời chữ): đã chuẩn hóa về Unicode "
                                 "dựng sẵn (NFC) để tìm và so khớp đúng.", error=False)
        except ValueProblem as problem:
            bad("full_name", str(problem))
    for key in ("date_of_birth", "admitted_on", "official_on", "exempt_since"):
        if key in cells:
            row.values[key] = read(key, lambda value: parse_date(value, today))
    if "admitted_on" in cells and row.values.get("admitted_on") is None and not row.bad:
        bad("admitted_on", "thiếu ngày vào Đảng.")
    admitted, official, born = (row.values.get(key) for key in ("admitted_on", "official_on", "date_of_birth"))
    if admitted and admitted < PARTY_FOUNDED:
        bad("admitted_on", f"{admitted:%d/%m/%Y} trước ngày thành lập Đảng (03/02/1930).")
    if admitted and official and official < admitted:
        bad("official_on", f"ngày chính thức {official:%d/%m/%Y} trước ngày vào Đảng {admitted:%d/%m/%Y}.")
    age = admitted and born and admitted.year - born.year - ((admitted.month, admitted.day) < (born.month, born.day))
    if admitted and born and age < 18:
        bad("admitted_on", f"vào Đảng ngày {admitted:%d/%m/%Y} khi chưa đủ 18 tuổi (sinh {born:%d/%m/%Y}): "
                           "kiểm tra lại ngày sinh hoặc ngày vào Đảng.", error=False)
    if "gender" in cells:
        row.values["gender"] = read("gender", parse_gender)
    if "category" in cells:
        row.values["category"] = read("category", parse_category)
    for key in ("is_civil_servant", "exempt"):
        if key in cells:
            row.values[key] = read(key, parse_flag)
    if "job_title" in cells:
        row.values["job_title"] = text(cells["job_title"][0])[:200]
    if "posts" in cells:
        row.posts = read("posts", parse_posts)
    if "card_number" in cells:
        try:
            row.card, row.card_from_number = parse_card(cells["card_number"][0])
        except ValueProblem as problem:
            bad("card_number", str(problem))
    if "unit" in cells:
        _resolve_unit(b, row, bad)
    return row


def _resolve_unit(b: _Builder, row: _Row, bad) -> None:
    value = text(row.cells["unit"][0])
    if not value:
        return
    within = b.snap.root_id
    parent_text = text(row.cells.get("parent", (None, ""))[0])
    if parent_text:
        parents, _ = b.find_unit(parent_text, within=b.snap.root_id)
        if len(parents) == 1:
            within = parents[0]
        elif not parents:
            bad("parent", f"không tìm thấy «{parent_text}» trong {b.unit_name(b.snap.root_id)}.")
            return
    found, _ = b.find_unit(value, within=within)
    if not found:
        bad("unit", f"không tìm thấy chi bộ «{value}» trong {b.unit_name(within)}; thêm chi bộ ở trang «Tổ chức» "
                    "của tệp hoặc sửa lại tên.")
    elif len(found) > 1:
        names = ", ".join(b.unit_name(b.final_parent[ref]) for ref in found[:4] if b.final_parent.get(ref))
        bad("unit", f"«{value}» trùng tên nhiều chi bộ (thuộc {names}); ghi mã chi bộ hoặc thêm cột «Đảng bộ».")
    elif b.unit_kind(found[0]) not in CELL_KINDS:
        bad("unit", f"«{b.unit_name(found[0])}» là {KIND_LABELS[b.unit_kind(found[0])].lower()}, không phải chi bộ: "
                    "đảng viên sinh hoạt ở chi bộ.")
    else:
        row.unit = found[0]


def _check_cards(b: _Builder, rows: list[_Row]) -> None:
    cards = [row.card for row in rows if row.card and not row.card_from_number]
    cards += [member.card_number for member in b.snap.members.values() if member.card_number]
    shape = Counter(card_shape(card) for card in cards).most_common(1)
    usual = shape[0][0] if shape else None
    seen: dict[str, _Row] = {}
    for row in rows:
        if not row.card:
            continue
        column = row.cells["card_number"][1]
        restored = restore_zeros(row.card, usual) if usual else None
        if restored:
            b.problem(row.sheet, row.number, column,
                      f"«{row.card}» có vẻ đã mất số 0 (Excel đọc số thẻ thành số); có lẽ là «{restored}». Định "
                      "dạng cột số thẻ là Văn bản (Text), nhập lại rồi tải lên.")
            row.bad = True
            continue
        if row.card in b.snap.outside_cards:
            b.problem(row.sheet, row.number, column, f"số thẻ «{row.card}» là của một đảng viên ngoài "
                                                     f"{b.unit_name(b.snap.root_id)}: chuyển sinh hoạt đảng trước.")
            row.bad = True
            continue
        if row.card in seen:
            first = seen[row.card]
            b.problem(row.sheet, row.number, column, f"số thẻ «{row.card}» trùng với dòng {first.number}"
                      + (f" trang «{first.sheet.name}»" if first.sheet is not row.sheet else "") + ".")
            row.bad = True
            continue
        seen[row.card] = row


def _match_and_diff(b: _Builder, rows: list[_Row]) -> None:
    snap = b.snap
    by_card = {member.card_number: member for member in snap.members.values() if member.card_number}
    by_name: dict[tuple, list[MemberRow]] = defaultdict(list)
    by_name_only: dict[str, list[MemberRow]] = defaultdict(list)
    for member in snap.members.values():
        by_name[(name_key(member.full_name), member.date_of_birth)].append(member)
        by_name_only[name_key(member.full_name)].append(member)
    posts_of: dict[int, list[PostRow]] = defaultdict(list)
    for post in snap.posts:
        posts_of[post.member_id].append(post)
    matched: dict[int, _Row] = {}
    in_file: dict[tuple, _Row] = {}
    cells_in_file: set = set()
    reported: set[int] = set()
    secretaries: dict[tuple, list[_Row]] = defaultdict(list)
    for row in rows:
        name = row.values.get("full_name")
        if row.unit is not None:
            cells_in_file.add(row.unit)
        if row.bad or not name:  # a row with errors is still in the file: its member is not "missing"
            known = by_card.get(row.card) if row.card else None
            if known is None and name:
                same = by_name.get((name_key(name), row.values.get("date_of_birth")), [])
                known = same[0] if len(same) == 1 else None
            if known is not None:
                reported.add(known.id)
            continue
        key = (name_key(name), row.values.get("date_of_birth"))
        member = by_card.get(row.card) if row.card else None
        if member is None:
            same_name = by_name_only.get(key[0], [])
            pool = by_name.get(key, []) if key[1] else same_name  # no date of birth in the file: the name alone
            candidates = [m for m in pool if not m.card_number or not row.card]
            if len(candidates) > 1:
                b.problem(row.sheet, row.number, row.cells["full_name"][1],
                          f"«{name}» sinh ngày {_d(key[1])} khớp {len(candidates)} đảng viên đã có; ghi số thẻ "
                          "để phân biệt.")
                continue
            member = candidates[0] if candidates else None
            if member is None and same_name and not (row.card and by_name.get(key)):
                born = ", ".join(_d(m.date_of_birth) for m in same_name[:3])
                b.problem(row.sheet, row.number, row.cells["full_name"][1],
                          f"«{name}» trùng họ tên với {len(same_name)} đảng viên đã có (sinh {born}) nhưng khác "
                          "ngày sinh hoặc số thẻ: sẽ thêm thành người mới; kiểm tra lại.", error=False)
            if member is None and row.card and by_name.get(key):
                b.problem(row.sheet, row.number, row.cells["full_name"][1],
                          f"«{name}» sinh ngày {_d(key[1])} trùng họ tên, ngày sinh với đảng viên đã có số thẻ "
                          "khác: sẽ thêm thành người mới; kiểm tra lại số thẻ.", error=False)
        if not row.card and key in in_file:
            first = in_file[key]
            same = text(first.cells["full_name"][0]) == text(row.cells["full_name"][0])
            b.problem(row.sheet, row.number, row.cells["full_name"][1],
                      f"«{name}», sinh ngày {_d(key[1])}, đã có ở dòng {first.number}"
                      + ("" if same else " (hai dòng chỉ khác cách gõ Unicode hoặc chữ hoa, thường)")
                      + "; ghi số thẻ nếu là hai người.")
            continue
        in_file.setdefault(key, row)
        if member is not None and member.id in matched:
            b.problem(row.sheet, row.number, row.cells["full_name"][1],
                      f"cùng một đảng viên với dòng {matched[member.id].number}.")
            continue
        if member is None:
            _new_member(b, row)
        else:
            matched[member.id] = row
            _member_change(b, row, member, posts_of.get(member.id, []))
        if row.posts and "bi_thu" in row.posts and row.unit is not None:
            secretaries[(row.unit,)].append(row)
    for (unit,), rows_ in secretaries.items():
        if len(rows_) > 1:
            for row in rows_[1:]:
                b.problem(row.sheet, row.number, row.cells["posts"][1],
                          f"chi bộ {b.unit_name(unit)} có hai bí thư (dòng {rows_[0].number} và dòng {row.number}).",
                          error=False)
    b.plan.missing = sorted(
        (m for m in snap.members.values() if m.active and m.unit_id in cells_in_file and m.id not in matched
         and m.id not in reported),
        key=lambda m: (b.unit_name(m.unit_id), name_key(m.full_name)))


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "(không ghi)"


def _new_member(b: _Builder, row: _Row) -> None:
    missing = [BY_KEY[key].label for key in ("admitted_on", "unit") if
               (row.values.get("admitted_on") is None if key == "admitted_on" else row.unit is None)]
    if missing:
        b.problem(row.sheet, row.number, _header_of(row.sheet, row.mapping, "admitted_on" if "Ngày vào Đảng" in
                                                    missing else "unit"),
                  "đảng viên mới cần " + " và ".join(f"«{label}»" for label in missing) + ".")
        return
    values = {
        "full_name": row.values["full_name"], "gender": row.values.get("gender") or "",
        "date_of_birth": row.values.get("date_of_birth"), "admitted_on": row.values["admitted_on"],
        "official_on": row.values.get("official_on"), "card_number": row.card or None, "unit_id": row.unit,
        "category": row.values.get("category") or "2B", "job_title": row.values.get("job_title") or "",
        "is_civil_servant": bool(row.values.get("is_civil_servant")), "exempt": bool(row.values.get("exempt")),
        "exempt_since": row.values.get("exempt_since"), "active": True,
    }
    ref = f"new:{len(b.plan.new_members) + 1}"
    b.plan.new_members.append(NewMember(ref, values, row.sheet.name, row.number))
    for title in sorted(row.posts or ()):
        b.plan.new_posts.append(NewPost(ref, title, row.unit, row.sheet.name, row.number))


# a blank cell never clears what is stored (a column left empty by an export must not wipe dates); the yes/no columns
# are the exception: a blank "Miễn sinh hoạt" means not exempt
KEEP_WHEN_BLANK = ("date_of_birth", "gender", "category", "official_on", "exempt_since", "job_title")


def _member_change(b: _Builder, row: _Row, member: MemberRow, posts: list[PostRow]) -> None:
    wanted: dict = {}
    for key in ("full_name", "date_of_birth", "gender", "admitted_on", "official_on", "category", "job_title",
                "is_civil_servant", "exempt", "exempt_since"):
        if key not in row.cells:
            continue
        value = row.values.get(key)
        if value in (None, "") and key in KEEP_WHEN_BLANK:
            continue
        if key in ("is_civil_servant", "exempt"):
            value = bool(value)
        if key == "job_title":
            value = value or ""
        wanted[key] = value
    if row.card:
        wanted["card_number"] = row.card
    if row.unit is not None:
        wanted["unit_id"] = row.unit
    wanted["active"] = True
    changes = {key: (getattr(member, key), value) for key, value in wanted.items() if getattr(member, key) != value}
    column = row.cells["full_name"][1]
    if "full_name" in changes and "date_of_birth" in changes and member.date_of_birth:
        b.problem(row.sheet, row.number, row.cells["card_number"][1] if "card_number" in row.cells else column,
                  f"số thẻ «{member.card_number}» là của đồng chí {member.full_name} "
                  f"(sinh {_d(member.date_of_birth)}), khác cả họ tên và ngày sinh ở dòng này: kiểm tra lại số thẻ.")
        return
    if "full_name" in changes:
        b.problem(row.sheet, row.number, column, f"đổi họ tên «{member.full_name}» thành «{wanted['full_name']}» "
                  "(cùng số thẻ).", error=False)
    admitted = wanted.get("admitted_on", member.admitted_on)
    official = wanted.get("official_on", member.official_on)
    if admitted and official and official < admitted:
        key = "official_on" if "official_on" in changes else "admitted_on"
        b.problem(row.sheet, row.number, row.cells[key][1] if key in row.cells else column,
                  f"ngày chính thức {official:%d/%m/%Y} sẽ trước ngày vào Đảng {admitted:%d/%m/%Y}.")
        return
    unit = row.unit if row.unit is not None else member.unit_id
    post_changes = False
    if row.posts is not None:
        cells = {member.unit_id, unit}  # a cell roster speaks of posts at the cell, never the committee's
        held = {(post.title, post.unit_id): post for post in posts if post.title in CELL_POSTS
                and post.unit_id in cells}
        for (title, unit_id), post in sorted(held.items(), key=lambda item: item[1].id):
            if unit_id != unit or title not in row.posts:
                b.plan.ended_posts.append(EndPost(post.id, member.id, title, row.sheet.name, row.number))
                post_changes = True
        for title in sorted(row.posts):
            if (title, unit) not in held:
                b.plan.new_posts.append(NewPost(member.id, title, unit, row.sheet.name, row.number))
                post_changes = True
    elif "unit_id" in changes:  # moved without a posts column: the posts at the old cell end with the move
        for post in posts:
            if post.title in CELL_POSTS and post.unit_id == member.unit_id:
                b.plan.ended_posts.append(EndPost(post.id, member.id, post.title, row.sheet.name, row.number))
                post_changes = True
    if changes:
        b.plan.member_changes.append(MemberChange(member.id, changes, row.sheet.name, row.number))
    elif not post_changes:
        b.plan.unchanged += 1
