"""Every URL of the urlconf is in a persona matrix: a new page cannot be added without saying who may open it."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests import test_permissions
from tests.dashboard import test_permissions as dashboard_matrix
from tests.reports import test_views as reports_matrix
from tests.reviews import test_policy, test_review_views

# Pages with a persona test of their own, outside the matrices (where it is).
ELSEWHERE = {
    "login": "tests/test_security.py (lock-out)",
    "logout": "Django's view; POST only",
    "password_change_done": "Django's view after password_change",
    "healthz": "tests/test_security.py",
    "session_keepalive": "tests/test_security.py",
    "reports:reclassification_pdf": "tests/reports/test_views.py::test_the_decision_download_is_per_reclassification",
}


def urlconf_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff only (tests/test_permissions.py)
            names |= urlconf_names(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else
                                   namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def matrix_names() -> set[str]:
    one = SimpleNamespace(pk=1)
    tree = SimpleNamespace(member_a=one, period=SimpleNamespace(pk=1, milestones=SimpleNamespace(first=lambda: one)))
    paths = [url for url, _ in reports_matrix.urls(SimpleNamespace(period=one, tree=tree))]
    paths += list(dashboard_matrix._urls(tree).values())
    names = {resolve(path).view_name for path in paths}
    names |= {name for name, _, _ in test_review_views.urls(one, tree)}
    names |= {name for name, _ in test_policy.PAGES.values()}
    names |= {name for name, _, _ in test_permissions.MATRIX}
    return names


def test_every_url_is_in_a_persona_matrix():
    missing = urlconf_names() - matrix_names() - set(ELSEWHERE)
    assert not missing, f"URLs in no persona matrix: {sorted(missing)}"
