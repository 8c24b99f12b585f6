"""The wheel: built by `pip wheel .`, tagged for this interpreter and
platform, and usable on a machine without Go.

The wheel is built once per session into a temporary directory and installed
with --no-deps --no-index into a fresh, empty venv. Then the venv is given
the current environment's packages (numpy, pyarrow, matplotlib) through a
.pth file that puts them after its own site-packages, and the wheel's
Requires-Dist are checked against them. So the test needs no network besides
what `pip wheel` needs for the build requirements, and `nest` comes from the
wheel (this is checked). The scripts run with a PATH that holds no
`go`, with GOROOT, GOPATH, GOCACHE and PYTHONPATH unset, and from a directory
outside the work tree.

If a zig is at hand (GONEST_ZIG, the build tools' venv of
scripts/build_wheels.sh, ~/.cache/gonest/wheel-tools or $GONEST_WHEEL_TOOLS,
or the ziglang module of this Python) the wheel is the release (manylinux) wheel
that scripts/build_wheels.sh makes, and it is also checked with
`auditwheel show` (a manylinux tag no newer than manylinux_2_28) and for a
clean extension (no RUNPATH, stripped, no build-machine paths, no symbol
versions newer than its glibc). Otherwise it is the plain wheel of
`pip install .` (gcc from PATH) and those checks are skipped.

Set GONEST_SKIP_WHEEL_TEST=1 to skip these tests (they take some 30 s, a
minute or two for the release wheel); .ci/run always runs them.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "notebooks" / "data" / "short_term_depression_voltmeter.csv"

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(
        os.environ.get("GONEST_SKIP_WHEEL_TEST", "") not in ("", "0"),
        reason="GONEST_SKIP_WHEEL_TEST is set",
    ),
]


def _run(cmd, **kw):
    proc = subprocess.run(cmd, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if proc.returncode != 0:
        pytest.fail(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}")
    return proc.stdout


def _path_without_go() -> str:
    """PATH with every directory that holds a `go` executable left out."""
    keep = []
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if d and not os.access(os.path.join(d, "go"), os.X_OK):
            keep.append(d)
    return os.pathsep.join(keep)


# The manylinux tag may be no newer than this (the brief: pip-installable
# from an index on the distributions NEST's own wheels support).
NEWEST_MANYLINUX_GLIBC_MINOR = 28
# Libraries a manylinux extension may need (they are in every glibc system).
MANYLINUX_LIBS = {"libc.so.6", "libpthread.so.0", "libdl.so.2", "libm.so.6", "librt.so.1"}


def _tools_dir() -> Path:
    if os.environ.get("GONEST_WHEEL_TOOLS"):
        return Path(os.environ["GONEST_WHEEL_TOOLS"])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "gonest" / "wheel-tools"


def _zig() -> str | None:
    """The zig command of a release build, or None (see the module docstring)."""
    if os.environ.get("GONEST_ZIG"):
        return os.environ["GONEST_ZIG"]
    found = sorted(_tools_dir().glob("lib/python3*/site-packages/ziglang/zig"))
    if found and os.access(found[-1], os.X_OK):
        return str(found[-1])
    spec = importlib.util.find_spec("ziglang")
    if spec is not None and spec.origin:
        zig = Path(spec.origin).parent / "zig"
        if os.access(zig, os.X_OK):
            return str(zig)
    return None


def _auditwheel() -> list[str] | None:
    """A command running auditwheel (this Python's, else the tools venv's)."""
    if importlib.util.find_spec("auditwheel") is not None:
        return [sys.executable, "-m", "auditwheel"]
    tools_py = _tools_dir() / "bin" / "python"
    if tools_py.exists() and subprocess.run([str(tools_py), "-c", "import auditwheel"], check=False).returncode == 0:
        return [str(tools_py), "-m", "auditwheel"]
    return None


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    env = dict(os.environ)
    zig = _zig()
    if zig:
        env["GONEST_ZIG"] = zig
    else:
        env.pop("GONEST_ZIG", None)
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)], cwd=ROOT, env=env)
    wheels = sorted(out.glob("gonest-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _manylinux_minor(wheel: Path) -> int | None:
    """N of the wheel's manylinux_2_N platform tag, None for a plain wheel."""
    m = re.search(r"-manylinux_2_(\d+)_[a-z0-9_]+(\.manylinux\w+)?\.whl$", wheel.name)
    return int(m.group(1)) if m else None


@pytest.fixture(scope="session")
def release(wheel) -> int:
    """The glibc minor version of a release wheel; skips for a plain wheel."""
    minor = _manylinux_minor(wheel)
    if minor is None:
        pytest.skip("plain wheel (no zig: GONEST_ZIG, the tools venv of scripts/build_wheels.sh, "
                    "ziglang)")
    return minor


