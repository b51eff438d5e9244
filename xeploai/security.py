"""What a security review expects of every response: headers, the idle timeout, the client's address, log lines.

- Every page gets a Content-Security-Policy without inline script or style (our pages have none), a
  Permissions-Policy that turns off what the app never uses, and, for a signed-in user or a download,
  ``Cache-Control: no-store``: pages and papers carry personal data that must not stay in a shared cache.
- A signed-in session ends after ``SESSION_IDLE_MINUTES`` without a request; the clock is pushed back at most once a
  minute, so an ordinary request does not write the session table.
- Every write (a request that is not GET/HEAD/OPTIONS) is logged as one line of key=value on ``xeploai.audit``: who
  (user id), the action (URL name), the unit and period from the URL, the status and the outcome. No names, card
  numbers or form values.
- A refused request (403, 404, 400) is one warning line, not a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

audit = logging.getLogger("xeploai.audit")

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # Bootstrap draws its small icons (menu, select arrow) as data: SVG
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
# Django's admin writes a few inline styles of its own (its change lists, django-simple-history's pages); only
# there are inline styles allowed, never inline script.
ADMIN_PREFIX = "/quan-tri/"
ADMIN_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "serial", "bluetooth", "interest-cohort",
))
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SEEN_KEY = "xl_seen"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the socket's, or behind the proxy the last X-Forwarded-For entry (the proxy's own).

    Entries before the last were written by the client and can be anything, so only the one the proxy appended
    is believed, and only with BEHIND_PROXY (README's nginx sets ``proxy_add_x_forwarded_for``).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    try:
        return str(ip_address(forwarded[-1]))
    except ValueError:
        return remote


def idle_seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends if the user does nothing more (shown by the page's warning)."""
    session = getattr(request, "session", None)
    seen = session.get(SEEN_KEY, time.time()) if session is not None else time.time()
    return max(0, int(settings.SESSION_COOKIE_AGE - (time.time() - seen)))


def _outcome(status: int) -> str:
    if status in (301, 302, 303):
        return "ok"
    if status < 300:
        return "shown-again"  # a form re-rendered with its messages: nothing was saved
    if status in (403, 404, 405):
        return "refused"
    if status == 409:
        return "conflict"
    return "error" if status >= 500 else "rejected"


def audit_line(request: HttpRequest, response: HttpResponse) -> str:
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    user = getattr(request, "user", None)
    fields = {
        "action": match.view_name if match else "-",  # an unknown path is the client's text: not logged
        "method": request.method,
        "user": user.pk if user is not None and user.is_authenticated else "-",
        "unit": kwargs.get("code", "-"),
        "period": kwargs.get("period", "-"),
        "member": kwargs.get("member", "-"),
        "status": response.status_code,
        "outcome": _outcome(response.status_code),
    }
    return " ".join(f"{key}={value}" for key, value in fields.items())


class SecurityHeadersMiddleware:
    """Headers, idle timeout and the audit line (placed after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._touch_session(request)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", ADMIN_POLICY if request.path.startswith(ADMIN_PREFIX)
                                    else CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.user.is_authenticated or response.has_header("Content-Disposition"):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        if request.method not in SAFE_METHODS:
            audit.info(audit_line(request, response))
        return response

    @staticmethod
    def _touch_session(request: HttpRequest) -> None:
        if not request.user.is_authenticated:
            return
        now = time.time()
        if now - request.session.get(SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            request.session[SEEN_KEY] = now  # saved by the session middleware: the idle clock starts again


class ClientErrorsOneLine(logging.Filter):
    """django.request logs a 4xx with its exception's traceback (PermissionDenied, Http404): keep only the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def session_context(request: HttpRequest) -> dict:
    """The page's idle warning needs the seconds left (templates/base.html, static/js/app.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"xl_idle_seconds": idle_seconds_left(request)}


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """"Tiếp tục làm việc": the idle clock starts again; 403 (as JSON) when the session has already ended."""
    if not request.user.is_authenticated:
        return JsonResponse({"idle_seconds": 0}, status=403)
    request.session[SEEN_KEY] = time.time()
    return JsonResponse({"idle_seconds": idle_seconds_left(request)})


def start_idle_clock(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Signing in starts the idle clock (saved with the new session, so the next pages need not write it)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = time.time()
