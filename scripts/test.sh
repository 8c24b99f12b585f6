#!/usr/bin/env bash
# The test command of gonest: bash scripts/test.sh [--no-install] [--quick] [-- PYTEST_ARGS...]
#
# 1. installs gonest with its test extra: pip install ".[test]" (this builds
#    the Go extension; needs Go and gcc on PATH),
# 2. go vet ./...
# 3. go test ./... (and the threaded packages again under -race)
# 4. python -m pytest tests, against the INSTALLED package (never python/ in
#    the work tree; this is checked before pytest runs).
#
# The distributed-run tests (gocore/comm's TestMPIJob, tests/python/test_mpi.py
# and the others that use tests/python/mpirun.py) start jobs with
# "mpirun -np 2/3 --oversubscribe"; without mpirun they are skipped, except
# with CI=true, where they fail (.ci/run installs Open MPI).
#
#   --no-install  skip step 1 and test the nest already installed for $PYTHON
#   --quick       skip the slow wheel tests (GONEST_SKIP_WHEEL_TEST=1)
#   -- ARGS       arguments for pytest instead of "tests" (e.g. -- tests/python -x;
#                 options alone, e.g. -- -k kernel, still run all of tests/)
#
# The interpreter is $PYTHON (default: python3, else python). If its
# environment is "externally managed" (PEP 668) and no venv is active, the
# script creates and uses ./.venv-test. All steps run even if one fails; the
# exit status is non-zero if any failed. pytest's "no tests collected" (exit
# status 5) counts as a failure only if tests/ holds test files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

INSTALL=1
PYTEST_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-install) INSTALL=0 ;;
        --quick) export GONEST_SKIP_WHEEL_TEST=1 ;;
        --) shift; PYTEST_ARGS=("$@"); break ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "test.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

if [ -n "${PYTHON:-}" ]; then
    PY="$PYTHON"
elif command -v python3 >/dev/null 2>&1; then
    PY=python3
else
    PY=python
fi
command -v "$PY" >/dev/null 2>&1 || die "no Python interpreter '$PY' (set PYTHON=...)"
command -v go >/dev/null 2>&1 || die "Go is required (go not found on PATH)"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python >= 3.11 is required, '$PY' is $("$PY" -c 'import platform; print(platform.python_version())')"

# Never test the work tree's python/ by accident.
unset PYTHONPATH
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

if [ "$INSTALL" = 1 ] && [ -z "${VIRTUAL_ENV:-}" ] \
    && "$PY" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    say "$PY is externally managed (PEP 668); using ./.venv-test"
    [ -x .venv-test/bin/python ] || "$PY" -m venv .venv-test || die "cannot create .venv-test"
    PY="$ROOT/.venv-test/bin/python"
fi

FAILED=()
START=$SECONDS

if command -v mpirun >/dev/null 2>&1; then
    echo "mpirun: $(command -v mpirun) ($(mpirun --version 2>/dev/null | head -1))"
    if [ "$(id -u)" = 0 ]; then
        export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    fi
else
    echo "mpirun not found: the distributed-run tests are skipped (apt-get install openmpi-bin libopenmpi-dev)"
fi

if [ "$INSTALL" = 1 ]; then
    say "pip install .[test]  ($("$PY" -c 'import sys; print(sys.executable)'))"
    t0=$SECONDS
    "$PY" -m pip install --quiet ".[test]" || die "pip install failed"
    echo "installed in $((SECONDS - t0)) s"
fi

say "go vet ./..."
go vet ./... || FAILED+=("go vet")

say "go test ./..."
go test ./... || FAILED+=("go test")

# The scheduler runs phases on several threads: check those packages under
# the race detector (gocore/comm's MPI job runs the race build too).
say "go test -race ./gocore/kernel/ ./gocore/comm/ ./gocore/record/"
go test -race ./gocore/kernel/ ./gocore/comm/ ./gocore/record/ || FAILED+=("go test -race")

# tests/packaging/test_wheel.py tests the release (manylinux) wheel of
# scripts/build_wheels.sh when zig is at hand: provide it (and auditwheel) in
# that script's build tools' venv, kept in ~/.cache/gonest between runs.
# Offline, the wheel test falls back to the plain wheel.
case "${GONEST_SKIP_WHEEL_TEST:-}" in
    ""|0)
        if [ "${#PYTEST_ARGS[@]}" -eq 0 ] || [[ " ${PYTEST_ARGS[*]} " == *packaging* ]]; then
            say "build tools of the release wheel (scripts/build_wheels.sh --tools-only)"
            if ! PYTHON="$PY" bash scripts/build_wheels.sh --tools-only; then
                echo "test.sh: no zig for the release wheel; the wheel test builds the plain wheel" >&2
            fi
        fi ;;
esac

say "python -m pytest tests"
# nest must come from the installed package, not from the work tree's
# python/ (PYTHONPATH is unset above; tests/packaging/test_installed.py
# checks it again inside the pytest session).
NEST_FILE="$("$PY" -c 'import nest, nest._gonest.pybind; print(nest.__file__)')" \
    || die "the installed package cannot be imported (run without --no-install?)"
case "$NEST_FILE" in
    "$ROOT"/*) die "nest is imported from the work tree ($NEST_FILE), not from the installed package" ;;
esac
echo "nest from $NEST_FILE"

set +e
if [ "${#PYTEST_ARGS[@]}" -eq 0 ]; then PYTEST_ARGS=(tests); fi
GONEST_REQUIRE_INSTALLED=1 "$PY" -m pytest -ra "${PYTEST_ARGS[@]}"
rc=$?
set -e
if [ "$rc" = 5 ]; then
    if [ -n "$(find tests -name 'test_*.py' -o -name '*_test.py' 2>/dev/null | head -1)" ]; then
        echo "pytest collected no tests although tests/ holds test files"
        FAILED+=("pytest (no tests collected)")
    else
        echo "no Python tests yet"
    fi
elif [ "$rc" != 0 ]; then
    FAILED+=("pytest (exit status $rc)")
fi

say "done in $((SECONDS - START)) s"
if [ "${#FAILED[@]}" -gt 0 ]; then
    printf 'FAILED: %s\n' "${FAILED[@]}" >&2
    exit 1
fi
echo "all passed"
