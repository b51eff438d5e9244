"""The dashboard's rules, progress and charts are pure (STYLE.md): tested without a database, they import no Django."""

import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "xeploai" / "dashboard"


@pytest.mark.parametrize("name", ["progress.py", "plan_rules.py", "charts.py"])
def test_pure_modules_import_neither_django_nor_a_clock(name):
    text = (APP / name).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+(django|xeploai)\b", text, re.MULTILINE)
    assert not re.search(r"\b(date\.today|datetime\.now|timezone\.now)\(", text)
