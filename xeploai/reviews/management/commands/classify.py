"""`manage.py classify SCENARIO.json [--ruleset CODE]`: the classification contract of DOMAIN.md §4 and, for a
file with ``pool`` and ``cells``, the committee's pool of §4.1.

Prints the result JSON (UTF-8, letters not escaped) and exits 0. Bad input prints one Vietnamese message naming
the field and exits 2, without a traceback. Rule sets are read from the database, so an edited rule set is used;
a code not in the database (or a database not migrated yet) falls back to the shipped presets.
"""

from __future__ import annotations

import json
import logging
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from xeploai.rules.engine import classify_dict
from xeploai.rules.pool import classify_pool_dict, is_pool_file
from xeploai.rules.presets import PRESETS
from xeploai.rules.ruleset import RuleSetError
from xeploai.rules.scenario import ScenarioError

logger = logging.getLogger(__name__)


class BadInput(Exception):
    """One message for the user; the command exits 2."""


def read_scenario(path: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise BadInput(f"Không đọc được tệp kịch bản {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BadInput(f"Tệp kịch bản {path} không phải văn bản UTF-8.") from None
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_float=Decimal)  # exact: 49.99999999999999999 stays below 50
    except json.JSONDecodeError as error:
        raise BadInput(f"Tệp kịch bản không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}): "
                       f"{error.msg}") from None
    if not isinstance(data, dict):
        raise BadInput("Kịch bản phải là một đối tượng JSON ({...}).")
    return data


def ruleset_params(code: Any) -> dict[str, Any]:
    """The stored rule set with this code: the database first, then the shipped presets."""
    if not isinstance(code, str) or not code.strip():
        raise BadInput("ruleset: thiếu mã bộ quy tắc (ghi trong kịch bản hoặc dùng --ruleset).")
    from xeploai.reviews.models import RuleSet

    try:
        stored = RuleSet.objects.filter(code=code).values_list("params", flat=True).first()
    except DatabaseError:  # database not migrated yet: the presets still answer
        stored = None
    if stored is not None:
        return {**stored, "code": code}
    if code in PRESETS:
        return PRESETS[code]
    raise BadInput(f"ruleset: không có bộ quy tắc \"{code}\"; các bộ có sẵn: {', '.join(sorted(PRESETS))}.")


def run(scenario: dict[str, Any], code: str | None) -> dict[str, Any]:
    params = ruleset_params(code if code is not None else scenario.get("ruleset"))
    try:
        return (classify_pool_dict if is_pool_file(scenario) else classify_dict)(scenario, params)
    except ScenarioError as error:
        raise BadInput(error.message) from None
    except RuleSetError as error:
        details = "; ".join(f"{field}: {message}" for field, message in error.errors)
        raise BadInput(f"ruleset: bộ quy tắc \"{params.get('code')}\" không hợp lệ: {details}") from None


class Command(BaseCommand):
    help = "Xếp loại một kịch bản JSON (định dạng trong docs/rules.md) và in kết quả JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "scenario", help="tệp JSON của kịch bản (hoặc của một nhóm: pool và cells), hoặc - để đọc từ đầu vào chuẩn"
        )
        parser.add_argument("--ruleset", help="mã bộ quy tắc, thay cho trường ruleset của kịch bản")

    def handle(self, *args, **options) -> None:
        try:
            result = run(read_scenario(options["scenario"]), options.get("ruleset"))
        except BadInput as error:
            self.stderr.write(str(error))
            raise SystemExit(2) from None
        except Exception as error:  # never a traceback for input: say what failed (details at DEBUG log level)
            logger.debug("classify failed", exc_info=True)
            self.stderr.write(f"Không xếp loại được kịch bản này: {error.__class__.__name__}: {error}")
            raise SystemExit(2) from None
        if hasattr(sys.stdout, "reconfigure") and self.stdout._out is sys.stdout:
            sys.stdout.reconfigure(encoding="utf-8")
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
