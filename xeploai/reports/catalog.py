"""The documents a unit can download for a period: what they are called, for which units, in which formats.

One list feeds the URLs, the "Tải về" menu, the `report` command and the file names, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from xeploai.orgs.models import Organization
from xeploai.reviews.models import ReviewPeriod

from . import vi

CELL, COMMITTEE, ANY = "cell", "committee", "any"
PDF, XLSX = "pdf", "xlsx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Kind:
    """A document: ``key`` in code, ``slug`` in URLs, file names and the command line."""

    key: str
    slug: str
    title: str
    scope: str
    formats: tuple[str, ...]


KINDS: tuple[Kind, ...] = (
    Kind("summary", "bao-cao-tong-hop", "Báo cáo tổng hợp kết quả xếp loại", COMMITTEE, (PDF, XLSX)),
    Kind("plan", "ke-hoach", "Kế hoạch kiểm điểm", ANY, (PDF,)),
    Kind("unit_report", "bao-cao-kiem-diem-mau-01", "Báo cáo kiểm điểm, tự chấm điểm (mẫu 01)", ANY, (PDF,)),
    Kind("self_review", "ban-kiem-diem-ca-nhan", "Bản kiểm điểm cá nhân (mẫu 2A, 2B, 2C)", CELL, (PDF,)),
    Kind("ballots", "phieu-danh-gia", "Phiếu đánh giá, xếp loại đảng viên", CELL, (PDF,)),
    Kind("tally_minutes", "bien-ban-kiem-phieu", "Biên bản kiểm phiếu", CELL, (PDF,)),
    Kind("cell_results", "danh-sach-ket-qua", "Danh sách kết quả xếp loại đảng viên", CELL, (PDF, XLSX)),
    Kind("dossier", "danh-muc-ho-so-mau-04", "Danh mục hồ sơ (mẫu 04)", CELL, (PDF,)),
    Kind("decision", "quyet-dinh-xep-loai-lai-mau-03", "Quyết định xếp loại lại (mẫu 03)", ANY, (PDF,)),
)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_SLUG = {kind.slug: kind for kind in KINDS}


def find(name: str) -> Kind | None:
    """A kind by its slug or its key ("bien-ban-kiem-phieu" or "tally_minutes")."""
    return BY_SLUG.get(name) or BY_KEY.get(name.replace("-", "_"))


def applies(kind: Kind, period: ReviewPeriod, unit: Organization) -> bool:
    """Cell papers for cells; the summary for a committee (or the cell that is itself the period's committee)."""
    if kind.scope == CELL:
        return unit.is_cell
    if kind.scope == COMMITTEE:
        return not unit.is_cell or unit.pk == period.committee_id
    return True


def file_name(kind: Kind, period: ReviewPeriod, unit: Organization, fmt: str, who: str = "") -> str:
    """ASCII-safe Vietnamese: "bien-ban-kiem-phieu-chi-bo-phong-phap-che-2014.pdf"."""
    subject = vi.slug(who or unit.short_name or unit.name)
    return f"{kind.slug}-{subject}-{period.year}.{fmt}"
