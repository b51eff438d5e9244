"""Rule sets, review periods with their plan and timeline, and supervisor assignments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from xeploai.orgs.models import Member, Organization, OrgKind
from xeploai.rules.ruleset import RuleSetError, parse_ruleset


class RuleSet(models.Model):
    """A rule set's parameters, stored as validated data (the engine's own dict form)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    source = models.TextField("văn bản nguồn", blank=True)
    description = models.TextField("mô tả và các lựa chọn khi văn bản không quy định", blank=True)
    params = models.JSONField("tham số")
    is_preset = models.BooleanField("bộ quy tắc có sẵn", default=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ quy tắc xếp loại"
        verbose_name_plural = "bộ quy tắc xếp loại"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        """Refuse a bad threshold, band or quota with a message naming the field."""
        if not isinstance(self.params, dict):
            raise ValidationError({"params": "Tham số phải là một đối tượng JSON."})
        try:
            parse_ruleset({**self.params, "code": self.code})
        except RuleSetError as error:
            raise ValidationError({"params": [f"{field}: {message}" for field, message in error.errors]}) from None

    def engine_ruleset(self):
        """The engine's frozen form of this rule set."""
        return parse_ruleset({**self.params, "code": self.code})


class ReviewPeriod(models.Model):
    """One year's review of a committee and its whole subtree, under one plan and rule set."""

    committee = models.ForeignKey(
        Organization, verbose_name="cấp ủy", on_delete=models.PROTECT, related_name="review_periods"
    )
    year = models.PositiveSmallIntegerField("năm")
    plan_number = models.CharField("số kế hoạch", max_length=40, help_text="Ví dụ: 146-KH/ĐU")
    plan_date = models.DateField("ngày kế hoạch")
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    title = models.CharField("trích yếu", max_length=400)
    ruleset = models.ForeignKey(RuleSet, verbose_name="bộ quy tắc", on_delete=models.PROTECT)
    review_date = models.DateField("ngày kiểm điểm (mốc tính)")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kỳ kiểm điểm"
        verbose_name_plural = "kỳ kiểm điểm"
        ordering = ["-year", "committee__name"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="period_one_per_year")]

    def __str__(self) -> str:
        return f"Kỳ kiểm điểm năm {self.year} – {self.committee}"

    def clean(self) -> None:
        errors = {}
        if self.review_date and self.year and self.review_date.year not in (self.year, self.year + 1):
            errors["review_date"] = f"Ngày kiểm điểm phải thuộc năm {self.year} hoặc đầu năm {self.year + 1}."
        if self.plan_date and self.year and self.plan_date.year not in (self.year, self.year + 1):
            errors["plan_date"] = f"Ngày kế hoạch phải thuộc năm {self.year} hoặc đầu năm {self.year + 1}."
        if errors:
            raise ValidationError(errors)


PERIOD_COMMITTEE = "period_committee"  # the committee that owns the period decides (a province deciding every cell)


