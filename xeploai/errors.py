"""Error pages in Vietnamese: 400, 403, 404, 500 and a refused form (CSRF), each saying what to do next.

The CSRF page is the one a user meets after signing in again in another tab, or after the session ended: the form
they filled in is still there behind the browser's Back button, and static/js/app.js sends the current token with
the next save, so going back and saving again works.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({"signed_in": signed_in}, request))
