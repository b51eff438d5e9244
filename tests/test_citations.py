"""Citations as users know them (issue 14): no file name of our references, no DOMAIN section, no "§" in what a
user can read: the templates, the shipped rule sets, and every page the four demo personas reach by following links.
The printed papers are scanned in tests/reports/test_citations.py and the engine's reasons in
tests/rules/test_reason_texts.py."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.internal_refs import internal_references
from tests.links import walk
from xeploai.rules.presets import PRESETS

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)
LINK = re.compile(r'href="([^"]+)"')
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
PERSONAS = ("quantri", "vanphong", "bithu.phapche", "bithu.thpt2")
PAGES_PER_PERSONA = 90


def test_no_template_shows_an_internal_reference():
    found = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        hits = internal_references(COMMENTS.sub("", path.read_text(encoding="utf-8")))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found, found


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_the_shipped_rule_sets_cite_documents_by_number(code):
    preset = PRESETS[code]
    for field in ("name", "source", "description"):
        assert not internal_references(preset[field]), (field, internal_references(preset[field]))


def _visible_text(html: str) -> str:
    return unescape(TAGS.sub(" ", html))


def _walk(client):
    """(path, response) of the pages reached from the home page by links, GET only (tests/links.py)."""
    responses = {}

    def visit(path: str):
        response = responses[path] = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        return [unescape(href) for href in LINK.findall(response.content.decode())]

    for path, _ in walk(visit):
        yield path, responses.pop(path)


@pytest.mark.django_db
def test_the_pages_the_personas_reach_show_no_internal_reference_and_no_error(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    problems, visited = [], 0
    for username in PERSONAS:
        client.logout()
        client.force_login(User.objects.get(username=username))
        for count, (path, response) in enumerate(_walk(client)):
            if count >= PAGES_PER_PERSONA:
                break
            visited += 1
            if response.status_code >= 500:
                problems.append((username, path, response.status_code))
            elif response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                problems += [(username, path, hit) for hit in internal_references(_visible_text(
                    response.content.decode()))]
    assert visited > 100
    assert not problems, problems
