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

Set GONEST_SKIP_WHEEL_TEST=1 to skip these tests (they take some 30 s);
.ci/run always runs them.
"""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)], cwd=ROOT)
    wheels = sorted(out.glob("gonest-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


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
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    assert name.endswith(f"-{plat}.whl"), name
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
