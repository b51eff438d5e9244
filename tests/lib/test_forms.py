"""The app's number and date fields: what Vietnamese users type is understood, the rest refused with one message."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from xeploai.lib import forms as vi

ROOT = Path(__file__).resolve().parents[2]


class Sample(vi.NamedErrors, forms.Form):
    score = vi.DecimalField(label="Điểm tự chấm", max_digits=5, decimal_places=2, min_value=0, max_value=30,
                            required=False)
    months = vi.DecimalField(label="Số tháng nghỉ ốm", max_digits=4, decimal_places=1, min_value=0, max_value=12,
                             required=False)
    count = vi.IntegerField(label="Số phiếu", min_value=0, max_value=1000, required=False)
    day = vi.DateField(label="Ngày họp", earliest=date(2026, 1, 1), latest=date(2026, 12, 31), required=False,
                       window_note="cuộc họp kiểm điểm năm 2026")


def clean(**data):
    form = Sample(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(("typed", "stored"), [
    ("27,5", Decimal("27.50")), ("27.5", Decimal("27.50")), (" 27,5 ", Decimal("27.50")), ("0", Decimal("0.00")),
    ("30", Decimal("30.00")), ("0,25", Decimal("0.25")), ("1\u00a05", Decimal("15.00")),
])
def test_a_decimal_with_a_comma_or_a_dot_is_the_same_number(typed, stored):
    form = clean(score=typed)
    assert not form.errors and form.cleaned_data["score"] == stored


@pytest.mark.parametrize("typed", ["27,5,1", "1.234,5", "٣", "２７", "27,", ",5", "abc", "2e1", "27 ,5x"])
def test_anything_else_is_refused_naming_the_field_once(typed):
    form = clean(score=typed)
    assert form.errors["score"] == ["Điểm tự chấm: nhập một số, ví dụ 27,5 (dấu phẩy thập phân)."]


@pytest.mark.parametrize("typed", ["-0", "-1", "-0,5"])
def test_a_minus_sign_is_refused_where_negatives_make_no_sense(typed):
    assert clean(months=typed).errors["months"] == ["Số tháng nghỉ ốm: không được âm (nhập số từ 0 trở lên)."]
    assert clean(count=typed.replace(",5", "")).errors["count"][0].startswith("Số phiếu: không được âm")


def test_bounds_and_places_are_named():
    assert clean(score="30,5").errors["score"] == ["Điểm tự chấm: không được lớn hơn 30."]
    assert clean(months="1,55").errors["months"] == ["Số tháng nghỉ ốm: tối đa 1 chữ số sau dấu phẩy."]
    assert clean(months="1,5").cleaned_data["months"] == Decimal("1.5")  # not 15, as number inputs made it
    assert clean(months="0,5").cleaned_data["months"] == Decimal("0.5")  # not 5


@pytest.mark.parametrize("typed", ["3.0", "٣", "3,5", "+", "1e3", "３"])
def test_integers_are_ascii_digits(typed):
    assert clean(count=typed).errors["count"] == ["Số phiếu: nhập một số nguyên (chỉ chữ số 0–9)."]


@pytest.mark.parametrize(("typed", "stored"), [
    ("20/12/2026", date(2026, 12, 20)), ("1/11/2026", date(2026, 11, 1)), ("01/11/26", date(2026, 11, 1)),
    ("20-12-2026", date(2026, 12, 20)), ("20.12.2026", date(2026, 12, 20)), ("2026-12-20", date(2026, 12, 20)),
])
def test_dates_are_day_first(typed, stored):
    form = clean(day=typed)
    assert not form.errors and form.cleaned_data["day"] == stored


def test_a_date_outside_its_window_or_impossible_is_named():
    assert clean(day="31/12/9999").errors["day"] == [
        "Ngày họp: phải từ 01/01/2026 đến 31/12/2026 (cuộc họp kiểm điểm năm 2026); đã nhập 31/12/9999."]
    assert clean(day="01/01/0001").errors["day"][0].startswith("Ngày họp: phải từ 01/01/2026")
    assert clean(day="12/31/2026").errors["day"] == [
        "Ngày họp: không có ngày 12/31/2026 (ngày hoặc tháng sai; nhập theo thứ tự ngày/tháng/năm)."]
    assert clean(day="mai").errors["day"] == ["Ngày họp: nhập ngày theo dạng ngày/tháng/năm, ví dụ 20/12/2026."]


def test_values_are_shown_back_with_the_comma_and_day_first():
    form = Sample(initial={"score": Decimal("27.50"), "months": Decimal("1.0"), "day": date(2026, 11, 1)})
    html = str(form["score"]) + str(form["months"]) + str(form["day"])
    assert 'value="27,5"' in html and 'value="1"' in html and 'value="01/11/2026"' in html
    assert 'inputmode="decimal"' in html and 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'type="number"' not in html and 'type="date"' not in html
    bound = Sample({"score": "27,5x"})
    bound.is_valid()
    assert 'value="27,5x"' in str(bound["score"])  # what was typed stays to be corrected
    assert 'aria-invalid="true"' in str(bound["score"])


@given(st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False))
def test_what_is_shown_reads_back_as_the_same_number(value):
    shown = vi.vn_number(value)
    assert "." not in shown
    form = clean(score=shown)
    assert form.cleaned_data["score"] == value


def _python_files():
    return [path for path in (ROOT / "xeploai").rglob("*.py") if "migrations" not in path.parts]


def test_no_form_uses_a_stock_number_or_date_field():
    """One number field and one date field for the whole app: no Django DecimalField/IntegerField/FloatField/
    DateField, no NumberInput or type=date widget outside xeploai/lib/forms.py (the admin aside)."""
    offenders = []
    stock = {"DecimalField", "IntegerField", "FloatField", "DateField", "NumberInput", "DateInput", "DateTimeField"}
    for path in _python_files():
        if (path.name in ("forms.py",) and path.parent.name == "lib") or path.name == "admin.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in stock and isinstance(node.value, ast.Name)
                    and node.value.id == "forms"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} forms.{node.attr}")
    templates = [p for p in (ROOT / "templates").rglob("*.html") if "pdf" not in p.parts]
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for marker in ('type="number"', 'type="date"', "type=number", "type=date"):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []


def test_every_model_form_takes_our_fields_for_numbers_and_dates():
    from xeploai.reviews import forms as review_forms

    for form_class in (review_forms.SelfReviewForm, review_forms.MemberFactsForm, review_forms.UnitFactsForm):
        for name, field in form_class.base_fields.items():
            if name == "version":
                continue
            assert not isinstance(field, (forms.DecimalField, forms.IntegerField, forms.DateField)), (form_class, name)
