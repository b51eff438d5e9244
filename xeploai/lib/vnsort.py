"""Vietnamese collation for names, as Vietnamese lists sort them.

A list of people is ordered by given name (the last word), then by the rest of the name
from the family name on. Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l
m n o ô ơ p q r s t u ư v x y); tones only break ties, in dictionary order: ngang, huyền,
hỏi, ngã, sắc, nặng.

Each word compares whole (letters, then tones) before the next word is looked at.
`name_sort_key` returns a string of lowercase ASCII digits only, so that the database
orders it correctly under any collation (SQLite BINARY, PostgreSQL C or en_US).
"""

from __future__ import annotations

import unicodedata

# The Vietnamese alphabet with the Latin letters it lacks (f j w z) in their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_WORD_END = "00"


def _letter_code(base: str) -> str:
    """Two digits per letter: 01..33 in alphabet order; digits 40..49; anything else 99."""
    index = ALPHABET.find(base)
    if index >= 0:
        return f"{index + 1:02d}"
    if base.isdigit() and base.isascii():
        return f"4{base}"
    return "99"


def _split_letter(char: str) -> tuple[str, int]:
    """Split one character into its base letter (with vowel marks) and its tone number."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = 0
    base = ""
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base += part
    return unicodedata.normalize("NFC", base), tone


def _word_key(word: str) -> str:
    """Letters, a word end, then one tone digit per letter: tones decide only between equal letters."""
    primary, tones = "", ""
    for char in word.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111"):  # Ð/ð typed for Đ/đ
        base, tone = _split_letter(char)
        if not base.strip():
            continue
        primary += _letter_code(base)
        tones += str(tone)
    return primary + _WORD_END + tones


def name_sort_key(full_name: str) -> str:
    """Key ordering by given name, then family and middle names; tones break ties last."""
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    return "".join(_word_key(word) for word in ordered)


def given_name(full_name: str) -> str:
    words = full_name.split()
    return words[-1] if words else ""


def text_sort_key(text: str) -> str:
    """Key ordering any text (a unit's name) word by word the Vietnamese way: "Đảng bộ …" after "Chi bộ …", before
    "Trường …", not after "Z"."""
    return "".join(_word_key(word) for word in unicodedata.normalize("NFC", text).split())


def normalise_name(text: str) -> str:
    """A name as stored: NFC (one code point per accented letter, as a decomposing keyboard does not type it),
    spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def search_key(text: str) -> str:
    """What a search compares: lower case, without tones or vowel marks, "đ" as "d", spaces collapsed:
    "NGUYỄN  Văn Ánh" and "nguyen van anh" give the same key, whatever Unicode form was typed."""
    decomposed = unicodedata.normalize("NFD", text.replace("\u0110", "d").replace("\u0111", "d")
                                       .replace("\u00d0", "d").replace("\u00f0", "d"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())
