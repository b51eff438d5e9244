"""Write the sample roster workbook (invented people) that fixtures/ ships: ``manage.py sample_roster [OUT]``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from xeploai.orgs.roster.sample import build


class Command(BaseCommand):
    help = "Ghi bảng tính danh sách đảng viên mẫu (người hư cấu)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", nargs="?", default=str(Path(settings.BASE_DIR) / "fixtures"
                                                          / "mau-danh-sach-dang-vien.xlsx"))

    def handle(self, *args, **options) -> None:
        path = build(Path(options["out"]))
        self.stdout.write(f"Đã ghi {path}.")
