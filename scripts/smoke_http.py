"""Real HTTP requests against a production server, as a browser behind README's proxy would make them.

    python3 scripts/smoke_http.py http://127.0.0.1:8001 xeploai.example.vn USERNAME PASSWORD UNIT

Standard library only. Sends what the proxy adds (Host, X-Forwarded-Proto: https, X-Forwarded-For) and keeps the
cookies itself (they are Secure, which a plain-HTTP client would drop). Walks the way a secretary does: the login
page and its stylesheet, signing in, the unit page, the cell's page for a period, one PDF and one workbook from its
"Tải về" menu. Prints one line per check; exits 1 at the first failure.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import zlib
from html import unescape
from http.cookies import SimpleCookie

YEAR_SECONDS = 365 * 24 * 3600


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str, host: str) -> None:
        self.base, self.host, self.cookies = base.rstrip("/"), host, SimpleCookie()
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None, referer: str | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7",
                   "User-Agent": "xeploai-smoke"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if referer:
            headers["Referer"] = f"https://{self.host}{referer}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return response.status, response.headers, response.read()


def pdf_streams(pdf: bytes) -> bytes:
    """Every stream of a PDF, inflated where it is compressed (font names sit in compressed object streams)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return b"".join(out)


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        sys.exit(1)


def link(html: str, pattern: str, what: str) -> str:
    found = re.search(pattern, html)
    check(found is not None, f"{what}: link found")
    return unescape(found.group(0))


def main(base: str, host: str, username: str, password: str, unit: str) -> None:
    client = Client(base, host)
    status, headers, body = client.request("/healthz")
    check(status == 200 and body.startswith(b"ok"), f"/healthz answers ok ({status})")

    status, headers, body = client.request("/dang-nhap/")
    html = body.decode()
    check(status == 200 and "Đăng nhập" in html, f"login page 200 in Vietnamese ({status})")
    csp = headers.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp, "login page has a CSP without inline script")
    check("camera=()" in headers.get("Permissions-Policy", ""), "login page has a Permissions-Policy")
    css = link(html, r"/static/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css", "hashed Bootstrap stylesheet")
    status, headers, body = client.request(css)
    cache = headers.get("Cache-Control", "")
    age = int(re.search(r"max-age=(\d+)", cache).group(1)) if "max-age=" in cache else 0
    check(status == 200 and headers.get_content_type() == "text/css" and len(body) > 100_000,
          f"stylesheet served: {status}, {headers.get_content_type()}, {len(body)} bytes")
    check(age >= YEAR_SECONDS, f"stylesheet cached far ahead ({cache})")

    token = client.cookies["csrftoken"].value
    status, headers, _ = client.request("/dang-nhap/", {"csrfmiddlewaretoken": token, "username": username,
                                                        "password": password}, referer="/dang-nhap/")
    check(status == 302 and "sessionid" in client.cookies, f"signed in as {username} ({status})")

    status, headers, body = client.request(f"/don-vi/{unit}/")
    check(status == 200, f"unit page 200 ({status})")
    check(headers.get("Cache-Control") == "no-store", "a page with personal data is sent with no-store")
    cell = link(body.decode(), rf"/ky/\d+/{re.escape(unit)}/", "the cell's period page")
    status, headers, body = client.request(cell)
    html = body.decode()
    check(status == 200 and "Chi bộ" in html, f"cell page {cell} 200 ({status})")
    for fmt, kind, magic in (("pdf", "application/pdf", b"%PDF"),
                             ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK")):
        url = link(html, rf"/bao-cao/\d+/{re.escape(unit)}/[a-z0-9-]+\.{fmt}", f"a {fmt} download")
        status, headers, body = client.request(url)
        check(status == 200 and headers.get_content_type() == kind and body.startswith(magic) and len(body) > 1000,
              f"{url}: {status}, {headers.get_content_type()}, {len(body)} bytes")
        check(headers.get("Cache-Control") == "no-store", f"{fmt} download sent with no-store")
        if fmt == "pdf":
            check(b"+Liberation-Serif" in pdf_streams(body), "the PDF embeds a subset of Liberation Serif")

    status, _, body = client.request("/khong-co-trang-nay/")
    check(status == 404 and "Không tìm thấy" in body.decode(), f"404 page in Vietnamese ({status})")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
