#!/usr/bin/env bash
# The main job on a built-in default: installs what is missing, builds Empower in release
# mode, and trains DIAYN (10 skills) on PointMass-v0 until its skills are distinct (a
# fresh-rollout accuracy of 0.9), ending with where the run and its pictures are. Extra arguments replace the default job: scripts/quickstart.sh bench nn --json
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-dependencies.sh
printf '[empower] building (release)...\n'
swift build -c release --product empower
if [ $# -eq 0 ]; then
    set -- train --stop-at-accuracy 0.9
fi
printf '[empower] running: empower %s\n' "$*"
exec .build/release/empower "$@"