@pytest.fixture(scope="session")
def venv(tmp_path_factory, wheel) -> dict:
    """A fresh venv with the wheel installed; returns python path and env."""
    home = tmp_path_factory.mktemp("venv")
    vdir = home / "venv"
    _run([sys.executable, "-m", "venv", str(vdir)])
    py = vdir / "bin" / "python"
    vsite = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('platlib'))"]).strip())
    env = {k: v for k, v in os.environ.items()
           if k not in ("GOROOT", "GOPATH", "GOCACHE", "GOFLAGS", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(vdir / "bin"), _path_without_go()])
    env["MPLBACKEND"] = "Agg"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    _run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], env=env, cwd=home)

    # The current environment's site directories, after the venv's own, for
    # the runtime dependencies. A `nest` installed there comes later on
    # sys.path than the wheel's; test_import_without_go checks which is used.
    outer = [p for p in site.getsitepackages() if os.path.isdir(p)]
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        outer.append(site.getusersitepackages())
    (vsite / "zz_gonest_test_outer.pth").write_text("\n".join(outer) + "\n")
    return {"python": py, "env": env, "cwd": home, "site": vsite}


def test_wheel_dependencies_are_declared_and_present(venv):
    script = textwrap.dedent(
        """
        import importlib.metadata as md, re
        dist = md.distribution("gonest")
        assert str(dist.locate_file("")).startswith(SITE), dist.locate_file("")
        runtime = [r for r in dist.requires or [] if "extra ==" not in r]
        names = sorted(re.match(r"[A-Za-z0-9._-]+", r).group(0).lower() for r in runtime)
        print("requires", " ".join(names))
        for n in names:
            md.version(n)  # raises PackageNotFoundError if absent
        """
    ).replace("SITE", repr(str(venv["site"])))
    out = _run([str(venv["python"]), "-c", script], env=venv["env"], cwd=venv["cwd"])
    assert "requires matplotlib numpy pyarrow" in out, out


def zf_read(wheel, suffix):
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(next(n for n in zf.namelist() if n.endswith(suffix))).decode()


def test_wheel_is_platform_specific(wheel):
    name = wheel.name
    assert not name.endswith("-none-any.whl"), name
    py_tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    assert f"-{py_tag}-{py_tag}-" in name, name
    machine = platform.machine()
    minor = _manylinux_minor(wheel)
    if minor is None:
        plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        assert name.endswith(f"-{plat}.whl"), name
    else:
        assert minor <= NEWEST_MANYLINUX_GLIBC_MINOR, name
        assert name.endswith(f"-manylinux_2_{minor}_{machine}.whl") or (
            minor == 17 and name.endswith(f"-manylinux_2_17_{machine}.manylinux2014_{machine}.whl")
        ), name
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        wheel_meta = zf.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    assert "Root-Is-Purelib: false" in wheel_meta
    # The licence travels with the wheel (PEP 639 licence files and the
    # SPDX expression in the metadata).
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert any(n.endswith(".dist-info/licenses/NOTICE") for n in names), names
    metadata = zf_read(wheel, ".dist-info/METADATA")
    assert "License-Expression: GPL-2.0-or-later" in metadata, metadata[:2000]
    ext = f"nest/_gonest/_pybind{sysconfig.get_config_var('EXT_SUFFIX')}"
    for member in ("nest/__init__.py", "nest/_gonest/__init__.py", "nest/_gonest/pybind.py",
                   "nest/_gonest/go.py", ext):
        assert member in names, (member, names)
    # Build intermediates stay out.
    assert not [n for n in names if n.endswith((".go", ".c", ".h"))], names


def test_extension_needs_no_go_and_no_libpython(venv):
    sos = list((venv["site"] / "nest" / "_gonest").glob("_pybind*.so"))
    assert len(sos) == 1, sos
    if shutil.which("ldd") is None:
        pytest.skip("no ldd")
    out = _run(["ldd", str(sos[0])])
    assert "not found" not in out, out
    assert "libpython" not in out, out
    assert "libgo" not in out, out


def test_import_without_go(venv):
    script = textwrap.dedent(
        """
        import os, shutil
        assert shutil.which("go") is None, "go is on PATH"
        import nest._gonest.pybind as core
        import nest
        print("nest_file", nest.__file__)
        print("core_file", core.__file__)
        core.ResetKernel()
        print("recording_bytes", core.RecordingBytes())
        print("num_nodes", core.NumNodes())
        """
    )
    out = _run([str(venv["python"]), "-c", script], env=venv["env"], cwd=venv["cwd"])
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert lines["nest_file"].startswith(str(venv["site"])), out
    assert lines["core_file"].startswith(str(venv["site"])), out
    assert lines["recording_bytes"] == "0", out
    assert lines["num_nodes"] == "0", out


