#!/usr/bin/env bash
# Checks the system packages the app needs and installs the missing ones with apt-get when it can:
# Pango (WeasyPrint lays out PDFs with it) and Liberation Serif (a Times-compatible font with
# every Vietnamese diacritic, embedded in the PDFs).
set -u
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'LiberationSerif' || missing+=(fonts-liberation2 fontconfig)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Thiếu gói hệ thống: ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && { echo "Đã cài: ${missing[*]}"; exit 0; }
  echo "Cài bằng apt-get không thành công." >&2
fi
echo "Hãy chạy: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
