"""WeasyPrint's only way out: our own static files and the report fonts, never the network or the disk at large.

The HTML of a report is rendered with ``base_url`` set to ``REPORT_ORIGIN`` (a reserved ``.invalid`` name that never
resolves); the templates link ``{% report_asset %}`` URLs, ``https://xeploai.invalid/static/…`` under their source
names, served from the static-file finders. So a PDF never depends on collectstatic or the manifest: `manage.py
report` works on a machine where static files were never collected. Fonts are named
``xeploaifont:LiberationSerif-Regular.ttf`` in the print CSS (letters only before the colon: collectstatic leaves
such a URL alone, as it does ``data:``) and served from the font directory of the system package (Debian
``fonts-liberation2``: Liberation Serif 2, Times-metric, every Vietnamese letter; Liberation 1 lacks them).
Any other URL (http, file, data, a user's link) is refused.
"""

from __future__ import annotations

import mimetypes
import os
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

REPORT_ORIGIN = "https://xeploai.invalid"
FONT_SCHEME = "xeploaifont:"
FONT_FAMILY = "LiberationSerif"
FONT_FILES = frozenset(f"{FONT_FAMILY}-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic"))
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",  # Debian, Ubuntu: fonts-liberation2
    "/usr/share/fonts/liberation-serif",  # Fedora: liberation-serif-fonts
    "/usr/share/fonts/TTF",  # Arch: ttf-liberation
)


class RefusedURL(ValueError):
    """A report asked for something outside the project (logged by WeasyPrint, never fetched)."""


def font_dirs() -> tuple[Path, ...]:
    """``REPORT_FONT_DIR`` (environment) first, then the usual places of Liberation Serif 2."""
    extra = os.environ.get("REPORT_FONT_DIR", "")
    return tuple(Path(d) for d in ((extra,) if extra else ()) + FONT_DIRS)


@lru_cache(maxsize=8)
def font_path(name: str) -> Path | None:
    """The file of an allowed font, or None."""
    if name not in FONT_FILES:
        return None
    return next((d / name for d in font_dirs() if (d / name).is_file()), None)


def static_path(path: str) -> Path | None:
    """A file found by the static-file finders for a URL path under STATIC_URL; None outside it or for ".."."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    relative = unquote(path[len(prefix):])
    if not relative or ".." in PurePosixPath(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _response(url: str, path: Path) -> URLFetcherResponse:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Content-Type": f"{kind}; charset=utf-8" if kind == "text/css" else kind}
    return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)


class ProjectFetcher(URLFetcher):
    """Serves only ``xeploaifont:`` fonts and our static files; refuses everything else."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(FONT_SCHEME):
            found = font_path(unquote(url[len(FONT_SCHEME):]))
        else:
            parts = urlsplit(url)
            own = f"{parts.scheme}://{parts.netloc}" == REPORT_ORIGIN
            found = static_path(parts.path) if own and not parts.query else None
        if found is None:
            raise RefusedURL(f"Báo cáo chỉ dùng tệp tĩnh và phông chữ của dự án; không tải: {url[:200]}")
        return _response(url, found)
