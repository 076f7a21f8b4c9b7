#!/usr/bin/env bash
# Regenerates the crash dumps under test/triage/dumps/ by running the programs in test/triage/programs with the
# real Go toolchain. The crashes are races, so each program loops until the runtime catches one; every run is
# bounded by `timeout`. Set GO_OLD to an older toolchain (default go1.22.12, fetched through the module proxy),
# GO_OLDEST (default go1.21.13) and GO_ANCIENT (default go1.20.14 go1.17.13 go1.13.15: tracebacks before
# `created by ... in goroutine N`, and the Go 1.13 formats) to also record the classic (pre-Swiss-table) map
# runtime; set them empty to skip. Toolchains before 1.21 run with GOENV=off: they reject flags a newer `go env -w`
# may have set (GOFLAGS=-buildvcs=...).
# Usage: scripts/gen-dumps.sh [PATTERN]   only the dumps whose file name matches the shell PATTERN (e.g. 'deep-*')
set -uo pipefail
cd "$(dirname "$0")/../test/triage/programs"
out=../dumps
mkdir -p "$out"
GO_OLD=${GO_OLD-go1.22.12}
GO_OLDEST=${GO_OLDEST-go1.21.13}
only=${1:-*}
wanted() { [[ $1 == $only ]]; }
report() { echo "$1: $(grep -m1 -E '^(fatal error|panic|WARNING: DATA RACE)' "$1" || echo 'NO CRASH')"; }
run() { # name toolchain traceback [extra go flags]
  local name=$1 tc=$2 tb=$3; shift 3
  local file="$out/$name-$tc-$tb.txt"
  wanted "$(basename "$file")" || wanted "$(basename "$file").gz" || return 0
  GOTOOLCHAIN=$tc GOTRACEBACK=$tb GOFLAGS=-mod=mod timeout 60 go run "$@" "./$name" > "$file" 2>&1
  # `go run` adds "exit status N" at the end; keep it, logs have such trailers too. The toolchain download
  # message is not part of any log.
  sed -i '/^go: downloading go1/d' "$file"
  report "$file"
}
run_old() { # name toolchain traceback [go line]: for toolchains older than the module's `go` line, from a copy
  # whose go.mod says go 1.21 (or the given line; the programs it is used for capture no loop variables)
  local name=$1 tc=$2 tb=$3 goline=${4:-1.21} envfile=
  local file="$out/$name-$tc-$tb.txt"
  wanted "$(basename "$file")" || return 0
  local dir=/tmp/maprace-crashers-$tc
  rm -rf "$dir" && mkdir -p "$dir" && cp -r "./$name" "$dir/" && printf 'module example.com/crashers\n\ngo %s\n' "$goline" > "$dir/go.mod"
  local flags=-mod=mod # (Go 1.13 has no -mod=mod; the programs have no dependencies)
  [[ $goline != 1.21 ]] && envfile=off flags=
  (cd "$dir" && GOENV=${envfile:-$(go env GOENV)} GOTOOLCHAIN=$tc GOTRACEBACK=$tb GOFLAGS=$flags timeout 60 go run "./$name") > "$file" 2>&1
  sed -i '/^go: downloading go1/d' "$file"
  report "$file"
}
runtest() { # name toolchain [extra go test flags]: a whole `go test` log
  local name=$1 tc=$2; shift 2
  local file="$out/$name-$tc-test.txt"
  wanted "$(basename "$file")" || return 0
  GOTOOLCHAIN=$tc GOFLAGS=-mod=mod timeout 120 go test -count=1 "$@" "./$name" > "$file" 2>&1
  sed -i '/^go: downloading go1/d' "$file"
  report "$file"
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
[[ -f "$out/storm-local-all.txt" ]] && gzip -9f "$out"/storm-local-all.txt
run deep local all
run sigsegv local all
run repanic local all
run deadlock local all
run readwrite local system
runtest racetest local -race -v
if [[ -n $GO_OLD ]]; then
  run writes "$GO_OLD" system
  run deep "$GO_OLD" all
fi
GO_ANCIENT=${GO_ANCIENT-go1.20.14 go1.17.13 go1.13.15}
for tc in $GO_ANCIENT; do
  run_old writes "$tc" all 1.13
  run_old readwrite "$tc" system 1.13
  run_old iterate "$tc" all 1.13
done
if [[ -n $GO_OLDEST ]]; then
  run_old writes "$GO_OLDEST" all
  run_old readwrite "$GO_OLDEST" system
  run_old iterate "$GO_OLDEST" all
  run_old clone "$GO_OLDEST" all
fi
