"""The app's one number field and one date field, as Vietnamese users type them.

- Numbers are text inputs with `inputmode="decimal"` (or "numeric"): "27,5" and "27.5" are the same number, shown
  back as "27,5"; "27,5,1", "1.234,5", Arabic-Indic or full-width digits, and a minus sign where the field takes no
  negative number ("-0" included) are refused with one message.
- Dates are text inputs typed as dd/mm/yyyy (d/m/yy, dd-mm-yyyy and dd.mm.yyyy too), shown back as dd/mm/yyyy, with
  a plausibility window per field; a small calendar button (static/js/app.js) fills the text in the same format.
  A browser's own `type="date"` shows the computer's locale (mm/dd/yyyy on an English Windows) and is not used.
- Every message names its field once ("Số phiếu thu vào: nhập một số nguyên."): `NamedErrors`.
- `vi_formfield` makes a ModelForm use these fields for every decimal, integer and date column (`ViModelForm`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DECIMAL = re.compile(r"(?P<sign>[-+]?)(?P<whole>[0-9]+)(?:[.,](?P<frac>[0-9]+))?")
_INTEGER = re.compile(r"(?P<sign>[-+]?)(?P<whole>[0-9]+)")
_DMY = re.compile(r"(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})")
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # no date of this app's records lies outside


def vn_number(value: Decimal | int | float | None) -> str:
    """27.50 → "27,5"; 28.00 → "28"; None → ""."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = format(number.normalize() if number == number.to_integral() else number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _clean_text(value: Any) -> str:
    return _SPACES.sub("", str(value)) if value is not None else ""


class NumberInput(forms.TextInput):
    """A text box for a number: the phone shows its number keys with a comma, the value is shown with a comma."""

    def __init__(self, attrs: dict | None = None, decimal: bool = True) -> None:
        base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off", "class": "form-control"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return vn_number(value)
        return super().format_value(value)


class DateInput(forms.TextInput):
    """A text box for dd/mm/yyyy; app.js adds a calendar button beside it that writes the same format."""

    def __init__(self, attrs: dict | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "class": "form-control xl-date",
                "data-xl-date": "1", "maxlength": "10"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return vn_date(value)
        return super().format_value(value)


class _Bounded:
    """Bounds with a Vietnamese message (the label is added by NamedErrors)."""

    def _check_bounds(self, value) -> None:
        if value is None:
            return
        low, high = self.min_value, self.max_value
        if low is not None and value < low:
            raise ValidationError(f"không được nhỏ hơn {vn_number(low)}.", code="min_value")
        if high is not None and value > high:
            raise ValidationError(f"không được lớn hơn {vn_number(high)}.", code="max_value")

    def _refuse_sign(self, sign: str) -> None:
        if sign == "-" and not (self.min_value is not None and self.min_value < 0):
            raise ValidationError("không được âm (nhập số từ 0 trở lên).", code="negative")


class DecimalField(_Bounded, forms.Field):
    """A decimal typed with a comma or a dot; `places` digits at most after it."""

    widget = NumberInput

    def __init__(self, *, min_value: Decimal | int | None = None, max_value: Decimal | int | None = None,
                 max_digits: int | None = None, decimal_places: int | None = None, **kwargs) -> None:
        self.min_value, self.max_value = min_value, max_value
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("widget", NumberInput(decimal=True))
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = _clean_text(value)
        if text in self.empty_values:
            return None
        match = _DECIMAL.fullmatch(text)
        if not match:
            raise ValidationError("nhập một số, ví dụ 27,5 (dấu phẩy thập phân).", code="invalid")
        self._refuse_sign(match["sign"])
        frac = match["frac"] or ""
        if self.decimal_places is not None and len(frac.rstrip("0")) > self.decimal_places:
            raise ValidationError(f"tối đa {self.decimal_places} chữ số sau dấu phẩy.", code="max_decimal_places")
        try:
            number = Decimal(f"{'-' if match['sign'] == '-' else ''}{match['whole']}.{frac or '0'}")
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
            raise ValidationError("nhập một số.", code="invalid") from error
        if self.max_digits is not None and self.decimal_places is not None:
            whole_digits = len(match["whole"].lstrip("0"))
            if whole_digits > self.max_digits - self.decimal_places:
                raise ValidationError("số quá lớn.", code="max_whole_digits")
        if self.decimal_places is not None:
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places))
        return number

    def validate(self, value) -> None:
        super().validate(value)
        self._check_bounds(value)

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != (self.to_python(initial) if initial not in (None, "") else None)
        except ValidationError:
            return True


