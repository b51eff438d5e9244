"""One cell of a roster file to one value, or the sentence saying what is wrong with it. Pure: no database."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from xeploai.lib.vnsort import normalise_name, search_key


class ValueProblem(ValueError):
    """A cell that cannot be read; ``str(error)`` is the sentence (without the row and column)."""


PARTY_FOUNDED = date(1930, 2, 3)
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (with its 1900 leap-year slip)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")


def text(value) -> str:
    """A cell as text, spaces collapsed; numbers without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def is_blank(value) -> bool:
    return text(value) == ""


def parse_date(value, today: date) -> date | None:
    """dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, an Excel serial number or a date cell; None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        result = _serial(value)
    else:
        raw = text(value)
        result = _from_text(raw, today)
    if result.year < 1900:
        raise ValueProblem(f"«{_show(value)}»: năm {result.year} không hợp lệ.")
    if result > today:
        raise ValueProblem(f"«{_show(value)}» là ngày trong tương lai.")
    return result


def _serial(number: float) -> date:
    if 1900 <= number <= 2100 and float(number).is_integer():
        raise ValueProblem(f"«{int(number)}» chỉ có năm: cần đủ ngày, tháng, năm (dd/mm/yyyy).")
    if not 1 <= number < 2_958_466:
        raise ValueProblem(f"«{text(number)}» không phải ngày (cần dạng dd/mm/yyyy).")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _from_text(raw: str, today: date) -> date:
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:  # d/m/yy: the latest year not after today
            year += 2000 if 2000 + year <= today.year else 1900
        return _make(day, month, year, raw)
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make(day, month, year, raw)
    if _SERIAL.match(raw):
        return _serial(float(raw))
    if re.fullmatch(r"\d{4}", raw):
        raise ValueProblem(f"«{raw}» chỉ có năm: cần đủ ngày, tháng, năm (dd/mm/yyyy).")
    raise ValueProblem(f"«{raw}» không phải ngày (cần dạng dd/mm/yyyy, ví dụ 03/02/1995).")


def _make(day: int, month: int, year: int, raw: str) -> date:
    if not 1 <= month <= 12:
        raise ValueProblem(f"«{raw}»: tháng {month} không có (ghi ngày trước, tháng sau: dd/mm/yyyy).")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(f"«{raw}»: tháng {month}/{year} không có ngày {day}.") from None


def _show(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return text(value)


_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\u2019\-][^\W\d_]+)*$")  # "H'Hen Niê", "H’Hen Niê"


def parse_name(value) -> tuple[str, bool]:
    """(the name as stored: NFC, spaces collapsed; whether the file typed it decomposed, as some keyboards do)."""
    if isinstance(value, (bool, int, float, datetime, date)):
        raise ValueProblem(f"«{_show(value)}» không phải họ tên.")
    raw = text(value)
    if not raw:
        raise ValueProblem("thiếu họ và tên.")
    name = normalise_name(raw)
    if len(name) > 120:
        raise ValueProblem(f"họ và tên dài {len(name)} ký tự (tối đa 120).")
    if not _NAME_CHARS.match(name):
        raise ValueProblem(f"«{name}» có ký tự không phải chữ (chữ số hoặc dấu câu).")
    return name, raw != unicodedata.normalize("NFC", raw)


def name_key(name: str) -> str:
    """Names compared for matching: NFC, case folded (tones kept: "Lê Văn An" and "Lê Văn Ân" are two people)."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


GENDERS = {"nam": "nam", "nu": "nu", "male": "nam", "female": "nu", "m": "nam", "f": "nu"}


def parse_gender(value) -> str | None:
    raw = text(value)
    if not raw:
        return None
    key = search_key(raw)
    if key in GENDERS:
        return GENDERS[key]
    raise ValueProblem(f"«{raw}»: giới tính ghi «Nam» hoặc «Nữ».")


_TRUE = {"x", "co", "1", "true", "dung", "yes", "v"}
_FALSE = {"", "khong", "0", "false", "no", "-"}


def parse_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    key = search_key(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(f"«{text(value)}»: ghi «x» hoặc «Có» nếu đúng, để trống nếu không.")


def parse_category(value) -> str | None:
    raw = text(value)
    if not raw:
        return None
    match = re.match(r"^(?:mau\s*|doi tuong\s*)?(2[abc])\b", search_key(raw))
    if match:
        return match.group(1).upper()
    raise ValueProblem(f"«{raw}»: đối tượng ghi 2A, 2B hoặc 2C (mẫu bản tự kiểm điểm theo HD 43).")


# Party posts at the cell, longest phrase first ("phó bí thư" before "bí thư").
POST_WORDS = (
    ("pho bi thu", "pho_bi_thu"),
    ("bi thu", "bi_thu"),
    ("chi uy vien", "cap_uy_vien"),
    ("dang uy vien", "cap_uy_vien"),
    ("cap uy vien", "cap_uy_vien"),
    ("uy vien", "cap_uy_vien"),
    ("to truong to dang", "to_truong"),
    ("to truong", "to_truong"),
)
CELL_POSTS = frozenset(code for _, code in POST_WORDS)


def parse_posts(value) -> frozenset[str]:
    """The party posts held at the cell: "Bí thư", "Phó Bí thư chi bộ", "Chi ủy viên", several joined by "," or
    ";" or "và"."""
    raw = text(value)
    if not raw:
        return frozenset()
    found = set()
    for part in re.split(r"[,;/+]| va ", search_key(raw)):
        part = " ".join(part.split())
        if not part:
            continue
        for words, code in POST_WORDS:
            if part.startswith(words):
                found.add(code)
                break
        else:
            raise ValueProblem(f"«{raw}»: không nhận ra chức vụ đảng (Bí thư, Phó Bí thư, Chi ủy viên, Tổ trưởng "
                               "tổ đảng); chức vụ chính quyền ghi ở cột khác.")
    return frozenset(found)


CARD_MAX = 20


def card_shape(card: str) -> tuple[int, ...]:
    """The lengths of the digit groups of a card number: "37.791750" → (2, 6)."""
    return tuple(len(group) for group in card.split("."))


def parse_card(value) -> tuple[str, bool]:
    """(the card number as text, whether the cell held a number: Excel drops leading zeros of numbers)."""
    if value is None:
        return "", False
    from_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    raw = text(value).replace(" ", "")
    if not raw:
        return "", False
    if len(raw) > CARD_MAX:
        raise ValueProblem(f"«{raw}»: số thẻ dài {len(raw)} ký tự (tối đa {CARD_MAX}).")
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-/]*", raw):
        raise ValueProblem(f"«{raw}»: số thẻ chỉ gồm chữ số (và dấu chấm).")
    return raw, from_number


def restore_zeros(card: str, shape: tuple[int, ...]) -> str | None:
    """The card as it was before Excel read it as a number, if it fits the file's usual shape with zeros lost:
    zeros in front of the first group, after the last digits of the decimal part ("1.23456" → "01.234560")."""
    groups = card.split(".")
    if len(groups) != len(shape) or not all(group.isdigit() for group in groups):
        return None
    if card_shape(card) == shape or any(len(group) > want for group, want in zip(groups, shape, strict=True)):
        return None
    padded = [groups[0].rjust(shape[0], "0")] + [group.ljust(want, "0") for group, want in zip(groups[1:], shape[1:],
                                                                                             strict=True)]
    return ".".join(padded)
