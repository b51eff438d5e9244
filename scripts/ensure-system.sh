#!/usr/bin/env bash
# Checks the system packages the app needs and installs the missing ones with apt-get when it can (as root):
# Pango (WeasyPrint lays out PDFs with it) and Liberation Serif (a Times-compatible font with every Vietnamese
# diacritic, embedded in the PDFs). With the argument "test" it also wants Chromium (browser tests) and
# poppler-utils (report pages rendered to PNG); those are optional: without them the tests that need them are
# skipped with the reason printed, so this script does not fail for them.
set -u
want_tests=${1:-}
missing=() optional=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
fc-list ':charset=1ea1' file 2>/dev/null | grep -qi 'LiberationSerif' || missing+=(fonts-liberation2 fontconfig)  # with Vietnamese letters
if [ "$want_tests" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || optional+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || optional+=(poppler-utils)
  command -v sqlite3 >/dev/null 2>&1 || optional+=(sqlite3)  # README's SQLite backup line (tests/test_backup.py)
fi
if [ "$want_tests" = "test" ] && [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  # axe-core for the accessibility checks of the browser tests, at the version package-lock.json pins
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || echo "npm ci không thành công: bỏ qua kiểm tra axe-core" >&2
fi
all=("${missing[@]}" "${optional[@]}")
[ ${#all[@]} -eq 0 ] && exit 0

echo "Thiếu gói hệ thống: ${all[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq "${all[@]}" >/dev/null; then
    echo "Đã cài: ${all[*]}"
    exit 0
  fi
  echo "Cài bằng apt-get không thành công." >&2
fi
echo "Hãy chạy: sudo apt-get update && sudo apt-get install -y ${all[*]}" >&2
[ ${#missing[@]} -eq 0 ] && exit 0  # only optional test tools are missing: their tests skip and say why
exit 1
