#!/usr/bin/env bash
# Installs the Debian packages teikit's tests and benchmarks run for real:
# jing/trang (RelaxNG), libxml2-utils (xmllint), basex (basexserver), chromium
# (pages and PDF), poppler-utils (pdftoppm), pandoc and Saxon-HE (benchmark peers).
# Usage: scripts/install-system-deps.sh [package…]   (default: all of them)
# Installs only what is missing; needs root (CI and dev machines run as root).
set -euo pipefail
all=(jing trang libxml2-utils basex chromium poppler-utils pandoc libsaxonhe-java fonts-dejavu-core)
want=("$@")
[ ${#want[@]} -gt 0 ] || want=("${all[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "teikit: missing system packages: ${missing[*]} (run as root: apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "teikit: installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# flock: parallel test workers may call this at once
exec 9>/tmp/teikit-apt.lock
flock 9
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
