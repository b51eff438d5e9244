"""Forms of the plan: the period's header, a step, the supervisors. Messages in Vietnamese, naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from xeploai.lib import forms as vi
from xeploai.orgs.models import OrgKind
from xeploai.reviews.models import STEP_CHECKS, ReviewPeriod, RuleSet

from . import plan_rules
from .progress import CHECK_LABELS, infer_check


def name_the_fields(form: forms.BaseForm) -> None:
    """Django's messages do not say which field is wrong; ours start with the field's label."""
    for field in form.fields.values():
        label = str(field.label)
        field.error_messages.update({
            "required": f"{label}: bắt buộc nhập.",
            "invalid": f"{label}: không đúng định dạng.",
            "invalid_choice": f"{label}: lựa chọn không có trong danh sách.",
            "invalid_list": f"{label}: lựa chọn không hợp lệ.",
            "max_length": f"{label}: tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
            "min_value": f"{label}: nhỏ nhất là %(limit_value)s.",
            "max_value": f"{label}: lớn nhất là %(limit_value)s.",
        })


def _add_problems(form: forms.BaseForm, problems: list[tuple[str, str]]) -> None:
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


class RuleSetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RuleSet) -> str:
        return obj.name


class PeriodForm(vi.NamedErrors, forms.Form):
    """The plan's header (000 header: "Số 146-KH/ĐU … ngày 04 tháng 11 năm 2014")."""

    year = vi.IntegerField(label="Năm", min_value=plan_rules.YEAR_MIN, max_value=plan_rules.YEAR_MAX)
    plan_number = forms.CharField(label="Số kế hoạch", max_length=40, help_text="Ví dụ: 146-KH/ĐU")
    plan_date = vi.DateField(label="Ngày kế hoạch")
    issuing_body = forms.CharField(label="Cơ quan ban hành", max_length=200)
    title = forms.CharField(label="Trích yếu", max_length=400, widget=forms.Textarea(attrs={"rows": 3}))
    ruleset = RuleSetChoice(label="Bộ quy tắc xếp loại", queryset=RuleSet.objects.order_by("code"),
                            widget=forms.RadioSelect, empty_label=None)
    review_date = vi.DateField(label="Ngày kiểm điểm (mốc tính)",
                                  help_text="Ngày tính đủ 6 tháng tuổi đảng và các chức vụ đang giữ.")

    def __init__(self, *args, committee, period: ReviewPeriod | None = None, lock_ruleset: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee, self.period = committee, period
        if period is not None:
            self.fields["year"].disabled = True
        if lock_ruleset:
            self.fields["ruleset"].disabled = True
            self.fields["ruleset"].help_text = "Kỳ đã có hồ sơ kiểm điểm: không đổi bộ quy tắc được nữa."
        name_the_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        _add_problems(self, plan_rules.period_date_problems(year, data.get("plan_date"), data.get("review_date")))
        others = ReviewPeriod.objects.filter(committee=self.committee, year=year)
        if self.period is not None:
            others = others.exclude(pk=self.period.pk)
        if year and others.exists():
            self.add_error("year", f"Năm: {self.committee.name} đã có kỳ kiểm điểm năm {year}.")
        return data


class CopyForm(PeriodForm):
    copy_supervisors = forms.BooleanField(
        label="Giữ phân công phụ trách (với các đồng chí vẫn là cấp ủy viên)", required=False, initial=True
    )


def copy_initial(source: ReviewPeriod) -> dict[str, Any]:
    """Next year's header from last year's: dates shifted by a year, the year in the title moved on."""
    return {
        "year": source.year + 1, "plan_number": "", "issuing_body": source.issuing_body,
        "plan_date": plan_rules.shift_year(source.plan_date), "review_date": plan_rules.shift_year(source.review_date),
        "title": plan_rules.shift_text_year(source.title, source.year), "ruleset": source.ruleset_id,
        "copy_supervisors": True,
    }


UNIT_KIND_CHOICES = OrgKind.choices


class StepForm(vi.NamedErrors, forms.Form):
    """A timeline step: its title, the kinds of unit it is for, and its dates."""

    title = forms.CharField(label="Nội dung", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    unit_kinds = forms.MultipleChoiceField(
        label="Áp dụng cho", choices=UNIT_KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Không chọn loại nào: áp dụng cho mọi tổ chức.",
    )
    start = vi.DateField(label="Từ ngày")
    due = vi.DateField(label="Hạn hoàn thành")
    done_when = forms.ChoiceField(label="Hoàn thành khi", choices=STEP_CHECKS, required=False,
                              help_text="Để trống: chương trình tự nhận biết theo nội dung của bước.")

    def __init__(self, *args, period: ReviewPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["title"].help_text = (
            "Trạng thái từng đơn vị được suy ra từ số liệu theo nội dung: “tự kiểm điểm” (bản tự kiểm điểm đã nộp), "
            "“nơi cư trú”, “họp”/“bỏ phiếu” (đã nhập kiểm phiếu hoặc điểm), “báo cáo”/“gửi hồ sơ” (đã gửi cấp trên), "
            "“thẩm định”/“công nhận”."
        )
        name_the_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _add_problems(self, plan_rules.step_date_problems(self.period.year, data.get("start"), data.get("due")))
        return data

    @property
    def check_label(self) -> str:
        def value(key: str) -> str:
            return (self.data.get(self.add_prefix(key)) if self.is_bound else self.initial.get(key)) or ""

        return CHECK_LABELS.get(value("done_when")) or CHECK_LABELS[infer_check(value("title"))]


def step_initial(step) -> dict[str, Any]:
    return {"title": step.title, "unit_kinds": list(step.unit_kinds or []), "start": step.start, "due": step.due,
            "done_when": step.done_when}


def default_step_dates(period: ReviewPeriod, last_due: date | None) -> dict[str, date]:
    """A new step starts the day after the last one is due (or on the plan's date)."""
    start = last_due + timedelta(days=1) if last_due else period.plan_date
    low, high = plan_rules.step_window(period.year)
    start = min(max(start, low), high)
    return {"start": start, "due": start}


class SupervisorsForm(vi.NamedErrors, forms.Form):
    """One choice per unit: a member of the committee, or nobody."""

    def __init__(self, *args, units, candidates, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— chưa phân công —"), *((str(m.pk), m.choice_label) for m in candidates)]
        self.units = list(units)
        for unit in self.units:
            field = forms.ChoiceField(label=unit.name, choices=choices, required=False)
            field.initial = str(current.get(unit.pk, ""))
            self.fields[f"unit_{unit.pk}"] = field
        name_the_fields(self)

    def assignments(self) -> dict[int, int | None]:
        return {unit.pk: int(value) if (value := self.cleaned_data.get(f"unit_{unit.pk}")) else None
                for unit in self.units}

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(unit, self[f"unit_{unit.pk}"]) for unit in self.units]
