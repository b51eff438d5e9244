"""README's backup and restore lines, run as written: a dump restored into a new database holds the data."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import make_member, make_org

ROOT = Path(__file__).resolve().parent.parent


def readme_block(first_word: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and lines[0].startswith(first_word):
            return lines
    raise AssertionError(f"README has no block starting with {first_word}")


def shell(line: str, cwd: Path, **env: str) -> None:
    result = subprocess.run(line, shell=True, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                            timeout=300, executable="/bin/bash")
    assert result.returncode == 0, f"{line}\n{result.stderr}"


def pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restores_into_a_new_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; CI runs it there")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    cell = make_org("chi-bo-sao-luu", "chi_bo_truc_thuoc", name="Chi bộ Sao lưu")
    make_member(cell, "Nguyễn Thị Ánh Dương")
    dump, restore = readme_block("pg_dump")
    target = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        shell(dump, tmp_path, DATABASE_URL=pg_url(connection.settings_dict["NAME"]))
        assert list(tmp_path.glob("xeploai-*.dump"))
        shell(restore, tmp_path, DATABASE_URL=pg_url(target))
        query = "SELECT o.name, m.full_name FROM orgs_member m JOIN orgs_organization o ON o.id = m.unit_id"
        out = subprocess.run(["psql", pg_url(target), "-tAc", query], capture_output=True, text=True, check=True).stdout
        assert "Chi bộ Sao lưu|Nguyễn Thị Ánh Dương" in out
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_the_sqlite_backup_copies_a_live_database_and_restores_it(tmp_path):
    if not shutil.which("sqlite3"):
        pytest.skip("the sqlite3 program is not installed (Debian package sqlite3)")
    data = tmp_path / "data"
    data.mkdir()
    live = sqlite3.connect(data / "xeploai.sqlite3")
    live.execute("CREATE TABLE orgs_member (full_name TEXT)")
    live.execute("INSERT INTO orgs_member VALUES ('Trần Văn Bảo')")
    live.commit()
    backup, restore = readme_block("sqlite3")
    shell(backup, tmp_path)  # while a connection is open, as with the app running
    live.execute("DELETE FROM orgs_member")
    live.commit()
    live.close()
    shell(restore, tmp_path)
    restored = sqlite3.connect(data / "xeploai.sqlite3")
    assert restored.execute("SELECT full_name FROM orgs_member").fetchall() == [("Trần Văn Bảo",)]
