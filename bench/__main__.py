"""`make bench`: every benchmark against the database of DATABASE_URL; prints a table and writes bench/last.txt.

python -m bench [--members 150000] [--runs 5] [--only NAME ...] [--skip-load]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeploai.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--members", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", nargs="*", default=None,
        help="only these groups: engine tally summary dashboard reports pools import load"
    )
    parser.add_argument("--skip-load", action="store_true", help="skip the load test against gunicorn")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from bench import suite
    from bench.harness import table

    print(f"Cơ sở dữ liệu: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    figures = suite.run(members=args.members, runs=args.runs, only=args.only, load=not args.skip_load)
    text = table(figures)
    print(text)
    Path(__file__).with_name("last.txt").write_text(text + "\n", encoding="utf-8")
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
