#!/usr/bin/env bash
# Read-only formatting gate: fails when a tracked Swift file is not formatted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git ls-files -z '*.swift' | xargs -0 swift format lint --strict --parallel
