"""Forms of the review. Messages in Vietnamese, naming the field and the limit; rules come from xeploai.rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

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


MAX_COUNT = 100_000  # no cell, committee or tally comes near this; larger numbers are typing mistakes
STALE = "Trang đã cũ hoặc bị sửa: vui lòng tải lại trang rồi nhập lại."


class NamedErrors:
    """Every message names its field ("Số phiếu thu vào: Nhập một số."), as Django's own messages do not."""

    def full_clean(self) -> None:
        super().full_clean()
        for name, errors in list(getattr(self, "_errors", {}).items()):
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            label = str(self.fields[name].label or name)
            if name == "version":
                self._errors[name] = self.error_class([STALE])
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


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, error_messages={"required": STALE, "invalid": STALE}
    )


def _limit(field: forms.Field, low: Decimal | int | None = None, high: Decimal | int | None = None) -> None:
    """Bounds with a Vietnamese message that names the field (Django's own text omits it)."""
    label = str(field.label)
    if low is not None:
        field.min_value = low
        field.widget.attrs["min"] = low
        field.validators.append(_bound(label, low, ">="))
    if high is not None:
        field.max_value = high
        field.widget.attrs["max"] = high
        field.validators.append(_bound(label, high, "<="))


def _bound(label: str, limit, op: str):
    from django.core.exceptions import ValidationError

    def check(value) -> None:
        if value is None:
            return
        named = label[:1].upper() + label[1:]  # "Trương Thanh Hà: …" keeps its capitals
        if op == ">=" and value < limit:
            raise ValidationError(f"{named}: không được nhỏ hơn {limit}.")
        if op == "<=" and value > limit:
            raise ValidationError(f"{named}: không được lớn hơn {limit}.")

    return check


class SelfReviewForm(NamedErrors, forms.ModelForm):
    """The member's self-review (standard form sections; leaders also 000 §III.2.2); scores under score rule sets."""

    version = version_field()

    class Meta:
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


class MemberFactsForm(NamedErrors, forms.ModelForm):
    """What the cell records about one member: circumstances of DOMAIN.md §4, papers, scores, conclusion."""

    version = version_field()

    class Meta:
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

    official_members = forms.IntegerField(label="Số đảng viên chính thức", min_value=0, max_value=MAX_COUNT)
    official_present = forms.IntegerField(label="Số đảng viên chính thức có mặt", min_value=0, max_value=MAX_COUNT)
    ballots_cast = forms.IntegerField(label="Số phiếu thu vào", min_value=0, max_value=MAX_COUNT)
    meeting_date = forms.DateField(label="Ngày họp", required=False)
    version = version_field()

    def __init__(self, *args, reviews: list[MemberReview], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reviews = reviews
        for review in reviews:
            for level in VOTE_LEVELS:
                self.fields[self.vote_field(review, level)] = forms.IntegerField(
                    label=f"{review.member.full_name}: phiếu {level.upper()}",
                    min_value=0,
                    required=False,
                    max_value=MAX_COUNT,
                    error_messages={
                        "max_value": f"{review.member.full_name}: số phiếu {level.upper()} quá lớn.",
                        "min_value": f"{review.member.full_name}: số phiếu {level.upper()} không được âm.",
                        "invalid": f"{review.member.full_name}: số phiếu {level.upper()} phải là số nguyên.",
                    },
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
                field = model_field.formfield(required=False)
                field.label = f"{review.member.full_name}: {model_field.verbose_name}"
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


class UnitFactsForm(NamedErrors, forms.ModelForm):
    """The unit's own score, proposed level and facts (DOMAIN.md §4 unit)."""

    version = version_field()
    mass_org_ratings = forms.CharField(
        label="Xếp loại các đoàn thể",
        required=False,
        help_text="Mỗi đoàn thể một mức, cách nhau bằng dấu phẩy: highest (cao nhất), second (thứ hai), other, lowest.",
    )

    class Meta:
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
        if self.instance and self.instance.pk:
            self.initial["mass_org_ratings"] = ", ".join(self.instance.mass_org_ratings or [])
            self.initial["version"] = self.instance.version

    def clean_mass_org_ratings(self) -> list[str]:
        allowed = dict(RATING_CHOICES)
        items = [item.strip() for item in self.cleaned_data["mass_org_ratings"].split(",") if item.strip()]
        wrong = [item for item in items if item not in allowed]
        if wrong:
            raise forms.ValidationError(
                f'Xếp loại các đoàn thể: không hiểu "{", ".join(wrong)}"; dùng highest, second, other hoặc lowest.'
            )
        return items

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
