"""Produce a document: build its report object from the database, then lay it out as PDF or as a workbook.

Used by the download views and by `manage.py report`; nothing here checks access (the callers do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from xeploai.orgs.models import Organization
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import Reclassification

from . import data, pdf, xlsx
from .catalog import PDF, XLSX, Kind
from .data.plan import DECISION_RELATED, Decisions, reclassification_decision
from .data.summary import PRINT_ROWS, subtree

MAX_COPIES = 200


@dataclass(frozen=True)
class Options:
    """What a caller may choose: the day of a summary, one member's form, the number of ballots."""

    today: date
    member_id: int | None = None
    copies: int | None = None
    print_rows: int = PRINT_ROWS


def _cell(builder: Callable[..., Any]) -> Callable[[ReviewPeriod, Organization, Options], Any]:
    return lambda period, unit, options: builder(data.cell_source(period, unit))


BUILDERS: dict[str, Callable[[ReviewPeriod, Organization, Options], Any]] = {
    "summary": lambda period, unit, options: data.committee_summary(period, unit, options.today, with_pools=True),
    "plan": lambda period, unit, options: data.plan_document(period),
    "unit_report": lambda period, unit, options: data.unit_report(period, unit),
    "self_review": lambda period, unit, options: data.self_review_forms(data.cell_source(period, unit),
                                                                          options.member_id),
    "ballots": lambda period, unit, options: data.ballots(data.cell_source(period, unit),
                                                          min(options.copies, MAX_COPIES) if options.copies else None),
    "tally_minutes": _cell(data.tally_minutes),
    "cell_results": _cell(data.cell_results),
    "dossier": _cell(data.dossier_checklist),
    "decision": lambda period, unit, options: data.decisions_for(period, unit),
}


def build(kind: Kind, period: ReviewPeriod, unit: Organization, options: Options) -> Any:
    """The report object of a document (what the HTML preview, the PDF and the workbook lay out)."""
    return BUILDERS[kind.key](period, unit, options)


def title(kind: Kind, period: ReviewPeriod, unit: Organization) -> str:
    return f"{kind.title} – {unit.name} – năm {period.year}"


def write(kind: Kind, fmt: str, period: ReviewPeriod, unit: Organization, target: IO[bytes],
          options: Options) -> None:
    """Write the document in ``fmt`` to ``target`` (a binary file)."""
    if fmt == XLSX:
        write_workbook(kind, period, unit, target, options)
    elif fmt == PDF:
        doc = build(kind, period, unit, options)
        if kind.key == "summary":
            doc = doc.for_print(options.print_rows)
        target.write(pdf.render_pdf(kind.key, doc, title(kind, period, unit)))
    else:
        raise ValueError(fmt)


def write_workbook(kind: Kind, period: ReviewPeriod, unit: Organization, target: IO[bytes],
                   options: Options) -> int:
    """The summary workbook (with its detail sheet), or the cell's result list as a detail sheet."""
    if kind.key == "summary":
        doc = data.committee_summary(period, unit, options.today, with_pools=True)
        return xlsx.summary_workbook(doc, data.detail_rows(period, doc.nodes), target)
    heading = f"Danh sách kết quả xếp loại đảng viên năm {period.year} – {unit.name}"
    return xlsx.detail_workbook(heading, data.detail_rows(period, subtree(unit)[:1]), target)


def decision_pdf(row: Reclassification) -> bytes:
    """One re-classification decision (form 03), from its row loaded with ``DECISION_RELATED``."""
    doc = Decisions((reclassification_decision(row),))
    return pdf.render_pdf("decision", doc, f"Quyết định xếp loại lại – năm {row.period.year}")


def reclassification(pk: int) -> Reclassification | None:
    return Reclassification.objects.select_related(*DECISION_RELATED).filter(pk=pk).first()


def decision_unit(row: Reclassification) -> Organization:
    """The unit whose result was annulled (a member's cell, or the unit itself)."""
    return row.member_review.unit if row.member_review_id else row.unit_review.unit
