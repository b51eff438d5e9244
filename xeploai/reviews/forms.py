"""Forms of the review. Messages in Vietnamese, naming the field and the limit; rules come from xeploai.rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from xeploai.lib import forms as vi
from xeploai.lib.forms import NamedErrors, named_message  # noqa: F401 - the review forms' names, used elsewhere
from xeploai.rules.tally import TallyRow, validate_tally

from .records import RATING_CHOICES, MemberReview, SelfReviewStatus, UnitReview

SELF_REVIEW_FIELDS = [
    "political_ideology",
    "ethics_lifestyle",
    "duties",
    "discipline",
    "leadership",
    "shortcomings",
    "remediation",
    "explanations",
    "direction",
    "self_proposed_level",
]
SCORE_FIELDS = ["self_score_general", "self_score_tasks"]
TASK_FIELDS = [
    "tasks_total",
    "tasks_done",
    "tasks_on_time",
    "tasks_exceeded",
    "shortcomings_total",
    "shortcomings_fixed",
]
FACT_FIELDS = [
    "civil_servant_rating",
    "awards",
    "under_discipline",
    "violations",
    "sick_leave_months",
    "maternity_leave",
    "excused_absences",
    "low_confidence_share",
    "units_led_total",
    "units_led_kht",
    "paper_self_review",
    "paper_residence_comment",
    "paper_cv_supplement",
    "paper_asset_declaration",
    "cell_conclusion",
]  # a decision for a member "cần quyết định" has its own page and rules (decide_member)
VOTE_LEVELS = ("htxs", "htt", "ht", "kht")


SMALL = {"class": "form-control form-control-sm"}
GRID = {"class": "form-control form-control-sm text-end xl-grid-input"}  # a number in a table's cell
MAX_COUNT = 100_000  # no cell, committee or tally comes near this; larger numbers are typing mistakes
STALE = NamedErrors.STALE


def version_field() -> vi.IntegerField:
    return vi.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, error_messages={"required": STALE, "invalid": STALE}
    )


def _limit(field: forms.Field, low: Decimal | int | None = None, high: Decimal | int | None = None) -> None:
    """Bounds of a number field; its message names the field (NamedErrors)."""
    field.min_value, field.max_value = low, high


class SelfReviewForm(vi.ViModelForm):
    """The member's self-review (standard form sections; leaders also 000 §III.2.2); scores under score rule sets."""

    version = version_field()

    class Meta(vi.ViModelForm.Meta):
        model = MemberReview
        fields = SELF_REVIEW_FIELDS + SCORE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in SELF_REVIEW_FIELDS[:-1]}

    def __init__(self, *args, score_basis: bool = False, leader: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not score_basis:
            for name in SCORE_FIELDS:
                del self.fields[name]
        else:
            _limit(self.fields["self_score_general"], 0, 30)
            _limit(self.fields["self_score_tasks"], 0, 70)
        if not leader:
            del self.fields["leadership"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.data.get("nop") and not data.get("self_proposed_level"):
            self.add_error("self_proposed_level", "Tự nhận mức xếp loại: cần chọn trước khi nộp.")
        return data


class MemberFactsForm(vi.ViModelForm):
    """What the cell records about one member: circumstances of DOMAIN.md §4, papers, scores, conclusion."""

    version = version_field()

    class Meta(vi.ViModelForm.Meta):
        model = MemberReview
        fields = FACT_FIELDS + TASK_FIELDS
        widgets = {"cell_conclusion": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "awards": "Ghi mỗi danh hiệu một dòng hoặc cách nhau bằng dấu chấm phẩy.",
            "violations": "Ghi mỗi vi phạm đã được kết luận, cách nhau bằng dấu chấm phẩy.",
        }

    ZERO_WHEN_EMPTY = ("excused_absences", "units_led_total", "units_led_kht", "sick_leave_months")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.ZERO_WHEN_EMPTY:  # left empty means none
            self.fields[name].required = False
        _limit(self.fields["units_led_total"], 0, 1000)
        _limit(self.fields["units_led_kht"], 0, 1000)
        _limit(self.fields["sick_leave_months"], 0, 12)
        _limit(self.fields["excused_absences"], 0, 60)
        _limit(self.fields["low_confidence_share"], 0, 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.ZERO_WHEN_EMPTY:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        _check_tasks(self, data)
        if (data.get("units_led_kht") or 0) > (data.get("units_led_total") or 0):
            self.add_error("units_led_kht", "Số đơn vị phụ trách xếp loại KHT không được lớn hơn số đơn vị phụ trách.")
        return data


def _check_tasks(form: forms.Form, data: dict[str, Any], prefix: str = "") -> None:
    """Done ≤ total, on time ≤ done, exceeded ≤ done, fixed ≤ total shortcomings."""
    pairs = [
        ("tasks_done", "tasks_total", "số nhiệm vụ hoàn thành", "tổng số nhiệm vụ"),
        ("tasks_on_time", "tasks_done", "số nhiệm vụ đúng hạn", "số nhiệm vụ hoàn thành"),
        ("tasks_exceeded", "tasks_done", "số nhiệm vụ vượt", "số nhiệm vụ hoàn thành"),
        ("shortcomings_fixed", "shortcomings_total", "số hạn chế đã khắc phục", "số hạn chế kỳ trước"),
    ]
    for part, whole, part_label, whole_label in pairs:
        value, limit = data.get(prefix + part), data.get(prefix + whole)
        if value is not None and limit is not None and value > limit:
            form.add_error(
                prefix + part, f"{part_label.capitalize()} ({value}) không được lớn hơn {whole_label} ({limit})."
            )
        elif value is not None and limit is None and part in ("tasks_done", "shortcomings_fixed"):
            form.add_error(prefix + whole, f"{whole_label.capitalize()}: cần nhập khi đã nhập {part_label}.")


class TallyForm(NamedErrors, forms.Form):
    """The whole cell's tally after the meeting: meta, then one row of four counts per member."""

    official_members = vi.IntegerField(label="Số đảng viên chính thức", min_value=0, max_value=MAX_COUNT,
                                      widget=vi.NumberInput(SMALL, decimal=False))
    official_present = vi.IntegerField(label="Số đảng viên chính thức có mặt", min_value=0, max_value=MAX_COUNT,
                                      widget=vi.NumberInput(SMALL, decimal=False))
    ballots_cast = vi.IntegerField(label="Số phiếu thu vào", min_value=0, max_value=MAX_COUNT,
                                  widget=vi.NumberInput(SMALL, decimal=False))
    meeting_date = vi.DateField(label="Ngày họp", required=False, widget=vi.DateInput(SMALL))
    version = version_field()

    def __init__(self, *args, reviews: list[MemberReview], year: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reviews = reviews
        if year:  # the meeting of a year's review takes place in that year
            meeting = self.fields["meeting_date"]
            meeting.earliest, meeting.latest = date(year, 1, 1), date(year, 12, 31)
            self.fields["meeting_date"].window_note = f"cuộc họp kiểm điểm năm {year}"
        for review in reviews:
            for level in VOTE_LEVELS:
                label = f"{review.member.full_name}: số phiếu {level.upper()}"
                self.fields[self.vote_field(review, level)] = vi.IntegerField(
                    label=label, min_value=0, required=False, max_value=MAX_COUNT,
                    widget=vi.NumberInput({**GRID, "aria-label": label}, decimal=False),
                )

    @staticmethod
    def vote_field(review: MemberReview, level: str) -> str:
        return f"v{review.pk}_{level}"

    def rows(self) -> list[dict[str, Any]]:
        """One entry per member for the template: the review and its four bound fields."""
        return [
            {"review": r, "fields": [self[self.vote_field(r, level)] for level in VOTE_LEVELS]} for r in self.reviews
        ]

    def votes(self) -> dict[int, dict[str, int | None]]:
        data = self.cleaned_data
        return {
            r.pk: {f"votes_{level}": data.get(self.vote_field(r, level)) for level in VOTE_LEVELS}
            for r in self.reviews
            if not r.member.exempt
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        rows = [
            TallyRow(
                f"v{r.pk}", r.member.full_name, {level: data.get(self.vote_field(r, level)) for level in VOTE_LEVELS}
            )
            for r in self.reviews
        ]
        for problem in validate_tally(data["official_members"], data["official_present"], data["ballots_cast"], rows):
            field = problem.field if problem.field in self.fields else None
            if field is None and problem.field.startswith("v"):
                field = f"{problem.field}_htxs" if f"{problem.field}_htxs" in self.fields else None
            self.add_error(field, problem.message)
        return data


class MemberScoresForm(NamedErrors, forms.Form):
    """Scores of the whole cell under a score rule set: self-score, task figures, and the checked score."""

    version = version_field()
    ROW_FIELDS = ("self_score_general", "self_score_tasks", "cell_score", *TASK_FIELDS, "approved_score")
    OWN = ("self_score_general", "self_score_tasks")  # the member's; read-only once they submitted their review

    def __init__(self, *args, reviews: list[MemberReview], can_approve: bool, can_self: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reviews, self.can_approve, self.can_self = reviews, can_approve, can_self
        for review in reviews:
            for name in self.ROW_FIELDS:
                model_field = MemberReview._meta.get_field(name)
                field = vi.vi_formfield(model_field, required=False, label=f"{review.member.full_name}: "
                                        f"{model_field.verbose_name}")
                field.widget.attrs.update({**GRID, "aria-label": field.label})
                field.initial = getattr(review, name)
                field.disabled = not self._editable(review, name)
                self.fields[self.key(review, name)] = field
            _limit(self.fields[self.key(review, "self_score_general")], 0, 30)
            _limit(self.fields[self.key(review, "self_score_tasks")], 0, 70)
            _limit(self.fields[self.key(review, "cell_score")], 0, 100)
            _limit(self.fields[self.key(review, "approved_score")], 0, 100)

    def _editable(self, review: MemberReview, name: str) -> bool:
        if name == "approved_score":
            return self.can_approve
        if name in self.OWN and review.self_review_status == SelfReviewStatus.SUBMITTED:
            return False  # the member's submitted self-score is theirs: the cell proposes its own figure
        return self.can_self

    @staticmethod
    def key(review: MemberReview, name: str) -> str:
        return f"m{review.pk}_{name}"

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"review": r, "fields": {name: self[self.key(r, name)] for name in self.ROW_FIELDS}} for r in self.reviews
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for review in self.reviews:
            _check_tasks(self, data, prefix=f"m{review.pk}_")
        return data

    def values(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            r.pk: {name: data.get(self.key(r, name)) for name in self.ROW_FIELDS if self._editable(r, name)}
            for r in self.reviews
        }


MASS_ORG_SLOTS = 5  # Công đoàn, Đoàn Thanh niên, Hội Phụ nữ, Hội Cựu chiến binh, one more; more when stored


class RatingsWidget(forms.MultiWidget):
    """One select per mass organisation, each with its own accessible name."""

    def __init__(self, slots: int) -> None:
        choices = [("", "— không có —"), *RATING_CHOICES]
        super().__init__([forms.Select(choices=choices, attrs={"class": "form-select mb-1",
                                                                "aria-label": f"Xếp loại đoàn thể thứ {i + 1}"})
                          for i in range(slots)])

    def decompress(self, value) -> list[str]:
        return list(value or [])


class RatingsField(forms.MultiValueField):
    """The ratings of the unit's mass organisations (a condition of the unit's level), chosen from the plan's
    labels; empty slots are ignored."""

    def __init__(self, slots: int = MASS_ORG_SLOTS, **kwargs) -> None:
        choices = [("", ""), *RATING_CHOICES]
        super().__init__(
            fields=[forms.ChoiceField(choices=choices, required=False, error_messages={
                "invalid_choice": "chọn một mức trong danh sách (cao nhất, thứ hai, khác, thấp nhất)."})
                for _ in range(slots)],
            widget=RatingsWidget(slots), required=False, require_all_fields=False,
            label="Xếp loại các đoàn thể", **kwargs,
            help_text="Mỗi đoàn thể của cơ quan, đơn vị (Công đoàn, Đoàn Thanh niên, Hội Phụ nữ, Hội Cựu chiến binh…) "
                      "một ô; để trống ô thừa.",
        )

    def compress(self, data_list) -> list[str]:
        return [value for value in data_list or [] if value]

    def has_changed(self, initial, data) -> bool:
        # The stock test zips the stored list with the slots, so a unit with no rating yet never "changes".
        if self.disabled:
            return False
        return self.compress(list(initial or [])) != self.compress(self.widget.decompress(data) if not isinstance(
            data, list) else data)


class UnitFactsForm(vi.ViModelForm):
    """The unit's own score, proposed level and facts (DOMAIN.md §4 unit)."""

    version = version_field()
    class Meta(vi.ViModelForm.Meta):
        model = UnitReview
        fields = [
            "self_score",
            "approved_score",
            "proposed_level",
            "outstanding",
            "exemplary",
            "tasks_total",
            "tasks_done",
            "tasks_on_time",
            "tasks_exceeded",
            "shortcomings_total",
            "shortcomings_fixed",
            "committee_united",
            "committee_excellent",
            "meetings_as_required",
            "tasks_not_completed",
            "remediation_plan_done",
            "leaders_disciplined",
            "members_disciplined_for_degradation",
            "sub_units_disciplined",
            "agency_rating",
        ]

    ZERO_WHEN_EMPTY = (
        "tasks_not_completed",
        "leaders_disciplined",
        "members_disciplined_for_degradation",
        "sub_units_disciplined",
    )

    def __init__(self, *args, can_approve: bool = False, levels: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.ZERO_WHEN_EMPTY:  # left empty means none
            self.fields[name].required = False
        for name in ("self_score", "approved_score"):
            _limit(self.fields[name], 0, 100)
        self.fields["approved_score"].disabled = not can_approve
        if levels:
            self.fields["proposed_level"].choices = [("", "—")] + [
                (code, label) for code, label in self.fields["proposed_level"].choices if code in levels
            ]
        stored = list(self.instance.mass_org_ratings or []) if self.instance and self.instance.pk else []
        self.fields["mass_org_ratings"] = RatingsField(slots=max(MASS_ORG_SLOTS, len(stored) + 1))
        self.initial["mass_org_ratings"] = stored
        if self.instance and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.ZERO_WHEN_EMPTY:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        _check_tasks(self, data)
        return data


class ReasonForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Lý do: cần ghi rõ."},
    )


class ReclassifyForm(NamedErrors, forms.Form):
    target = forms.ChoiceField(label="Đối tượng xếp loại lại")
    new_level = forms.ChoiceField(label="Mức xếp loại mới")
    decision_number = forms.CharField(label="Số quyết định", max_length=40, required=False)
    reason = forms.CharField(
        label="Lý do hủy kết quả",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Lý do hủy kết quả: bắt buộc ghi rõ."},
    )

    confirm = forms.BooleanField(
        label="Tôi xác nhận hủy kết quả đã công nhận của đối tượng trên (không hoàn tác được; kết quả cũ vẫn lưu)",
        error_messages={"required": "Xác nhận: đánh dấu ô xác nhận trước khi hủy kết quả."},
    )

    def __init__(self, *args, targets: list[tuple[str, str]], levels: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "— chọn đối tượng —"), *targets]  # nothing chosen for the user
        self.fields["new_level"].choices = [("", "— chọn mức —"), *levels]


class ConfirmForm(NamedErrors, forms.Form):
    """A step that cannot be undone asks for a tick (recognise)."""

    confirm = forms.BooleanField(
        label="Tôi đã kiểm tra và xác nhận",
        error_messages={"required": "Xác nhận: đánh dấu ô xác nhận đã kiểm tra trước khi thực hiện."},
    )


class RecogniseForm(ConfirmForm):
    """The committee decides the unit's level: the proposal, or another level with a written reason (QĐ 366 Điều 13,
    HD 43 §3: the advisory body appraises; a changed level needs a reason)."""

    unit_level = forms.ChoiceField(label="Mức công nhận cho tổ chức", required=False)
    reason = forms.CharField(label="Lý do công nhận mức khác đề xuất", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, levels: list[tuple[str, str]], proposed: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proposed = proposed
        self.fields["unit_level"].choices = [("", "Theo mức đề xuất" if proposed else "Chưa có mức"), *levels]

    def clean(self):
        data = super().clean()
        level = data.get("unit_level") or ""
        if level and level != self.proposed and not (data.get("reason") or "").strip():
            self.add_error("reason", "cần ghi lý do khi công nhận mức khác mức đề xuất.")
        return data


class SubmitForm(NamedErrors, forms.Form):
    """Sending up: a tick, and a note when the checklist shows gaps (the service decides whether one is needed)."""

    note = forms.CharField(
        label="Ghi chú khi gửi",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Bắt buộc khi hồ sơ còn thiếu: ghi rõ lý do và khi nào bổ sung.",
    )
    confirm = forms.BooleanField(
        label="Tôi đã kiểm tra danh sách trên và xác nhận gửi cấp trên",
        required=False,
    )


class DecideForm(NamedErrors, forms.Form):
    level = forms.ChoiceField(label="Mức xếp loại được quyết định")
    note = forms.CharField(
        label="Căn cứ quyết định",
        max_length=300,
        help_text="Ví dụ: chi bộ biểu quyết lại ngày 20/12; hoặc số, ngày văn bản của cấp ủy.",
        error_messages={"required": "Căn cứ quyết định: ghi rõ (ví dụ: chi bộ biểu quyết lại ngày …)."},
    )

    def __init__(self, *args, levels: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "— chọn mức —"), *levels]  # no level pre-chosen for the user
        self.fields["level"].error_messages["required"] = "Mức xếp loại được quyết định: cần chọn."
