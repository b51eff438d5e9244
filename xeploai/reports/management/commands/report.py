"""`manage.py report KIND --unit CODE --period YEAR --format pdf|xlsx -o FILE`: print a document in batch.

KIND is a document's slug or key (`bien-ban-kiem-phieu` or `tally_minutes`; `--help` lists them). The period is
the one of that year that applies to the unit (the nearest committee's, when several do). Bad arguments print one
Vietnamese message naming the argument and exit 2, without a traceback.
"""

from __future__ import annotations

import logging
import re
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from xeploai.orgs import access
from xeploai.orgs.models import Member, Organization
from xeploai.orgs.tree import with_path
from xeploai.reports import catalog, documents
from xeploai.reports.catalog import Kind
from xeploai.reviews.models import ReviewPeriod
from xeploai.rules.text import format_number

logger = logging.getLogger(__name__)


ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"thiếu tham số bắt buộc: \1."),
    (re.compile(r"argument (\S+): invalid int value: '(.*)'"), r'\1: "\2" không phải số nguyên.'),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)"),
     r'\1: không có lựa chọn "\2"; chọn một trong \3.'),
    (re.compile(r"argument (\S+): expected one argument"), r"\1: thiếu giá trị."),
    (re.compile(r"unrecognized arguments: (.*)"), r"tham số không nhận ra: \1."),
)


def vietnamese(message: str) -> str:
    """argparse's English message, said in Vietnamese where it is one of the usual ones."""
    for pattern, words in ARGPARSE_MESSAGES:
        if pattern.search(message):
            return pattern.sub(words, message)
    return f"Tham số không hợp lệ: {message}"


class BadArgument(Exception):
    """One message for the user; the command exits 2."""


def _kind(name: str) -> Kind:
    kind = catalog.find(name)
    if kind is None:
        names = ", ".join(k.slug for k in catalog.KINDS)
        raise BadArgument(f"KIND: không có loại tài liệu \"{name}\"; chọn một trong: {names}.")
    return kind


def _unit(code: str) -> Organization:
    unit = Organization.objects.filter(code=code).first()
    if unit is None:
        raise BadArgument(f"--unit: không có tổ chức mã \"{code}\".")
    return with_path(unit)


def _period(unit: Organization, year: int) -> ReviewPeriod:
    """The period of that year applying to the unit, the nearest committee first."""
    path = access.path_ids(unit)
    periods = list(ReviewPeriod.objects.select_related("ruleset", "committee").filter(committee_id__in=path,
                                                                                      year=year))
    if not periods:
        raise BadArgument(f"--period: không có kỳ kiểm điểm năm {year} áp dụng cho {unit.name}.")
    return max(periods, key=lambda period: path.index(period.committee_id))


def _check(kind: Kind, fmt: str, period: ReviewPeriod, unit: Organization) -> None:
    if fmt not in kind.formats:
        raise BadArgument(f"--format: \"{kind.slug}\" chỉ có định dạng {', '.join(kind.formats)}.")
    if not catalog.applies(kind, period, unit):
        where = "chi bộ" if kind.scope == catalog.CELL else "đảng bộ"
        raise BadArgument(f"--unit: \"{kind.slug}\" chỉ in cho {where}; {unit.name} không phải.")


def _member(member_id: int | None, unit: Organization) -> int | None:
    if member_id is not None and not Member.objects.filter(pk=member_id).exists():
        raise BadArgument(f"--member: không có đảng viên số {member_id}.")
    return member_id


class Command(BaseCommand):
    help = "In một biểu mẫu (PDF) hoặc bảng tính (Excel) của một tổ chức trong một kỳ kiểm điểm."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = "; ".join(f"{k.slug} ({', '.join(k.formats)})" for k in catalog.KINDS)
        parser.add_argument("kind", help=f"loại tài liệu: {kinds}")
        parser.add_argument("--unit", required=True, help="mã tổ chức, ví dụ cb-phap-che")
        parser.add_argument("--period", required=True, type=int, help="năm của kỳ kiểm điểm, ví dụ 2014")
        parser.add_argument("--format", default="pdf", choices=[catalog.PDF, catalog.XLSX], help="pdf hoặc xlsx")
        parser.add_argument("-o", "--output", required=True, help="tệp kết quả")
        parser.add_argument("--member", type=int, help="chỉ bản kiểm điểm của đảng viên có số này")
        parser.add_argument("--copies", type=int, help="số phiếu đánh giá (mặc định: số đảng viên chính thức)")
        parser.add_argument("--rows", type=int, default=documents.PRINT_ROWS,
                            help=f"số dòng tối đa của bản in tổng hợp (mặc định {documents.PRINT_ROWS})")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        """Argument errors from argparse also print one Vietnamese line and exit 2 (from the command line)."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        english_error = parser.error

        def error(message: str) -> None:
            if not parser.called_from_command_line:
                english_error(message)  # raises CommandError for call_command()
            self.stderr.write(vietnamese(message))
            raise SystemExit(2)

        parser.error = error
        return parser

    def handle(self, *args, **options) -> None:
        try:
            started = time.perf_counter()
            output = self._produce(options)
        except BadArgument as error:
            self.stderr.write(str(error))
            raise SystemExit(2) from None
        except OSError as error:
            self.stderr.write(f"-o: không ghi được tệp {options['output']}: {error.strerror or error}")
            raise SystemExit(2) from None
        seconds = Decimal(str(round(time.perf_counter() - started, 1)))
        self.stdout.write(f"Đã ghi {output} ({format_number(output.stat().st_size)} byte, "
                          f"{format_number(seconds, 1)} giây).")

    def _produce(self, options: dict) -> Path:
        kind, unit = _kind(options["kind"]), _unit(options["unit"])
        period, fmt = _period(unit, options["period"]), options["format"]
        _check(kind, fmt, period, unit)
        copies = options.get("copies")
        if copies is not None and not 1 <= copies <= documents.MAX_COPIES:
            raise BadArgument(f"--copies: số phiếu phải từ 1 đến {documents.MAX_COPIES}.")
        if options["rows"] < 1:
            raise BadArgument("--rows: số dòng phải từ 1 trở lên.")
        settings = documents.Options(today=timezone.localdate(), member_id=_member(options.get("member"), unit),
                                     copies=copies, print_rows=options["rows"])
        output = Path(options["output"])
        with output.open("wb") as target:
            documents.write(kind, fmt, period, unit, target, settings)
        return output
