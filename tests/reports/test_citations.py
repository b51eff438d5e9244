"""Every printed paper and workbook cites documents as users know them: no "§", no file name of our references, no
DOMAIN section, no ': hiện hành' (issue 14)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.internal_refs import internal_references
from tests.reports.conftest import pdf_text
from xeploai.reports import catalog, documents


def _workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


@pytest.mark.parametrize("scene_name", ["vote_scene", "score_scene"])
@pytest.mark.django_db
def test_no_paper_shows_an_internal_reference(request, scene_name):
    scene = request.getfixturevalue(scene_name)
    problems, written = [], 0
    for unit in (scene.cell, scene.period.committee):
        for kind in catalog.KINDS:
            if kind.key == "decision" or not catalog.applies(kind, scene.period, unit):
                continue
            for fmt in kind.formats:
                target = io.BytesIO()
                documents.write(kind, fmt, scene.period, unit, target, documents.Options(today=date(2014, 12, 1)))
                text = pdf_text(target.getvalue()) if fmt == catalog.PDF else _workbook_text(target.getvalue())
                written += 1
                problems += [(kind.key, fmt, unit.code, hit) for hit in internal_references(text)]
    assert written >= 8
    assert not problems, problems
