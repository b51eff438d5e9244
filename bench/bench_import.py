"""Roster import at province scale (issue 13 item 3): a workbook of N members in 5,000 cells under 50 đảng bộ,
previewed and committed into an empty committee, then re-imported (a no-op), beside the bare bulk INSERT of the
same members. Peak RSS growth of the process is measured for the commit (the file's rows are held in memory)."""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.harness import Figure, peak_rss_growth

COMMITTEE = "bench-nhap-danh-sach"
COMMITTEES, CELLS_PER = 50, 100


def build_file(path: Path, members: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    tree = book.create_sheet("Tổ chức")
    tree.append(["Tên tổ chức", "Mã", "Loại tổ chức", "Trực thuộc"])
    for c in range(COMMITTEES):
        tree.append([f"Đảng bộ Thử {c + 1}", f"bni-db-{c}", "Đảng bộ cơ sở", ""])
        for k in range(CELLS_PER):
            tree.append([f"Chi bộ Thử {c + 1}.{k + 1}", f"bni-cb-{c}-{k}", "Chi bộ trực thuộc", f"bni-db-{c}"])
    roster = book.create_sheet("Đảng viên")
    roster.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức",
                   "Số thẻ đảng viên", "Chi bộ", "Đối tượng 2A/2B/2C"])
    family, given = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"), ("An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Minh")
    for i in range(members):
        born = date(1960, 1, 1) + timedelta(days=i % 12000)
        admitted = born + timedelta(days=8000 + i % 3000)
        roster.append([i + 1, f"{family[i % 5]} Văn {given[i % 7]} {name_word(i)}", born.strftime("%d/%m/%Y"),
                       "Nam" if i % 2 else "Nữ", admitted.strftime("%d/%m/%Y"),
                       (admitted + timedelta(days=365)).strftime("%d/%m/%Y"),
                       f"{50 + i // 1_000_000}.{i % 1_000_000:06d}",
                       f"bni-cb-{i % COMMITTEES}-{(i // COMMITTEES) % CELLS_PER}", "2B"])
    book.save(path)
    return path


def name_word(i: int) -> str:
    """A distinct name word per number (names hold letters only); the import tests use it too."""
    letters = "abcdeghiklmnopqrstuvxy"
    out = ""
    while True:
        out = letters[i % len(letters)] + out
        i //= len(letters)
        if not i:
            return out.capitalize()


def _clean() -> None:
    from xeploai.orgs.models import Member, Organization, Post

    units = list(Organization.objects.filter(code__startswith="bni-").values_list("pk", flat=True))
    Post.history.filter(unit_id__in=units).delete()
    Post.objects.filter(unit_id__in=units).delete()
    Member.history.filter(unit_id__in=units).delete()
    Member.objects.filter(unit_id__in=units).delete()
    Organization.objects.filter(code__startswith="bni-cb-").delete()
    Organization.objects.filter(code__startswith="bni-db-").delete()
    Organization.history.filter(code__startswith="bni-").delete()


def run(members: int) -> list[Figure]:
    from xeploai.orgs.models import Member, Organization
    from xeploai.orgs.roster import services
    from xeploai.orgs.roster.files import read_file

    _clean()
    root, _ = Organization.objects.get_or_create(code=COMMITTEE, defaults={"name": "Đảng bộ thử nhập danh sách",
                                                                           "kind": "dang_bo_cap_tren"})
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = build_file(Path(folder) / "tinh.xlsx", members)
        built = time.perf_counter() - started
        timings: dict[str, float] = {}

        def first_import() -> None:
            t0 = time.perf_counter()
            sheets = read_file(path, path.name)
            t1 = time.perf_counter()
            mappings = services.mappings_for(root, sheets)
            plan = services.preview(root, sheets, mappings, path.name)
            t2 = time.perf_counter()
            assert not plan.errors, [p.line() for p in plan.errors[:5]]
            services.commit(root, None, sheets, mappings, path.name, expected=plan.digest())
            t3 = time.perf_counter()
            timings.update(read=t1 - t0, preview=t2 - t1, commit=t3 - t2, total=t3 - t0)

        rss = peak_rss_growth(first_import)
        assert Member.objects.filter(unit__code__startswith="bni-cb-").count() == members
        t0 = time.perf_counter()
        sheets = read_file(path, path.name)
        again = services.preview(root, sheets, services.mappings_for(root, sheets), path.name)
        reimport = time.perf_counter() - t0
        assert not again.has_changes
    # the bare SQL it competes with: the same members inserted by one bulk INSERT, no parsing, no history
    cells = dict(Organization.objects.filter(code__startswith="bni-cb-").values_list("code", "pk"))
    _delete_members_only()
    objs = [Member(full_name=f"Thử {i}", sort_key=str(i), admitted_on=date(2000, 1, 1), card_number=f"99.{i:07d}",
                   unit_id=cells[f"bni-cb-{i % COMMITTEES}-{(i // COMMITTEES) % CELLS_PER}"]) for i in range(members)]
    t0 = time.perf_counter()
    Member.objects.bulk_create(objs, batch_size=2000)
    bare = time.perf_counter() - t0
    _clean()
    total_ms = timings["total"] * 1000
    note = (f"read {timings['read']:.1f} s, preview {timings['preview']:.1f} s, commit {timings['commit']:.1f} s; "
            f"bare bulk INSERT {bare:.1f} s ({timings['total'] / bare:.0f}×); file built in {built:.0f} s")
    return [
        Figure(f"roster import: {members:,} members, {COMMITTEES * (CELLS_PER + 1):,} units (.xlsx)", "< 60 s",
               total_ms, total_ms, rss, 1, note, total_ms < 60_000),
        Figure(f"roster re-import of the same file (no change), {members:,} members", "< 60 s",
               reimport * 1000, reimport * 1000, 0.0, 1, "read + preview only: nothing to write", reimport < 60),
    ]


def _delete_members_only() -> None:
    from xeploai.orgs.models import Member, Organization, Post

    units = list(Organization.objects.filter(code__startswith="bni-").values_list("pk", flat=True))
    Post.objects.filter(unit_id__in=units).delete()
    Member.objects.filter(unit_id__in=units).delete()
