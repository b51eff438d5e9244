"""The unit's score sheet (001 §2.2): criteria lines with maximum, self score, checked score, bonus and deduction.

The engine's sheet rules (xeploai.rules.scoresheet) validate the whole sheet and report every problem; each is put
on the line and field it names.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms

from xeploai.lib import forms as vi
from xeploai.lib.forms import NamedErrors
from xeploai.rules.scoresheet import FRAME_001, ScoreFrame, score_sheet_total, validate_score_sheet

# 001 §2.2: 90 points over the criteria plus up to 10 bonus points. Plans without bonus points score out of 100.
FRAMES = {"lamdong-2021": FRAME_001}
PLAIN_FRAME = ScoreFrame(base_max=Fraction(100), bonus_max=Fraction(0))
STARTER_LINES = [  # a starting sheet the cell edits to its plan's own criteria (90 points, as in 001)
    ("1. Lãnh đạo thực hiện nhiệm vụ chính trị", 25),
    ("2. Công tác chính trị, tư tưởng", 15),
    ("3. Công tác tổ chức, cán bộ, đảng viên", 25),
    ("4. Công tác kiểm tra, giám sát", 15),
    ("5. Lãnh đạo đoàn thể, xây dựng cơ quan", 10),
]
FIELD_FOR = {
    "criterion": "criterion",
    "max": "max_points",
    "self": "self_points",
    "approved": "approved_points",
    "bonus": "bonus",
    "deductions": "ded_points",
}
DEDUCTION_FIELDS = {
    "criterion": "ded_criterion",
    "points": "ded_points",
    "reason": "ded_reason",
    "remedy": "ded_remedy",
}


def frame_for(ruleset_code: str) -> ScoreFrame:
    return FRAMES.get(ruleset_code, PLAIN_FRAME)


class LineForm(NamedErrors, forms.Form):
    line_id = vi.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    criterion = forms.CharField(label="Nội dung, tiêu chí", max_length=300, required=False)
    max_points = vi.DecimalField(label="Điểm tối đa", max_digits=5, decimal_places=2, required=False)
    self_points = vi.DecimalField(label="Tự chấm", max_digits=5, decimal_places=2, required=False)
    approved_points = vi.DecimalField(label="Cấp trên chấm", max_digits=5, decimal_places=2, required=False)
    excellent = forms.BooleanField(label="Xuất sắc", required=False)
    bonus = vi.DecimalField(label="Điểm cộng", max_digits=4, decimal_places=2, required=False)
    ded_points = vi.DecimalField(label="Điểm trừ", max_digits=5, decimal_places=2, required=False)
    ded_criterion = forms.CharField(label="Nội dung bị trừ", max_length=300, required=False)
    ded_reason = forms.CharField(label="Nguyên nhân, lý do", max_length=500, required=False)
    ded_remedy = forms.CharField(label="Hướng khắc phục", max_length=500, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("criterion") and data.get("max_points") is None

    def as_line(self) -> dict[str, Any]:
        data = self.cleaned_data
        line: dict[str, Any] = {
            "criterion": data.get("criterion") or "",
            "max": data.get("max_points"),
            "excellent": bool(data.get("excellent")),
            "bonus": data.get("bonus") or Decimal(0),
        }
        for key, name in (("self", "self_points"), ("approved", "approved_points")):
            if data.get(name) is not None:
                line[key] = data[name]
        if data.get("ded_points") is not None or data.get("ded_reason") or data.get("ded_remedy"):
            line["deductions"] = [
                {
                    "criterion": data.get("ded_criterion") or "",
                    "points": data.get("ded_points"),
                    "reason": data.get("ded_reason") or "",
                    "remedy": data.get("ded_remedy") or "",
                }
            ]
        return line


class BaseSheetFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "Biểu điểm gửi lên không đầy đủ: vui lòng tải lại trang rồi nhập lại.",
        "too_many_forms": "Biểu điểm có quá nhiều dòng.",
        "too_few_forms": "Biểu điểm thiếu dòng.",
    }

    def __init__(self, *args, frame: ScoreFrame, **kwargs) -> None:
        self.frame = frame
        super().__init__(*args, **kwargs)

    def kept(self) -> list[LineForm]:
        return [f for f in self.forms if f.is_valid() and not f.is_blank() and not self._should_delete_form(f)]

    def sheet(self, with_approved: bool = True) -> dict[str, Any]:
        lines = [form.as_line() for form in self.kept()]
        if not with_approved:
            for line in lines:
                line.pop("approved", None)
        return {"lines": lines}

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        kept = self.kept()
        for problem in validate_score_sheet(self.sheet(), self.frame):
            self._place(problem.field, problem.message, kept)

    def _place(self, field: str, message: str, kept: list[LineForm]) -> None:
        """Put a problem like lines[2].deductions[0].reason on the form and field it names."""
        parts = field.replace("]", "").split(".")
        if not parts[0].startswith("lines["):
            raise forms.ValidationError(f"Biểu điểm: {message}.")
        form = kept[int(parts[0].split("[")[1])]
        key = parts[1] if len(parts) > 1 else "criterion"
        name = (
            DEDUCTION_FIELDS.get(parts[2], "ded_points")
            if key.startswith("deductions[") and len(parts) > 2
            else FIELD_FOR.get(key.split("[")[0])
        )
        plain = message.split(": ", 1)[1] if message.startswith(("lines[", "deductions")) else message
        form.add_error(name, f"{form.cleaned_data.get('criterion') or 'Tiêu chí'}: {plain}.")

    def totals(self) -> tuple[Fraction, Fraction | None]:
        """(self-score total, checked total or None when no line has a checked score)."""
        own = score_sheet_total(self.sheet(with_approved=False), self.frame)
        checked = any(form.cleaned_data.get("approved_points") is not None for form in self.kept())
        return own, (score_sheet_total(self.sheet(), self.frame) if checked else None)


SheetFormSet = forms.formset_factory(LineForm, formset=BaseSheetFormSet, extra=2, can_delete=True)


def initial_lines(lines) -> list[dict[str, Any]]:
    if not lines:
        return [{"criterion": name, "max_points": Decimal(points)} for name, points in STARTER_LINES]
    rows = []
    for line in lines:
        deduction = (line.deductions or [{}])[0]
        rows.append(
            {
                "line_id": line.pk,
                "criterion": line.criterion,
                "max_points": line.max_points,
                "self_points": line.self_points,
                "approved_points": line.approved_points,
                "excellent": line.excellent,
                "bonus": line.bonus or None,
                "ded_points": deduction.get("points"),
                "ded_criterion": deduction.get("criterion", ""),
                "ded_reason": deduction.get("reason", ""),
                "ded_remedy": deduction.get("remedy", ""),
            }
        )
    return rows
