#!/usr/bin/env bash
# The main job on a built-in default: installs what is missing, builds Empower in release
# mode, and runs it. Extra arguments replace the default job: scripts/quickstart.sh bench nn --json
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-dependencies.sh
printf '[empower] building (release)...\n'
swift build -c release --product empower
if [ $# -eq 0 ]; then
    set -- bench nn
fi
printf '[empower] running: empower %s\n' "$*"
exec .build/release/empower "$@"
