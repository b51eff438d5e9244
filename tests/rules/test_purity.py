"""The engine is pure (STYLE.md): no Django, no ORM, no settings, no clock."""

import ast
import re
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parents[2] / "xeploai" / "rules"
FORBIDDEN_CALLS = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|random\.)")


def _python_files() -> list[Path]:
    files = sorted(RULES_DIR.glob("*.py"))
    assert files, f"no engine modules found in {RULES_DIR}"
    return files


def test_no_engine_module_imports_django() -> None:
    offenders = []
    for path in _python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(r"^\s*(from|import)\s+django\b", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "xeploai/rules must not import Django:\n" + "\n".join(offenders)


def test_no_engine_module_imports_anything_outside_the_standard_library_or_itself() -> None:
    allowed = {
        "__future__",
        "ast",
        "calendar",
        "collections",
        "copy",
        "dataclasses",
        "datetime",
        "decimal",
        "fractions",
        "itertools",
        "json",
        "math",
        "re",
        "typing",
    }
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [(node.module or "").split(".")[0]]
            else:
                continue
            assert set(names) <= allowed, f"{path.name} imports {names}"


def test_the_engine_never_reads_the_clock() -> None:
    for path in _python_files():
        assert not FORBIDDEN_CALLS.search(path.read_text(encoding="utf-8")), path.name


def test_the_engine_never_uses_binary_floats_for_arithmetic() -> None:
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        assert "float(" not in text, f"{path.name} converts to float"
