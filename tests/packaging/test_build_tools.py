"""The release-build helpers of tools/build_ext.py, without building anything:
the manylinux tag of a glibc target, the check of GONEST_GLIBC, and the
C compiler wrapper that drops the building Python's run path."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def be():
    spec = importlib.util.spec_from_file_location("_gonest_test_build_ext", ROOT / "tools" / "build_ext.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    yield mod
    del sys.modules[spec.name]


def test_manylinux_tag(be):
    # 2.17 is manylinux2014 (PEP 599's legacy alias goes with PEP 600's tag).
    assert be.manylinux_tag("2.17", "x86_64") == "manylinux_2_17_x86_64.manylinux2014_x86_64"
    assert be.manylinux_tag("2.28", "aarch64") == "manylinux_2_28_aarch64"


def test_glibc_from_env(be, monkeypatch):
    monkeypatch.delenv(be.GLIBC_ENV, raising=False)
    assert be.glibc_from_env() == "2.17"
    monkeypatch.setenv(be.GLIBC_ENV, "2.28")
    assert be.glibc_from_env() == "2.28"
    for bad in ("2", "2.x", "3.1", "2.17; rm"):
        monkeypatch.setenv(be.GLIBC_ENV, bad)
        with pytest.raises(be.BuildError, match="GONEST_GLIBC"):
            be.glibc_from_env()


def test_zig_from_env(be, monkeypatch):
    monkeypatch.delenv(be.ZIG_ENV, raising=False)
    assert be.zig_from_env() is None
    monkeypatch.setenv(be.ZIG_ENV, "/opt/py/bin/python -m ziglang")
    assert be.zig_from_env() == ["/opt/py/bin/python", "-m", "ziglang"]


@pytest.mark.skipif(shutil.which("sh") is None, reason="no sh")
def test_zig_cc_wrapper_drops_rpath(be, tmp_path):
    # A stand-in for zig that prints its arguments one per line.
    fake = tmp_path / "fakezig"
    fake.write_text('#!/bin/sh\nfor a; do printf "%s\\n" "$a"; done\n')
    fake.chmod(0o755)
    cc = be._write_zig_cc(tmp_path / "bin", [str(fake)], "2.17", dict(os.environ))
    args = ["-shared", "-L/py/lib", "-Wl,-rpath,/py/lib", "-Wl,-rpath=/x", "-o", "a b.so", "x.o", ""]
    out = subprocess.run([str(cc), *args], check=True, stdout=subprocess.PIPE, text=True).stdout
    machine = be._machine()
    assert out.split("\n")[:-1] == [
        "cc", "-target", f"{machine}-linux-gnu.2.17", "-shared", "-L/py/lib", "-o", "a b.so", "x.o", "",
    ]


def test_missing_zig_is_reported(be, tmp_path):
    with pytest.raises(be.BuildError, match="GONEST_ZIG"):
        be._write_zig_cc(tmp_path / "bin", [str(tmp_path / "no-such-zig")], "2.17", dict(os.environ))
