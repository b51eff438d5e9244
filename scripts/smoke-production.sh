#!/usr/bin/env bash
# Production smoke test (run by .ci/run after `make test`): README's production steps, exactly as the block marked
# "production-steps" writes them, in a copy of this tree with a fresh virtual environment and a fresh PostgreSQL
# database; then real HTTP requests against the gunicorn they start (scripts/smoke_http.py).
# Bounded: each wait has a limit, the whole run at most SMOKE_SECONDS (default 900); it stops its own gunicorn by PID
# and drops its database whatever happens.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
limit=${SMOKE_SECONDS:-900}
pg=${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
db="xeploai_smoke_$$"
work=$(mktemp -d /tmp/xeploai-smoke.XXXXXX)
pidfile="$work/gunicorn.pid"

cleanup() {
  local status=$1
  if [ -n "$watchdog" ]; then pkill -P "$watchdog" 2>/dev/null || true; kill "$watchdog" 2>/dev/null || true; fi
  if [ -s "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/gunicorn.log" ]; then
    echo "--- gunicorn.log (last 40 lines) ---"; tail -n 40 "$work/gunicorn.log"
  fi
  dropdb --if-exists --maintenance-db="$pg/postgres" "$db" 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
watchdog=
trap 'cleanup $?' EXIT
# The whole run is bounded: a watchdog ends this script (and so its gunicorn, through the trap) after $limit s.
# Its output goes nowhere, so a reader of this script's output never waits for its sleep.
trap 'echo "smoke test: over ${limit} s, stopping" >&2; exit 124' TERM
( sleep "$limit"; kill -TERM $$ ) > /dev/null 2>&1 &
watchdog=$!

echo "== production smoke test in $work (database $db) =="
# The tree as it is (tracked files and new ones not ignored), without .venv and data: a fresh install.
git -C "$root" ls-files -z --cached --others --exclude-standard | (cd "$root" && tar --null -T - -cf - 2>/dev/null) \
  | tar -C "$work" -xf -
createdb --maintenance-db="$pg/postgres" "$db"

cat > "$work/xeploai.env" <<EOF
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))')
ALLOWED_HOSTS=xeploai.example.vn
CSRF_TRUSTED_ORIGINS=https://xeploai.example.vn
DATABASE_URL=$pg/$db
DATA_DIR=$work/data
BEHIND_PROXY=1
EOF

# README's block: every line but the last as written, the demo's logins, then the last line (gunicorn) in the
# background with its PID kept.
steps=$(awk '/<!-- production-steps/ {found=1; next} found && /^```sh/ {inside=1; next} inside && /^```/ {exit} inside {print}' \
  "$root/README.md")
[ -n "$steps" ] || { echo "README has no production-steps block" >&2; exit 1; }
{
  echo "set -euo pipefail"
  echo "cd '$work'"
  echo "export XEPLOAI_ENV='$work/xeploai.env'"
  echo "$steps" | sed '$d'
  echo ".venv/bin/python manage.py load_demo > /dev/null"
  echo "$(echo "$steps" | tail -n 1) > '$work/gunicorn.log' 2>&1 &"
  echo "echo \$! > '$pidfile'"
} > "$work/steps.sh"
echo "--- README's production steps ---"; echo "$steps"
env -u DEBUG -u TESTING -u SECRET_KEY -u DATABASE_URL -u DATA_DIR bash "$work/steps.sh"

base=http://127.0.0.1:8001
for _ in $(seq 1 60); do
  python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], headers={"Host": "xeploai.example.vn"}), timeout=5)' \
    "$base/healthz" 2>/dev/null && break
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "gunicorn stopped" >&2; exit 1; }
  sleep 1
done
python3 "$root/scripts/smoke_http.py" "$base" xeploai.example.vn bithu.phapche 'XepLoai@2026' cb-phap-che

# Serving without SECRET_KEY refuses with one line (gunicorn's boot error), never a traceback.
refusal=$(cd "$work" && env -u SECRET_KEY -u DEBUG DATA_DIR="$work/data" ALLOWED_HOSTS=x \
  timeout 60 .venv/bin/gunicorn xeploai.wsgi --bind 127.0.0.1:8002 --workers 1 2>&1 || true)
if echo "$refusal" | grep -q "đặt biến môi trường SECRET_KEY" && ! echo "$refusal" | grep -q Traceback; then
  echo "ok   gunicorn without SECRET_KEY refuses in one line"
else
  echo "FAIL gunicorn without SECRET_KEY:"; echo "$refusal"; exit 1
fi
echo "== production smoke test passed =="
