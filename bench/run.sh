#!/usr/bin/env bash
# bench/run.sh — throughput and latency of rathaus against the machine's limit (make bench).
#
# With all BW data loaded (init, import gemeinden, import leistungen, demo on SQLite), wrk
# loads each URL over loopback, and in the same run nginx (bench/nginx-limit.conf, 2 workers)
# serves the very same response bytes from a file: that is the limit of this machine for
# answering that many bytes over HTTP. Also: raw SQLite commits/s at synchronous=FULL (the
# limit for durable writes), rathaus's peak RSS and its start-up time. Prints a Markdown
# table (also in tests/out/bench/results.md); bench/README.md explains how to read it.
# Never a test: nothing here fails on a slow figure.
#
# Environment: BENCH_SECONDS (10 per measurement), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#              RATHAUS_BIN (build/rathaus), RATHAUS_SHARED (../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
BIN=${RATHAUS_BIN:-build/rathaus}
export RATHAUS_SHARED=${RATHAUS_SHARED:-$(realpath -m ../shared)}
URLS=('/' '/api/v1/leistungen?q=personalausweis&ort=08115003')

OUT=$REPO/tests/out/bench
rm -rf "$OUT"
mkdir -p "$OUT/www" "$OUT/nginx/logs"
for t in wrk nginx curl sqlite3 python3; do
    command -v "$t" >/dev/null || { echo "bench: $t is missing (scripts/deps.sh)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench: no $BIN (make)" >&2; exit 1; }

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# ---- rathaus with all BW data --------------------------------------------------------------
DB=sqlite:$OUT/rathaus.db
echo "bench: loading the BW data into $DB"
"$BIN" init --db "$DB" >"$OUT/load.log" 2>&1
"$BIN" import gemeinden "$RATHAUS_SHARED/data/bw-gemeinden.csv" --db "$DB" >>"$OUT/load.log" 2>&1
"$BIN" import leistungen "$RATHAUS_SHARED/data/ozg" --db "$DB" >>"$OUT/load.log" 2>&1
"$BIN" demo --db "$DB" >>"$OUT/load.log" 2>&1

RPORT=$(free_port)
t0=$(now_ms)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$RPORT" >"$OUT/rathaus.log" 2>&1 &
RPID=$!
pids+=("$RPID")
until curl -fs -o /dev/null "http://127.0.0.1:$RPORT/healthz"; do
    kill -0 "$RPID" 2>/dev/null || { echo "bench: rathaus serve died:" >&2; tail "$OUT/rathaus.log" >&2; exit 1; }
    [ $(($(now_ms) - t0)) -lt 30000 ] || { echo "bench: rathaus did not start in 30 s" >&2; exit 1; }
    sleep 0.005
done
STARTUP_MS=$(($(now_ms) - t0))

# ---- nginx serving the same bytes ------------------------------------------------------------
NPORT=$(free_port)
files=()
for i in "${!URLS[@]}"; do
    f=$([ "$i" -eq 0 ] && echo index.html || echo "r$i.json")
    curl -fsS -o "$OUT/www/$f" "http://127.0.0.1:$RPORT${URLS[$i]}"
    files+=("$f")
done
chmod -R a+rX "$OUT/www"
sed -e "s|@ROOT@|$OUT/www|g" -e "s|@PORT@|$NPORT|g" -e "s|@STATE@|$OUT/nginx|g" \
    bench/nginx-limit.conf >"$OUT/nginx/nginx.conf"
nginx -e "$OUT/nginx/logs/error.log" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' &
NPID=$!
pids+=("$NPID")
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$NPORT/${files[0]}" && break; sleep 0.05; done
for i in "${!URLS[@]}"; do
    curl -fsS "http://127.0.0.1:$NPORT/${files[$i]}" | cmp -s - "$OUT/www/${files[$i]}" ||
        { echo "bench: nginx does not serve the same bytes for ${URLS[$i]}" >&2; exit 1; }
done

