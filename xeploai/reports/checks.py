"""A system check: the report font must be there, or PDFs would print Vietnamese letters in a fallback font."""

from __future__ import annotations

from django.core.checks import Warning, register

from .fetcher import FONT_FILES, font_dirs, font_path


@register()
def report_fonts(app_configs=None, **kwargs) -> list[Warning]:
    missing = sorted(name for name in FONT_FILES if font_path(name) is None)
    if not missing:
        return []
    where = ", ".join(str(d) for d in font_dirs())
    return [Warning(
        f"Thiếu phông chữ cho báo cáo PDF: {', '.join(missing)} (tìm trong {where}).",
        hint="Cài gói fonts-liberation2 (Debian/Ubuntu) hoặc đặt REPORT_FONT_DIR tới thư mục chứa Liberation Serif 2.",
        id="reports.W001",
    )]
