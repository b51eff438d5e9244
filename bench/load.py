"""Load test: 200 simulated secretaries (3–10 s think time) saving tallies against gunicorn on loopback.

Bounded: every secretary logs in and saves its cell's tally `SAVES` times, then stops. Checks: p95 and p99 latency,
no error response, no lost update (each cell holds the last tally its secretary saved), no IntegrityError in the
server log. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection

from bench.harness import Figure
from xeploai.orgs.models import Member, Organization, Role
from xeploai.reviews import services
from xeploai.reviews.models import ReviewPeriod, RuleSet
from xeploai.reviews.records import MemberReview

USERS, SAVES, PORT, PASSWORD = 200, 3, 8765, "bench-Mat-khau-2026"
ROOT = Path(__file__).resolve().parent.parent


def cells(count: int = USERS, size: int = 20) -> tuple[ReviewPeriod, list[tuple[str, str]]]:
    """`count` cells of `size` members with a secretary login each; returns the period and (login, cell code)."""
    committee, _ = Organization.objects.get_or_create(
        code="load-committee", defaults={"name": "Đảng ủy thử tải", "kind": "dang_bo_co_so"}
    )
    period, _ = ReviewPeriod.objects.get_or_create(
        committee=committee,
        year=2014,
        defaults={
            "plan_number": "2-KH/ĐU",
            "plan_date": date(2014, 11, 4),
            "issuing_body": "Đảng ủy",
            "title": "Thử tải",
            "ruleset": RuleSet.objects.get(code="hcm-2014"),
            "review_date": date(2014, 11, 25),
        },
    )
    pairs = []
    for i in range(count):
        cell, created = Organization.objects.get_or_create(
            code=f"load-cell-{i:03d}",
            defaults={"name": f"Chi bộ thử tải {i}", "kind": "chi_bo_truc_thuoc", "parent": committee},
        )
        if created:
            Member.objects.bulk_create(
                [
                    Member(
                        unit=cell,
                        full_name=f"Trần Văn Tải {i}-{j}",
                        sort_key=f"{j:04d}",
                        admitted_on=date(2005, 1, 1),
                        official_on=date(2006, 1, 1),
                    )
                    for j in range(size)
                ]
            )
        user, made = get_user_model().objects.get_or_create(username=f"load-{i:03d}")
        if made or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        Role.objects.get_or_create(user=user, organization=cell, kind="secretary")
        services.unit_review_for(period, cell)
        services.open_roster(period, cell)
        pairs.append((user.username, cell.code))
    return period, pairs


class Secretary(threading.Thread):
    def __init__(self, base: str, period: int, login: str, code: str, rng: random.Random, results: dict) -> None:
        super().__init__(daemon=True)
        self.base, self.period, self.login, self.code, self.rng, self.results = base, period, login, code, rng, results
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.results["latencies"].append((time.perf_counter() - started) * 1000)
        if status >= 400:
            self.results["errors"].append((path, status))
        return status, text

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, 10))  # secretaries arrive over ten seconds, not all in the same instant
        _, page = self.request("/dang-nhap/")
        self.request("/dang-nhap/", {"csrfmiddlewaretoken": csrf(page), "username": self.login, "password": PASSWORD})
        for _ in range(SAVES):
            time.sleep(self.rng.uniform(3, 10))
            url = f"/ky/{self.period}/{self.code}/kiem-phieu/"
            status, page = self.request(url)
            if status != 200:
                continue
            names = sorted(set(re.findall(r'name="(v\d+)_htxs"', page)))
            data = {
                "csrfmiddlewaretoken": csrf(page),
                "version": re.search(r'name="version" value="(\d+)"', page)[1],
                "official_members": 20,
                "official_present": 20,
                "ballots_cast": 20,
                "meeting_date": "",
            }
            saved = {}
            for name in names:
                htxs = self.rng.randint(0, 20)
                data |= {f"{name}_htxs": htxs, f"{name}_htt": 20 - htxs, f"{name}_ht": 0, f"{name}_kht": 0}
                saved[int(name[1:])] = htxs
            status, _ = self.request(url, data)
            if status == 302:
                self.results["saved"][self.code] = saved
            else:
                self.results["errors"].append((url, f"POST {status}"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # keep 302 visible: it is the success answer of a save
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def csrf(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match[1] if match else ""


def start_server(log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "xeploai.wsgi",
            "--workers",
            "5",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/dang-nhap/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn không khởi động được; xem " + str(log))


def lost_updates(period: ReviewPeriod, saved: dict[str, dict[int, int]]) -> int:
    lost = 0
    for code, votes in saved.items():
        stored = dict(MemberReview.objects.filter(period=period, unit__code=code).values_list("pk", "votes_htxs"))
        lost += sum(1 for pk, htxs in votes.items() if stored.get(pk) != htxs)
    return lost


def run() -> Figure:
    period, pairs = cells()
    connection.close()
    log = ROOT / "bench" / "gunicorn.log"
    server = start_server(log)
    results: dict = {"latencies": [], "errors": [], "saved": {}}
    rng = random.Random(7)
    started = time.perf_counter()
    try:
        threads = [
            Secretary(f"http://127.0.0.1:{PORT}", period.pk, login, code, random.Random(rng.random()), results)
            for login, code in pairs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.perf_counter() - started
    latencies = sorted(results["latencies"])
    p95, p99 = (latencies[int(len(latencies) * q) - 1] for q in (0.95, 0.99))
    integrity = log.read_text(errors="replace").count("IntegrityError")
    lost = lost_updates(period, results["saved"])
    figure = Figure(
        f"{USERS} secretaries saving tallies (gunicorn, 5 workers)",
        "p95 < 500, p99 < 1000 ms",
        statistics.median(latencies),
        latencies[-1],
        0.0,
        len(latencies),
        f"p95 {p95:.0f} ms, p99 {p99:.0f} ms, {len(results['errors'])} errors, {lost} lost updates, "
        f"{integrity} IntegrityError, {len(results['saved'])} cells saved, {elapsed:.0f} s",
    )
    figure.ok = p95 < 500 and p99 < 1000 and not results["errors"] and not lost and not integrity
    return figure
