"""Settings from the environment: safe defaults, SECRET_KEY required, `check --deploy` clean in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    drop = {"DEBUG", "SECRET_KEY", "TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="x" * 60 + "-prod-like-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="xeploai.example.vn", DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_outside_debug_is_a_clear_error(tmp_path):
    result = run_manage("check", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_language_timezone_and_formats(settings):
    from django.utils import formats, translation

    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    import datetime
    from decimal import Decimal

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2014, 11, 4)) == "04/11/2014"
        assert formats.number_format(Decimal("13.33"), 2) == "13,33"
