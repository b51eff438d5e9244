"""The benchmarks of issue 7, each with its target. Reports and dashboard figures come from their apps' helpers."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.urls import reverse

from bench import setup
from bench.harness import Figure, measure
from xeploai.reviews.records import UnitReview
from xeploai.rules.engine import classify_dict
from xeploai.rules.presets import PRESETS


def engine_cell(runs: int) -> Figure:
    rng = random.Random(1)
    members = []
    for i in range(60):
        htxs = rng.randint(0, 60)
        members.append(
            {
                "id": i,
                "official": True,
                "admitted_on": "2005-01-01",
                "roles": ["bi_thu"] if i == 0 else [],
                "civil_servant_rating": rng.choice([None, "htxs", "htt"]),
                "votes": {"htxs": htxs, "htt": 60 - htxs, "ht": 0, "kht": 0},
            }
        )
    scenario = {
        "ruleset": "hcm-2014",
        "review_date": "2014-11-25",
        "members": members,
        "unit": {"code": "c", "kind": "chi_bo", "score": 91},
    }
    return measure(
        "classify a 60-member cell (engine)",
        "< 5 ms",
        lambda: classify_dict(scenario, PRESETS["hcm-2014"]),
        runs=max(runs, 50),
        limit_ms=5,
    )


def tally_post(runs: int) -> Figure:
    period, cell, user, reviews = setup.bench_cell(60)
    client = Client()
    client.force_login(user)
    url = reverse("reviews:tally", args=[period.pk, cell.code])
    flip = itertools.cycle([0, 1])

    def post() -> None:
        version = UnitReview.objects.values_list("version", flat=True).get(period=period, unit=cell)
        side = next(flip)
        data = {
            "official_members": 60,
            "official_present": 60,
            "ballots_cast": 60,
            "meeting_date": "",
            "version": version,
        }
        for i, review in enumerate(reviews):
            htxs = 45 if (i + side) % 7 == 0 else 5
            data |= {
                f"v{review.pk}_htxs": htxs,
                f"v{review.pk}_htt": 60 - htxs,
                f"v{review.pk}_ht": 0,
                f"v{review.pk}_kht": 0,
            }
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code

    return measure("save a 60-member tally + recompute (POST)", "< 150 ms", post, runs=runs, limit_ms=150)


def queries_of(client: Client, url: str) -> tuple[list[str], int]:
    """The SQL one GET of the page runs, and its HTTP status."""
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    return executed, status


def bare_aggregate(period) -> Callable[[], list]:
    def run() -> list:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, level, COUNT(*) FROM reviews_memberreview WHERE period_id = %s "
                "GROUP BY unit_id, level",
                [period.pk],
            )
            return cursor.fetchall()

    return run


def summary(runs: int, period) -> list[Figure]:
    bare = measure("bare SQL GROUP BY unit, level (province)", "reference", bare_aggregate(period), runs=runs)
    figures = [bare]
    try:
        from xeploai.reports import data as report_data
    except ImportError:
        return figures
    builder = getattr(report_data, "committee_summary", None) or getattr(report_data, "build_summary", None)
    if builder is None:
        return figures
    fig = measure(
        "committee summary of the province (data object)",
        "< 150 ms and ≤ 3 × bare SQL",
        lambda: builder(period, period.committee, period.review_date),
        runs=runs,
    )
    fig.ok = fig.median_ms < 150 and fig.median_ms <= 3 * bare.median_ms
    fig.note = f"{fig.median_ms / max(bare.median_ms, 0.001):.1f} × bare SQL"
    return [*figures, fig]


def dashboard(runs: int, period) -> list[Figure]:
    from django.contrib.auth import get_user_model

    from xeploai.orgs.models import Role

    try:
        url = reverse("dashboard:progress", args=[period.pk])
    except Exception:
        return []
    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    Role.objects.get_or_create(user=user, organization=period.committee, kind="office")
    client = Client()
    client.force_login(user)
    executed, status = queries_of(client, url)
    fig = measure(
        "dashboard page of the province", "< 500 ms, fixed queries", lambda: client.get(url), runs=runs, limit_ms=500
    )
    fig.note = f"{len(executed)} queries, HTTP {status}"
    return [fig]


def reports(runs: int, period) -> list[Figure]:
    """The documents of issue 5 on the province (and the 60-member bench cell for the tally minutes)."""
    import io
    from datetime import date

    from xeploai.reports import catalog, documents
    from xeploai.reviews.records import MemberReview

    options = documents.Options(today=date(period.year, 12, 31))
    member = MemberReview.objects.filter(period=period, result_status="rated").select_related("unit").first()
    cell_period, cell, _, _ = setup.bench_cell(60)

    def write(kind: str, fmt: str, on_period, unit, opts=options) -> Callable[[], object]:
        return lambda: documents.write(catalog.BY_KEY[kind], fmt, on_period, unit, io.BytesIO(), opts)

    one = documents.Options(today=options.today, member_id=member.member_id)
    return [
        measure("one member's self-review PDF", "< 300 ms", write("self_review", "pdf", period, member.unit, one),
                runs=runs, limit_ms=300),
        measure("tally minutes PDF, 60-member cell", "< 3 s", write("tally_minutes", "pdf", cell_period, cell),
                runs=runs, limit_ms=3000),
        measure("summary PDF of the province's top level", "< 10 s",
                write("summary", "pdf", period, period.committee), runs=max(1, runs // 2), limit_ms=10_000,
                memory="rss"),
        _workbook(write("summary", "xlsx", period, period.committee)),
    ]


def _workbook(func: Callable[[], object]) -> Figure:
    fig = measure("summary + detail workbook of the province", "< 30 s, peak < 150 MB", func, runs=1, warmup=0,
                  memory="rss")
    fig.ok = fig.median_ms < 30_000 and fig.peak_mib < 150
    return fig


def pools(runs: int, period) -> list[Figure]:
    """QĐ 366 pools on the province: the calibration page of the 2A pool (about 20,000 members) and the save that
    keeps the program's proposal for every candidate of it, beside the bare SQL that reads the same candidates."""
    import statistics
    import time

    from django.contrib.auth import get_user_model

    from xeploai.orgs.models import Role

    size = setup.pool_period(period)
    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    Role.objects.get_or_create(user=user, organization=period.committee, kind="office")
    client = Client()
    client.force_login(user)
    url = reverse("reviews:pool_decide", args=[period.pk, period.committee.code]) + "?nhom=2A"

    def bare() -> list:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, m.full_name, u.name, r.pool_rank, r.pool_kept FROM reviews_memberreview r "
                "JOIN orgs_member m ON m.id = r.member_id JOIN orgs_organization u ON u.id = r.unit_id "
                "WHERE r.period_id = %s AND r.pool_candidate AND r.category = '2A' ORDER BY r.pool_rank DESC",
                [period.pk])
            rows = cursor.fetchall()
            cursor.execute(
                "SELECT category, unit_id, COUNT(*) FROM reviews_memberreview WHERE period_id = %s AND level = 'htt' "
                "GROUP BY category, unit_id",
                [period.pk])
            return [rows, cursor.fetchall()]

    executed, status = queries_of(client, url)
    reference = measure("bare SQL: the 2A pool's candidates ranked + HTT per cell", "reference", bare, runs=runs)
    page = measure(f"pool calibration page, 2A pool of {size['members']:,} members (GET)", "< 1 s",
                   lambda: client.get(url), runs=runs, limit_ms=1000)
    page.note = f"{size['candidates']:,} candidates, {len(executed)} queries, HTTP {status}; " \
                f"{page.median_ms / max(reference.median_ms, 0.001):.1f} × bare SQL"
    samples = []
    for _ in range(runs):  # each save decides every candidate again: the decisions are cleared first (untimed)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reviews_memberreview SET pool_kept = NULL, pool_code = '', level = 'htxs' "
                           "WHERE period_id = %s AND pool_candidate", [period.pk])
        started = time.perf_counter()
        response = client.post(url, {"nhom": "2A", "action": "proposal"})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    median = statistics.median(samples)
    save = Figure(f"pool save: keep the proposal for all {size['candidates']:,} candidates (POST)", "< 2 s",
                  median, max(samples), 0.0, runs, "every candidate written with its history row", median < 2000)
    return [reference, page, save]


def run(*, members: int, runs: int, only: list[str] | None, load: bool) -> list[Figure]:
    """Every benchmark, or those whose key is in `only` (engine, tally, summary, dashboard, reports, load)."""
    from bench import bench_import

    period = setup.province(members)
    groups: dict[str, Callable[[], list[Figure]]] = {
        "engine": lambda: [engine_cell(runs)],
        "tally": lambda: [tally_post(runs)],
        "summary": lambda: summary(runs, period),
        "dashboard": lambda: dashboard(runs, period),
        "reports": lambda: reports(runs, period),
        "pools": lambda: pools(runs, period),
        "import": lambda: bench_import.run(members),
    }
    if load:
        from bench import load as load_test

        groups["load"] = lambda: [load_test.run()]
    return [figure for key, group in groups.items() if not only or key in only for figure in group()]
