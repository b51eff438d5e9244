"""Benchmarks of the reports (not timed tests): time and peak memory of the heavy documents.

    .venv/bin/python bench/bench_reports.py                   # defaults: about 15 s
    .venv/bin/python bench/bench_reports.py --members 150000  # the province of issue 5 (about a minute)

Cases: the tally minutes of a 60-member cell (data + PDF), the summary of a 5,000-unit tree (the report object:
grouped SQL, and its PDF), and the summary workbook with its detail sheet of N members (write-only, streamed).
The data is synthetic and lives in a throwaway database (the test database of the configured backend: SQLite in
memory by default), created and dropped by `run()`.

`run()` returns one dict per case with the keys of bench.harness.Figure: name, target, median_ms, max_ms,
peak_mib (the memory the case needed: the growth of the process's peak resident memory, read from /proc on Linux
after resetting it; elsewhere the peak of Python allocations under tracemalloc), runs, note and ok.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Ngọc", "Minh", "Thu", "Quốc", "Hồng")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Linh", "Nga", "Phúc", "Quyên", "Sơn",
         "Thắng", "Uyên", "Vy", "Xuân", "Yến")
LEVELS = ("htxs", "htt", "htt", "htt", "ht", "ht", "kht")


def setup_django() -> None:
    """Configure Django for a standalone run (a throwaway key; data only in the test database)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeploai.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("TESTING", "1")
    import django

    django.setup()


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def build_tree(units: int) -> tuple[Any, list[Any]]:
    """A province, about √units committees and cells under them: ``units`` in all with the 60-member cell."""
    from xeploai.orgs.models import Organization

    province = Organization.objects.create(code="bench-tinh", name="Đảng bộ tỉnh Thử nghiệm",
                                           kind="dang_bo_cap_tren", place="TP. Hồ Chí Minh")
    count = max(1, int(units ** 0.5))
    committees = Organization.objects.bulk_create(
        Organization(code=f"bench-db-{i}", name=f"Đảng bộ xã số {i}", kind="dang_bo_co_so", parent=province,
                     place="TP. Hồ Chí Minh", position=i) for i in range(count))
    cells = Organization.objects.bulk_create(
        Organization(code=f"bench-cb-{j}", name=f"Chi bộ ấp {j // count} – {committees[j % count].name}",
                     kind="chi_bo_truc_thuoc", parent=committees[j % count], place="TP. Hồ Chí Minh",
                     position=j // count) for j in range(max(1, units - 2 - count)))
    return province, cells


def build_members(period: Any, cells: list[Any], members: int, rng: random.Random) -> None:
    """Members spread over the cells, each with a classified review (bulk inserts, no history)."""
    from xeploai.lib.vnsort import name_sort_key
    from xeploai.orgs.models import Member
    from xeploai.reviews.records import MemberReview

    batch = 5000
    for start in range(0, members, batch):
        rows = []
        for n in range(start, min(members, start + batch)):
            name = _name(rng)
            rows.append(Member(full_name=name, sort_key=name_sort_key(name), unit=cells[n % len(cells)],
                               admitted_on=date(2000 + n % 20, 1, 1), official_on=date(2001 + n % 20, 1, 1)))
        Member.objects.bulk_create(rows)
        MemberReview.objects.bulk_create(MemberReview(
            period=period, member=m, unit_id=m.unit_id, result_status="rated", level=rng.choice(LEVELS),
            votes_htxs=1, votes_htt=10, votes_ht=1, votes_kht=0,
            reasons=[{"code": "vote_threshold", "text": "Đạt HTT: 10/12 phiếu HTT trở lên (cộng dồn)"}])
            for m in rows)


def build_cell(period: Any, parent: Any, size: int, rng: random.Random) -> Any:
    from xeploai.orgs.models import Organization, Post
    from xeploai.reviews.records import MemberReview, UnitReview

    cell = Organization.objects.create(code="bench-van-phong-60", name="Chi bộ Văn phòng (60 đảng viên)",
                                       kind="chi_bo_truc_thuoc", parent=parent, place="TP. Hồ Chí Minh")
    build_members(period, [cell], size, rng)
    first = MemberReview.objects.filter(unit=cell).select_related("member").first()
    Post.objects.create(member=first.member, title="bi_thu", unit=cell)
    UnitReview.objects.create(period=period, unit=cell, official_members=size, official_present=size - 2,
                              ballots_cast=size - 2, meeting_date=period.review_date)
    return Organization.objects.with_tree_fields().get(pk=cell.pk)


def _status_mib(field: str) -> float | None:
    """VmRSS / VmHWM of this process from /proc (Linux), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the process's peak RSS (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(name: str, target: str, action: Callable[[], Any], runs: int, limit_ms: float) -> dict[str, Any]:
    """Median and max of ``runs`` runs and the memory the case needed: the growth of the process's peak resident
    memory during them (Linux), else the peak of Python allocations in one more run under tracemalloc (which
    misses WeasyPrint's C libraries)."""
    base = _status_mib("VmRSS")
    measured = base is not None and _reset_peak()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    if measured:
        peak_rss = _status_mib("VmHWM") or base
        grown, how = peak_rss - base, f"peak RSS {peak_rss:,.0f} MiB, +{peak_rss - base:,.1f} over the start"
    else:
        tracemalloc.start()
        action()
        grown, how = tracemalloc.get_traced_memory()[1] / 2**20, "Python allocations (tracemalloc)"
        tracemalloc.stop()
    median = statistics.median(times)
    return {"name": name, "target": target, "median_ms": round(median, 1), "max_ms": round(max(times), 1),
            "peak_mib": round(grown, 1), "runs": runs, "note": how, "ok": median < limit_ms}


def cases(units: int, members: int, summary_pdf: bool, runs: int) -> list[dict[str, Any]]:
    """Build the data, then time each case."""
    from xeploai.orgs.models import Organization
    from xeploai.reports import data, pdf, xlsx
    from xeploai.reviews.models import ReviewPeriod, RuleSet

    rng = random.Random(5)
    province, cells = build_tree(units)
    period = ReviewPeriod.objects.create(
        committee=province, year=2014, plan_number="146-KH/ĐU", plan_date=date(2014, 11, 4), issuing_body="Tỉnh ủy",
        title="Kế hoạch kiểm điểm", ruleset=RuleSet.objects.get(code="hcm-2014"), review_date=date(2014, 11, 25))
    build_members(period, cells, members, rng)
    cell = build_cell(period, cells[0].parent, 60, rng)
    root = Organization.objects.with_tree_fields().get(pk=province.pk)
    tree_units = Organization.objects.count()

    def tally() -> bytes:
        return pdf.render_pdf("tally_minutes", data.tally_minutes(data.cell_source(period, cell)), "bench")

    def summary() -> Any:
        return data.committee_summary(period, root, period.review_date)

    def workbook() -> int:
        doc = summary()
        return xlsx.summary_workbook(doc, data.detail_rows(period, doc.nodes), io.BytesIO())

    results = [measure("tally minutes PDF, 60-member cell", "< 3 s", tally, runs, 3000),
               measure(f"summary report object, {tree_units} units", "< 1,5 s", summary, runs, 1500)]
    if summary_pdf:
        results.append(measure(f"summary PDF, {tree_units} units", "< 5 s",
                               lambda: pdf.render_pdf("summary", summary().for_print(), "b"), 1, 5000))
    results.append(measure(f"summary + detail workbook, {members + 60} members", "< 60 s, streamed", workbook, 1,
                           60_000))
    return results


def run(units: int = 5000, members: int = 20_000, summary_pdf: bool = True, runs: int = 3) -> list[dict[str, Any]]:
    """Create a throwaway database, fill it, time the cases, drop it."""
    from django.conf import settings

    if not settings.configured:
        setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return cases(units, members, summary_pdf, runs)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
        teardown_test_environment()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000, help="units in the tree (default 5000)")
    parser.add_argument("--members", type=int, default=20_000, help="members in the tree (default 20000)")
    parser.add_argument("--no-summary-pdf", action="store_true", help="skip the PDF of the tree's summary")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    options = parser.parse_args()
    started = time.perf_counter()
    rows = run(options.units, options.members, not options.no_summary_pdf, options.runs)
    print(f"{'case':<46} {'median ms':>10} {'max ms':>10} {'+MiB':>7}  note")
    for row in rows:
        print(f"{row['name']:<46} {row['median_ms']:>10} {row['max_ms']:>10} {row['peak_mib']:>7}  {row['note']}")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
