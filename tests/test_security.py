"""What a security review of the running server expects: headers, static caching, lock-out, error pages, the idle
timeout, log lines without personal data, and the health endpoint."""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from xeploai import security
from xeploai.lib.durations import duration_words
from xeploai.security import ClientErrorsOneLine, client_ip

PASSWORD = "mat-khau-thu-nghiem"  # tests/conftest.py make_user


def login_post(client: Client, username: str, password: str, address: str, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address,
                       **headers)


# Headers ---------------------------------------------------------------------------------------------------------


def test_every_page_has_a_csp_without_inline_script_and_a_permissions_policy(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_pages_of_a_signed_in_user_are_not_stored(client, tree):
    client.force_login(tree.secretary_a)
    for url in (reverse("home"), reverse("unit_detail", args=["chi-bo-a"])):
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_our_pages_have_no_inline_script_or_style(client, tree):
    """The CSP would block them: every script is a file, every style a class."""
    client.force_login(tree.office)
    for url in (reverse("home"), reverse("unit_detail", args=["dang-uy"]), reverse("login")):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert ' style="' not in html and " on" + "click=" not in html, url


def test_static_files_have_hashed_names_and_a_far_future_cache(client, db):
    html = client.get(reverse("login")).content.decode()
    css = re.search(r'href="(/static/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', html)
    script = re.search(r'src="(/static/js/app\.[0-9a-f]{12}\.js)"', html)
    assert css and script, "pages link the manifest's hashed names"
    response = client.get(css.group(1))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert len(b"".join(response.streaming_content)) > 100_000  # the real Bootstrap, from the collected files


def test_the_print_stylesheet_collects_and_its_fonts_stay_our_own_urls(collected_static):
    """collectstatic must leave the fonts' private scheme alone (it once stopped on it, and every page was a 500)."""
    hashed = list((collected_static / "reports").glob("print.*.css"))
    assert hashed, "print.css was collected under a hashed name"
    assert 'url("xeploaifont:LiberationSerif-Regular.ttf")' in hashed[0].read_text()


# Client address and lock-out ---------------------------------------------------------------------------------------


def test_the_forwarded_address_is_believed_only_behind_the_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "198.51.100.9"  # the entry the proxy appended, not the one the client wrote
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_ip(request) == "10.0.0.2"


def test_a_username_is_locked_after_the_limit_from_any_address(client, tree, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "bithu-a", "sai", f"198.51.100.{attempt + 1}")
    locked = login_post(client, "bithu-a", PASSWORD, "203.0.113.50")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "15 phút" in text and "PT15M" not in text
    assert login_post(Client(), "bithu-b", PASSWORD, "203.0.113.50").status_code == 302  # others sign in


def test_an_address_is_locked_after_the_limit_whatever_the_usernames(client, tree, settings):
    """Password spraying: one address trying one password on many accounts."""
    names = ["bithu-a", "bithu-b", "vanphong", "quantri", "dangvien-a", "khong-vai-tro"]
    for name in names[: settings.AXES_FAILURE_LIMIT]:
        login_post(client, name, "sai", "198.51.100.77")
    assert login_post(client, "bithu-khac", PASSWORD, "198.51.100.77").status_code == 429
    assert login_post(Client(), "bithu-khac", PASSWORD, "198.51.100.78").status_code == 302


def test_behind_the_proxy_one_client_cannot_lock_out_the_others(client, tree, settings):
    settings.BEHIND_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "nobody-here", "sai", "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    other = login_post(Client(), "bithu-b", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.6")
    assert other.status_code == 302  # the proxy's own address is shared by all: it is not what gets locked


@pytest.mark.parametrize(("delta", "words"), [
    (timedelta(minutes=15), "15 phút"), (timedelta(minutes=90), "1 giờ 30 phút"), (timedelta(days=1), "1 ngày"),
    (timedelta(seconds=45), "45 giây"), (timedelta(0), "0 giây"),
])
def test_durations_in_words(delta, words):
    assert duration_words(delta) == words


# Error pages -------------------------------------------------------------------------------------------------------


