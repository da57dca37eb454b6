#!/usr/bin/env bash
# check.sh — the whole `make check` pipeline. `make check` runs scripts/deps.sh first.
#
# Stages, in order (each one's output is shown and kept in tests/out/logs/<stage>.log):
#   tools      every tool the pipeline needs is installed                  1 test
#   checksrc   no banned C functions in src/ (scripts/checksrc)            1 test
#   format     clang-format --dry-run -Werror over src tests/unit fuzz     1 test
#   cppcheck   static analysis of src tests/unit fuzz                      1 test
#   build      `make` (build/, warnings are errors) + the unit tests       1 test
#   build-asan build-asan/: -Db_sanitize=address,undefined and
#              -Db_coverage=true in one build, so that the sanitizer run
#              of the unit, API and browser tests also yields coverage     1 test
#   pg         under pg_virtualenv (a throw-away PostgreSQL cluster):
#                unit tests of build/ and build-asan/ with RATHAUS_TEST_PG  counts of the C tests
#                API tests on PostgreSQL against build-asan/rathaus         counts of node --test
#   api-sqlite API tests on SQLite against build-asan/rathaus               counts of node --test
#   browser    Chromium tests against build-asan/rathaus (and a harness
#              self-test on a static page)                                 counts of node --test
#   fuzz       each libFuzzer harness ~20 s (scripts/fuzz.sh)              1 test per harness
#   coverage   gcovr over build-asan/ after all runs, one summary line      1 test
# and one final line "N passed, N failed" adding up all of them. A stage that cannot run (a
# missing tool, a failed build) counts as failed. Exit status 0 only when nothing failed.
#
# Sanitizers: ASAN_OPTIONS=halt_on_error=1:detect_leaks=1, UBSAN_OPTIONS=halt_on_error=1, so
# any report ends the process; a unit test then fails, and the API/browser helpers fail the
# test file whose server printed a report or did not exit 0 on SIGTERM.
#
# Environment: RATHAUS_SHARED (default ../shared), CHECK_FUZZ_SECONDS (default 20),
# CHECK_ONLY="stage ..." to run a subset while working on the pipeline itself.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

export RATHAUS_SHARED=${RATHAUS_SHARED:-$(realpath -m ../shared)}
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:print_summary=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export RATHAUS_TEST_OUT=$REPO/tests/out
OUT=$RATHAUS_TEST_OUT
COUNTS=$OUT/counts.tsv
JOBS=$(nproc 2>/dev/null || echo 2)
ASAN_BIN=$REPO/build-asan/rathaus

# ---- bookkeeping --------------------------------------------------------------------------

# record STAGE PASSED FAILED SECONDS [NOTE]
record() {
    printf '%s\t%d\t%d\t%d\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" >>"$COUNTS"
    printf -- '--- %s: %d passed, %d failed (%ds)%s\n' "$1" "$2" "$3" "$4" "${5:+ — $5}"
}

wanted() {
    [ -z "${CHECK_ONLY:-}" ] || [[ " $CHECK_ONLY " == *" $1 "* ]]
}

# run_logged NAME CMD...: runs CMD, shows and logs its output; sets RC and SECS
run_logged() {
    local name=$1
    shift
    printf '\n=== %s: %s\n' "$name" "$*"
    local t0=$SECONDS
    "$@" 2>&1 | tee "$OUT/logs/$name.log"
    RC=${PIPESTATUS[0]}
    SECS=$((SECONDS - t0))
}

# check1 NAME CMD...: a check that counts as one test
check1() {
    local name=$1
    shift
    run_logged "$name" "$@"
    if [ "$RC" -eq 0 ]; then record "$name" 1 0 "$SECS"; else record "$name" 0 1 "$SECS" "exit $RC"; fi
    return "$RC"
}

