#!/usr/bin/env bash
# NEST 3.10's own pytest suite, unmodified, against the installed gonest:
#
#   bash scripts/nest_conformance.sh PYTESTS_DIR [--python PY] [--nest-python PY | --nest-results FILE]
#        [--timeout S] [--file-timeout S] [--jobs N] [--out DIR] [--only PATTERN...] [--causes N]
#
# PYTESTS_DIR: a checkout of NEST's testsuite/pytests, e.g.
#   git --git-dir=NEST.git archive v3.10 testsuite/pytests | tar -x -C /tmp/nest-pytests
#   bash scripts/nest_conformance.sh /tmp/nest-pytests/testsuite/pytests --nest-python /path/to/nest310/bin/python
# --python: the interpreter with gonest installed (default: $PYTHON, else python3).
# --nest-python: an interpreter with NEST 3.10, to run the suite there too as
#   the baseline; --nest-results OUT/nest.json reuses such a run.
# Every test file runs in its own pytest subprocess (--file-timeout, default
# 600 s; --timeout per test if pytest-timeout is installed), so a hang or a
# crash costs only its file. Prints per folder: tests, gonest's passes, NEST's
# passes, the passes of both, and the most frequent failure messages.
# The suite itself needs numpy, pandas, scipy and matplotlib.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 1 ] || { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "$1" in -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
PY="${PYTHON:-python3}"
ARGS=("$@")
HAVE_PY=0
for a in "$@"; do [ "$a" = "--python" ] && HAVE_PY=1; done
[ "$HAVE_PY" = 1 ] || ARGS+=(--python "$(command -v "$PY")")
unset PYTHONPATH
exec python3 "$HERE/nest_conformance.py" "${ARGS[@]}"
