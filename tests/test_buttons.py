"""One button style per meaning, across every template: `btn-primary` saves or goes on, `btn-danger` only undoes
(annuls a result, deletes), `btn-success` recognises, `btn-warning` returns; a page never paints "Lưu" red."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BUTTON = re.compile(r'<(?:button|a)\b[^>]*class="btn (?:btn-sm )?btn-(?P<style>[a-z-]+)[^"]*"[^>]*>(?P<text>[^<]*)')
DANGER_WORDS = ("Hủy kết quả", "Xóa")


def buttons():
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in BUTTON.finditer(path.read_text(encoding="utf-8")):
            yield path.relative_to(TEMPLATES), match["style"], match["text"].strip()


def test_danger_is_only_for_undoing():
    wrong = [(str(p), text) for p, style, text in buttons() if style == "danger" and not text.startswith(DANGER_WORDS)]
    assert not wrong, wrong


def test_saving_and_sending_are_primary():
    wrong = [(str(p), style, text) for p, style, text in buttons()
             if text.startswith(("Lưu", "Nộp", "Gửi cấp trên", "Đăng nhập", "Đổi mật khẩu")) and not text.endswith("…")
             and style not in ("primary", "outline-secondary")]
    assert not wrong, wrong
    assert len([b for b in buttons() if b[1] == "primary"]) > 10  # the pattern reads the templates
