#!/usr/bin/env bash
# Builds everything and runs the whole test suite; the last line is "N passed, N failed".
# Installs what the tests need when missing (Debian's chromium for the page test; PostgreSQL 15 and a pgvector built
# from Debian's source package) and runs the suite with a throw-away PostgreSQL cluster on 127.0.0.1, so the store
# contract tests run against pgvector as well as SQLite.
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(pwd)/TestResults"
rm -rf "$results"
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
    || echo "warning: could not install chromium; the browser test will fail" >&2
fi
bash scripts/with-postgres.sh dotnet test Mip.slnx -c Release --logger "trx;LogFileName=mip.trx" --results-directory "$results" "$@"
status=$?
trx="$results/mip.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
