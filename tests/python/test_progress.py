"""print_time's progress display, NEST's stopwatches and kernel keys (issue #14)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
import warnings

import nest
import pytest
from nest.lib.hl_api_progress import UPDATE_INTERVAL, progress_line

# A network that takes about a second or more of real time for 2 s of
# model time on one core (3000 neurons, 300,000 synapses).
_CHILD = textwrap.dedent(
    """
    import sys, time
    import nest
    nest.print_time = {print_time}
    n = nest.Create("iaf_psc_alpha", 3000, {{"I_e": 376.0}})
    nest.Connect(n, n, {{"rule": "fixed_indegree", "indegree": 100}}, {{"weight": 0.5}})
    start = time.monotonic()
    nest.Simulate(2000.0)
    sys.stderr.write("ELAPSED %f\\n" % (time.monotonic() - start))
    """
)

_LINE = re.compile(r"\[ *(\d+)% \] Model time: (\d+\.\d) ms, Real-time factor: (\d+\.\d{4})")


def _run_child(print_time: bool) -> tuple[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(print_time=print_time)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Bytes, not text mode: universal newlines would turn each \r into \n.
    elapsed = float(proc.stderr.decode().strip().splitlines()[-1].split()[1])
    return proc.stdout.decode(), elapsed


def test_print_time_shows_several_updates_at_a_bounded_rate():
    out, elapsed = _run_child(True)
    updates = [_LINE.fullmatch(part) for part in out.rstrip("\n").split("\r") if part]
    assert all(updates), f"not NEST's progress line: {out[:300]!r}"
    percents = [int(m.group(1)) for m in updates]
    model_times = [float(m.group(2)) for m in updates]
    # Redrawn at most four times a second: a run of a second or more shows
    # at least three lines (a faster machine may finish sooner).
    assert len(updates) >= 3 or elapsed < 1.0, f"only {len(updates)} updates in {elapsed:.2f} s"
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert model_times[-1] == 2000.0
    assert model_times == sorted(model_times)
    # At most one update per UPDATE_INTERVAL, besides the first and last.
    assert len(updates) <= elapsed / UPDATE_INTERVAL + 3
    assert out.endswith("\n")


def test_print_time_off_prints_nothing():
    out, _ = _run_child(False)
    assert out == ""


def test_progress_line_is_nests():
    assert progress_line(45, 450.0, 0.84213) == "[  45% ] Model time: 450.0 ms, Real-time factor: 0.8421"
    assert progress_line(100, 1000.0, 12.0) == "[ 100% ] Model time: 1000.0 ms, Real-time factor: 12.0000"


def test_print_time_is_off_by_default_and_reset(kernel):
    assert nest.print_time is False
    nest.print_time = True
    assert nest.print_time is True
    nest.ResetKernel()
    assert nest.print_time is False


def test_stopwatches_measure_and_reset(kernel):
    assert nest.time_simulate == 0.0 and nest.time_construction_create == 0.0
    assert nest.min_update_time == float("inf") and nest.max_update_time == float("-inf")
    n = nest.Create("iaf_psc_alpha", 2000, {"I_e": 600.0})
    created = nest.time_construction_create
    assert created > 0.0
    nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 50})
    assert nest.time_construction_connect > 0.0
    assert nest.time_construction_create == created, "Connect must not count as Create"
    start = time.perf_counter()
    nest.Simulate(50.0)
    wall = time.perf_counter() - start
    assert 0.0 < nest.time_simulate <= wall
    assert nest.time_simulate_cpu > 0.0
    assert 0.0 < nest.min_update_time <= nest.max_update_time <= nest.time_simulate
    prep = nest.time_communicate_prepare
    assert len(prep) == nest.local_num_threads and 0.0 < prep[0] <= nest.time_simulate
    assert nest.to_do == 0
    assert nest.local_spike_counter > 0
    # Cumulative, as NEST's: a second run adds.
    first = nest.time_simulate
    nest.Simulate(10.0)
    assert nest.time_simulate > first
    nest.ResetKernel()
    assert nest.time_simulate == 0.0 and nest.time_construction_connect == 0.0
    assert nest.min_update_time == float("inf")


# NEST 3.10.0's GetKernelStatus() keys (recorded from the PyPI wheel).
NEST310_KERNEL_KEYS = ["T_max", "T_min", "adaptive_target_buffers", "biological_time", "buffer_size_spike_data", "buffer_size_target_data", "build_info", "connection_rules", "data_path", "data_prefix", "dict_miss_is_error", "eprop_learning_window", "eprop_reset_neurons_on_update", "eprop_update_interval", "growth_curves", "growth_factor_buffer_spike_data", "growth_factor_buffer_target_data", "keep_source_table", "local_num_threads", "local_spike_counter", "max_buffer_size_target_data", "max_delay", "max_num_syn_models", "max_update_time", "memory_size", "min_delay", "min_update_time", "modules", "mpi_rank", "ms_per_tic", "network_size", "node_models", "num_connections", "num_processes", "off_grid_spiking", "overwrite_files", "prepared", "print_time", "recording_backends", "recv_buffer_size_secondary_events", "resolution", "rng_seed", "rng_type", "rng_types", "send_buffer_size_secondary_events", "spike_buffer_grow_extra", "spike_buffer_resize_log", "spike_buffer_shrink_limit", "spike_buffer_shrink_spare", "stimulation_backends", "structural_plasticity_synapses", "structural_plasticity_update_interval", "synapse_models", "tics_per_ms", "tics_per_step", "time_communicate_prepare", "time_communicate_prepare_cpu", "time_construction_connect", "time_construction_connect_cpu", "time_construction_create", "time_construction_create_cpu", "time_simulate", "time_simulate_cpu", "to_do", "total_num_virtual_procs", "update_time_limit", "use_compressed_spikes", "use_wfr", "verbosity", "wfr_comm_interval", "wfr_interpolation_order", "wfr_max_iterations", "wfr_tol"]


def test_every_nest310_kernel_key_is_present(kernel):
    assert len(NEST310_KERNEL_KEYS) == 73
    missing = sorted(set(NEST310_KERNEL_KEYS) - set(nest.GetKernelStatus()))
    assert not missing


def test_kernel_key_values(kernel):
    assert nest.tics_per_step == 100 and nest.ms_per_tic == 0.001 and nest.tics_per_ms == 1000.0
    assert nest.T_max == pytest.approx(1152921504606846.8) and nest.T_min == -nest.T_max
    assert nest.prepared is False
    nest.Prepare()
    assert nest.prepared is True
    nest.Cleanup()
    assert nest.keep_source_table is True
    nest.keep_source_table = False
    assert nest.keep_source_table is False
    assert nest.growth_curves == ["gaussian", "linear", "sigmoid"]
    assert nest.structural_plasticity_synapses == {}
    assert nest.rng_type in nest.rng_types
    assert nest.build_info["version"] == "3.10.0"


def test_verbosity_interface(kernel):
    nest.verbosity = nest.VerbosityLevel.ERROR
    assert nest.verbosity == nest.VerbosityLevel.ERROR
    nest.set_verbosity("M_WARNING")
    assert nest.get_verbosity() == nest.VerbosityLevel.WARNING
    assert nest.GetKernelStatus("verbosity") == nest.VerbosityLevel.WARNING
    nest.verbosity = nest.VerbosityLevel.INFO


def test_info_lines_at_simulation_start_and_end(kernel, caplog):
    nest.Create("iaf_psc_alpha")
    with caplog.at_level("INFO", logger="nest"):
        nest.Simulate(10.0)
    text = caplog.text
    assert "Number of local nodes: 1" in text and "Simulation time (ms): 10.0" in text
    assert "Simulation finished." in text


def test_help_and_connection_rules(kernel, capsys):
    text = nest.help("iaf_psc_alpha", return_text=True)
    assert "iaf_psc_alpha" in text and "tau_m" in text
    assert "no help" in nest.help("no_such_model", return_text=True)
    nest.help()
    assert "nest.help" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # NEST 3.10 deprecates it
        rules = nest.ConnectionRules()
    assert rules == tuple(sorted(nest.connection_rules)) and "pairwise_bernoulli" in rules


def test_keys_without_effect_warn_when_changed(kernel):
    with pytest.warns(UserWarning, match="rng_type is stored but has no effect"):
        nest.rng_type = "Philox_32"
    assert nest.rng_type == "Philox_32"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nest.rng_type = "Philox_32"  # unchanged: no warning
        nest.resolution = 0.2  # honoured: no warning
