#!/usr/bin/env bash
# deps.sh — install everything rathaus needs to build, run and test, on Debian 12.
#
# Idempotent: asks dpkg which Debian packages are missing and runs apt-get only for those
# (nothing at all when everything is there), then installs the npm packages of tests/ and
# web/ from their committed package-lock.json, skipping a folder whose node_modules already
# matches its lock file. Needs root (or sudo) only when something is missing.
#
# usage: scripts/deps.sh            (make deps, make run and make check call it)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
    # build
    gcc clang libclang-rt-14-dev meson ninja-build pkg-config
    libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev
    libcairo2-dev libcmark-dev libmagic-dev libxml2-dev libxml2-utils libssl-dev
    libcurl4-openssl-dev libzip-dev
    # checks
    cppcheck clang-format gcovr
    # run and test
    postgresql postgresql-contrib sqlite3 chromium nginx wrk curl poppler-utils zip unzip
    tesseract-ocr tesseract-ocr-deu
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done
# node and npm: Debian's packages only when no node/npm is there at all (the machine image
# may carry a newer Node.js whose own npm conflicts with Debian's npm package)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    SUDO=
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    # one retry: a mirror that answers badly once should not fail a CI run
    for try in 1 2; do
        if $SUDO apt-get update -qq &&
            $SUDO apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null; then
            break
        fi
        [ "$try" -eq 1 ] || { echo "deps: apt-get failed" >&2; exit 1; }
        sleep 5
    done
else
    echo "deps: all ${#APT_PACKAGES[@]} Debian packages present"
fi

# npm: `npm ci` from the lock file; a stamp in node_modules remembers which lock it installed
for dir in tests web; do
    [ -f "$dir/package.json" ] || continue
    lock="$dir/package-lock.json"
    stamp="$dir/node_modules/.rathaus-lock.sha256"
    if [ -f "$lock" ]; then
        want=$(sha256sum "$lock" | cut -d' ' -f1)
        if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
            echo "deps: $dir/node_modules up to date"
            continue
        fi
        echo "deps: npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    else
        echo "deps: npm install in $dir (no package-lock.json yet: commit the one it writes)"
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
        want=$(sha256sum "$lock" | cut -d' ' -f1)
    fi
    echo "$want" >"$stamp"
done
