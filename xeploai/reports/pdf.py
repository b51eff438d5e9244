"""PDF layout of the report objects: a Django template per document, printed by WeasyPrint (A4, Liberation Serif).

The templates only lay the object out (no queries, no arithmetic); `static/reports/print.css` holds the Party
document layout: margins, the header, the title, the signature block, tables that repeat their header and never
cut a row across pages.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML

from .fetcher import REPORT_ORIGIN, ProjectFetcher

TEMPLATES = {
    "self_review": "reports/pdf/self_review.html",
    "ballots": "reports/pdf/ballots.html",
    "tally_minutes": "reports/pdf/tally_minutes.html",
    "cell_results": "reports/pdf/cell_results.html",
    "summary": "reports/pdf/summary.html",
    "plan": "reports/pdf/plan.html",
    "unit_report": "reports/pdf/unit_report.html",
    "decision": "reports/pdf/decision.html",
    "dossier": "reports/pdf/dossier.html",
}


def render_html(kind: str, doc: Any, title: str) -> str:
    """The printable HTML of a document (also what the tests and the fetcher see)."""
    return render_to_string(TEMPLATES[kind], {"doc": doc, "doc_title": title})


def html_to_pdf(html: str) -> bytes:
    """Print HTML to PDF bytes; resources come only through ``ProjectFetcher``."""
    return HTML(string=html, base_url=REPORT_ORIGIN + "/", url_fetcher=ProjectFetcher()).write_pdf()


def render_pdf(kind: str, doc: Any, title: str) -> bytes:
    return html_to_pdf(render_html(kind, doc, title))
