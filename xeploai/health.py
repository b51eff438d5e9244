"""`/healthz` for the reverse proxy and monitoring: the database answers and every migration is applied.

Plain text, no session, no personal data; 200 "ok" or 503 with the reason. Exempt from the HTTPS redirect so a
proxy may ask over loopback.
"""

from __future__ import annotations

import time

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"database: {type(error).__name__}"
    if pending:
        return f"migrations: {len(pending)} chưa áp dụng (manage.py migrate)"
    return None


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    started = time.monotonic()
    problem = _problem()
    elapsed = f"{(time.monotonic() - started) * 1000:.0f} ms"
    if problem:
        return HttpResponse(f"lỗi: {problem}\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(f"ok {elapsed}\n", content_type="text/plain; charset=utf-8")
