#!/usr/bin/env bash
# Release wheels of gonest: bash scripts/build_wheels.sh [--glibc 2.17] [--out DIR] [--tools-only] [PYTHON...]
#
# Builds one manylinux wheel per CPython into dist/, by default for 3.11,
# 3.12 and 3.13, e.g.
#   gonest-0.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
# PYTHON arguments are versions (3.12) or interpreters (/usr/bin/python3.12);
# a version is looked up as pythonX.Y on PATH, then in pyenv's versions.
#
# How: `pip wheel .` with GONEST_ZIG set, so that tools/build_ext.py compiles
# cgo's C code with `zig cc -target <arch>-linux-gnu.<glibc>` (glibc 2.17 =
# manylinux2014 by default; --glibc or GONEST_GLIBC for another), with the
# build tags netgo,osusergo, stripped and without RUNPATH, and
# tools/gonest_backend.py tags the wheel for that glibc. No container and no
# gcc are needed, only Go. Each wheel is then checked with `auditwheel show`:
# the tag auditwheel derives from the extension's symbol versions must be no
# newer than the wheel's, and no shared library outside the manylinux set may
# be needed. pip's isolated build environment of each Python gets pybindgen
# from pyproject.toml's build requirements.
#
# zig (the ziglang wheel) and auditwheel are build tools, never dependencies
# of gonest: they go into the venv $GONEST_WHEEL_TOOLS (default
# ~/.cache/gonest/wheel-tools, kept between runs like Go's and zig's caches;
# some 420 MB), created on first use. GONEST_ZIG set to a zig executable is
# used instead of the venv's. --tools-only creates the venv and prints the
# GONEST_ZIG line (tests/packaging/test_wheel.py uses the venv's zig if it
# exists, to test a release wheel).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

GLIBC="${GONEST_GLIBC:-2.17}"
OUT="$ROOT/dist"
TOOLS_ONLY=0
PYTHONS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --glibc) GLIBC="$2"; shift ;;
        --glibc=*) GLIBC="${1#*=}" ;;
        --out) OUT="$2"; shift ;;
        --out=*) OUT="${1#*=}" ;;
        --tools-only) TOOLS_ONLY=1 ;;
        -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "build_wheels.sh: unknown option: $1 (try --help)" >&2; exit 2 ;;
        *) PYTHONS+=("$1") ;;
    esac
    shift
done
[ "${#PYTHONS[@]}" -gt 0 ] || PYTHONS=(3.11 3.12 3.13)
case "$GLIBC" in
    2.[0-9]|2.[0-9][0-9]) ;;
    *) echo "build_wheels.sh: --glibc $GLIBC: expected a version such as 2.17 or 2.28" >&2; exit 2 ;;
esac

say() { printf '==> %s\n' "$*"; }
die() { printf 'build_wheels.sh: %s\n' "$*" >&2; exit 1; }

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
unset PYTHONPATH

# --- the build tools' venv --------------------------------------------------
TOOLS="${GONEST_WHEEL_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/gonest/wheel-tools}"
TOOLS_PY="$TOOLS/bin/python"
if [ ! -x "$TOOLS_PY" ] || ! "$TOOLS_PY" -c 'import ziglang, auditwheel' 2>/dev/null; then
    say "creating the build tools' venv $TOOLS (ziglang, auditwheel)"
    "${PYTHON:-python3}" -m venv --clear "$TOOLS" || die "cannot create $TOOLS"
    "$TOOLS_PY" -m pip install --quiet ziglang auditwheel || die "cannot install ziglang and auditwheel into $TOOLS"
fi
if [ -z "${GONEST_ZIG:-}" ]; then
    GONEST_ZIG="$("$TOOLS_PY" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
fi
[ -x "$GONEST_ZIG" ] || die "GONEST_ZIG=$GONEST_ZIG is not an executable"
export GONEST_ZIG GONEST_GLIBC="$GLIBC"
if [ "$TOOLS_ONLY" = 1 ]; then
    echo "GONEST_ZIG=$GONEST_ZIG"
    exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is required (go not found on PATH)"
echo "zig $("$GONEST_ZIG" version) ($GONEST_ZIG), target glibc $GLIBC"

# --- the interpreters ---------------------------------------------------------
find_python() {  # VERSION-or-PATH -> an interpreter that runs and has that version
    local want="$1" cand v
    local -a cands=()
    case "$want" in
        */*) cands=("$want") ;;
        *)
            if command -v "python$want" >/dev/null 2>&1; then cands+=("$(command -v "python$want")"); fi
            for cand in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -rV); do
                cands+=("$cand")
            done ;;
    esac
    for cand in "${cands[@]}"; do
        v="$("$cand" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || continue
        case "$want" in */*) ;; *) [ "$v" = "$want" ] || continue ;; esac
        "$cand" -m pip --version >/dev/null 2>&1 || continue
        echo "$cand"
        return 0
    done
    return 1
}

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d -t gonest-wheels.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BUILT=()
FAILED=()
START=$SECONDS
for want in "${PYTHONS[@]}"; do
    if ! py="$(find_python "$want")"; then
        echo "build_wheels.sh: no Python $want with pip found (PATH, pyenv)" >&2
        FAILED+=("$want (no interpreter)")
        continue
    fi
    tag="$("$py" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')"
    say "$tag: pip wheel . ($py)"
    t0=$SECONDS
    rm -rf "${WORK:?}/$tag"
    if ! "$py" -m pip wheel "$ROOT" --no-deps --quiet -w "$WORK/$tag"; then
        FAILED+=("$tag (build)")
        continue
    fi
    secs=$((SECONDS - t0))
    whl="$(ls "$WORK/$tag"/gonest-*.whl)"
    name="$(basename "$whl")"
    # auditwheel's verdict from the extension's symbol versions and needed
    # libraries, e.g. "manylinux_2_5_x86_64"; it must not need a newer glibc
    # than the wheel's tag says, nor a library outside the manylinux set.
    show="$("$TOOLS_PY" -m auditwheel show "$whl" 2>&1)" || { echo "$show"; FAILED+=("$tag (auditwheel show)"); continue; }
    echo "$show" | sed 's/^/    /'
    got="$(echo "$show" | tr -d '\n' | grep -oE '"manylinux_2_[0-9]+_[a-z0-9_]+"' | head -1 | tr -d '"')"
    got_minor="$(echo "$got" | sed -E 's/^manylinux_2_([0-9]+)_.*/\1/')"
    want_minor="${GLIBC#2.}"
    if [ -z "$got" ] || [ "$got_minor" -gt "$want_minor" ]; then
        echo "build_wheels.sh: $name: auditwheel says ${got:-no manylinux tag}, newer than glibc $GLIBC" >&2
        FAILED+=("$tag (auditwheel: ${got:-none})")
        continue
    fi
    if echo "$show" | grep -q "requires the following external shared libraries\|not in the manylinux"; then
        FAILED+=("$tag (external shared libraries)")
        continue
    fi
    rm -f "$OUT"/gonest-*-"$tag"-"$tag"-*.whl
    mv "$whl" "$OUT/"
    size="$(du -k "$OUT/$name" | cut -f1)"
    BUILT+=("$name  ${size} KiB  built in ${secs} s  (auditwheel: $got)")
done

say "done in $((SECONDS - START)) s; wheels in $OUT"
for b in "${BUILT[@]}"; do echo "  $b"; done
if [ "${#FAILED[@]}" -gt 0 ]; then
    printf 'FAILED: %s\n' "${FAILED[@]}" >&2
    exit 1
fi