class DecisionStep(models.Model):
    """Who decides the units of one kind and their members in a period (QĐ 366 Điều 13, HD 43 §3): the nearest
    committee above the unit whose kind is ``decided_by`` (the committee directly above when there is none). Kinds
    without a row follow the current rules (chain.DEFAULT_CHAIN)."""

    period = models.ForeignKey(ReviewPeriod, verbose_name="kỳ kiểm điểm", on_delete=models.CASCADE,
                               related_name="decision_steps")
    unit_kind = models.CharField("loại tổ chức được xếp loại", max_length=20, choices=OrgKind.choices)
    decided_by = models.CharField("cấp ủy quyết định (loại tổ chức cấp trên gần nhất)", max_length=20,
                                  choices=[*OrgKind.choices, (PERIOD_COMMITTEE, "Cấp ủy lập kế hoạch của kỳ")])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thẩm quyền quyết định"
        verbose_name_plural = "thẩm quyền quyết định (mặc định theo Quy định 366 Điều 13)"
        constraints = [models.UniqueConstraint(fields=["period", "unit_kind"], name="one_decider_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_unit_kind_display()} → {self.get_decided_by_display()}"


class QuotaPool(models.Model):
    """A group of members of similar position whose HTXS quota the deciding committee counts together (QĐ 366
    Điều 11 k.1.5, DOMAIN §3.4a). A member belongs to the first pool, restricted pools first, whose categories hold
    the member's category and whose units (if any are listed) hold the member's cell."""

    period = models.ForeignKey(ReviewPeriod, verbose_name="kỳ kiểm điểm", on_delete=models.CASCADE,
                               related_name="pools")
    committee = models.ForeignKey(Organization, verbose_name="cấp ủy quyết định", on_delete=models.PROTECT,
                                  related_name="quota_pools")
    code = models.CharField("mã nhóm", max_length=12)
    name = models.CharField("tên nhóm", max_length=200)
    categories = models.JSONField("đối tượng (2A, 2B, 2C)", default=list)
    unit_codes = models.JSONField("chỉ các đơn vị (để trống: toàn đảng bộ)", default=list, blank=True)
    outstanding = models.BooleanField("được đánh giá xuất sắc (chỉ tiêu cao hơn)", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm xét chỉ tiêu HTXS"
        verbose_name_plural = "nhóm xét chỉ tiêu HTXS"
        ordering = ["period", "committee", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["period", "committee", "code"],
                                               name="pool_code_once_per_committee")]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


def _validate_unit_kinds(value) -> None:
    allowed = set(OrgKind.values)
    if not isinstance(value, list) or not all(isinstance(item, str) and item in allowed for item in value):
        raise ValidationError(f"Loại tổ chức phải là danh sách gồm các giá trị: {', '.join(sorted(allowed))}.")


STEP_CHECKS = [
    ("", "tự nhận biết theo nội dung của bước"),
    ("self_reviews", "mọi đảng viên đã nộp bản tự kiểm điểm"),
    ("residence", "mọi đảng viên đã có nhận xét của nơi cư trú"),
    ("meeting", "đã họp: đã nhập kết quả kiểm phiếu hoặc điểm"),
    ("submitted", "hồ sơ đã gửi cấp trên"),
    ("appraisal", "kết quả đã được thẩm định, công nhận"),
    ("none", "chỉ theo lịch"),
]


class Milestone(models.Model):
    """A step of the plan's timeline, for some kinds of unit, with its dates (000 §VI).

    `done_when` says what in the data proves the step done for a unit; empty lets the dashboard read it from the title.
    """

    period = models.ForeignKey(
        ReviewPeriod, verbose_name="kỳ kiểm điểm", on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    title = models.CharField("nội dung", max_length=300)
    unit_kinds = models.JSONField(
        "áp dụng cho loại tổ chức", default=list, blank=True, validators=[_validate_unit_kinds],
        help_text="Để trống: áp dụng cho mọi loại.",
    )
    start = models.DateField("từ ngày")
    due = models.DateField("hạn")
    done_when = models.CharField("hoàn thành khi", max_length=16, choices=STEP_CHECKS, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mốc thời gian"
        verbose_name_plural = "mốc thời gian"
        ordering = ["period", "order", "due"]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%d/%m/%Y} – {self.due:%d/%m/%Y})"

    def clean(self) -> None:
        if self.start and self.due and self.due < self.start:
            raise ValidationError({"due": "Hạn không được trước ngày bắt đầu."})

    def applies_to(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds


class SupervisorAssignment(models.Model):
    """A committee member responsible for following a cell through the review (000 §VI.2)."""

    period = models.ForeignKey(
        ReviewPeriod, verbose_name="kỳ kiểm điểm", on_delete=models.CASCADE, related_name="supervisors"
    )
    unit = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.CASCADE, related_name="supervisions"
    )
    supervisor = models.ForeignKey(
        Member, verbose_name="đồng chí phụ trách", on_delete=models.PROTECT, related_name="supervisions"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân công phụ trách"
        verbose_name_plural = "phân công phụ trách"
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="one_supervisor_per_unit")]

    def __str__(self) -> str:
        return f"{self.supervisor} phụ trách {self.unit}"
from .records import MemberReview, Reclassification, ScoreSheetLine, UnitReview  # noqa: E402,F401
