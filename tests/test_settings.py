"""Settings from the environment: safe defaults, SECRET_KEY required, `check --deploy` clean in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_commands_need_no_secret_key_and_make_one_local_key(tmp_path):
    first = run_manage("check", DATA_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text()
    assert len(key) >= 50
    assert run_manage("check", DATA_DIR=str(tmp_path)).returncode == 0
    assert key_file.read_text() == key  # made once, then reused


def test_an_unwritable_data_dir_still_runs_commands(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_manage("check", DATA_DIR=str(locked))
        if os.geteuid() != 0:  # root writes anyway; elsewhere the key lives in memory for this one command
            assert not (locked / "secret_key").exists()
    finally:
        locked.chmod(0o700)
    assert result.returncode == 0, result.stderr


def test_serving_without_a_secret_key_refuses_in_one_line(tmp_path):
    drop = {"DEBUG", "SECRET_KEY", "TESTING", "DATABASE_URL"}
    env = {**{k: v for k, v in os.environ.items() if k not in drop}, "DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "import xeploai.wsgi"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 3  # gunicorn's "worker failed to boot": it stops instead of retrying
    assert result.stderr.strip().count("\n") == 0 and "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("variable", "value"), [
    ("AXES_FAILURE_LIMIT", "năm"), ("AXES_COOLOFF_MINUTES", "0"), ("DB_CONN_MAX_AGE", "1.5"), ("DEBUG", "có"),
    ("DATABASE_URL", "mysql//sai"), ("LOG_LEVEL", "LOUD"), ("SESSION_IDLE_MINUTES", "2"), ("BEHIND_PROXY", "maybe"),
])
def test_a_wrong_variable_is_one_line_naming_it(tmp_path, variable, value):
    result = run_manage("check", DATA_DIR=str(tmp_path), **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0] and "Traceback" not in result.stderr, result.stderr


def test_a_database_without_tables_is_one_line(tmp_path):
    result = run_manage("report", "summary", "--unit", "db-thanh-tra-tp", "--period", "2025", "--format", "pdf",
                        "-o", str(tmp_path / "x.pdf"), DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "migrate" in result.stderr, result.stderr


def test_language_timezone_and_formats(settings):
    from django.utils import formats, translation

    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    import datetime
    from decimal import Decimal

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2014, 11, 4)) == "04/11/2014"
        assert formats.number_format(Decimal("13.33"), 2) == "13,33"
