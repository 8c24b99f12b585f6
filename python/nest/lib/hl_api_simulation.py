"""Simulation control and kernel status."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Real
from typing import Any

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_helper import is_iterable
from .hl_api_info import VerbosityLevel, get_verbosity, message, set_verbosity
from .hl_api_types import reset_registry

_log = logging.getLogger("nest")

__all__ = [
    "Cleanup",
    "DisableStructuralPlasticity",
    "EnableStructuralPlasticity",
    "GetKernelStatus",
    "Prepare",
    "ResetKernel",
    "Run",
    "RunManager",
    "SetKernelStatus",
    "Simulate",
]

# Kernel properties that can be read but never set (as in NEST 3.10).
READONLY_KERNEL_KEYS = frozenset(
    {
        "T_max",
        "T_min",
        "build_info",
        "connection_rules",
        "cycle_time_log",
        "growth_curves",
        "kernel_status",
        "local_spike_counter",
        "max_num_syn_models",
        "max_update_time",
        "memory_size",
        "min_update_time",
        "modules",
        "mpi_rank",
        "ms_per_tic",
        "network_size",
        "node_models",
        "num_connections",
        "num_processes",
        "off_grid_spiking",
        "prepared",
        "recording_backends",
        "recv_buffer_size_secondary_events",
        "rng_types",
        "send_buffer_size_secondary_events",
        "spike_buffer_resize_log",
        "stimulation_backends",
        "synapse_models",
        "tics_per_step",
        "time_collocate_spike_data",
        "time_communicate_prepare",
        "time_communicate_prepare_cpu",
        "time_construction_connect",
        "time_construction_connect_cpu",
        "time_construction_create",
        "time_construction_create_cpu",
        "time_simulate",
        "time_simulate_cpu",
        "to_do",
    }
)

# Kernel properties NEST 3.10 lets users set; the core decides which of
# them it supports (an unsupported one is rejected by the core).
SETTABLE_KERNEL_KEYS = frozenset(
    {
        "adaptive_target_buffers",
        "biological_time",
        "buffer_size_spike_data",
        "buffer_size_target_data",
        "data_path",
        "data_prefix",
        "dict_miss_is_error",
        "eprop_learning_window",
        "eprop_reset_neurons_on_update",
        "eprop_update_interval",
        "growth_factor_buffer_target_data",
        "keep_source_table",
        "local_num_threads",
        "max_buffer_size_target_data",
        "max_delay",
        "min_delay",
        "overwrite_files",
        "print_time",
        "resolution",
        "rng_seed",
        "rng_type",
        "spike_buffer_grow_extra",
        "spike_buffer_shrink_limit",
        "spike_buffer_shrink_spare",
        "structural_plasticity_synapses",
        "structural_plasticity_update_interval",
        "tics_per_ms",
        "total_num_virtual_procs",
        "update_time_limit",
        "use_compressed_spikes",
        "use_wfr",
        "wfr_comm_interval",
        "wfr_interpolation_order",
        "wfr_max_iterations",
        "wfr_tol",
    }
)


# Kernel properties gonest accepts, type-checks and reads back, but that
# change nothing in its simulation; setting one to a new value warns once
# with the reason.
_BUFFERS = "gonest sizes its communication buffers itself (results do not depend on them)"
NO_EFFECT_KERNEL_KEYS = {
    "adaptive_target_buffers": _BUFFERS,
    "buffer_size_spike_data": _BUFFERS,
    "buffer_size_target_data": _BUFFERS,
    "growth_factor_buffer_spike_data": _BUFFERS,
    "growth_factor_buffer_target_data": _BUFFERS,
    "max_buffer_size_target_data": _BUFFERS,
    "spike_buffer_grow_extra": _BUFFERS,
    "spike_buffer_shrink_limit": _BUFFERS,
    "spike_buffer_shrink_spare": _BUFFERS,
    "use_compressed_spikes": _BUFFERS,
    "rng_type": "gonest draws from its own generator (PCG) whichever type is named",
    "keep_source_table": "gonest keeps what NEST's source table holds in any case",
}


def ResetKernel() -> None:
    """Reset the simulation kernel.

    All nodes, connections and recordings are deleted, time goes back to
    0, kernel properties and model defaults return to their initial values,
    and node ids start again at 1. Node collections made before become
    invalid.
    """
    global _prepared, _print_time
    _kernel.reset_kernel()
    reset_registry()
    _prepared = False
    _print_time = False


def Simulate(t: float) -> None:
    """Simulate the network for `t` milliseconds.

    Ctrl-C stops the simulation cleanly at the next slice boundary and
    raises KeyboardInterrupt; the kernel stays usable and
    ``nest.biological_time`` tells where it stopped.

    Parameters
    ----------
    t : float
        Time to simulate in ms: non-negative and a multiple of the
        resolution.

    Raises
    ------
    NESTErrors.BadParameter
        If `t` is negative or not a multiple of the resolution.
    KeyboardInterrupt
        If interrupted by the user.
    """
    if isinstance(t, bool) or not isinstance(t, Real):
        raise TypeError(f"Simulate expects the simulation time in ms as a number, got {type(t).__name__}")
    if _prepared:
        # NEST's Simulate is Prepare, Run, Cleanup: inside a Prepare ...
        # Cleanup bracket its Prepare is the second one.
        raise NESTErrors.KernelException("Prepare called twice.")
    _run(float(t))


# Whether Prepare was called without a Cleanup yet (NEST's "prepared").
_prepared = False

# NEST's print_time, mirrored here so that Simulate need not ask the core.
_print_time = False


def _run(t: float) -> None:
    """Simulate t ms with NEST's log lines and, with print_time, the progress display."""
    status = _kernel.get_kernel_status() if _log.isEnabledFor(logging.INFO) else None
    if status is not None:
        processes = status.get("num_processes", 1)
        message(
            f"Number of local nodes: {status.get('network_size', 0)}\n"
            f"Simulation time (ms): {t}\n"
            f"Number of OpenMP threads: {status.get('local_num_threads', 1)}\n"
            + ("Not using MPI" if processes == 1 else f"Number of MPI processes: {processes}"),
            VerbosityLevel.INFO,
            function="SimulationManager::start_updating_",
        )
    if not _print_time:
        _kernel.simulate(t)
    else:
        from .hl_api_progress import SimulationProgress

        now = _kernel.get_kernel_status()
        progress = SimulationProgress(now["resolution"], now["biological_time"])
        try:
            _kernel.simulate(t, on_wait=progress.poll)
        finally:
            progress.close()
    if status is not None:
        message("Simulation finished.", VerbosityLevel.INFO, function="SimulationManager::run")


