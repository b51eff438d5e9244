"""Per-period records of the review: each member's review and each unit's review, with their results.

Every change is kept with who, when and why (django-simple-history); nothing is deleted. `version` counts the saves
of a tally or score sheet so that a second person saving stale data is told, not silently overwritten.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from xeploai.orgs.models import Member, Organization

from .definitions import final_level
from .models import ReviewPeriod

MEMBER_LEVEL_CHOICES = [
    ("htxs", "Hoàn thành xuất sắc nhiệm vụ"),
    ("htt", "Hoàn thành tốt nhiệm vụ"),
    ("ht", "Hoàn thành nhiệm vụ"),
    ("kht", "Không hoàn thành nhiệm vụ"),
]
ORG_LEVEL_CHOICES = [
    ("htxs", "Hoàn thành xuất sắc nhiệm vụ"),
    ("tsvm", "Trong sạch vững mạnh"),
    ("htt", "Hoàn thành tốt nhiệm vụ"),
    ("ht", "Hoàn thành nhiệm vụ"),
    ("kht", "Không hoàn thành nhiệm vụ"),
    ("yeu_kem", "Yếu kém"),
]
CIVIL_SERVANT_CHOICES = [
    ("htxs", "Hoàn thành xuất sắc nhiệm vụ"),
    ("htt", "Hoàn thành tốt nhiệm vụ"),
    ("ht", "Hoàn thành nhiệm vụ"),
    ("ht_han_che", "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực"),
    ("kht", "Không hoàn thành nhiệm vụ"),
]
RATING_CHOICES = [
    ("highest", "Mức cao nhất"),
    ("second", "Mức thứ hai"),
    ("other", "Mức khác"),
    ("lowest", "Mức thấp nhất"),
]


class ResultStatus(models.TextChoices):
    PENDING = "", "Chưa xếp loại"
    RATED = "rated", "Đã đề xuất mức"
    NOT_RATED = "not_rated", "Chưa xếp loại (chưa đủ 6 tháng)"
    EXEMPT = "exempt", "Miễn sinh hoạt"
    NEEDS_DECISION = "needs_decision", "Cần quyết định"


class SelfReviewStatus(models.TextChoices):
    EMPTY = "empty", "Chưa viết"
    DRAFT = "draft", "Đang viết"
    SUBMITTED = "submitted", "Đã nộp"


class TaskFigures(models.Model):
    """Tasks counted as total / done / on time / exceeded, and earlier shortcomings fixed (QĐ 366 Điều 11)."""

    tasks_total = models.PositiveIntegerField("tổng số nhiệm vụ", null=True, blank=True)
    tasks_done = models.PositiveIntegerField("số nhiệm vụ hoàn thành", null=True, blank=True)
    tasks_on_time = models.PositiveIntegerField("số nhiệm vụ đúng hạn", null=True, blank=True)
    tasks_exceeded = models.PositiveIntegerField("số nhiệm vụ vượt", null=True, blank=True)
    shortcomings_total = models.PositiveIntegerField("số hạn chế kỳ trước", null=True, blank=True)
    shortcomings_fixed = models.PositiveIntegerField("số hạn chế đã khắc phục", null=True, blank=True)

    class Meta:
        abstract = True


class MemberReview(TaskFigures):
    """One member's review in one period: self-review, circumstances, papers, votes or scores, and the result."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="member_reviews")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reviews")
    unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="member_reviews",
        help_text="Chi bộ nơi đảng viên được kiểm điểm trong kỳ này.",
    )

    # Self-review (the sections of the standard form; leaders also the 000 §III.2.2 section).
    political_ideology = models.TextField("về tư tưởng chính trị", blank=True)
    ethics_lifestyle = models.TextField("về phẩm chất đạo đức, lối sống", blank=True)
    duties = models.TextField("về thực hiện chức trách, nhiệm vụ được giao", blank=True)
    discipline = models.TextField("về ý thức tổ chức kỷ luật", blank=True)
    leadership = models.TextField("kết quả lãnh đạo, quản lý (đảng viên giữ chức vụ lãnh đạo, quản lý)", blank=True)
    shortcomings = models.TextField("hạn chế, khuyết điểm và nguyên nhân", blank=True)
    remediation = models.TextField("kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra", blank=True)
    explanations = models.TextField("giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", blank=True)
    direction = models.TextField("phương hướng, biện pháp khắc phục", blank=True)
    self_proposed_level = models.CharField(
        "tự nhận mức xếp loại", max_length=8, choices=MEMBER_LEVEL_CHOICES, blank=True
    )
    self_review_status = models.CharField(
        "tình trạng bản tự kiểm điểm", max_length=10, choices=SelfReviewStatus.choices, default=SelfReviewStatus.EMPTY
    )
    self_review_submitted_at = models.DateTimeField(null=True, blank=True)

    # Scores (score-basis rule sets, HD 43: …/30 + …/70).
    self_score_general = models.DecimalField(
        "tự chấm: tiêu chí chung (/30)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_score_tasks = models.DecimalField(
        "tự chấm: nhiệm vụ (/70)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    cell_score = models.DecimalField(
        "điểm chi bộ đề nghị", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="Điểm chi bộ đề nghị sau khi xem bản tự chấm; điểm tự chấm của đảng viên giữ nguyên.",
    )
    approved_score = models.DecimalField(
        "điểm cấp trên thẩm định", max_digits=5, decimal_places=2, null=True, blank=True
    )

    # Circumstances (inputs of DOMAIN.md §4), entered by the cell.
    civil_servant_rating = models.CharField(
        "xếp loại cán bộ, công chức, viên chức", max_length=12, choices=CIVIL_SERVANT_CHOICES, blank=True
    )
    awards = models.CharField("danh hiệu thi đua, khen thưởng trong năm", max_length=300, blank=True)
    under_discipline = models.BooleanField("đang chịu kỷ luật (khiển trách trở lên) trong năm", default=False)
    violations = models.CharField("vi phạm đã được kết luận", max_length=300, blank=True)
    sick_leave_months = models.DecimalField("số tháng nghỉ ốm", max_digits=4, decimal_places=1, default=0)
    maternity_leave = models.BooleanField("nghỉ thai sản trong năm", default=False)
    excused_absences = models.PositiveIntegerField("số lần vắng sinh hoạt có lý do", default=0)
    low_confidence_share = models.DecimalField(
        "tỷ lệ phiếu tín nhiệm thấp (0–1)", max_digits=5, decimal_places=4, null=True, blank=True
    )
    units_led_total = models.PositiveIntegerField("số đơn vị phụ trách", default=0)
    units_led_kht = models.PositiveIntegerField("số đơn vị phụ trách xếp loại KHT", default=0)

    # Papers handed in (003 §III.1, 004 §3.1, QĐ 366 Điều 17).
    paper_self_review = models.BooleanField("bản tự kiểm điểm", default=False)
    paper_residence_comment = models.BooleanField("nhận xét của chi ủy nơi cư trú", default=False)
    paper_cv_supplement = models.BooleanField("phiếu bổ sung lý lịch đảng viên", default=False)
    paper_asset_declaration = models.BooleanField("bản kê khai tài sản, thu nhập (cán bộ lãnh đạo)", default=False)

    cell_conclusion = models.TextField("nhận xét, kết luận của chi bộ", blank=True)
    decision_level = models.CharField(
        "mức do chi bộ / cấp có thẩm quyền quyết định",
        max_length=8,
        choices=MEMBER_LEVEL_CHOICES,
        blank=True,
        help_text='Chỉ dùng khi chương trình báo "cần quyết định" (không đủ đa số, bằng phiếu ở vị trí cắt chỉ tiêu, '
        "điểm không khớp mức nào): ghi mức chi bộ biểu quyết lại hoặc cấp có thẩm quyền quyết định.",
    )
    decision_note = models.CharField("căn cứ quyết định", max_length=300, blank=True)

    # The tally (votes of the cell meeting).
    votes_htxs = models.PositiveIntegerField("phiếu HTXS", null=True, blank=True)
    votes_htt = models.PositiveIntegerField("phiếu HTT", null=True, blank=True)
    votes_ht = models.PositiveIntegerField("phiếu HT", null=True, blank=True)
    votes_kht = models.PositiveIntegerField("phiếu KHT", null=True, blank=True)

    # The result proposed by the engine, then the level decided by the competent committee.
    result_status = models.CharField("kết quả", max_length=16, choices=ResultStatus.choices, blank=True, default="")
    level = models.CharField("mức đề xuất", max_length=8, choices=MEMBER_LEVEL_CHOICES, blank=True)
    basis_level = models.CharField("mức theo phiếu/điểm", max_length=8, choices=MEMBER_LEVEL_CHOICES, blank=True)
    reasons = models.JSONField("lý do", default=list, blank=True)
    decided_level = models.CharField("mức được công nhận", max_length=8, choices=MEMBER_LEVEL_CHOICES, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Tăng mỗi lần lưu bản tự kiểm điểm hoặc thông tin.")

    # The committee's pool (QĐ 366 Điều 11 k.1.5, DOMAIN §3.4a): under a "pool" rule set a member at HTXS after
    # caps is a candidate ("đề nghị HTXS"); the deciding committee keeps some of each pool's candidates.
    category = models.CharField(
        "đối tượng trong kỳ (2A, 2B, 2C)", max_length=2, default="2B",
        help_text="Đối tượng của đảng viên khi kỳ được xếp loại: theo hồ sơ đảng viên mỗi lần chi bộ xếp loại lại.",
    )
    pool_candidate = models.BooleanField("đề nghị HTXS (xét theo nhóm)", default=False)
    pool_rank = models.DecimalField("điểm xếp thứ tự trong nhóm", max_digits=7, decimal_places=2, null=True,
                                    blank=True)
    pool_code = models.CharField("nhóm đã xét", max_length=12, blank=True)
    pool_kept = models.BooleanField("cấp ủy giữ HTXS", null=True, blank=True)
    pool_note = models.CharField("lý do khác đề xuất của chương trình", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hồ sơ kiểm điểm đảng viên"
        verbose_name_plural = "hồ sơ kiểm điểm đảng viên"
        constraints = [models.UniqueConstraint(fields=["period", "member"], name="one_review_per_member_period")]
        # The first covers the summary's GROUP BY unit, status, level (an index-only scan over a province).
        indexes = [
            models.Index(
                fields=["period", "unit", "result_status", "level", "decided_level"], name="review_summary_idx"
            ),
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["period", "pool_candidate"], name="review_pool_idx"),
            models.Index(fields=["period", "category", "unit", "result_status", "level"], name="review_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – năm {self.period.year}"

    @property
    def final_level(self) -> str:
        """The recognised level if decided, else the proposed one (definitions.final_level)."""
        return final_level(self.decided_level, self.level)

    @property
    def self_score_total(self):
        if self.self_score_general is None or self.self_score_tasks is None:
            return None
        return self.self_score_general + self.self_score_tasks

    @property
    def votes_entered(self) -> bool:
        """Any of the four counts typed (a blank column means none, as in the tally form)."""
        return any(v is not None for v in (self.votes_htxs, self.votes_htt, self.votes_ht, self.votes_kht))


class UnitStatus(models.TextChoices):
    DRAFT = "draft", "Đang thực hiện"
    SUBMITTED = "submitted", "Đã gửi cấp trên"
    RETURNED = "returned", "Bị trả lại"
    RECOGNISED = "recognised", "Đã công nhận"


class UnitReview(TaskFigures):
    """One unit's review in one period: tally meta, score, facts, status and the unit's result."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="unit_reviews")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="unit_reviews")
    status = models.CharField("tình trạng", max_length=12, choices=UnitStatus.choices, default=UnitStatus.DRAFT)
    status_reason = models.TextField("lý do trả lại / ghi chú", blank=True)
    submit_note = models.TextField("ghi chú khi gửi (những gì còn thiếu)", blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Tăng mỗi lần lưu kết quả kiểm phiếu hoặc chấm điểm.")

    # Tally meta (DOMAIN.md §3.2): ballots cast ≤ official members present ≤ official members.
    official_members = models.PositiveIntegerField("số đảng viên chính thức", null=True, blank=True)
    official_present = models.PositiveIntegerField("số đảng viên chính thức có mặt", null=True, blank=True)
    ballots_cast = models.PositiveIntegerField("số phiếu phát ra / thu vào", null=True, blank=True)
    meeting_date = models.DateField("ngày họp chi bộ", null=True, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)

    # Score and proposed level.
    outstanding = models.BooleanField("có thành tích đặc biệt xuất sắc (chỉ tiêu cao hơn)", default=False)
    self_score = models.DecimalField("tự chấm điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    approved_score = models.DecimalField(
        "điểm cấp trên thẩm định", max_digits=5, decimal_places=2, null=True, blank=True
    )
    proposed_level = models.CharField("mức tự đề xuất", max_length=8, choices=ORG_LEVEL_CHOICES, blank=True)

    # Facts (DOMAIN.md §4 unit.facts).
    committee_united = models.BooleanField("cấp ủy đoàn kết", default=True)
    committee_excellent = models.BooleanField("cấp ủy hoàn thành xuất sắc nhiệm vụ", default=True)
    meetings_as_required = models.BooleanField("sinh hoạt đúng quy định", default=True)
    tasks_not_completed = models.PositiveIntegerField("số nhiệm vụ không hoàn thành", default=0)
    remediation_plan_done = models.BooleanField("đã xây dựng và thực hiện kế hoạch khắc phục", default=True)
    leaders_disciplined = models.PositiveIntegerField("số cấp ủy viên, lãnh đạo bị kỷ luật", default=0)
    members_disciplined_for_degradation = models.PositiveIntegerField(
        "số đảng viên bị kỷ luật do tham nhũng, suy thoái", default=0
    )
    sub_units_disciplined = models.PositiveIntegerField("số tổ chức trực thuộc bị kỷ luật", default=0)
    agency_rating = models.CharField(
        "xếp loại cơ quan, đơn vị", max_length=8, choices=RATING_CHOICES, default="highest"
    )
    mass_org_ratings = models.JSONField("xếp loại các đoàn thể", default=list, blank=True)
    exemplary = models.BooleanField("đề nghị tiêu biểu / khen thưởng", default=False)

    # Result.
    level = models.CharField("mức đề xuất", max_length=8, choices=ORG_LEVEL_CHOICES, blank=True)
    reasons = models.JSONField("lý do", default=list, blank=True)
    member_quota = models.JSONField("chỉ tiêu HTXS đảng viên", null=True, blank=True)
    decided_level = models.CharField("mức được công nhận", max_length=8, choices=ORG_LEVEL_CHOICES, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hồ sơ kiểm điểm tổ chức"
        verbose_name_plural = "hồ sơ kiểm điểm tổ chức"
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="one_review_per_unit_period")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} – năm {self.period.year}"

    @property
    def final_level(self) -> str:
        return final_level(self.decided_level, self.level)

    @property
    def score(self):
        return self.approved_score if self.approved_score is not None else self.self_score


class ScoreSheetLine(models.Model):
    """A criterion of the unit's score sheet (001 §2.2), with its deductions in `deductions`."""

    review = models.ForeignKey(UnitReview, on_delete=models.CASCADE, related_name="score_lines")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    criterion = models.CharField("tiêu chí", max_length=300)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)
    self_points = models.DecimalField("tự chấm", max_digits=5, decimal_places=2, null=True, blank=True)
    approved_points = models.DecimalField("cấp trên chấm", max_digits=5, decimal_places=2, null=True, blank=True)
    excellent = models.BooleanField("hoàn thành xuất sắc", default=False)
    bonus = models.DecimalField("điểm cộng", max_digits=4, decimal_places=2, default=0)
    deductions = models.JSONField(
        "điểm trừ (tiêu chí, số điểm, nguyên nhân, hướng khắc phục)", default=list, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dòng biểu điểm"
        verbose_name_plural = "dòng biểu điểm"
        ordering = ["review", "order", "id"]

    def __str__(self) -> str:
        return self.criterion


class Reclassification(models.Model):
    """A recognised result annulled and classified again (000 §IV.3; QĐ 366 Điều 15, HD 43 form 03)."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.PROTECT, related_name="reclassifications")
    unit_review = models.ForeignKey(UnitReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    member_review = models.ForeignKey(MemberReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    old_level = models.CharField("mức cũ", max_length=8)
    new_level = models.CharField("mức mới", max_length=8)
    reason = models.TextField("lý do hủy kết quả")
    decision_number = models.CharField("số quyết định", max_length=40, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định xếp loại lại"
        verbose_name_plural = "quyết định xếp loại lại"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        target = self.member_review or self.unit_review
        return f"Xếp loại lại {target}: {self.old_level} → {self.new_level}"
