"""Benchmarks of the reports (not timed tests): time and peak memory of the heavy documents.

    .venv/bin/python bench/bench_reports.py                   # defaults: finishes in well under a minute
    .venv/bin/python bench/bench_reports.py --members 150000  # the province of issue 5 (a few minutes)

Cases: the tally minutes of a 60-member cell (data + PDF), the summary of a 5,000-unit tree (the report object:
grouped SQL, and its PDF when asked with --summary-pdf), and the summary workbook with its detail sheet of N
members (write-only, streamed). The data is synthetic and lives in a throwaway database (the test database of
the configured backend: SQLite in memory by default), created and dropped by `run()`.

`run()` returns one dict per case: name, median_ms, max_ms, peak_mib (the peak of Python allocations during one
extra run under tracemalloc; WeasyPrint's C libraries allocate outside it, see rss_mib for the process high-water
mark so far).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
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
    """A province, about √units committees and cells under them: units in all."""
    from xeploai.orgs.models import Organization

    province = Organization.objects.create(code="bench-tinh", name="Đảng bộ tỉnh Thử nghiệm",
                                           kind="dang_bo_cap_tren", place="TP. Hồ Chí Minh")
    count = max(1, int(units ** 0.5))
    committees = Organization.objects.bulk_create(
        Organization(code=f"bench-db-{i}", name=f"Đảng bộ xã số {i}", kind="dang_bo_co_so", parent=province,
                     place="TP. Hồ Chí Minh", position=i) for i in range(count))
    per = max(1, (units - 1 - count) // count)
    cells = Organization.objects.bulk_create(
        Organization(code=f"bench-cb-{c.pk}-{j}", name=f"Chi bộ ấp {j} – {c.name}", kind="chi_bo_truc_thuoc",
                     parent=c, place="TP. Hồ Chí Minh", position=j) for c in committees for j in range(per))
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

    cell = Organization.objects.create(code="bench-cb-60", name="Chi bộ Văn phòng (60 đảng viên)",
                                       kind="chi_bo_truc_thuoc", parent=parent, place="TP. Hồ Chí Minh")
    build_members(period, [cell], size, rng)
    first = MemberReview.objects.filter(unit=cell).select_related("member").first()
    Post.objects.create(member=first.member, title="bi_thu", unit=cell)
    UnitReview.objects.create(period=period, unit=cell, official_members=size, official_present=size - 2,
                              ballots_cast=size - 2, meeting_date=period.review_date)
    return Organization.objects.with_tree_fields().get(pk=cell.pk)


def measure(name: str, action: Callable[[], Any], repeat: int) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"name": name, "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "peak_mib": round(peak / 2**20, 1), "rss_mib": round(rss, 1)}


def cases(units: int, members: int, summary_pdf: bool, repeat: int) -> list[dict[str, Any]]:
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

    results = [measure("tally_minutes_pdf_60_members", tally, repeat),
               measure(f"summary_data_{tree_units}_units", summary, repeat)]
    if summary_pdf:
        results.append(measure(f"summary_pdf_{tree_units}_units", lambda: pdf.render_pdf("summary", summary(), "b"), 1))
    results.append(measure(f"summary_workbook_{members + 60}_members", workbook, 1))
    return results


def run(units: int = 5000, members: int = 20_000, summary_pdf: bool = False, repeat: int = 3) -> list[dict[str, Any]]:
    """Create a throwaway database, fill it, time the cases, drop it."""
    from django.conf import settings

    if not settings.configured:
        setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return cases(units, members, summary_pdf, repeat)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
        teardown_test_environment()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000, help="units in the tree (default 5000)")
    parser.add_argument("--members", type=int, default=20_000, help="members in the tree (default 20000)")
    parser.add_argument("--summary-pdf", action="store_true", help="also print the summary of the tree as PDF")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (default 3)")
    options = parser.parse_args()
    started = time.perf_counter()
    rows = run(options.units, options.members, options.summary_pdf, options.repeat)
    print(f"{'case':<36} {'median ms':>10} {'max ms':>10} {'peak MiB':>9} {'rss MiB':>8}")
    for row in rows:
        print(f"{row['name']:<36} {row['median_ms']:>10} {row['max_ms']:>10} {row['peak_mib']:>9} "
              f"{row['rss_mib']:>8}")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
