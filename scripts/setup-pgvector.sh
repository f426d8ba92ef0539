#!/usr/bin/env bash
# Makes PostgreSQL 15 with the pgvector extension available on Debian 12 (bookworm), which has no pgvector package.
# Builds Debian's own pgvector source package (from the next release's deb-src lists) against PostgreSQL 15.
# The machine's apt configuration is not changed: the extra source list and its package lists live in a temp folder
# passed to apt with -o options. The built files are cached under .cache/pgvector so re-runs only reinstall them.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_MAJOR=15
ext_dir=/usr/share/postgresql/$PG_MAJOR/extension
if [ -f "$ext_dir/vector.control" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ]; then
  echo "pgvector: already installed"; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
need=()
dpkg -s "postgresql-$PG_MAJOR" >/dev/null 2>&1 || need+=("postgresql-$PG_MAJOR")
cache="$(pwd)/.cache/pgvector"
if [ ! -f "$cache/stamp" ]; then
  for p in "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -f "$cache/stamp" ]; then
  work="$(mktemp -d)"; chmod 755 "$work"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/parts"
  # Derive a deb-src entry for the next Debian release from the mirror the machine already uses.
  mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) \
    | grep -E '^[[:space:]]*(URIs:|deb[[:space:]])' | grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -n 1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" > "$work/sources.list"
  opts=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts="$work/parts"
        -o Dir::State::Lists="$work/lists" -o Dir::Cache::Archives="$work/archives" -o APT::Get::List-Cleanup=0)
  apt-get "${opts[@]}" update -qq
  (cd "$work" && apt-get "${opts[@]}" source -qq --only-source pgvector)
  src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  # OPTFLAGS="" drops -march=native so the build does not depend on the CPU it was made on.
  make -s -C "$src" OPTFLAGS="" PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
  rm -rf "$cache"; mkdir -p "$cache/lib" "$cache/extension"
  cp "$src/vector.so" "$cache/lib/"
  cp "$src/vector.control" "$src"/sql/vector--*.sql "$cache/extension/"
  basename "$src" > "$cache/stamp"
fi
install -m 0755 "$cache/lib/vector.so" "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so"
install -m 0644 "$cache"/extension/* "$ext_dir/"
echo "pgvector: installed $(cat "$cache/stamp")"
