#!/usr/bin/env bash
# Regenerates the crash dumps under test/triage/dumps/ by running the programs in test/triage/programs with the
# real Go toolchain. The crashes are races, so each program loops until the runtime catches one; every run is
# bounded by `timeout`. Set GO_OLD to an older toolchain (default go1.22.12, fetched through the module proxy)
# to also record the classic (pre-Swiss-table) map runtime; set it empty to skip.
set -uo pipefail
cd "$(dirname "$0")/../test/triage/programs"
out=../dumps
mkdir -p "$out"
GO_OLD=${GO_OLD-go1.22.12}
run() { # name toolchain traceback [extra go flags]
  local name=$1 tc=$2 tb=$3; shift 3
  local file="$out/$name-$tc-$tb.txt"
  GOTOOLCHAIN=$tc GOTRACEBACK=$tb GOFLAGS=-mod=mod timeout 60 go run "$@" "./$name" > "$file" 2>&1
  # `go run` adds "exit status N" at the end; keep it, logs have such trailers too.
  echo "$file: $(grep -m1 -E '^(fatal error|panic|WARNING: DATA RACE)' "$file" || echo 'NO CRASH')"
}
for tc in local ${GO_OLD:+$GO_OLD}; do
  run writes "$tc" all
  run readwrite "$tc" all
  run iterate "$tc" all
  run panic "$tc" all
done
run clone local all
run writes local system
run writes local single
run race local all -race
run storm local all
gzip -9f "$out"/storm-local-all.txt
