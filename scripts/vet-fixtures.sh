#!/usr/bin/env bash
# Runs `go vet ./...` in every Go module of the repository's fixtures and examples.
# vet's copylocks/loopclosure/etc. must pass: fixtures are real Go, racy on purpose but otherwise clean.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r mod; do
  dir=$(dirname "$mod")
  unformatted=$(cd "$dir" && gofmt -l .)
  if [ -n "$unformatted" ]; then
    echo "vet-fixtures: gofmt would change in $dir: $unformatted" >&2
    status=1
  fi
  if ! (cd "$dir" && GOFLAGS=-mod=mod go vet ./... ); then
    echo "vet-fixtures: go vet failed in $dir" >&2
    status=1
  fi
done < <(find src examples test -name go.mod -not -path '*/node_modules/*' | sort)
exit $status