def test_a_missing_page_is_said_in_vietnamese(client, tree):
    client.force_login(tree.secretary_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_a_bad_request_is_said_in_vietnamese(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("login"), {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_server_error_is_said_in_vietnamese_without_the_base_layout():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()


def test_a_stale_form_after_signing_in_again_says_the_typed_data_is_still_there(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.secretary_a)
    response = client.post(reverse("unit_detail", args=["chi-bo-a"]), {"q": "x", "csrfmiddlewaretoken": "cu"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Dữ liệu vừa nhập vẫn còn" in text and "Quay lại" in text and "CSRF" not in text


def test_a_refused_request_is_logged_as_one_line():
    try:
        raise PermissionError("denied")
    except PermissionError:
        import sys

        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                                   ("/ky/1/x/",), sys.exc_info())
    record.status_code = 403
    assert ClientErrorsOneLine().filter(record)
    assert logging.Formatter().format(record) == "Forbidden (Permission denied): /ky/1/x/"


def test_the_console_handler_keeps_refusals_to_one_line():
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, ClientErrorsOneLine) for f in h.filters)]
    assert handlers, "settings.LOGGING puts the one-line filter on the console handler"


# Audit lines -------------------------------------------------------------------------------------------------------


def test_every_write_is_one_audit_line_without_names(client, tree):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("xeploai.audit").addHandler(handler)
    try:
        client.force_login(tree.secretary_a)
        client.post(reverse("unit_detail", args=["chi-bo-a"]), {"q": "Trần Thị Bích"})
        client.get(reverse("home"))  # reads are not logged
    finally:
        logging.getLogger("xeploai.audit").removeHandler(handler)
    lines = stream.getvalue().strip().splitlines()
    assert lines == [f"action=unit_detail method=POST user={tree.secretary_a.pk} unit=chi-bo-a period=- member=- "
                     "status=302 outcome=ok"]


# Idle timeout ------------------------------------------------------------------------------------------------------


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_ends_after_the_idle_minutes(client, tree, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(tree.secretary_a)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_requests_push_the_idle_clock_back_at_most_once_a_minute(client, tree, monkeypatch):
    client.force_login(tree.secretary_a)
    client.get(reverse("home"))
    first = _expiry(client)
    client.get(reverse("home"))
    assert _expiry(client) == first  # no session write for a page read within the minute
    now = security.time.time()
    monkeypatch.setattr(security.time, "time", lambda: now + 61)
    client.get(reverse("home"))
    assert _expiry(client) > first


def test_the_page_knows_when_to_warn_and_the_user_can_keep_the_session(client, tree):
    client.force_login(tree.secretary_a)
    html = client.get(reverse("home")).content.decode()
    left = int(re.search(r'data-xl-idle="(\d+)"', html).group(1))
    assert 1790 <= left <= 1800 and 'id="xl-session"' in html
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 200 and 1790 <= response.json()["idle_seconds"] <= 1800


def test_keepalive_after_the_session_ended_is_refused(client, db):
    assert client.post(reverse("session_keepalive")).status_code == 403
    assert client.get(reverse("session_keepalive")).status_code == 405


# Health ------------------------------------------------------------------------------------------------------------


def test_healthz_answers_ok_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content.startswith(b"ok")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_says_when_migrations_are_missing(client, db, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("reviews", "9999")])
    response = client.get("/healthz")
    assert response.status_code == 503 and "migrate" in response.content.decode()


def test_signing_in_as_oneself_does_not_wipe_the_failures_against_another_account(client, tree, settings):
    """With the lock per username and per address, a reset on success would clear the address's failures too."""
    for round_ in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1 if round_ == 0 else 1):
            login_post(client, "vanphong", "sai", "198.51.100.20")
        login_post(Client(), "dangvien-a", PASSWORD, "198.51.100.20")
    assert login_post(client, "vanphong", PASSWORD, "198.51.100.21").status_code == 429


def test_an_unknown_path_is_not_copied_into_the_audit_line(client, db):
    request = RequestFactory().post("/khong-co/%0Aaction=reviews:recognise user=1")
    request.user = type("Anonymous", (), {"is_authenticated": False, "pk": None})()
    line = security.audit_line(request, type("R", (), {"status_code": 404})())
    assert "\n" not in line and line.startswith("action=- ")


def test_numbers_too_large_for_the_database_are_404_not_500(client, tree):
    client.force_login(tree.admin)
    huge = "9" * 30
    for path in (f"/ky/{huge}/chi-bo-a/", f"/ky/1/dang-vien/{huge}/tu-kiem-diem/", f"/ky/{huge}/dang-vien/1/thong-tin/",
                 f"/ky/lich-su/dang-vien/{huge}/", f"/bao-cao/1/dang-vien/{huge}/ban-kiem-diem-ca-nhan.pdf",
                 f"/ky/1/dang-vien/{huge}/lich-su-ho-so/", f"/ky/1/dang-vien/{huge}/quyet-dinh/"):
        assert client.get(path).status_code == 404, path
