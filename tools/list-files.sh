#!/bin/sh
# Prints the files under DIR matching a name pattern, sorted, one per line: meson reads the
# source list from here so that adding a file needs no edit of meson.build.
# usage: list-files.sh DIR PATTERN [EXCLUDE]
dir=$1 pat=$2 excl=${3:-}
find "$dir" -type f -name "$pat" | { if [ -n "$excl" ]; then grep -v -- "$excl"; else cat; fi; } | LC_ALL=C sort
