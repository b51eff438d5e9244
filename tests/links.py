"""One breadth-first walk over the links a persona can follow, used by the citation scan (Django's client) and the
accessibility walk (the browser): same site, no downloads, no logout, no Django admin."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urldefrag, urlsplit

SKIP = ("/dang-xuat", "/quan-tri/", "/static/", "/tai-ve/", "/healthz", "/doi-mat-khau")


def walk(visit: Callable[[str], Iterable[str] | None], start: str = "/", skip: tuple[str, ...] = SKIP
         ) -> Iterator[tuple[str, bool]]:
    """Yield (path, is a page) breadth first from ``start``. ``visit(path)`` opens the path (lazily, when the walk
    reaches it) and returns the hrefs of the page, or None when it is not an HTML page to follow."""
    seen, queue = {start}, deque([start])
    while queue:
        path = queue.popleft()
        hrefs = visit(path)
        yield path, hrefs is not None
        for href in hrefs or ():
            target = urldefrag(href or "")[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(skip):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
