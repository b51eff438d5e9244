"""What users must never read: the names of the project's own reference files and DOMAIN sections. Users know the
documents by number and section ("Kế hoạch 146-KH/ĐU, mục IV.3", "QĐ 366-QĐ/TW, Điều 11")."""

from __future__ import annotations

import re

INTERNAL = re.compile(r"§|reference/|DOMAIN|\.md\b|\b00[0-4] (?:mục|Điều|\()|: hiện hành")


def internal_references(text: str) -> list[str]:
    """Each internal reference in ``text`` with a few words around it, for a readable failure."""
    return [text[max(0, m.start() - 40): m.end() + 40].replace("\n", " ") for m in INTERNAL.finditer(text)]
