"""WeasyPrint reaches only our static files and the report fonts: never the network, the disk or a user's URL."""

from __future__ import annotations

import urllib.request

import pytest

from tests.conftest import make_member
from tests.reports.conftest import pdf_text
from xeploai.reports import fetcher, pdf
from xeploai.reports.data import cell_source, tally_minutes


def test_it_serves_the_print_stylesheet_from_the_static_files():
    response = fetcher.ProjectFetcher().fetch(f"{fetcher.REPORT_ORIGIN}/static/reports/print.css")
    assert b"@font-face" in response.read() and response.content_type == "text/css"


def test_it_serves_the_liberation_serif_font():
    response = fetcher.ProjectFetcher().fetch("xeploaifont:LiberationSerif-Bold.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://xeploai.invalid.example.com/static/reports/print.css",
    "file:///etc/passwd",
    "data:text/css,body{}",
    f"{fetcher.REPORT_ORIGIN}/static/../../xeploai/settings.py",
    f"{fetcher.REPORT_ORIGIN}/static/%2e%2e/%2e%2e/xeploai/settings.py",
    f"{fetcher.REPORT_ORIGIN}/media/secret.pdf",
    f"{fetcher.REPORT_ORIGIN}/static/reports/print.css?x=1",
    "xeploaifont:../../../etc/passwd",
    "xeploaifont:DejaVuSans.ttf",
])
def test_it_refuses_everything_else(url):
    with pytest.raises(fetcher.RefusedURL):
        fetcher.ProjectFetcher().fetch(url)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a report tried to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


def test_links_in_a_document_are_not_followed(no_network, monkeypatch):
    asked: list[str] = []
    original = fetcher.ProjectFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher.ProjectFetcher, "fetch", spy)
    html = ('<html><head><link rel="stylesheet" href="/static/reports/print.css">'
            '<link rel="stylesheet" href="file:///etc/passwd"></head>'
            '<body><p>Xin chào</p><img src="http://127.0.0.1:9/tracker.png"></body></html>')
    content = pdf.html_to_pdf(html)
    assert "Xin chào" in pdf_text(content)
    assert "http://127.0.0.1:9/tracker.png" in asked and "file:///etc/passwd" in asked  # asked, and refused
    assert any(url.startswith("xeploaifont:") for url in asked)


def test_user_text_is_printed_as_text(vote_scene, no_network):
    evil = '<img src="http://127.0.0.1:9/x.png"> Ngô Bảo Châu'
    cell_b = vote_scene.tree.cell_b  # its roster is not opened yet: the form lists the cell's members
    make_member(cell_b, evil)
    doc = tally_minutes(cell_source(vote_scene.period, cell_b))
    html = pdf.render_html("tally_minutes", doc, "x")
    assert "<img src=" not in html and "&lt;img" in html
    assert "Ngô Bảo Châu" in pdf_text(pdf.html_to_pdf(html))


def test_a_missing_font_is_reported_by_the_system_checks(monkeypatch, tmp_path):
    from xeploai.reports.checks import report_fonts

    assert report_fonts() == []
    monkeypatch.setattr(fetcher, "FONT_DIRS", ())
    monkeypatch.setenv("REPORT_FONT_DIR", str(tmp_path))
    fetcher.font_path.cache_clear()
    try:
        warnings = report_fonts()
    finally:
        fetcher.font_path.cache_clear()
    assert [w.id for w in warnings] == ["reports.W001"] and "fonts-liberation2" in warnings[0].hint
