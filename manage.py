#!/usr/bin/env python
"""Django's command-line utility for Xếp loại.

A missing or wrong setting (settings.ConfigError) is one Vietnamese line naming the variable and exit status 2,
never a traceback; so is a database that is missing, unreachable or not migrated yet.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeploai.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        if type(error).__name__ != "ConfigError":
            raise
        print(f"Lỗi cấu hình: {error}", file=sys.stderr)
        sys.exit(2)
    except DatabaseError as error:  # the database is missing, unreachable or not migrated: say so in one line
        print(f"Lỗi cơ sở dữ liệu: {database_hint(error)}", file=sys.stderr)
        sys.exit(2)


def database_hint(error: Exception) -> str:
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if "no such table" in first or ("relation" in first and "does not exist" in first):
        return f"chưa có bảng dữ liệu ({first}); chạy .venv/bin/python manage.py migrate (hoặc make demo)."
    return f"{first} (kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu)."


if __name__ == "__main__":
    main()
