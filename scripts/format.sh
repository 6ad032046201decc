#!/usr/bin/env bash
# Formats the Swift sources with swift-format (.swift-format: 4 spaces, 120 columns), generated code excepted.
# --lint reports instead of rewriting, and fails on any finding (CI runs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=(format --in-place)
[[ "${1:-}" == "--lint" ]] && mode=(lint --strict)
find Sources Tests Package.swift -name '*.swift' -not -path '*/Generated/*' -print0 \
    | xargs -0 swift format "${mode[@]}" --configuration .swift-format
