"""Read an uploaded roster file into sheets of rows: .xlsx (values only, formulas as the values Excel saved) and
.csv in the encodings Excel writes. Every refusal is a sentence for the user (``ImportFileError``).

Nothing here evaluates a formula: openpyxl opens the workbook with ``data_only=True`` and hands back the value cached
in the file (``None`` where Excel never computed one); a .csv cell beginning with "=" is text like any other.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .columns import detect_header

MAX_BYTES = 40 * 1024 * 1024  # a province's roster of 150,000 members is about 15 MB as .xlsx and 20 MB as .csv
MAX_ROWS = 200_000
MAX_UNZIPPED = 400 * 1024 * 1024  # what the parts of an .xlsx may expand to
MAX_RATIO = 200  # a real sheet compresses 5–20×; a zip bomb thousands of times
HEADER_SEARCH_ROWS = 20


class ImportFileError(Exception):
    """The file cannot be read as a roster; ``str(error)`` is the Vietnamese sentence shown."""


@dataclass
class Sheet:
    name: str
    header_row: int  # 1-based row number of the headers (0: none found)
    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (row number in the file, cell values)


def read_file(path: Path, filename: str) -> list[Sheet]:
    """The sheets of an .xlsx or the one sheet of a .csv, with their header row found."""
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("Tệp trống: không có dữ liệu nào.")
    if size > MAX_BYTES:
        raise ImportFileError(f"Tệp quá lớn ({size / 1024 / 1024:.0f} MB; tối đa {MAX_BYTES // 1024 // 1024} MB). "
                              "Hãy chia thành nhiều tệp, mỗi tệp một đảng bộ.")
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("Tệp Excel định dạng cũ (.xls) chưa đọc được: mở tệp trong Excel, chọn «Lưu thành» "
                              "(Save As) kiểu «Excel Workbook (.xlsx)» rồi tải lên tệp mới.")
    if suffix in (".xlsx", ".xlsm") or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise ImportFileError("Tệp mang tên .xlsx nhưng không phải bảng tính Excel: mở bằng Excel rồi lưu lại kiểu "
                              "«Excel Workbook (.xlsx)», hoặc đổi tên thành .csv nếu đó là tệp CSV.")
    return [_read_csv(path)]


def _check_zip(path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError("Tệp .xlsx bị hỏng: không mở được như một bảng tính.") from None
    with archive:
        members = archive.infolist()
        total = sum(info.file_size for info in members)
        packed = sum(info.compress_size for info in members) or 1
        if len(members) > 10_000 or total > MAX_UNZIPPED or total / packed > MAX_RATIO:
            raise ImportFileError("Tệp bị từ chối: khi giải nén, nội dung lớn bất thường so với tệp (dấu hiệu «bom "
                                  "nén»). Hãy lưu lại bảng tính từ Excel rồi tải lên.")
        if "xl/workbook.xml" not in {info.filename for info in members}:
            raise ImportFileError("Tệp nén không phải bảng tính Excel (.xlsx): không có trang tính nào.")


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged part; each means the same to the user
        raise ImportFileError("Tệp .xlsx bị hỏng: không mở được như một bảng tính.") from None
    sheets = []
    total = 0
    try:
        for worksheet in book.worksheets:
            worksheet.reset_dimensions()  # a stale <dimension> would cut the sheet short
            rows = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if any(value is not None and str(value).strip() for value in values):
                    rows.append((number, tuple(values)))
                    total += 1
                    if total > MAX_ROWS:
                        raise ImportFileError(f"Tệp có quá {MAX_ROWS:,} dòng".replace(",", ".")
                                              + ": hãy chia thành nhiều tệp, mỗi tệp một đảng bộ.")
            sheets.append(_with_header(worksheet.title, rows))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError("Tệp .xlsx bị hỏng: một trang tính không đọc được.") from None
    finally:
        book.close()
    return sheets


ENCODINGS = ("utf-8", "cp1258")


def decode_text(raw: bytes) -> str:
    """Text of a .csv: UTF-8 (with or without BOM), UTF-16 with its BOM, or Windows-1258 as older Excel saves it."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ENCODINGS:
        try:  # Windows-1258 keeps tones apart from their letters: stored NFC, as typed elsewhere
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ImportFileError("Không đọc được chữ trong tệp CSV: hãy lưu lại từ Excel kiểu «CSV UTF-8».")


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("Tệp không phải bảng tính Excel (.xlsx) hay CSV: nội dung không đọc được như một bảng.")
    try:
        text = decode_text(raw)
    except UnicodeDecodeError:
        raise ImportFileError("Không đọc được chữ trong tệp CSV: hãy lưu lại từ Excel kiểu «CSV UTF-8».") from None
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if any(value.strip() for value in values):
                rows.append((number, tuple(values)))
                if len(rows) > MAX_ROWS:
                    raise ImportFileError(f"Tệp có quá {MAX_ROWS:,} dòng".replace(",", ".")
                                          + ": hãy chia thành nhiều tệp, mỗi tệp một đảng bộ.")
    except csv.Error:
        raise ImportFileError("Tệp CSV hỏng: có dấu ngoặc kép không đóng hoặc dòng quá dài.") from None
    if not rows:
        raise ImportFileError("Tệp trống: không có dữ liệu nào.")
    return _with_header("CSV", rows)


def _with_header(name: str, rows: list[tuple[int, tuple]]) -> Sheet:
    index = detect_header([values for _, values in rows[:HEADER_SEARCH_ROWS]])
    if index is None:
        if not rows:
            return Sheet(name, 0, [], [])
        index = 0
    number, values = rows[index]
    headers = [_header_text(value) for value in values]
    return Sheet(name, number, headers, rows[index + 1:])


def _header_text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""
