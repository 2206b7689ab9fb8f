#!/usr/bin/env bash
# Build the offline kit for delegates' laptops: one archive with the app, its data and every wheel it
# needs, so it installs and runs on a machine with no network.
#
#   scripts/offline_kit.sh                          # Linux x86_64, CPython 3.11 (this machine)
#   scripts/offline_kit.sh --platform win_amd64     # Windows 64-bit, CPython 3.11
#   scripts/offline_kit.sh --platform macosx_11_0_arm64   # Apple silicon, CPython 3.11
#   scripts/offline_kit.sh --out /some/dir          # default: dist/
#
# Output: dist/coverage-explorer-offline-<data_version>[-<platform>].tar.gz, holding the folder
# coverage-explorer-offline-<data_version>/ with the app source and data/, wheelhouse/ (wheels only:
# nothing is built on the laptop), install-and-run.sh (Linux/macOS), install-and-run.bat (Windows),
# OFFLINE.txt and SHA256SUMS. Building needs the network (pip download); installing does not.
source "$(dirname "${BASH_SOURCE[0]}")/_setup"

platform=""
out="$ROOT/dist"
while [ $# -gt 0 ]; do
    case "$1" in
        --platform) platform="${2:?--platform needs a tag, e.g. win_amd64}"; shift 2 ;;
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

ensure_venv
cd "$ROOT"
version="$(sed -nE 's/^data_version:[[:space:]]*"?([^"[:space:]]+)"?.*$/\1/p' data/meta.yaml | head -1)"
[ -n "$version" ] || die "no data_version in data/meta.yaml"
name="coverage-explorer-offline-$version"
archive="$out/$name${platform:+-$platform}.tar.gz"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kit="$work/$name"
mkdir -p "$kit/wheelhouse"

log "copying the app and its data (data_version $version)"
# Tracked files only (no caches, no local secrets); the working-tree copy of each.
git ls-files -z -- app.py requirements.txt README.md .streamlit/config.toml components pages policy explorer api locales \
    static data 'docs/*.md' | xargs -0 cp --parents -t "$kit"
[ -f "$kit/app.py" ] && [ -f "$kit/data/meta.yaml" ] || die "the app source was not copied"

log "downloading wheels for ${platform:-this machine ($("$PY" -c 'import sysconfig; print(sysconfig.get_platform())'), CPython 3.11)}"
pip_args=(download --disable-pip-version-check --quiet --only-binary=:all: -r requirements.txt -d "$kit/wheelhouse")
if [ -n "$platform" ]; then
    pip_args+=(--platform "$platform" --python-version 3.11 --implementation cp --abi cp311)
else
    "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
        || die "the kit targets CPython 3.11; .venv has $("$PY" --version 2>&1) (set PYTHON=python3.11)"
fi
"$PY" -m pip "${pip_args[@]}"

cat >"$kit/install-and-run.sh" <<'SH'
#!/bin/sh
# Install Coverage Explorer from this folder with no network, then run it on http://localhost:8501.
# Needs Python 3.11 (python3.11 or python3). Extra arguments go to `streamlit run`.
set -eu
cd "$(dirname "$0")"
PY=""
for cand in ${PYTHON:-} python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        PY="$cand"; break
    fi
done
[ -n "$PY" ] || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
if [ ! -f .venv/.installed ]; then
    rm -rf .venv
    "$PY" -m venv .venv
    # --no-index: only the wheels in ./wheelhouse, never the network; --isolated: no pip config.
    .venv/bin/python -m pip install --isolated --disable-pip-version-check --no-index --find-links wheelhouse -r requirements.txt
    touch .venv/.installed
fi
echo "Coverage Explorer: open http://localhost:8501 in a browser (Ctrl+C stops it)"
exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 "$@"
SH
chmod +x "$kit/install-and-run.sh"

cat >"$kit/install-and-run.bat" <<'BAT'
@echo off
rem Install Coverage Explorer from this folder with no network, then run it (Windows, Python 3.11).
cd /d "%~dp0"
if not exist .venv\.installed (
    py -3.11 -m venv .venv || goto :error
    .venv\Scripts\python.exe -m pip install --isolated --disable-pip-version-check --no-index --find-links wheelhouse -r requirements.txt || goto :error
    type nul > .venv\.installed
)
echo Coverage Explorer: open http://localhost:8501 in a browser (Ctrl+C stops it)
.venv\Scripts\python.exe -m streamlit run app.py --server.address 127.0.0.1 %*
goto :eof
:error
echo Installation failed. Python 3.11 is needed (https://www.python.org, "py" launcher).
exit /b 1
BAT

cat >"$kit/OFFLINE.txt" <<TXT
Coverage Explorer, offline kit. Data version $version.
Wheels for: ${platform:-$("$PY" -c 'import sysconfig; print(sysconfig.get_platform())')}, CPython 3.11.

Needs Python 3.11 on the laptop; no network is used.
  Linux / macOS:  ./install-and-run.sh
  Windows:        install-and-run.bat
The first run creates .venv/ here and installs from wheelhouse/ (pip --no-index); later runs start
at once. Then open http://localhost:8501. Everything the app shows comes from data/ in this folder.
TXT

(cd "$kit" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
mkdir -p "$out"
tar -C "$work" -czf "$archive" "$name"
log "wrote $archive ($(du -h "$archive" | cut -f1), $(ls "$kit/wheelhouse" | wc -l) wheels)"
echo "$archive"
