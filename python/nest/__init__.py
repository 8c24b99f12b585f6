"""PyNEST interface of gonest, a NEST Simulator 3.10 drop-in with a Go core.

``import nest`` gives the same API as NEST 3.10's PyNEST: ``nest.Create``,
``nest.Connect``, ``nest.Simulate``, node collections with ``get``/``set``,
the matplotlib helpers ``nest.voltage_trace`` and ``nest.raster_plot``, and
kernel properties as module attributes::

    nest.resolution = 0.1
    nest.local_num_threads
    nest.biological_time      # read-only

Setting an attribute that is not a kernel property, or a read-only one,
raises AttributeError. Every error of the kernel is a :class:`NESTError`;
the specific classes live in ``nest.NESTErrors`` (``nest.NESTErrors.BadProperty``,
...). Importing prints nothing; messages go to the ``nest`` logger.
"""

from __future__ import annotations

import builtins
import importlib
import logging
import sys
import types
from typing import Any

from . import _kernel as _core
from . import kernel, logic, math, random, spatial, spatial_distributions
from .lib.hl_api_cm import Compartments, Receptors
from .lib.hl_api_connections import (
    CollocatedSynapses,
    Connect,
    Disconnect,
    GetConnections,
    TripartiteConnect,
)
from .lib.hl_api_exceptions import NESTError, NESTErrors
from .lib.hl_api_helper import to_json
from .lib.hl_api_info import (
    ConnectionRules,
    GetLocalVPs,
    GetStatus,
    NumProcesses,
    Rank,
    SetStatus,
    SyncProcesses,
    VerbosityLevel,
    get_verbosity,
    help,
    message,
    set_verbosity,
)
from .lib.hl_api_models import CopyModel, GetDefaults, Models, SetDefaults
from .lib.hl_api_nodes import Create, GetLocalNodeCollection, GetNodes, PrintNodes
from .lib.hl_api_parameters import CreateParameter, Parameter
from .lib.hl_api_simulation import (
    READONLY_KERNEL_KEYS,
    SETTABLE_KERNEL_KEYS,
    Cleanup,
    DisableStructuralPlasticity,
    EnableStructuralPlasticity,
    GetKernelStatus,
    Prepare,
    ResetKernel,
    Run,
    RunManager,
    SetKernelStatus,
    Simulate,
)
from .lib.hl_api_sonata import SonataNetwork
from .lib.hl_api_spatial import (
    CreateMask,
    Displacement,
    Distance,
    DumpLayerConnections,
    DumpLayerNodes,
    FindCenterElement,
    FindNearestElement,
    GetPosition,
    GetSourceNodes,
    GetSourcePositions,
    GetTargetNodes,
    GetTargetPositions,
    Mask,
    PlotLayer,
    PlotProbabilityParameter,
    PlotSources,
    PlotTargets,
    SelectNodesByMask,
)
from .lib.hl_api_synapse_collection import SynapseCollection
from .lib.hl_api_types import NodeCollection

__version__ = "3.10.0"

__all__ = [
    "Cleanup",
    "CollocatedSynapses",
    "Compartments",
    "Connect",
    "ConnectionRules",
    "CopyModel",
    "Create",
    "CreateMask",
    "CreateParameter",
    "DisableStructuralPlasticity",
    "Disconnect",
    "Displacement",
    "Distance",
    "DumpLayerConnections",
    "DumpLayerNodes",
    "EnableStructuralPlasticity",
    "FindCenterElement",
    "FindNearestElement",
    "GetConnections",
    "GetDefaults",
    "GetKernelStatus",
    "GetLocalNodeCollection",
    "GetLocalVPs",
    "GetNodes",
    "GetPosition",
    "GetSourceNodes",
    "GetSourcePositions",
    "GetStatus",
    "GetTargetNodes",
    "GetTargetPositions",
    "Mask",
    "Models",
    "NESTError",
    "NESTErrors",
    "NodeCollection",
    "NumProcesses",
    "Parameter",
    "PlotLayer",
    "PlotProbabilityParameter",
    "PlotSources",
    "PlotTargets",
    "Prepare",
    "PrintNodes",
    "Rank",
    "Receptors",
    "ResetKernel",
    "Run",
    "RunManager",
    "SelectNodesByMask",
    "SetDefaults",
    "SetKernelStatus",
    "SetStatus",
    "Simulate",
    "SonataNetwork",
    "SynapseCollection",
    "SyncProcesses",
    "TripartiteConnect",
    "VerbosityLevel",
    "get",
    "get_verbosity",
    "help",
    "kernel",
    "logic",
    "math",
    "message",
    "random",
    "raster_plot",
    "set",
    "set_verbosity",
    "spatial",
    "spatial_distributions",
    "to_json",
    "userdict",
    "voltage_trace",
]

_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())

# Submodules loaded on first access, so that `import nest` does not import
# matplotlib.
_LAZY_SUBMODULES = builtins.frozenset({"voltage_trace", "raster_plot"})

userdict: dict = {}
"""Free storage for user data alongside the kernel (as in NEST)."""


def set(**kwargs: Any) -> None:
    """Set kernel properties, e.g. ``nest.set(resolution=0.1, rng_seed=42)``.

    Raises
    ------
    ValueError
        If a key is not a settable kernel property.
    """
    SetKernelStatus(kwargs)