class IntegerField(_Bounded, forms.Field):
    """A whole number of ASCII digits; "3.0", "٣" and a needless minus sign are refused."""

    widget = NumberInput

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs) -> None:
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", NumberInput(decimal=False))
        kwargs.pop("localize", None)
        kwargs.pop("step_size", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = _clean_text(value)
        if text in self.empty_values:
            return None
        match = _INTEGER.fullmatch(text)
        if not match:
            raise ValidationError("nhập một số nguyên (chỉ chữ số 0–9).", code="invalid")
        self._refuse_sign(match["sign"])
        if len(match["whole"].lstrip("0")) > 12:
            raise ValidationError("số quá lớn.", code="max_value")
        return int(f"{'-' if match['sign'] == '-' else ''}{match['whole']}")

    def validate(self, value) -> None:
        super().validate(value)
        self._check_bounds(value)


_RATIO = re.compile(r"(?P<num>[0-9]+)/(?P<den>[0-9]+)")


def vn_fraction(value: Fraction | None, percent: bool = False) -> str:
    """Fraction(3, 20) → "15 %" (``percent``) or "3/20"; a share that is no whole hundredth stays "2/3"."""
    if value is None:
        return ""
    hundred = value * 100
    if percent and (hundred * 100).denominator == 1:
        return f"{vn_number(Decimal(hundred.numerator) / Decimal(hundred.denominator))} %"
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


class FractionInput(forms.TextInput):
    """A text box for a share: "2/3", "15 %", "0,15"."""

    def __init__(self, attrs: dict | None = None, percent: bool = False) -> None:
        self.percent = percent
        base = {"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Fraction):
            return vn_fraction(value, self.percent)
        return super().format_value(value)


class FractionField(_Bounded, forms.Field):
    """A share typed as a fraction ("2/3"), a percentage ("15 %", "12,5%") or a decimal ("0,15"), kept exact."""

    def __init__(self, *, min_value: Fraction | int = 0, max_value: Fraction | int = 1, percent: bool = False,
                 **kwargs) -> None:
        self.min_value, self.max_value = Fraction(min_value), Fraction(max_value)
        kwargs.setdefault("widget", FractionInput(percent=percent))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Fraction | None:
        if isinstance(value, Fraction):
            return value
        text = _clean_text(value)
        if text in self.empty_values:
            return None
        percent = text.endswith("%")
        text = text.rstrip("%")
        ratio, number = _RATIO.fullmatch(text), _DECIMAL.fullmatch(text)
        if ratio and not percent:
            if int(ratio["den"]) == 0:
                raise ValidationError("mẫu số phải khác 0.", code="invalid")
            return Fraction(int(ratio["num"]), int(ratio["den"]))
        if not number:
            raise ValidationError("nhập một tỷ lệ, ví dụ 2/3, 15 % hoặc 0,15.", code="invalid")
        self._refuse_sign(number["sign"])
        share = Fraction(f"{'-' if number['sign'] == '-' else ''}{number['whole']}.{number['frac'] or '0'}")
        return share / 100 if percent else share

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and not self.min_value <= value <= self.max_value:
            low, high = vn_fraction(self.min_value, True), vn_fraction(self.max_value, True)
            raise ValidationError(f"phải từ {low} đến {high} (ví dụ 2/3, 15 % hoặc 0,15).", code="out_of_range")

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


DateBound = date | Callable[[], date | None] | None


class DateField(forms.Field):
    """A date typed as dd/mm/yyyy; `earliest`/`latest` (dates or callables) give the window the field accepts."""

    widget = DateInput

    def __init__(self, *, earliest: DateBound = None, latest: DateBound = None, window_note: str = "",
                 **kwargs) -> None:
        self.earliest, self.latest, self.window_note = earliest, latest, window_note
        kwargs.setdefault("widget", DateInput())
        kwargs.pop("input_formats", None)
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        text = _clean_text(value)
        if text in self.empty_values:
            return None
        match = _DMY.fullmatch(text) or _ISO.fullmatch(text)
        if not match:
            raise ValidationError("nhập ngày theo dạng ngày/tháng/năm, ví dụ 20/12/2026.", code="invalid")
        year = int(match["y"])
        if len(match["y"]) == 2:
            year += 2000 if 2000 + year <= date.today().year + 20 else 1900
        try:
            return date(year, int(match["m"]), int(match["d"]))
        except ValueError as error:
            raise ValidationError(
                f"không có ngày {int(match['d']):02d}/{int(match['m']):02d}/{year} (ngày hoặc tháng sai; "
                "nhập theo thứ tự ngày/tháng/năm).", code="invalid"
            ) from error

    def bounds(self) -> tuple[date, date]:
        def resolve(bound: DateBound, default: date) -> date:
            value = bound() if callable(bound) else bound
            return value or default

        return resolve(self.earliest, EARLIEST), resolve(self.latest, LATEST)

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        low, high = self.bounds()
        if not low <= value <= high:
            note = f" ({self.window_note})" if self.window_note else ""
            raise ValidationError(f"phải từ {vn_date(low)} đến {vn_date(high)}{note}; đã nhập {vn_date(value)}.",
                                  code="out_of_window")


def vi_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's field for a model column: ours for decimals, integers and dates, Django's otherwise."""
    if getattr(db_field, "choices", None):
        return db_field.formfield(**kwargs)
    common = {"required": not db_field.blank, "label": db_field.verbose_name[:1].upper() + db_field.verbose_name[1:],
              "help_text": db_field.help_text}
    if db_field.has_default():
        common["initial"] = db_field.get_default()
    common.update(kwargs)
    common.pop("form_class", None)
    if isinstance(db_field, models.DecimalField):
        return DecimalField(max_digits=db_field.max_digits, decimal_places=db_field.decimal_places, **common)
    if isinstance(db_field, (models.PositiveIntegerField, models.PositiveSmallIntegerField,
                             models.PositiveBigIntegerField)):
        return IntegerField(min_value=0, **common)
    if isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
        return IntegerField(**common)
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return DateField(**common)
    return db_field.formfield(**kwargs)


class NamedErrors:
    """Every message names its field once ("Số phiếu thu vào: nhập một số nguyên."); Django's own do not."""

    STALE = "Trang đã cũ hoặc bị sửa: vui lòng tải lại trang rồi nhập lại."

    def full_clean(self) -> None:
        super().full_clean()
        for name, errors in list(getattr(self, "_errors", {}).items()):
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            label = str(self.fields[name].label or name)
            if name == "version":
                self._errors[name] = self.error_class([self.STALE])
                continue
            self._errors[name] = self.error_class([named_message(label, message) for message in errors])


def named_message(label: str, message: str) -> str:
    """The message with its field's name once: "Trần Văn A: số nhiệm vụ vượt …", never the name twice."""
    head, _, field = label.rpartition(": ")
    if message.lower().startswith(label.lower()):
        return message
    if head and message.lower().startswith(field.lower()):
        return f"{head}: {message}"
    return message if ": " in message[:80] else f"{label}: {message}"


class ViModelForm(NamedErrors, forms.ModelForm):
    """A ModelForm whose numbers and dates are the fields above."""

    class Meta:
        formfield_callback = vi_formfield
