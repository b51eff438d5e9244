"""The fields a roster file can fill, and the Vietnamese headers that name them.

Headers are compared by their search key (no tones, no case, "đ" as "d", punctuation as spaces), with and without
what stands in brackets: "Ngày sinh (dd/mm/yyyy)", "NGÀY SINH" and "Ngay sinh" all name the date of birth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xeploai.lib.vnsort import search_key


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]
    sheet: str  # "roster", "tree" or "both"


FIELDS: tuple[Field, ...] = (
    Field("full_name", "Họ và tên", ("ho va ten", "ho ten", "ho va ten dang vien", "ten dang vien",
                                     "ho va ten khai sinh", "ho va ten dang dung"), "roster"),
    Field("date_of_birth", "Ngày sinh", ("ngay sinh", "ngay thang nam sinh", "sinh ngay", "ngay sinh dang vien"),
          "roster"),
    Field("gender", "Giới tính", ("gioi tinh", "nam nu", "gioi"), "roster"),
    Field("admitted_on", "Ngày vào Đảng", ("ngay vao dang", "ngay ket nap", "ngay ket nap dang",
                                           "ngay vao dang du bi", "ngay vao dang cong san viet nam"), "roster"),
    Field("official_on", "Ngày chính thức", ("ngay chinh thuc", "ngay vao dang chinh thuc",
                                             "ngay cong nhan chinh thuc", "ngay chuyen chinh thuc"), "roster"),
    Field("card_number", "Số thẻ đảng viên", ("so the dang vien", "so the", "so the dang", "so the dv",
                                              "the dang vien"), "roster"),
    Field("unit", "Chi bộ", ("chi bo", "chi bo sinh hoat", "ten chi bo", "ma chi bo", "sinh hoat tai chi bo",
                             "to chuc co so dang"), "roster"),
    Field("posts", "Chức vụ đảng", ("chuc vu dang", "chuc vu trong dang", "chuc vu dang uy chi bo",
                                    "chuc vu cap uy"), "roster"),
    Field("job_title", "Chức vụ chính quyền, đoàn thể", ("chuc vu", "chuc vu chinh quyen",
                                                         "chuc vu chinh quyen doan the", "chuc danh",
                                                         "chuc vu cong tac"), "roster"),
    Field("category", "Đối tượng 2A/2B/2C", ("doi tuong", "doi tuong 2a 2b 2c", "mau ban kiem diem",
                                             "mau kiem diem", "mau 2a 2b 2c"), "roster"),
    Field("is_civil_servant", "Cán bộ, công chức, viên chức", ("cong chuc", "can bo cong chuc vien chuc",
                                                               "la can bo cong chuc vien chuc", "cbccvc"), "roster"),
    Field("exempt", "Miễn sinh hoạt", ("mien sinh hoat", "mien cong tac va sinh hoat dang", "mien sh",
                                       "mien cong tac sinh hoat"), "roster"),
    Field("exempt_since", "Miễn từ ngày", ("mien tu ngay", "ngay mien sinh hoat", "ngay mien"), "roster"),
    Field("unit_name", "Tên tổ chức", ("ten to chuc", "ten to chuc dang"), "tree"),
    Field("code", "Mã", ("ma", "ma to chuc", "ma don vi"), "tree"),
    Field("kind", "Loại tổ chức", ("loai", "loai to chuc", "loai hinh", "loai hinh to chuc"), "tree"),
    Field("short_name", "Tên viết tắt", ("ten viet tat", "viet tat"), "tree"),
    Field("place", "Địa danh", ("dia danh", "dia danh ghi tren van ban"), "tree"),
    Field("position", "Thứ tự", ("thu tu", "thu tu sap xep"), "tree"),
    Field("parent", "Trực thuộc (đảng bộ)", ("truc thuoc", "dang bo", "dang bo co so", "thuoc dang bo",
                                            "to chuc cap tren", "cap tren"), "both"),
)
BY_KEY = {item.key: item for item in FIELDS}
IGNORED = ("stt", "tt", "so tt", "so thu tu", "ghi chu")
_ALIASES = {alias: item.key for item in FIELDS for alias in item.aliases}


def header_key(text: str) -> str:
    """A header as compared: search key with punctuation as spaces ("Đối tượng 2A/2B/2C" → "doi tuong 2a 2b 2c")."""
    return " ".join(re.sub(r"[^\w]+", " ", search_key(text)).split())


def _bare_key(text: str) -> str:
    return header_key(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text))


def guess_field(header: str) -> str | None:
    """The field a header names, or None (unknown, or a column to leave out such as "STT")."""
    for key in (header_key(header), _bare_key(header)):
        if key in _ALIASES:
            return _ALIASES[key]
    return None


def is_known_header(header: str) -> bool:
    keys = (header_key(header), _bare_key(header))
    return any(key in _ALIASES or key in IGNORED for key in keys)


def detect_header(rows: list[tuple]) -> int | None:
    """The index of the first row holding at least two recognised headers (titles above a table are skipped)."""
    for index, values in enumerate(rows):
        texts = [str(value) for value in values if isinstance(value, str) and value.strip()]
        if sum(1 for text in texts if guess_field(text)) >= 2:
            return index
    return None


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> list[str]:
    """One field key per column ("" = left out): what the committee chose before for that header, else the guess.
    A field is taken by its first column only."""
    remembered = remembered or {}
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = header_key(header)
        field = remembered.get(key) if key in remembered else (guess_field(header) or "")
        if field and (field in taken or field not in BY_KEY):
            field = ""
        taken.add(field)
        mapping.append(field)
    return mapping


def sheet_kind(mapping: list[str]) -> str | None:
    """"tree" for a sheet of organisations, "roster" for a sheet of members, None for a sheet to leave alone."""
    fields = set(mapping)
    if "unit_name" in fields and "full_name" not in fields:
        return "tree"
    if "full_name" in fields:
        return "roster"
    return None


def choices_for(kind: str | None) -> list[tuple[str, str]]:
    """The fields offered in a column's select on the mapping page."""
    wanted = {"tree": ("tree", "both"), "roster": ("roster", "both")}.get(kind or "", ("roster", "tree", "both"))
    return [("", "— bỏ qua cột này —")] + [(item.key, item.label) for item in FIELDS if item.sheet in wanted]