def Run(t: float) -> None:
    """Simulate `t` ms inside a :func:`Prepare` ... :func:`Cleanup` bracket.

    Parameters
    ----------
    t : float
        Time to simulate in ms.

    Raises
    ------
    NESTErrors.KernelException
        If :func:`Prepare` has not been called.
    """
    if not _prepared:
        raise NESTErrors.KernelException("Run called without calling Prepare.")
    if isinstance(t, bool) or not isinstance(t, Real):
        raise TypeError(f"Run expects the simulation time in ms as a number, got {type(t).__name__}")
    _run(float(t))


def Prepare() -> None:
    """Prepare a series of :func:`Run` calls.

    Raises
    ------
    NESTErrors.KernelException
        If the kernel is prepared already (Prepare called twice).
    """
    global _prepared
    if _prepared:
        raise NESTErrors.KernelException("Prepare called twice.")
    _set_prepared(True)
    _prepared = True


def Cleanup() -> None:
    """End a series of :func:`Run` calls.

    Raises
    ------
    NESTErrors.KernelException
        If :func:`Prepare` has not been called.
    """
    global _prepared
    if not _prepared:
        raise NESTErrors.KernelException("Cleanup called without calling Prepare.")
    _prepared = False
    _set_prepared(False)


def _set_prepared(on: bool) -> None:
    # Recorders keep their files open from Prepare to Cleanup, as in NEST.
    if hasattr(_kernel.backend(), "SetPrepared"):
        _kernel._call("SetPrepared", on)


