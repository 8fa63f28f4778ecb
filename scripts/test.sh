#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every test in release
# mode (the suite trains networks; debug builds of numeric code are 10-100x slower). The
# Python environment .venv (TensorBoard's reader) is created on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-dependencies.sh --tests
printf '[empower] building and running the test suite (release)...\n'
exec swift test -c release "$@"
