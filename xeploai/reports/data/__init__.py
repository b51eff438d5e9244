"""One frozen report object per document, built from the database in a fixed number of queries.

`pdf.py`, `xlsx.py` and the HTML preview only lay these objects out, so the screen, the PDF and the workbook agree.
"""

from .cell import Ballots, CellSource, TallyMinutes, ballots, cell_source, tally_minutes
from .common import Letterhead, PeriodInfo, Signature, period_info
from .detail import DetailRow, detail_rows
from .forms import SelfReviewForm, SelfReviewForms, self_review_forms
from .plan import Decisions, PlanDocument, ReclassificationDecision, decisions_for, plan_document
from .results import CellResults, DossierChecklist, cell_results, dossier_checklist
from .summary import CommitteeSummary, committee_summary
from .unit_report import UnitReport, unit_report

__all__ = [
    "Ballots", "CellResults", "CellSource", "CommitteeSummary", "Decisions", "DetailRow", "DossierChecklist",
    "Letterhead", "PeriodInfo", "PlanDocument", "ReclassificationDecision", "SelfReviewForm", "SelfReviewForms",
    "Signature", "TallyMinutes", "UnitReport", "ballots", "cell_results", "cell_source", "committee_summary",
    "decisions_for", "detail_rows", "dossier_checklist", "period_info", "plan_document", "self_review_forms",
    "tally_minutes", "unit_report",
]
