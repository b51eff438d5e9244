"""Import the organisation tree and the roster of a committee from an .xlsx or .csv file.

    python manage.py import_members fixtures/mau-danh-sach-dang-vien.xlsx --committee db-mau --dry-run

The same services as the browser import: the same file gives the same plan and the same writes. Columns are matched
as the committee last chose them in the browser, else by their headers. Every problem is printed with its row and
column; with any error nothing is written (exit status 1). ``--dry-run`` prints the plan and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xeploai.orgs.models import Organization
from xeploai.orgs.roster import services
from xeploai.orgs.roster.columns import BY_KEY
from xeploai.orgs.roster.files import ImportFileError, read_file

SHOWN_CHANGES = 30


class Command(BaseCommand):
    help = "Nhập cây tổ chức và danh sách đảng viên của một đảng bộ từ tệp .xlsx hoặc .csv."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--committee", required=True, help="mã của đảng bộ nhận danh sách (ví dụ db-thanh-tra-tp)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước: in kết quả, không ghi gì")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        try:
            org = Organization.objects.get(code=options["committee"])
        except Organization.DoesNotExist:
            raise CommandError(f"Không có tổ chức mã «{options['committee']}»: xem mã ở trang của đảng bộ hoặc "
                               "trong trang quản trị.") from None
        if not org.is_committee:
            raise CommandError(f"«{org.name}» là {org.get_kind_display().lower()}: nhập danh sách cho một đảng bộ.")
        try:
            sheets = read_file(path, path.name)
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        mappings = services.mappings_for(org, sheets)
        for problem in services.check_mapping(sheets, mappings):
            raise CommandError(problem)
        plan = services.preview(org, sheets, mappings, path.name)
        for sheet, mapping in zip(sheets, mappings, strict=True):  # the columns used, remembered ones included
            used = [f"«{header}» → {BY_KEY[key].label}" for header, key in zip(sheet.headers, mapping, strict=False)
                    if key]
            left = [f"«{header}»" for header, key in zip(sheet.headers, mapping, strict=False) if header and not key]
            self.stdout.write(f"Trang «{sheet.name}»: " + ("; ".join(used) or "không cột nào được nhận ra")
                              + (f"; bỏ qua {', '.join(left)}" if left else "") + ".")
        self._report(org, plan)
        if plan.errors:
            raise CommandError(f"Có {len(plan.errors)} lỗi: chưa ghi gì. Sửa các dòng trên rồi chạy lại.")
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì.")
            return
        if not plan.has_changes:
            self.stdout.write("Không có gì để ghi.")
            return
        record = services.store_path(org, path, path.name)
        try:
            services.commit(org, None, sheets, mappings, path.name, record=record, expected=plan.digest())
        except services.ImportRefused as error:
            services.stored_path(record).unlink(missing_ok=True)
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã ghi vào danh sách của {org.name}."))

    def _report(self, org, plan) -> None:
        self.stdout.write(f"{org.name}: " + " ".join(services.summary_lines(plan)))
        names = services.unit_names(plan, org)
        for unit in plan.new_units[:SHOWN_CHANGES]:
            self.stdout.write(f"  + tổ chức {unit.name} ({unit.code})")
        for change in plan.member_changes[:SHOWN_CHANGES]:
            self.stdout.write(f"  ~ dòng {change.row}: {services.describe_change(change, names)}")
        if len(plan.member_changes) > SHOWN_CHANGES:
            self.stdout.write(f"  … và {len(plan.member_changes) - SHOWN_CHANGES} đảng viên khác thay đổi.")
        for member in plan.missing[:SHOWN_CHANGES]:
            self.stdout.write(f"  ? không có trong tệp: {member.full_name} ({names.get(member.unit_id, '')})")
        for problem in plan.problems:
            self.stdout.write(("Lỗi. " if problem.error else "Lưu ý. ") + problem.line())
