#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Empower builds against, when they are missing:
# OpenBLAS (matrix products), Box2D 2.4 (physics), cairo and giflib (pictures), pkg-config.
# Uses apt-get directly as root, through sudo otherwise. Prints what it does.
set -euo pipefail

say() { printf '[empower] %s\n' "$*"; }

if ! command -v swift >/dev/null 2>&1; then
    say "error: 'swift' is not on PATH. Install Swift 6 (https://www.swift.org/install/linux/) and retry." >&2
    exit 1
fi

packages=(pkg-config libopenblas-dev libbox2d-dev libcairo2-dev libgif-dev libpng-dev)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present: ${packages[*]}"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
else
    say "error: missing packages ${missing[*]}, and this is not root and there is no sudo." >&2
    say "Install them with your administrator: apt-get install -y ${missing[*]}" >&2
    exit 1
fi

say "installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq "${missing[@]}"
say "installed: ${missing[*]}"
