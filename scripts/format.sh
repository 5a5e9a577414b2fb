#!/usr/bin/env bash
# Formats the tree with the toolchain's swift-format (.swift-format at the root).
# `scripts/format.sh --check` formats a copy and fails if anything would change (CI runs it).
# Generated tables (*.generated.swift) are left as their generator writes them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.swift' | grep -v '\.generated\.swift$')
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  for f in "${files[@]}"; do mkdir -p "$tmp/$(dirname "$f")"; cp "$f" "$tmp/$f"; done
  cp .swift-format "$tmp/"
  (cd "$tmp" && swift format format -i "${files[@]}")
  status=0
  for f in "${files[@]}"; do
    if ! cmp -s "$f" "$tmp/$f"; then echo "not formatted: $f (run scripts/format.sh)"; status=1; fi
  done
  rm -rf "$tmp"
  exit $status
fi
swift format format -i "${files[@]}"
