"""What NEST 3.10's hpc_benchmark.py needs besides the network itself:
``nest.memory_size``, ``nest.message``, ``nest.verbosity``,
``stdp_pl_synapse_hom`` and the ``_hpc`` synapse models."""

import logging
import subprocess
import sys

import nest
import numpy as np
import pytest


def _vmsize_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1])
    raise AssertionError("no VmSize in /proc/self/status")


def test_memory_size_is_the_virtual_size_in_kb(kernel):
    size = nest.memory_size
    assert isinstance(size, int)
    assert size == pytest.approx(_vmsize_kb(), rel=0.05)
    # 200 MB more are 200 000 kB more (NEST reports kB, not MB or bytes).
    block = np.ones(25_000_000)
    grown = nest.memory_size
    assert grown - size == pytest.approx(block.nbytes / 1024, rel=0.2)
    del block
    assert "memory_size" in nest.kernel_status
    with pytest.raises(AttributeError):
        nest.memory_size = 0


@pytest.fixture
def verbosity():
    """Restore the verbosity after the test (it outlives ResetKernel)."""
    before = nest.verbosity
    yield
    nest.verbosity = before


def test_verbosity(kernel, verbosity):
    # The default, in a fresh interpreter (the level outlives ResetKernel,
    # and other tests change it).
    fresh = subprocess.run(
        [sys.executable, "-c", "import nest; print(int(nest.verbosity), type(nest.verbosity).__name__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.split() == [str(int(nest.VerbosityLevel.INFO)), "VerbosityLevel"]
    nest.verbosity = nest.VerbosityLevel.INFO
    assert isinstance(nest.verbosity, nest.VerbosityLevel)
    assert nest.kernel_status["verbosity"] == nest.VerbosityLevel.INFO
    nest.verbosity = nest.VerbosityLevel.WARNING
    assert nest.verbosity is nest.VerbosityLevel.WARNING
    assert nest.get("verbosity") == nest.VerbosityLevel.WARNING
    nest.set(verbosity=nest.VerbosityLevel.ERROR, rng_seed=5)
    assert nest.verbosity is nest.VerbosityLevel.ERROR and nest.rng_seed == 5
    # A call the kernel rejects changes the verbosity neither.
    with pytest.raises(nest.NESTError):
        nest.set(verbosity=nest.VerbosityLevel.INFO, resolution=-1.0)
    assert nest.verbosity is nest.VerbosityLevel.ERROR
    with pytest.raises(ValueError):
        nest.verbosity = 3
    assert nest.verbosity is nest.VerbosityLevel.ERROR


def _caller():
    nest.message("from a function", nest.VerbosityLevel.WARNING)


def test_message(kernel, verbosity, caplog):
    caplog.set_level(logging.DEBUG, logger="nest")
    nest.verbosity = nest.VerbosityLevel.INFO
    nest.message("Creating excitatory population.")
    _caller()
    nest.message("where", function="build_network", filename="x.py", lineno=7)
    records = [r for r in caplog.records if r.name == "nest"]
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.INFO, "Creating excitatory population."),
        (logging.WARNING, "from a function"),
        (logging.INFO, "where"),
    ]
    assert records[0].funcName == "test_message" and records[0].pathname == __file__
    assert records[1].funcName == "_caller"
    assert (records[2].funcName, records[2].pathname, records[2].lineno) == ("build_network", "x.py", 7)

    # Messages below the verbosity are dropped.
    caplog.clear()
    nest.verbosity = nest.VerbosityLevel.WARNING
    nest.message("dropped")
    nest.message("kept", nest.VerbosityLevel.ERROR)
    assert [r.getMessage() for r in caplog.records if r.name == "nest"] == ["kept"]
    # NEST 3.10's signature: message(message, severity=INFO, *, function, filename, lineno).
    with pytest.raises(TypeError):
        nest.message(30, "build_network", "text")


def test_hpc_synapse_models(kernel):
    for base in ("static_synapse", "tsodyks_synapse", "tsodyks2_synapse", "stdp_synapse", "stdp_pl_synapse_hom"):
        assert base + "_hpc" in nest.synapse_models
        defaults = nest.GetDefaults(base + "_hpc")
        assert defaults.pop("synapse_model") == base + "_hpc"
        base_defaults = nest.GetDefaults(base)
        base_defaults.pop("synapse_model")
        # A model of its own: its own id and (as in NEST) connection size.
        assert defaults.pop("synapse_modelid") != base_defaults.pop("synapse_modelid")
        defaults.pop("sizeof")
        base_defaults.pop("sizeof")
        assert defaults == base_defaults
    nest.SetDefaults("static_synapse_hpc", {"delay": 1.5})
    assert nest.GetDefaults("static_synapse")["delay"] == 1.0
    nest.CopyModel("static_synapse_hpc", "syn_ex", {"weight": 2.0})
    assert nest.GetDefaults("syn_ex")["delay"] == 1.5


def test_stdp_pl_synapse_hom(kernel):
    defaults = nest.GetDefaults("stdp_pl_synapse_hom")
    assert {k: defaults[k] for k in ("tau_plus", "lambda", "alpha", "mu", "Kplus", "weight", "delay")} == {
        "tau_plus": 20.0, "lambda": 0.1, "alpha": 1.0, "mu": 0.4, "Kplus": 0.0, "weight": 1.0, "delay": 1.0,
    }
    nest.SetDefaults("stdp_pl_synapse_hom_hpc", {"delay": 1.5, "alpha": 0.0513, "lambda": 0.1, "mu": 0.4,
                                                 "tau_plus": 15.0, "weight": 45.6})
    n = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(nest.NESTErrors.NotImplemented, match="can only be set via SetDefaults"):
        nest.Connect(n[0], n[1], syn_spec={"synapse_model": "stdp_pl_synapse_hom_hpc", "tau_plus": 10.0})
    with pytest.raises(nest.NESTErrors.BadProperty):
        nest.SetDefaults("stdp_pl_synapse_hom_hpc", {"tau_plus": 0.0})
    nest.Connect(n[0], n[1], syn_spec={"synapse_model": "stdp_pl_synapse_hom_hpc", "Kplus": 0.5})
    conn = nest.GetConnections()
    assert conn.get(["synapse_model", "weight", "delay", "Kplus"]) == {
        "synapse_model": "stdp_pl_synapse_hom_hpc", "weight": 45.6, "delay": 1.5, "Kplus": 0.5,
    }
    assert "tau_plus" not in conn.get()
    with pytest.raises(nest.NESTErrors.UnaccessedDictionaryEntry):
        conn.set({"mu": 1.0})
    assert nest.GetDefaults("stdp_pl_synapse_hom_hpc")["tau_plus"] == 15.0