# ---- wrk ----------------------------------------------------------------------------------
# run_wrk NAME URL: prints "req/s p50_ms p99_ms non2xx"
run_wrk() {
    local name=$1 url=$2
    wrk -t"$THREADS" -c"$CONNS" -d2s "$url" >/dev/null 2>&1 || true # warm-up
    wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$url" >"$OUT/wrk-$name.txt" 2>&1
    python3 - "$OUT/wrk-$name.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
err = re.search(r"Socket errors:.*", text)
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {int(bad.group(1)) if bad else 0}{' ' + err.group(0).replace(' ', '_') if err else ''}")
EOF
}

declare -A R N
for i in "${!URLS[@]}"; do
    echo "bench: wrk -t$THREADS -c$CONNS -d${SECS}s ${URLS[$i]} (rathaus, then nginx)"
    R[$i]=$(run_wrk "rathaus-$i" "http://127.0.0.1:$RPORT${URLS[$i]}")
    N[$i]=$(run_wrk "nginx-$i" "http://127.0.0.1:$NPORT/${files[$i]}")
done
RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$RPID/status")

# ---- SQLite commits/s at synchronous=FULL ------------------------------------------------------
COMMITS=2000
{
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
    echo "CREATE TABLE t (id INTEGER PRIMARY KEY, behoerde_id INTEGER, payload TEXT);"
    row=$(printf 'x%.0s' $(seq 200))
    for i in $(seq "$COMMITS"); do echo "BEGIN; INSERT INTO t (behoerde_id, payload) VALUES ($i, '$row'); COMMIT;"; done
} >"$OUT/commits.sql"
rm -f "$OUT/commits.db"*
t0=$(now_ms)
sqlite3 "$OUT/commits.db" <"$OUT/commits.sql" >/dev/null
COMMIT_MS=$(($(now_ms) - t0))
COMMITS_PER_S=$((COMMITS * 1000 / (COMMIT_MS > 0 ? COMMIT_MS : 1)))

cleanup
pids=()

# ---- the table ---------------------------------------------------------------------------------
python3 - "$CONNS" "$THREADS" "$SECS" "$STARTUP_MS" "$RSS_KB" "$COMMITS_PER_S" "${#URLS[@]}" \
    "${URLS[@]}" "${R[@]}" "${N[@]}" <<'EOF' | tee "$OUT/results.md"
import sys, platform, os
a = sys.argv[1:]
conns, threads, secs, startup, rss_kb, commits, n = a[:7]
n = int(n)
urls = a[7:7 + n]
rr = [x.split() for x in a[7 + n:7 + 2 * n]]
nn = [x.split() for x in a[7 + 2 * n:7 + 3 * n]]
print(f"### rathaus bench — {os.cpu_count()} cores, wrk -t{threads} -c{conns} -d{secs}s over loopback\n")
print("| what | requests/s | p50 ms | p99 ms | vs. limit: requests/s | vs. limit: p99 | targets (≥ 50 %, p99 < 10 ms) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
for url, r, l in zip(urls, rr, nn):
    rps, p50, p99, bad = float(r[0]), float(r[1]), float(r[2]), int(r[3])
    lrps, lp50, lp99, lbad = float(l[0]), float(l[1]), float(l[2]), int(l[3])
    share = rps / lrps if lrps else 0
    ok = "✓" if share >= 0.5 and p99 < 10 else "✗"
    note = f" ({bad} non-2xx)" if bad else ""
    print(f"| rathaus `{url}`{note} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {share:.0%} | {p99 / lp99 if lp99 else 0:.1f}× | {ok} |")
    print(f"| limit: nginx, same bytes | {lrps:,.0f} | {lp50:.2f} | {lp99:.2f} | 100 % | 1.0× | |")
print()
print(f"| rathaus | value |")
print(f"| --- | ---: |")
print(f"| start-up to first `/healthz` 200 (all BW data) | {int(startup)} ms |")
print(f"| peak RSS (VmHWM) after the runs | {int(rss_kb) / 1024:.1f} MiB |")
print(f"| limit: SQLite commits/s, WAL, synchronous=FULL, one ~230-byte row each | {int(commits):,} |")
EOF
echo
echo "bench: raw wrk output and logs in tests/out/bench/"
