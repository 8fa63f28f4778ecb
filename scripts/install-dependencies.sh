#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Empower builds against, when they are missing:
# OpenBLAS (matrix products), Box2D 2.4 (physics), cairo and giflib (pictures), Open MPI
# (runs across processes: mpirun), pkg-config, and Python 3 with venv. With --tests, also
# swig (Gymnasium's Box2D bindings build with it) and the Python virtual environment the tests
# use (.venv, with Tests/Python/requirements.txt: TensorBoard, whose own reader checks our
# event files; Gymnasium, PettingZoo and pytest for the Python package in python/). Uses
# apt-get directly as root, through sudo otherwise. Prints what it does.
set -euo pipefail

say() { printf '[empower] %s\n' "$*"; }

if ! command -v swift >/dev/null 2>&1; then
    say "error: 'swift' is not on PATH. Install Swift 6 (https://www.swift.org/install/linux/) and retry." >&2
    exit 1
fi

packages=(pkg-config libopenblas-dev libbox2d-dev libcairo2-dev libgif-dev libpng-dev libopenmpi-dev openmpi-bin python3 python3-venv)
if [ "${1:-}" = "--tests" ]; then
    packages+=(swig)
fi
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present: ${packages[*]}"
else
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
fi

if [ "${1:-}" = "--tests" ]; then
    cd "$(dirname "$0")/.."
    requirements=Tests/Python/requirements.txt
    stamp=.venv/installed-requirements.txt
    if [ -x .venv/bin/python ] && cmp -s "$requirements" "$stamp"; then
        say "Python test environment present: .venv ($(grep -v '^#' "$requirements" | tr '\n' ' '))"
    else
        say "creating the Python test environment .venv from $requirements..."
        python3 -m venv .venv
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
        cp "$requirements" "$stamp"
        say "Python test environment ready: .venv"
    fi
fi
