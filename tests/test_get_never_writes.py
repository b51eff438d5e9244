"""Opening any page leaves every table unchanged: each GET of every URL of the urlconf, as every persona; and no
page carries an inline style or script, which the Content-Security-Policy would block.

The URLs come from the urlconf itself (a new page is walked without being listed here); their arguments from the
names of the URL's parameters. Each response must not be a 500, and the rows of every table of the project, history
included, must be the same before and after (sessions and the lock-out's access log excepted).
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS, open_roster
from tests.reviews.conftest import fill_cell, make_period
from xeploai.reviews import services
from xeploai.reviews.models import Milestone

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
SKIP_APPS = {"sessions", "axes", "admin", "contenttypes"}
DOWNLOADS_FOR = {"admin", "secretary_a"}  # PDFs and workbooks are slow: two personas are enough for them


def routes(patterns=None, namespace: str = ""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from routes(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else
                                  namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, list(entry.pattern.converters), entry.default_args


def fingerprint() -> dict[str, str]:
    out = {}
    for model in apps.get_models():
        if model._meta.app_label in SKIP_APPS:
            continue
        rows = repr(list(model.objects.order_by("pk").values_list())).encode()
        out[model._meta.label] = hashlib.sha256(rows).hexdigest()
    return out


@pytest.fixture
def scene(tree):
    period = make_period(tree.committee)
    fill_cell(tree.cell_a, 3)
    open_roster(period, tree.cell_a)
    open_roster(period, tree.cell_b)
    step = Milestone.objects.create(period=period, title="Chi bộ họp kiểm điểm", start=period.review_date,
                                    due=period.review_date, unit_kinds=["chi_bo_truc_thuoc"])
    row = services.find_unit_review(period, tree.cell_a)
    values = {"period": period.pk, "code": "chi-bo-a", "member": tree.member_a.pk, "pk": 1, "step": step.pk}
    return tree, values, row


def url_of(name: str, params: list[str], values: dict) -> str:
    missing = [p for p in params if p not in values]
    assert not missing, f"{name}: no test value for {missing}: add it to the scene"
    return reverse(name, kwargs={p: values[p] for p in params})


def test_every_get_of_every_url_writes_nothing(client, scene):
    tree, values, _ = scene
    before = fingerprint()
    for persona in [*PERSONAS, None]:
        client.logout()
        if persona:
            client.force_login(getattr(tree, persona))
        start = fingerprint()  # signing in writes the user's last login: only the GETs are judged
        for name, params, defaults in routes():
            if "fmt" in defaults and persona not in DOWNLOADS_FOR:
                continue
            for code in (["chi-bo-a", "dang-uy"] if "code" in params else [None]):
                url = url_of(name, params, {**values, "code": code})
                response = client.get(url)
                assert response.status_code != 500, (url, persona)
                if response.get("Content-Type", "").startswith("text/html"):  # the CSP allows neither
                    html = response.content.decode()
                    assert ' style="' not in html and not INLINE_SCRIPT.search(html), (url, persona)
                assert fingerprint() == start, f"GET {url} as {persona} wrote to the database"
    assert set(fingerprint()) == set(before)
