"""Read the database into a snapshot, build the plan of an import, and write it in one transaction.

The browser pages (``orgs.views_import``) and ``manage.py import_members`` call these and nothing else: the same
file gives the same plan and the same writes either way.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from xeploai.lib.vnsort import name_sort_key, normalise_name, search_key

from ..models import ImportMapping, Member, Organization, Post, RosterImport
from ..tree import subtree_ids
from . import plan as planning
from .columns import BY_KEY, guess_mapping, header_key
from .files import MAX_BYTES, ImportFileError, Sheet, read_file
from .values import parse_card, text

CHUNK = 2000
REASON_MAX = 100  # simple_history's change-reason column


class ImportRefused(Exception):
    """The plan cannot be written (it has errors, or it changed since the preview); ``str`` is the sentence."""

    def __init__(self, message: str, plan: planning.Plan | None = None) -> None:
        super().__init__(message)
        self.plan = plan


def imports_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_path(record: RosterImport) -> Path:
    return imports_dir() / record.stored_name


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def store_upload(org: Organization, user, upload) -> tuple[RosterImport, list[Sheet]]:
    """Keep an uploaded file under DATA_DIR/imports and read it once; a file that cannot be read is not kept."""
    if upload is None:
        raise ImportFileError("chưa chọn tệp nào.")
    if upload.size > MAX_BYTES:
        raise ImportFileError(f"Tệp quá lớn ({upload.size / 1024 / 1024:.0f} MB; tối đa {MAX_BYTES // 1024 // 1024} "
                              "MB). Hãy chia thành nhiều tệp, mỗi tệp một đảng bộ.")
    suffix = Path(upload.name).suffix.lower()[:8]
    target = imports_dir() / f"{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        sheets = read_file(target, upload.name)
    except ImportFileError:
        target.unlink(missing_ok=True)
        raise
    record = RosterImport.objects.create(
        organization=org, user=user if getattr(user, "is_authenticated", False) else None,
        filename=upload.name[:255], stored_name=target.name, sha256=_digest(target), size=upload.size)
    return record, sheets


def store_path(org: Organization, source: Path, filename: str, user=None) -> RosterImport:
    """A copy of a file imported from the command line, kept as the browser keeps its uploads."""
    target = imports_dir() / f"{uuid.uuid4().hex}{source.suffix.lower()[:8]}"
    shutil.copyfile(source, target)
    return RosterImport(organization=org, user=user, filename=filename[:255], stored_name=target.name,
                        sha256=_digest(target), size=target.stat().st_size)


def read_record(record: RosterImport) -> list[Sheet]:
    path = stored_path(record)
    if not path.exists():
        raise ImportFileError("Tệp đã tải lên không còn trên máy chủ: hãy tải lên lại.")
    return read_file(path, record.filename)


def remembered(org: Organization) -> dict[str, str]:
    mapping = ImportMapping.objects.filter(organization=org).first()
    return dict(mapping.columns) if mapping else {}


def mappings_for(org: Organization, sheets: list[Sheet], chosen: dict | None = None) -> list[list[str]]:
    """One list of field keys per sheet: what was chosen for this file, else what the committee chose for the same
    headers before, else the guess from the header."""
    chosen = chosen or {}
    known = remembered(org)
    result = []
    for index, sheet in enumerate(sheets):
        saved = chosen.get(str(index))
        if isinstance(saved, list) and len(saved) == len(sheet.headers):
            result.append([key if key in BY_KEY else "" for key in saved])
        else:
            result.append(guess_mapping(sheet.headers, known))
    return result


def check_mapping(sheets: list[Sheet], mappings: list[list[str]]) -> list[str]:
    """Sentences for a mapping that names one field by two columns of a sheet."""
    problems = []
    for sheet, mapping in zip(sheets, mappings, strict=True):
        seen: dict[str, str] = {}
        for header, key in zip(sheet.headers, mapping, strict=False):
            if not key:
                continue
            if key in seen:
                problems.append(f"Trang «{sheet.name}»: trường «{BY_KEY[key].label}» được chọn cho cả cột "
                                f"«{seen[key]}» và cột «{header}»; mỗi trường một cột.")
            seen[key] = header
    return problems


def remember(org: Organization, sheets: list[Sheet], mappings: list[list[str]]) -> None:
    columns = remembered(org)
    for sheet, mapping in zip(sheets, mappings, strict=True):
        for header, key in zip(sheet.headers, mapping, strict=False):
            if header:
                columns[header_key(header)] = key
    ImportMapping.objects.update_or_create(organization=org, defaults={"columns": columns})


def _file_cards(sheets: list[Sheet], mappings: list[list[str]]) -> set[str]:
    cards = set()
    for sheet, mapping in zip(sheets, mappings, strict=True):
        if "card_number" not in mapping:
            continue
        index = mapping.index("card_number")
        for _, values in sheet.rows:
            if index < len(values):
                try:
                    card, _ = parse_card(values[index])
                except ValueError:
                    continue
                if card:
                    cards.add(card)
    return cards


def snapshot(org: Organization, sheets: list[Sheet], mappings: list[list[str]]) -> planning.Snapshot:
    ids = subtree_ids([org.pk])
    units = {}
    fields = ("id", "code", "name", "kind", "parent_id", "short_name", "place", "position")
    for start in range(0, len(ids), CHUNK):
        for row in Organization.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(*fields):
            units[row[0]] = planning.UnitRow(*row)
    members = {}
    member_fields = ("id", *planning.MEMBER_FIELDS)
    posts = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in Member.objects.filter(unit_id__in=chunk).values_list(*member_fields):
            members[row[0]] = planning.MemberRow(*row)
        posts += [planning.PostRow(*row) for row in Post.objects.filter(member__unit_id__in=chunk, end__isnull=True)
                  .values_list("id", "member_id", "title", "unit_id")]
    cards = sorted(_file_cards(sheets, mappings))
    outside = set()
    inside = {member.card_number for member in members.values() if member.card_number}
    for start in range(0, len(cards), CHUNK):
        wanted = [card for card in cards[start:start + CHUNK] if card not in inside]
        if wanted:
            outside |= set(Member.objects.filter(card_number__in=wanted).values_list("card_number", flat=True))
    return planning.Snapshot(
        root_id=org.pk, units=units, members=members, posts=posts, outside_cards=frozenset(outside),
        taken_codes=frozenset(Organization.objects.values_list("code", flat=True)),
        today=timezone.localdate())


def preview(org: Organization, sheets: list[Sheet], mappings: list[list[str]], filename: str) -> planning.Plan:
    """What the file would do; reads only."""
    return planning.build(snapshot(org, sheets, mappings), list(zip(sheets, mappings, strict=True)), filename)


def _reason(filename: str, sheet: str, row: int) -> str:
    tail = f", dòng {row}" if sheet == "CSV" else f", trang «{sheet}», dòng {row}"
    room = REASON_MAX - len("Nhập từ tệp ") - len(tail)
    name = filename if len(filename) <= room else filename[: max(room - 1, 1)] + "…"
    return f"Nhập từ tệp {name}{tail}"[:REASON_MAX]


@dataclass
class Outcome:
    plan: planning.Plan
    record: RosterImport | None

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.plan)


def counts(plan: planning.Plan) -> dict[str, int]:
    return {
        "new_units": len(plan.new_units), "changed_units": len(plan.unit_changes),
        "new_members": len(plan.new_members), "changed_members": len(plan.member_changes) - len(plan.moved),
        "moved_members": len(plan.moved), "new_posts": len(plan.new_posts), "ended_posts": len(plan.ended_posts),
        "unchanged": plan.unchanged, "missing": len(plan.missing), "warnings": len(plan.warnings),
        "errors": len(plan.errors), "rows": plan.rows_read,
    }


def commit(org: Organization, user, sheets: list[Sheet], mappings: list[list[str]], filename: str,
           record: RosterImport | None = None, expected: str | None = None) -> Outcome:
    """Write the plan all or nothing. The plan is built again inside the transaction (the committee's row locked
    on PostgreSQL): a plan with errors, or one that differs from the preview the user confirmed, writes nothing."""
    user = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            Organization.objects.select_for_update().filter(pk=org.pk).first()
            plan = preview(org, sheets, mappings, filename)
            if plan.errors:
                raise ImportRefused(f"Tệp còn {len(plan.errors)} lỗi: chưa ghi gì. Sửa các dòng được nêu rồi tải "
                                    "lên lại.", plan)
            if expected and plan.digest() != expected:
                raise ImportRefused("Danh sách trong hệ thống đã thay đổi từ lúc xem trước (có người vừa sửa hoặc "
                                    "vừa nhập): chưa ghi gì. Hãy xem trước lại rồi xác nhận.", plan)
            _write(plan, user, filename)
            if record is not None:
                record.status = RosterImport.Status.COMMITTED
                record.committed_at = timezone.now()
                record.result = counts(plan)
                record.mapping = {str(i): mapping for i, mapping in enumerate(mappings)}
                record.save()
    except IntegrityError:
        raise ImportRefused("Không ghi được: số thẻ hoặc mã tổ chức trùng với dữ liệu vừa thay đổi. Hãy xem trước "
                            "lại.") from None
    return Outcome(plan, record)


def _stamp(obj, user, filename: str, sheet: str, row: int):
    obj._change_reason = _reason(filename, sheet, row)
    obj._history_user = user
    return obj


def _write(plan: planning.Plan, user, filename: str) -> None:
    refs: dict[str, int] = {}

    def unit_id(ref):
        return refs[ref] if isinstance(ref, str) else ref

    for new in plan.new_units:  # parents before children: the plan resolved them in that order
        org = Organization(name=new.name, code=new.code, kind=new.kind, parent_id=unit_id(new.parent),
                           short_name=new.short_name, place=new.place, position=new.position)
        _stamp(org, user, filename, new.sheet, new.row).save()
        refs[new.ref] = org.pk
    if plan.unit_changes:
        orgs = Organization.objects.in_bulk([change.unit_id for change in plan.unit_changes])
        for change in plan.unit_changes:
            org = orgs[change.unit_id]
            for key, (_, value) in change.changes.items():
                setattr(org, key, unit_id(value) if key == "parent_id" else value)
            _stamp(org, user, filename, change.sheet, change.row).save()
    member_refs: dict[str, int] = {}
    created = []
    for new in plan.new_members:
        values = dict(new.values, unit_id=unit_id(new.values["unit_id"]))
        member = Member(**values)
        member.full_name = normalise_name(member.full_name)
        member.sort_key = name_sort_key(member.full_name)
        member.search_key = search_key(member.full_name)[:120]
        created.append(_stamp(member, user, filename, new.sheet, new.row))
    if created:
        saved = bulk_create_with_history(created, Member, batch_size=500, default_user=user)
        for new, member in zip(plan.new_members, saved, strict=True):
            member_refs[new.ref] = member.pk
    if plan.member_changes:
        fields: set[str] = set()
        objs = []
        ids = [change.member_id for change in plan.member_changes]
        members = {}
        for start in range(0, len(ids), CHUNK):
            members.update(Member.objects.in_bulk(ids[start:start + CHUNK]))
        for change in plan.member_changes:
            member = members[change.member_id]
            for key, (_, value) in change.changes.items():
                setattr(member, key, unit_id(value) if key == "unit_id" else value)
                fields.add(key)
            if "full_name" in change.changes:
                member.sort_key = name_sort_key(member.full_name)
                member.search_key = search_key(member.full_name)[:120]
                fields |= {"sort_key", "search_key"}
            objs.append(_stamp(member, user, filename, change.sheet, change.row))
        bulk_update_with_history(objs, Member, sorted(fields), batch_size=500, default_user=user)
    if plan.ended_posts:
        posts = Post.objects.in_bulk([ended.post_id for ended in plan.ended_posts])
        today = timezone.localdate()
        objs = []
        for ended in plan.ended_posts:
            post = posts[ended.post_id]
            post.end = today
            objs.append(_stamp(post, user, filename, ended.sheet, ended.row))
        bulk_update_with_history(objs, Post, ["end"], batch_size=500, default_user=user)
    if plan.new_posts:
        objs = [_stamp(Post(member_id=member_refs.get(new.member, new.member) if isinstance(new.member, str)
                            else new.member, title=new.title, unit_id=unit_id(new.unit)),
                       user, filename, new.sheet, new.row) for new in plan.new_posts]
        bulk_create_with_history(objs, Post, batch_size=500, default_user=user)


# ——— what the plan says, in sentences (the command and the pages print the same) ———

def summary_lines(plan: planning.Plan) -> list[str]:
    return summary_lines_from(counts(plan))


def summary_lines_from(c: dict[str, int]) -> list[str]:
    """The sentences of a plan's counts (also of an import's stored result)."""
    c = {key: int(c.get(key, 0)) for key in ("rows", "new_units", "changed_units", "new_members", "changed_members",
                                              "moved_members", "new_posts", "ended_posts", "unchanged", "missing",
                                              "errors")}
    lines = [f"Đã đọc {c['rows']} dòng."]
    parts = [(c["new_units"], "tổ chức mới"), (c["changed_units"], "tổ chức sửa hoặc chuyển"),
             (c["new_members"], "đảng viên mới"), (c["changed_members"], "đảng viên sửa thông tin"),
             (c["moved_members"], "đảng viên chuyển chi bộ"), (c["new_posts"], "chức vụ mới"),
             (c["ended_posts"], "chức vụ kết thúc"), (c["unchanged"], "dòng không thay đổi")]
    lines.append(("; ".join(f"{n} {label}" for n, label in parts if n) + ".") if any(n for n, _ in parts)
                 else "Chưa có dòng nào ghi được." if c["rows"] else "Không có dòng dữ liệu nào.")
    if c["missing"]:
        lines.append(f"{c['missing']} đảng viên đang sinh hoạt ở các chi bộ trong tệp nhưng không có trong tệp "
                     "(không xóa, không đổi).")
    changed = ("new_units", "changed_units", "new_members", "changed_members", "moved_members", "new_posts",
               "ended_posts")
    if not any(c[key] for key in changed) and not c["errors"]:
        lines.append("Tệp không thay đổi gì so với danh sách hiện có.")
    return lines


def describe_change(change, unit_names: dict) -> str:
    parts = []
    for key, (old, new) in change.changes.items():
        if key in ("unit_id", "parent_id"):
            old, new = unit_names.get(old, old), unit_names.get(new, new)
        parts.append(f"{planning.FIELD_LABELS.get(key, key)}: {_show(old)} → {_show(new)}")
    return "; ".join(parts)


def _show(value) -> str:
    if value is None or value == "":
        return "(trống)"
    if value is True:
        return "có"
    if value is False:
        return "không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return text(value)


def unit_names(plan: planning.Plan, org: Organization) -> dict:
    ids = {value for change in plan.member_changes for key, pair in change.changes.items() if key == "unit_id"
           for value in pair} | {m.unit_id for m in plan.missing} | {
        value for change in plan.unit_changes for key, pair in change.changes.items() if key == "parent_id"
        for value in pair} | {item.values["unit_id"] for item in plan.new_members}
    names = {pk: name for pk, name in Organization.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
             .values_list("pk", "name")}
    names.update({unit.ref: unit.name for unit in plan.new_units})
    return names
