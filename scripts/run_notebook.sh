#!/usr/bin/env bash
# Install gonest and execute the short-term-depression example notebook headless.
#
# Usage: bash scripts/run_notebook.sh [--all] [--no-install] [--venv]
#
#   --all         also execute notebooks/iaf_tum_2000_short_term_facilitation.ipynb
#   --no-install  skip `pip install`; use the nest already installed for $PYTHON
#   --venv        install into ./.venv (created if missing) instead of $PYTHON
#
# Results (output/ is not tracked by git):
#   output/iaf_tum_2000_short_term_depression.ipynb   the executed notebook
#   output/iaf_tum_2000_short_term_depression.png     its figure
#   (and the same two files for the facilitation notebook with --all)
#
# Needs Go, gcc and Python >= 3.11 with pip. $PYTHON picks the interpreter
# (default: python3). If that interpreter's environment is marked "externally
# managed" (PEP 668; Debian's system Python, for instance), ./.venv is used
# as if --venv had been given. Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PY="${PYTHON:-python3}"
INSTALL=1
USE_VENV=0
NOTEBOOKS=(notebooks/iaf_tum_2000_short_term_depression.ipynb)

for arg in "$@"; do
    case "$arg" in
        --all) NOTEBOOKS+=(notebooks/iaf_tum_2000_short_term_facilitation.ipynb) ;;
        --no-install) INSTALL=0 ;;
        --venv) USE_VENV=1 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run_notebook.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'run_notebook.sh: %s\n' "$*" >&2; exit 1; }

command -v "$PY" >/dev/null 2>&1 || die "no Python interpreter '$PY' (set PYTHON=...)"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python >= 3.11 is required, '$PY' is $("$PY" -c 'import platform; print(platform.python_version())')"

if [ "$USE_VENV" = 0 ] && [ "$INSTALL" = 1 ] && [ -z "${VIRTUAL_ENV:-}" ]; then
    if "$PY" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
        say "$PY is externally managed (PEP 668); using ./.venv"
        USE_VENV=1
    fi
fi

if [ "$USE_VENV" = 1 ]; then
    if [ ! -x .venv/bin/python ]; then
        say "creating .venv with $PY"
        "$PY" -m venv .venv
    fi
    PY="$ROOT/.venv/bin/python"
fi

if [ "$INSTALL" = 1 ]; then
    command -v go >/dev/null 2>&1 || die "Go is required to build gonest (go not found on PATH)"
    say "installing gonest and the notebook runner into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install . nbclient nbformat ipykernel matplotlib \
        || die "pip install failed"
fi

say "checking the installation"
# Run from output/ so that nothing in the work tree shadows the installed nest.
mkdir -p output
(cd output && "$PY" -c 'import nest, nbclient, nbformat, ipykernel, matplotlib; print("nest from", nest.__file__)') \
    || die "the installed package cannot be imported (run without --no-install?)"

say "executing ${NOTEBOOKS[*]}"
env -u MPLBACKEND "$PY" tests/notebooks/nbrun.py "${NOTEBOOKS[@]}" --out-dir output \
    || die "notebook execution failed (see the executed notebook in output/)"

say "done; results are in $ROOT/output/"