@contextmanager
def RunManager() -> Iterator[None]:
    """Context manager that brackets :func:`Run` calls with Prepare/Cleanup."""
    Prepare()
    try:
        yield
    finally:
        Cleanup()


def _memory_size() -> int:
    """The process's virtual memory size in kB, as NEST's ``memory_size``
    (VmSize of /proc/self/status); -1 where that is not available."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    value, unit = line.split()[1:3]
                    return int(value) if unit == "kB" else -1
    except (OSError, ValueError):
        pass
    return -1


# The exit codes NEST's test runner gives its outcomes (build_info["test_exitcodes"]).
_TEST_EXITCODES = {
    "abort": 134,
    "exception": 125,
    "fatal": 127,
    "scripterror": 126,
    "segfault": 139,
    "skipped": 200,
    "skipped_have_mpi": 202,
    "skipped_no_gsl": 204,
    "skipped_no_mpi": 201,
    "skipped_no_music": 205,
    "skipped_no_threading": 203,
    "success": 0,
    "unknownerror": 10,
    "userabort": 15,
}


def build_info() -> dict:
    """NEST's ``build_info``: what this build of the simulator offers.

    The ``have_*`` flags say which of NEST's optional features gonest
    provides: threads (its own, reported as NEST's "openmp" threads model),
    and the models NEST builds only with GSL or Boost (gonest has its own
    solvers and needs neither). MPI, MUSIC, HDF5, SIONlib and libneurosim
    are not available.
    """
    import sys

    # os.uname and os.path rather than platform and pathlib: importing those
    # costs tens of milliseconds, here on a script's first nest.set().
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    uname = os.uname()
    machine = uname.machine or "unknown"
    system = uname.sysname.lower() or "unknown"
    return {
        "version": "3.10.0",
        "built": "gonest",
        "exitcode": 0,
        "have_boost": True,
        "have_gsl": True,
        "have_hdf5": False,
        "have_libneurosim": False,
        "have_mpi": False,
        "have_music": False,
        "have_sionlib": False,
        "have_threads": True,
        "threads_model": "openmp",
        "host": f"{machine}-pc-{system}",
        "hostcpu": machine,
        "hostos": system,
        "hostvendor": "pc",
        "ndebug": True,
        "prefix": sys.prefix,
        "datadir": os.path.join(package, "share", "nest"),
        "docdir": os.path.join(sys.prefix, "share", "doc", "nest"),
        "test_exitcodes": dict(_TEST_EXITCODES),
    }


def EnableStructuralPlasticity() -> None:
    """Enable structural plasticity for the network simulation.

    From now on, every ``structural_plasticity_update_interval`` ms the
    synapses named in ``structural_plasticity_synapses`` are created and
    deleted after the neurons' synaptic elements.

    Raises
    ------
    KernelException
        With more than one thread, or when ``keep_source_table`` or
        ``use_compressed_spikes`` is off.

    See Also
    --------
    DisableStructuralPlasticity
    """
    _kernel.enable_structural_plasticity()


def DisableStructuralPlasticity() -> None:
    """Disable structural plasticity for the network simulation.

    See Also
    --------
    EnableStructuralPlasticity
    """
    _kernel.disable_structural_plasticity()


def _full_kernel_status() -> dict:
    status = _kernel.get_kernel_status()
    if "node_models" not in status or "synapse_models" not in status:
        models = _kernel.models()
        status.setdefault("node_models", models["nodes"])
        status.setdefault("synapse_models", models["synapses"])
    status.setdefault("memory_size", _memory_size())
    status.setdefault("build_info", build_info())
    status["prepared"] = _prepared
    status.setdefault("verbosity", get_verbosity())
    return status


def GetKernelStatus(keys: str | list[str] | None = None) -> Any:
    """Return kernel properties.

    Parameters
    ----------
    keys : str or list of str, optional
        One property name or several.

    Returns
    -------
    dict
        All properties, if `keys` is None.
    object
        The value, if `keys` is a string.
    tuple
        The values, if `keys` is a list.

    Raises
    ------
    KeyError
        If a property does not exist.
    TypeError
        If `keys` has the wrong type.
    """
    if isinstance(keys, str) and keys != "prepared":
        # The core's own properties win over the ones added here (see
        # _full_kernel_status), so one of them is read alone.
        value = _kernel.get_kernel_status_key(keys)
        if value is not _kernel.MISSING:
            return value
    status = _full_kernel_status()
    if keys is None:
        return status
    if isinstance(keys, str):
        return _lookup(status, keys)
    if is_iterable(keys):
        return tuple(_lookup(status, k) for k in keys)
    raise TypeError("keys should be either a string or an iterable")


def _lookup(status: dict, key: str) -> Any:
    try:
        return status[key]
    except KeyError:
        raise NESTErrors.KeyError(f"'{key}' is not a kernel property") from None


def SetKernelStatus(params: dict) -> None:
    """Set kernel properties.

    Parameters
    ----------
    params : dict
        Properties and their new values. Nothing changes if one is rejected.

    Raises
    ------
    ValueError
        If a key is not a kernel property or is read-only (with
        ``dict_miss_is_error`` False such keys are dropped with a warning).
    NESTErrors.KernelException
        E.g. when the resolution is changed after nodes were created.
    NESTErrors.BadProperty, NESTErrors.TypeMismatch
        If a value is invalid.
    """
    if not isinstance(params, dict):
        raise TypeError(f"SetKernelStatus expects a dict, got {type(params).__name__}")
    params = dict(params)
    # Keys known to be settable need no look at the full status (which
    # costs more than most settings).
    known = all(key in SETTABLE_KERNEL_KEYS and key not in READONLY_KERNEL_KEYS for key in params)
    status = {} if known else _full_kernel_status()
    raise_errors = params.get("dict_miss_is_error", status.get("dict_miss_is_error", True))
    valid = SETTABLE_KERNEL_KEYS.union(status)
    for key in [] if known else list(params):
        if key in READONLY_KERNEL_KEYS:
            message = f"`{key}` is a readonly kernel parameter"
        elif key not in valid:
            message = f"`{key}` is not a valid kernel parameter, valid parameters are: " + ", ".join(
                f"'{p}'" for p in sorted(valid - READONLY_KERNEL_KEYS)
            )
        else:
            continue
        if raise_errors:
            raise ValueError(message)
        warnings.warn(f"{message}\n`{key}` has been ignored", stacklevel=2)
        del params[key]
    if "verbosity" not in params:
        _set_core_status(params)
        return
    # The verbosity is kept on this side (see hl_api_info); it changes
    # back if the kernel rejects the rest.
    previous = get_verbosity()
    set_verbosity(params.pop("verbosity"))
    try:
        _set_core_status(params)
    except BaseException:
        set_verbosity(previous)
        raise


def _set_core_status(params: dict) -> None:
    global _print_time
    no_effect = [k for k in params if k in NO_EFFECT_KERNEL_KEYS]
    before = _kernel.get_kernel_status() if no_effect else {}
    _kernel.set_kernel_status(params)
    for key in no_effect:
        if params[key] != before.get(key):
            warnings.warn(
                f"The kernel property {key} is stored but has no effect: {NO_EFFECT_KERNEL_KEYS[key]}.",
                UserWarning,
                stacklevel=4,
            )
    if "print_time" in params:
        _print_time = bool(params["print_time"])
