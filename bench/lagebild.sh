#!/usr/bin/env bash
# bench/lagebild.sh — p99 latency of the statewide Lagebild (bench/lagebild.c) on a database
# with the real BW data (1,101 Gemeinden, the OZG catalogue) and synthetic online offers for
# BENCH_ANTEIL percent (default 20) of all Gemeinde × OZG-Leistung pairs.
#   bench/lagebild.sh                 SQLite under tests/out/bench-lagebild/
#   bench/lagebild.sh postgresql://   an existing, empty PostgreSQL database (pg_virtualenv)
# Environment: BUILD (build dir with librathaus_core.a, default build), RATHAUS_SHARED.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SHARED=${RATHAUS_SHARED:-../shared}
OUT=tests/out/bench-lagebild
mkdir -p "$OUT"
DSN=${1:-sqlite:$OUT/lagebild.db}
if [[ $DSN == sqlite:* ]]; then rm -f "${DSN#sqlite:}"*; fi
"$BUILD/rathaus" init --db "$DSN" >/dev/null 2>&1
"$BUILD/rathaus" import gemeinden "$SHARED/data/bw-gemeinden.csv" --db "$DSN" >/dev/null 2>&1
"$BUILD/rathaus" import leistungen "$SHARED/data/ozg" --db "$DSN" >/dev/null 2>&1
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -o "$OUT/lagebild" bench/lagebild.c "$BUILD/librathaus_core.a" \
    $(pkg-config --libs jansson libsodium sqlite3 libpq libmicrohttpd libcurl libcrypto cairo libcmark) \
    -lmagic -lm -lpthread
"$OUT/lagebild" "$DSN" "${BENCH_ANTEIL:-20}" "${BENCH_RUNDEN:-200}"
