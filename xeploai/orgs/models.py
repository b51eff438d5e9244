"""The organisation tree, members and their posts, and the roles that tie accounts to units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords
from tree_queries.models import TreeNode
from tree_queries.query import TreeQuerySet

from xeploai.lib.vnsort import name_sort_key, normalise_name, search_key, text_sort_key


class OrgKind(models.TextChoices):
    DANG_BO_CAP_TREN = "dang_bo_cap_tren", "Đảng bộ cấp trên cơ sở"
    DANG_BO_CO_SO = "dang_bo_co_so", "Đảng bộ cơ sở"
    CHI_BO_CO_SO = "chi_bo_co_so", "Chi bộ cơ sở"
    CHI_BO_TRUC_THUOC = "chi_bo_truc_thuoc", "Chi bộ trực thuộc"
    TO_DANG = "to_dang", "Tổ đảng"


CELL_KINDS = (OrgKind.CHI_BO_CO_SO, OrgKind.CHI_BO_TRUC_THUOC)
COMMITTEE_KINDS = (OrgKind.DANG_BO_CAP_TREN, OrgKind.DANG_BO_CO_SO)


class Organization(TreeNode):
    """A Party organisation. Its subtree is read in one query by a recursive CTE (tree_queries)."""

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    code = models.SlugField("mã", max_length=80, unique=True, help_text="Dùng trong địa chỉ trang và lệnh.")
    kind = models.CharField("loại", max_length=20, choices=OrgKind.choices)
    place = models.CharField("địa danh (ghi trên văn bản)", max_length=120, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    name_key = models.CharField(max_length=600, editable=False, default="")  # the name in Vietnamese order

    objects = TreeQuerySet.as_manager(with_tree_fields=False)
    history = HistoricalRecords(excluded_fields=["name_key"])  # renames, moves in the tree, a unit dissolved

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["position", "name_key", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalise_name(self.name)
        self.name_key = text_sort_key(self.name)[:600]
        super().save(*args, **kwargs)

    @property
    def order_key(self) -> tuple:
        """(position, name the Vietnamese way) for lists sorted in Python."""
        return self.position, self.name_key or text_sort_key(self.name)

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class MemberCategory(models.TextChoices):
    """HD 43: the self-review form follows the member's category."""

    LEADER = "2A", "2A: cán bộ lãnh đạo, quản lý"
    POLITICAL_SYSTEM = "2B", "2B: đảng viên công tác trong hệ thống chính trị"
    OUTSIDE = "2C", "2C: đảng viên ngoài hệ thống chính trị (nghỉ hưu, sinh viên, doanh nghiệp tư nhân…)"


class MemberQuerySet(models.QuerySet):
    def active(self) -> MemberQuerySet:
        return self.filter(active=True)

    def official(self) -> MemberQuerySet:
        return self.filter(official_on__isnull=False)

    def probationary(self) -> MemberQuerySet:
        return self.filter(official_on__isnull=True)