def get(*keys: str) -> Any:
    """Return kernel properties.

    Parameters
    ----------
    *keys : str
        None for all properties (a dict), one for its value, several for a
        tuple of values.
    """
    if not keys:
        return GetKernelStatus()
    if len(keys) == 1:
        return GetKernelStatus(keys[0])
    return GetKernelStatus(list(keys))


# NEST 3.10's defaults of the settable kernel properties (a fresh kernel
# reports them; KernelAttribute._default tells them without asking it).
_KERNEL_DEFAULTS: dict[str, Any] = {
    "adaptive_target_buffers": True,
    "buffer_size_spike_data": 2,
    "buffer_size_target_data": 2,
    "data_path": "",
    "data_prefix": "",
    "dict_miss_is_error": True,
    "eprop_learning_window": 1000.0,
    "eprop_reset_neurons_on_update": True,
    "eprop_update_interval": 1000.0,
    "growth_factor_buffer_spike_data": 1.5,
    "growth_factor_buffer_target_data": 1.5,
    "keep_source_table": True,
    "local_num_threads": 1,
    "max_buffer_size_target_data": 16777216,
    "max_delay": 0.1,
    "min_delay": 0.1,
    "overwrite_files": False,
    "print_time": False,
    "resolution": 0.1,
    "rng_seed": 143202461,
    "rng_type": "mt19937_64",
    "spike_buffer_grow_extra": 0.5,
    "spike_buffer_shrink_limit": 0.2,
    "spike_buffer_shrink_spare": 0.1,
    "structural_plasticity_synapses": {},
    "structural_plasticity_update_interval": 10000.0,
    "tics_per_ms": 1000.0,
    "total_num_virtual_procs": 1,
    "update_time_limit": float("inf"),
    "use_compressed_spikes": True,
    "use_wfr": True,
    "wfr_comm_interval": 1.0,
    "wfr_interpolation_order": 3,
    "wfr_max_iterations": 15,
    "wfr_tol": 0.0001,
}


class KernelAttribute:
    """A kernel property as an attribute of the ``nest`` module.

    Lives on the module's type, as in NEST: ``nest.resolution`` reads the
    kernel status, ``nest.resolution = 0.2`` sets it (AttributeError for a
    read-only property), and ``type(nest).resolution`` is this descriptor,
    whose ``_default`` is NEST's default value (None for read-only ones).
    """

    def __init__(self, name: str, readonly: bool, default: Any = None) -> None:
        self._name = name
        self._readonly = readonly
        self._default = default
        self.__doc__ = f"Kernel property '{name}'" + (" (read-only)" if readonly else "")

    def __repr__(self) -> str:
        return f"<KernelAttribute {self._name}{' (read-only)' if self._readonly else ''}>"

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        if self._name == "kernel_status":
            return GetKernelStatus()
        return GetKernelStatus(self._name)

    def __set__(self, instance: Any, value: Any) -> None:
        if self._readonly:
            raise AttributeError(f"`{self._name}` is a read only kernel attribute.")
        SetKernelStatus({self._name: value})


class _NestModule(types.ModuleType):
    """Module type of ``nest``: kernel properties behave as attributes."""

    def __getattr__(self, name: str) -> Any:
        # Only reached when the name is not an ordinary module attribute.
        if name.startswith("_"):
            raise AttributeError(f"module 'nest' has no attribute '{name}'")
        if name in _LAZY_SUBMODULES:
            return importlib.import_module(f"{__name__}.{name}")
        if name == "verbosity":
            return get_verbosity()
        status = GetKernelStatus()
        if name == "kernel_status":
            return status
        if name in status:
            return status[name]
        raise AttributeError(f"module 'nest' has no attribute '{name}' (and it is not a kernel property)")

    def __setattr__(self, name: str, value: Any) -> None:
        attr = getattr(type(self), name, None)
        if isinstance(attr, KernelAttribute):
            attr.__set__(self, value)
            return
        if name.startswith("_") or isinstance(value, types.ModuleType):
            super().__setattr__(name, value)
            return
        if name == "verbosity":
            set_verbosity(value)
            return
        if name in self.__dict__:
            # As in NEST: the module's functions and classes stay as they are.
            raise AttributeError(f"Cannot replace '{name}' of module 'nest': it is not a kernel attribute")
        if name in GetKernelStatus():
            SetKernelStatus({name: value})
            return
        raise AttributeError(f"Cannot set attribute '{name}' on module 'nest': it is not a kernel property")

    def __dir__(self) -> list[str]:
        names = builtins.set(super().__dir__())
        names.update(_LAZY_SUBMODULES, READONLY_KERNEL_KEYS, SETTABLE_KERNEL_KEYS, ("verbosity",))
        return sorted(names)


for _name in sorted(READONLY_KERNEL_KEYS | SETTABLE_KERNEL_KEYS | {"kernel_status"}):
    setattr(
        _NestModule,
        _name,
        KernelAttribute(_name, _name not in SETTABLE_KERNEL_KEYS, _KERNEL_DEFAULTS.get(_name)),
    )
del _name

sys.modules[__name__].__class__ = _NestModule

# NEST starts its kernel when it is imported; so does gonest: the core is
# loaded here (and a process started by an MPI launcher joins its job),
# not at the first call, whose time would otherwise include it. Without
# the extension the package still imports; the first call that needs the
# core raises the ImportError that says how to build it.
try:
    _core.backend()
except ImportError:
    pass
