"""A small reader for JSON-like dicts that collects every problem as (dotted field path, Vietnamese message).

Rule sets report all problems at once (``RuleSetError.errors``); scenarios report the first one (``ScenarioError``)
but are read with the same reader, so both name fields the same way: ``member.quota.fraction``,
``members[2].votes.htxs``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from .exact import is_number, is_whole, parse_fraction, to_fraction
from .text import format_number

_MISSING = object()


def show(value: Any) -> str:
    """A value as it looks in JSON (true, null, "text", 12.5) for messages."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def join(path: str, key: str | int) -> str:
    """``join("members", 2)`` → ``members[2]``; ``join("unit", "tasks")`` → ``unit.tasks``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """Reads typed values out of nested dicts; every failed read adds one problem and returns None.
    A None value is passed through silently: ``required`` has already reported it, or the caller gives a default.
    A None inside a list is never a default: ``sequence`` reports it with the item's path."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        """Record a problem; the message starts with the field path so it names the field on its own."""
        self.errors.append((path, f"{path}: {message}"))

    def raw(self, data: Mapping[str, Any], key: str, default: Any = _MISSING) -> Any:
        """The value, ``default`` when missing or null (``_MISSING`` marks a required field)."""
        value = data.get(key) if isinstance(data, Mapping) else None
        return default if value is None else value

    def required(self, data: Mapping[str, Any], key: str, path: str) -> Any:
        """The value, or a "missing" problem."""
        value = self.raw(data, key)
        if value is _MISSING:
            self.fail(join(path, key), "thiếu trường bắt buộc")
            return None
        return value

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        """``value`` when it is an object."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if isinstance(value, Mapping):
            return value
        self.fail(path, "phải là một đối tượng (JSON object)")
        return None

    def sequence(self, value: Any, path: str) -> Sequence[Any] | None:
        """``value`` when it is a list. A null item is a problem of its own (``roles[0]``): the readers of items pass
        None through silently, so without this a ``[null]`` would be dropped or read as "nothing"."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if not isinstance(value, list | tuple):
            self.fail(path, "phải là một danh sách (JSON array)")
            return None
        for i, item in enumerate(value):
            if item is None:
                self.fail(join(path, i), "phần tử của danh sách không được để trống (null)")
        return value

    def text(self, value: Any, path: str, allow_empty: bool = False) -> str | None:
        """A string (non-empty unless allowed)."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if isinstance(value, str) and (allow_empty or value.strip()):
            return value
        self.fail(path, "phải là một chuỗi ký tự không rỗng")
        return None

    def boolean(self, value: Any, path: str) -> bool | None:
        """true or false (not 0 or 1)."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if isinstance(value, bool):
            return value
        self.fail(path, "phải là true hoặc false")
        return None

    def choice(self, value: Any, path: str, options: Sequence[str]) -> str | None:
        """One of ``options``."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if isinstance(value, str) and value in options:
            return value
        self.fail(path, f"giá trị {show(value)} không hợp lệ; các giá trị hợp lệ: {', '.join(options)}")
        return None

    def count(self, value: Any, path: str, what: str = "giá trị", high: int | None = None) -> int | None:
        """A whole number ≥ 0 (and ≤ ``high``); booleans are not numbers; 3.0 is accepted as 3."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if not is_number(value) or not is_whole(to_fraction(value)) or to_fraction(value) < 0:
            self.fail(path, f"{what} phải là số nguyên không âm, nhận {show(value)}")
            return None
        number = int(to_fraction(value))
        if high is not None and number > high:
            self.fail(path, f"{what} không được lớn hơn {high}, nhận {number}")
            return None
        return number

    def amount(self, value: Any, path: str, what: str = "giá trị", high: Fraction | None = None) -> Fraction | None:
        """A number ≥ 0 (integer or decimal), exact; ≤ ``high`` when given."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if not is_number(value) or to_fraction(value) < 0:
            self.fail(path, f"{what} phải là số không âm (số nguyên hoặc số thập phân), nhận {show(value)}")
            return None
        number = to_fraction(value)
        if high is not None and number > high:
            self.fail(path, f"{what} không được lớn hơn {format_number(high)}, nhận {show(value)}")
            return None
        return number

    def fraction(self, value: Any, path: str, low: Fraction, high: Fraction, what: str = "giá trị") -> Fraction | None:
        """A fraction string ("2/3", "0.15") or number within ``low``..``high``."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        number = parse_fraction(value)
        if number is None or isinstance(value, bool):
            self.fail(path, f'{what} phải là phân số dạng "2/3" hoặc "0.15", nhận {show(value)}')
            return None
        if not low <= number <= high:
            self.fail(
                path, f"{what} phải nằm trong khoảng {format_number(low)} đến {format_number(high)}, nhận {show(value)}"
            )
            return None
        return number

    def iso_date(self, value: Any, path: str) -> date | None:
        """An ISO date "YYYY-MM-DD" (a ``date`` object is accepted too)."""
        if value is None:
            return None  # missing: reported by ``required`` or defaulted by the caller
        if isinstance(value, date) and type(value) is date:
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(path, f'phải là ngày dạng "YYYY-MM-DD", nhận {show(value)}')
        return None