class Member(models.Model):
    """A Party member. Moving to another cell is a change of `unit`, kept in the history."""

    full_name = models.CharField("họ và tên", max_length=120)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    search_key = models.CharField(max_length=120, editable=False, default="")
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField(
        "ngày chính thức", null=True, blank=True, help_text="Để trống nếu là đảng viên dự bị."
    )
    card_number = models.CharField("số thẻ đảng viên", max_length=20, null=True, blank=True, unique=True)
    unit = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="members"
    )
    exempt = models.BooleanField("miễn công tác và sinh hoạt đảng", default=False)
    exempt_since = models.DateField("miễn từ ngày", null=True, blank=True)
    active = models.BooleanField("đang sinh hoạt", default=True)
    is_civil_servant = models.BooleanField("là cán bộ, công chức, viên chức", default=False)
    category = models.CharField(
        "đối tượng (mẫu bản tự kiểm điểm)", max_length=2, choices=MemberCategory.choices,
        default=MemberCategory.POLITICAL_SYSTEM,
    )
    job_title = models.CharField("chức vụ chính quyền, đoàn thể", max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_key"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["unit", "sort_key"]),
            models.Index(fields=["unit", "search_key"], name="member_search_idx"),
            # covers counting a unit's members by status (summary, dashboard) with an index-only scan
            models.Index(fields=["unit", "active", "exempt", "admitted_on"], name="member_count_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = normalise_name(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.search_key = search_key(self.full_name)[:120]
        if self.card_number == "":
            self.card_number = None
        super().save(*args, **kwargs)

    @property
    def is_official(self) -> bool:
        return self.official_on is not None

    @property
    def status_label(self) -> str:
        return "Chính thức" if self.is_official else "Dự bị"


class PostTitle(models.TextChoices):
    """Party and government posts; the first five count as leaders for the rules (DOMAIN.md §4)."""

    BI_THU = "bi_thu", "Bí thư"
    PHO_BI_THU = "pho_bi_thu", "Phó Bí thư"
    CAP_UY_VIEN = "cap_uy_vien", "Cấp ủy viên"
    CAP_UY_CAP_TREN = "cap_uy_cap_tren", "Cấp ủy viên cấp trên"
    TRUONG_PHONG = "truong_phong", "Trưởng phòng (thủ trưởng đơn vị)"
    PHO_PHONG = "pho_phong", "Phó trưởng phòng"
    TO_TRUONG = "to_truong", "Tổ trưởng tổ đảng"


LEADER_POSTS = ("bi_thu", "pho_bi_thu", "cap_uy_vien", "cap_uy_cap_tren", "truong_phong")


class Post(models.Model):
    member = models.ForeignKey(Member, verbose_name="đảng viên", on_delete=models.CASCADE, related_name="posts")
    title = models.CharField("chức vụ", max_length=20, choices=PostTitle.choices)
    unit = models.ForeignKey(
        Organization, verbose_name="tại tổ chức", on_delete=models.PROTECT, related_name="posts"
    )
    start = models.DateField("từ ngày", null=True, blank=True)
    end = models.DateField("đến ngày", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        ordering = ["member", "title"]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.unit} – {self.member}"


class RoleKind(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    OFFICE = "office", "Văn phòng cấp ủy"
    SECRETARY = "secretary", "Bí thư chi bộ"
    MEMBER = "member", "Đảng viên"


class Role(models.Model):
    """Ties an account to one organisation; a role applies to the organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="xl_roles"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField("vai trò", max_length=12, choices=RoleKind.choices)
    member = models.ForeignKey(
        Member, verbose_name="đảng viên (với vai trò đảng viên)", null=True, blank=True,
        on_delete=models.CASCADE, related_name="roles",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "kind"], name="role_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} – {self.organization}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == RoleKind.MEMBER and not self.member_id:
            raise ValidationError({"member": "Vai trò đảng viên phải gắn với một đảng viên."})
        if self.kind != RoleKind.MEMBER and self.member_id:
            raise ValidationError({"member": "Chỉ vai trò đảng viên mới gắn với một đảng viên."})


class RosterImport(models.Model):
    """One roster file uploaded for a committee: kept under DATA_DIR until it is written, with what it did."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Đã tải lên, chưa ghi"
        COMMITTED = "committed", "Đã ghi vào danh sách"

    organization = models.ForeignKey(Organization, verbose_name="đảng bộ", on_delete=models.CASCADE,
                                     related_name="roster_imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
                             on_delete=models.SET_NULL)
    filename = models.CharField("tên tệp", max_length=255)
    stored_name = models.CharField(max_length=100, editable=False)  # under DATA_DIR/imports
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveBigIntegerField("dung lượng", default=0)
    mapping = models.JSONField("ghép cột", default=dict, blank=True)  # sheet name → list of field keys
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.UPLOADED)
    result = models.JSONField("kết quả", default=dict, blank=True)
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    committed_at = models.DateTimeField("ghi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập danh sách"
        verbose_name_plural = "các lần nhập danh sách"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} – {self.organization}"


class ImportMapping(models.Model):
    """The columns a committee chose for each header, offered again next time (header key → field key)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="import_mapping")
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ghép cột đã nhớ"
        verbose_name_plural = "ghép cột đã nhớ"

    def __str__(self) -> str:
        return f"Ghép cột của {self.organization}"