# node_suite NAME FILE...: node --test with the spec reporter on screen and TAP in a file;
# counts from the TAP summary (# pass / # fail / # cancelled)
node_suite() {
    local name=$1
    shift
    local tap=$OUT/$name.tap
    if ! command -v node >/dev/null; then
        record "$name" 0 1 0 "node is missing"
        return
    fi
    if [ $# -eq 0 ]; then
        record "$name" 0 1 0 "no test files"
        return
    fi
    rm -f "$tap"
    run_logged "$name" timeout --kill-after=20 1200 node --test --test-concurrency=1 \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" "$@"
    local pass fail cancelled
    pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
    fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
    cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
    if [ -z "$pass" ] || [ -z "$fail" ]; then
        record "$name" 0 1 "$SECS" "node --test printed no summary (exit $RC)"
        return
    fi
    fail=$((fail + ${cancelled:-0}))
    if [ "$RC" -ne 0 ] && [ "$fail" -eq 0 ]; then
        fail=1 # the runner failed without a failing test: count the suite
    fi
    record "$name" "$pass" "$fail" "$SECS"
}

# unit_suite NAME BUILDDIR: meson test; counts from each test's "N passed, N failed" line,
# a test that failed without such a line (a crash, a sanitizer abort) counts as one failure,
# and so does a test whose executable did not build (the others still run)
unit_suite() {
    local name=$1 dir=$2
    if [ ! -f "$dir/build.ninja" ]; then
        record "$name" 0 1 0 "no build in $dir"
        return
    fi
    local listing state test present=() unbuilt=()
    listing=$(meson introspect --tests "$dir" | python3 -c '
import json, os, sys
for t in json.load(sys.stdin):
    print(("ok" if os.path.exists(t["cmd"][0]) else "missing") + " " + t["name"])')
    while read -r state test; do
        [ -n "$test" ] || continue
        if [ "$state" = ok ]; then present+=("$test"); else unbuilt+=("$test"); fi
    done <<<"$listing"
    if [ ${#present[@]} -eq 0 ] && [ ${#unbuilt[@]} -eq 0 ]; then
        record "$name" 0 0 0 "no unit tests defined"
        return
    fi
    [ ${#unbuilt[@]} -eq 0 ] || echo "$name: not built, counted as failed: ${unbuilt[*]}"
    RC=0 SECS=0
    rm -f "$dir/meson-logs/$name.json"
    if [ ${#present[@]} -gt 0 ]; then
        run_logged "$name" meson test -C "$dir" --no-rebuild --print-errorlogs \
            --num-processes "$JOBS" --logbase "$name" "${present[@]}"
    fi
    local counts
    counts=$(python3 - "$dir/meson-logs/$name.json" <<'EOF'
import json, re, sys
passed = failed = 0
try:
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
except OSError:
    lines = []
for line in lines:
    if not line.strip():
        continue
    t = json.loads(line)
    found = re.findall(r"^(\d+) passed, (\d+) failed", t.get("stdout") or "", re.M)
    p, f = (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)
    if t.get("result") not in ("OK", "EXPECTEDFAIL") and f == 0:
        f = 1  # crashed, timed out, skipped (could not run): one failure
    passed += p
    failed += f
print(passed, failed)
EOF
    )
    local p=${counts% *} f=${counts#* }
    [ -n "$counts" ] || { p=0; f=1; }
    f=$((f + ${#unbuilt[@]}))
    if [ "$RC" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ ${#present[@]} -gt 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi # ran, counted nothing
    record "$name" "$p" "$f" "$SECS"
}

# ---- the PostgreSQL part, run inside pg_virtualenv -----------------------------------------

pg_stage() {
    echo "postgresql: PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGDATABASE=${PGDATABASE:-}"
    : >"$OUT/pg-stage.started"
    export RATHAUS_TEST_PG=postgresql://
    if wanted unit; then
        if [ -f "$OUT/build-bin.ok" ]; then unit_suite unit build; else record unit 0 1 0 "build failed"; fi
        if [ -f "$OUT/asan-bin.ok" ]; then unit_suite unit-asan build-asan; else record unit-asan 0 1 0 "build-asan failed"; fi
    fi
    if wanted api; then
        if [ -f "$OUT/asan-bin.ok" ]; then
            RATHAUS_BIN=$ASAN_BIN RATHAUS_TEST_DB=pg node_suite api-pg tests/api/*.test.mjs
        else
            record api-pg 0 1 0 "build-asan/rathaus did not build"
        fi
    fi
}

if [ "${1:-}" = --pg-stage ]; then
    pg_stage
    exit 0
fi

# ---- main ----------------------------------------------------------------------------------

rm -rf "$OUT"
mkdir -p "$OUT/logs"
: >"$COUNTS"
T_START=$SECONDS
echo "check: RATHAUS_SHARED=$RATHAUS_SHARED, $JOBS cores"

if wanted tools; then
    missing=()
    for t in gcc clang meson ninja pkg-config python3 cppcheck clang-format gcovr node npm \
        psql pg_virtualenv sqlite3 nginx wrk timeout; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    for m in tests/node_modules/playwright-core tests/node_modules/axe-core tests/node_modules/ajv \
        web/node_modules/@kern-ux/native; do
        [ -d "$m" ] || missing+=("$m")
    done
    [ -d "$RATHAUS_SHARED/data" ] || missing+=("$RATHAUS_SHARED/data")
    if [ ${#missing[@]} -eq 0 ]; then
        record tools 1 0 0
    else
        record tools 0 1 0 "missing: ${missing[*]} (run scripts/deps.sh)"
    fi
fi

c_sources() {
    find src tests/unit fuzz -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort
}

if wanted static; then
    check1 checksrc scripts/checksrc src
    # shellcheck disable=SC2046
    check1 format bash -c 'files=$(find src tests/unit fuzz -type f \( -name "*.c" -o -name "*.h" \) | LC_ALL=C sort);
        [ -z "$files" ] || clang-format --dry-run -Werror $files && echo "clang-format: ok ($(echo "$files" | wc -l) files)"'
    # in tests, CHECK(p != NULL) followed by a use of p is the idiom, not a bug
    check1 cppcheck cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
        --inline-suppr --std=c11 -D_GNU_SOURCE -I src -I tests/unit --suppress=missingIncludeSystem \
        '--suppress=nullPointerRedundantCheck:tests/unit/*' \
        '--suppress=nullPointerArithmeticRedundantCheck:tests/unit/*' \
        -j "$JOBS" $(c_sources | grep '\.c$')
fi

if ! wanted build; then
    # a subset run (CHECK_ONLY) uses the builds that are there
    [ -x build/rathaus ] && : >"$OUT/build.ok" && : >"$OUT/build-bin.ok"
    [ -x "$ASAN_BIN" ] && : >"$OUT/build-asan.ok" && : >"$OUT/asan-bin.ok"
fi
if wanted build; then
    # `make` is the README's build command (build/rathaus); then the rest of build/ (unit
    # tests). The binary is marked separately so that the API and browser tests still run
    # when only a unit test fails to build.
    build_normal() {
        make || return
        : >"$OUT/build-bin.ok"
        ninja -k 0 -C build # -k 0: build every unit test that can be built
    }
    if check1 build build_normal; then : >"$OUT/build.ok"; fi
    build_asan() {
        if [ -f build-asan/build.ninja ]; then
            meson setup --reconfigure build-asan
        else
            meson setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_coverage=true
        fi || return
        ninja -C build-asan rathaus || return
        : >"$OUT/asan-bin.ok"
        ninja -k 0 -C build-asan
    }
    if check1 build-asan build_asan; then : >"$OUT/build-asan.ok"; fi
fi

if wanted unit || wanted api; then
    printf '\n=== pg: pg_virtualenv -t (throw-away PostgreSQL cluster)\n'
    t0=$SECONDS
    if command -v pg_virtualenv >/dev/null; then
        pg_virtualenv -t bash "$REPO/scripts/check.sh" --pg-stage
        rc=$?
    else
        rc=127
    fi
    if [ ! -f "$OUT/pg-stage.started" ]; then
        record pg 0 1 $((SECONDS - t0)) "pg_virtualenv could not start PostgreSQL (exit $rc)"
    fi
fi

if wanted api; then
    if [ -f "$OUT/asan-bin.ok" ]; then
        RATHAUS_BIN=$ASAN_BIN RATHAUS_TEST_DB=sqlite node_suite api-sqlite tests/api/*.test.mjs
    else
        record api-sqlite 0 1 0 "build-asan/rathaus did not build"
    fi
fi

if wanted browser; then
    if [ -f "$OUT/asan-bin.ok" ]; then
        RATHAUS_BIN=$ASAN_BIN RATHAUS_TEST_DB=sqlite node_suite browser tests/browser/*.test.mjs
    else
        # the harness self-test needs no binary
        node_suite browser tests/browser/harness.test.mjs
        record browser-portal 0 1 0 "build-asan/rathaus did not build"
    fi
fi

if wanted fuzz; then
    run_logged fuzz bash scripts/fuzz.sh "${CHECK_FUZZ_SECONDS:-20}"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$OUT/logs/fuzz.log" | tail -n1)
    if [ -n "$line" ]; then
        p=${line%% passed*} f=${line#*passed, } f=${f%% failed*}
        record fuzz "$p" "$f" "$SECS"
    else
        record fuzz 0 1 "$SECS" "scripts/fuzz.sh printed no summary"
    fi
fi

if wanted coverage; then
    coverage() {
        [ -f "$OUT/asan-bin.ok" ] || { echo "no build-asan"; return 1; }
        mkdir -p "$OUT/coverage"
        gcovr --root . --object-directory build-asan --filter 'src/' \
            --exclude-unreachable-branches --exclude-throw-branches \
            --html-details "$OUT/coverage/index.html" --txt "$OUT/coverage/summary.txt" \
            --print-summary -j "$JOBS" >"$OUT/coverage/gcovr.log" 2>&1 || {
            cat "$OUT/coverage/gcovr.log"
            return 1
        }
        local lines branches
        lines=$(grep -m1 '^lines:' "$OUT/coverage/gcovr.log")
        branches=$(grep -m1 '^branches:' "$OUT/coverage/gcovr.log")
        echo "coverage (unit + API + browser tests, build-asan): $lines; $branches"
        echo "  report: tests/out/coverage/index.html"
    }
    check1 coverage coverage
fi

# ---- summary ---------------------------------------------------------------------------------

printf '\n=== summary (%ds)\n' $((SECONDS - T_START))
awk -F'\t' '{ printf "  %-15s %5d passed %5d failed %5ds  %s\n", $1, $2, $3, $4, $5 }' "$COUNTS"
grep -h '^coverage (' "$OUT/logs/coverage.log" 2>/dev/null | sed 's/^/  /'
read -r passed failed < <(awk -F'\t' '{ p += $2; f += $3 } END { print p + 0, f + 0 }' "$COUNTS")
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # nothing ran at all
fi
echo "$passed passed, $failed failed" >"$OUT/summary.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
