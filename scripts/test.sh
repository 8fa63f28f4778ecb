#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and runs every test in release
# mode (the suite trains networks; debug builds of numeric code are 10-100x slower). The
# Python environment .venv (TensorBoard's reader, Gymnasium, PettingZoo, pytest) is created on
# the first run. The build includes libEmpowerC.so, which the Python package's tests load.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-dependencies.sh --tests
printf '[empower] building the package, its tests and libEmpowerC.so (release)...\n'
swift build -c release --build-tests -Xswiftc -enable-testing
printf '[empower] running the test suite...\n'
exec swift test -c release --skip-build "$@"