SEED = textwrap.dedent(
    """
    # NEST's iaf_tum_2000 short-term depression example without its plot,
    # checked against NEST 3.10's voltmeter recording.
    import csv, sys
    import nest
    import numpy as np

    nest.ResetKernel()
    nest.resolution = 0.1
    T_sim = 1200.0
    tau_m, R_m = 40.0, 0.1
    C_m = tau_m / R_m
    V_th, V_reset, t_ref = 15.0, 0.0, 2.0
    stim_start, stim_end, f = 50.0, 1050.0, 20.0 / 1000.0
    dc_amp = V_th * C_m / tau_m / (1 - np.exp(-(1 / f - t_ref) / tau_m))
    dc_gen = nest.Create("dc_generator", 1,
                         params={"amplitude": dc_amp, "start": stim_start, "stop": stim_end})
    x, u, U, tau_psc, tau_rec, tau_fac = 1.0, 0.0, 0.5, 3.0, 800.0, 0.0
    nrns = nest.Create("iaf_tum_2000", 2, params={
        "C_m": C_m, "tau_m": tau_m, "tau_syn_ex": tau_psc, "tau_syn_in": tau_psc,
        "V_th": V_th, "V_reset": V_reset, "E_L": V_reset, "V_m": V_reset, "t_ref": t_ref,
        "U": U, "tau_psc": tau_psc, "tau_rec": tau_rec, "tau_fac": tau_fac, "x": x, "u": u,
    })
    nest.Connect(dc_gen, nrns[0])
    nest.Connect(nrns[0], nrns[1], syn_spec={
        "synapse_model": "static_synapse", "weight": 250.0, "delay": 0.1, "receptor_type": 1,
    })
    voltmeter = nest.Create("voltmeter", params={"interval": 1.0, "label": "Voltmeter"})
    nest.Connect(voltmeter, nrns[1])
    nest.Simulate(T_sim)

    ev = voltmeter.get("events")
    times = np.asarray(ev["times"], dtype=float)
    vm = np.asarray(ev["V_m"], dtype=float)
    senders = np.asarray(ev["senders"], dtype=int)
    with open(sys.argv[1], newline="") as fh:
        ref = list(csv.DictReader(fh))
    assert len(times) == len(ref), (len(times), len(ref))
    assert senders.tolist() == [int(r["sender"]) for r in ref]
    assert times.tolist() == [float(r["time_ms"]) for r in ref]
    err = float(np.max(np.abs(vm - np.array([float(r["V_m"]) for r in ref]))))
    assert err <= 1e-9, err
    print("samples", len(times))
    print("max_abs_err", err)
    """
)


def test_seed_scenario_without_go(venv):
    proc = subprocess.run(
        [str(venv["python"]), "-c", SEED, str(REFERENCE)], env=venv["env"], cwd=venv["cwd"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stdout
    assert "samples 1199" in proc.stdout, proc.stdout


def test_release_wheel_tag_by_auditwheel(wheel, release):
    cmd = _auditwheel()
    if cmd is None:
        pytest.skip("auditwheel is not installed (pip install auditwheel)")
    out = _run([*cmd, "show", str(wheel)])
    print(out)
    flat = " ".join(out.split())
    m = re.search(r'consistent with the following platform tag: "manylinux_2_(\d+)_\w+"', flat)
    assert m, out
    # What the extension's symbol versions need is no newer than its tag.
    assert int(m.group(1)) <= release <= NEWEST_MANYLINUX_GLIBC_MINOR, out
    assert "requires no external shared libraries" in flat, out


def _readelf(so: Path, *flags) -> str:
    return _run(["readelf", "-W", *flags, str(so)])


def test_release_extension_is_clean(wheel, release, tmp_path):
    if shutil.which("readelf") is None:
        pytest.skip("no readelf")
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if re.fullmatch(r"nest/_gonest/_pybind.*\.so", n))
        so = tmp_path / Path(member).name
        so.write_bytes(zf.read(member))
    dynamic = _readelf(so, "-d")
    assert "RUNPATH" not in dynamic and "RPATH" not in dynamic, dynamic
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    assert "libc.so.6" in needed and needed <= MANYLINUX_LIBS, needed
    versions = {int(v) for v in re.findall(r"GLIBC_2\.(\d+)", _readelf(so, "-V"))}
    assert versions and max(versions) <= release, sorted(versions)
    sections = _readelf(so, "-S")
    assert ".symtab" not in sections and ".debug_info" not in sections, "not stripped"
    # Nothing of the build machine: the checkout, the building Python, the
    # home directory (Go's module cache) and gopy's temporary directory.
    data = so.read_bytes()
    for path in {str(ROOT), sys.base_prefix, str(Path.home()), "gonest-gopy-"}:
        if len(path) > 1:
            assert path.encode() not in data, path
