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

from . import kernel, logic, math, random
from .lib.hl_api_connections import Connect, Disconnect, GetConnections
from .lib.hl_api_exceptions import NESTError, NESTErrors
from .lib.hl_api_info import (
    GetLocalVPs,
    GetStatus,
    NumProcesses,
    Rank,
    SetStatus,
    SyncProcesses,
    VerbosityLevel,
    get_verbosity,
    message,
    set_verbosity,
)
from .lib.hl_api_models import CopyModel, GetDefaults, Models, SetDefaults
from .lib.hl_api_nodes import Create, PrintNodes
from .lib.hl_api_parameters import CreateParameter, Parameter
from .lib.hl_api_simulation import (
    READONLY_KERNEL_KEYS,
    SETTABLE_KERNEL_KEYS,
    Cleanup,
    GetKernelStatus,
    Prepare,
    ResetKernel,
    Run,
    RunManager,
    SetKernelStatus,
    Simulate,
)
from .lib.hl_api_synapse_collection import SynapseCollection
from .lib.hl_api_types import NodeCollection

__version__ = "3.10.0"

__all__ = [
    "Cleanup",
    "Connect",
    "CopyModel",
    "Create",
    "CreateParameter",
    "Disconnect",
    "GetConnections",
    "GetDefaults",
    "GetKernelStatus",
    "GetLocalVPs",
    "GetStatus",
    "Models",
    "NESTError",
    "NESTErrors",
    "NodeCollection",
    "NumProcesses",
    "Parameter",
    "Prepare",
    "PrintNodes",
    "Rank",
    "ResetKernel",
    "Run",
    "RunManager",
    "SetDefaults",
    "SetKernelStatus",
    "SetStatus",
    "Simulate",
    "SynapseCollection",
    "SyncProcesses",
    "VerbosityLevel",
    "get",
    "get_verbosity",
    "kernel",
    "logic",
    "math",
    "message",
    "random",
    "raster_plot",
    "set",
    "set_verbosity",
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
        if name.startswith("_") or name in self.__dict__ or isinstance(value, types.ModuleType):
            super().__setattr__(name, value)
            return
        if name == "verbosity":
            set_verbosity(value)
            return
        if name in READONLY_KERNEL_KEYS:
            raise AttributeError(f"`{name}` is a read only kernel attribute.")
        if name in SETTABLE_KERNEL_KEYS or name in GetKernelStatus():
            SetKernelStatus({name: value})
            return
        raise AttributeError(f"Cannot set attribute '{name}' on module 'nest': it is not a kernel property")

    def __dir__(self) -> list[str]:
        names = builtins.set(super().__dir__())
        names.update(_LAZY_SUBMODULES, READONLY_KERNEL_KEYS, SETTABLE_KERNEL_KEYS, ("verbosity",))
        return sorted(names)


sys.modules[__name__].__class__ = _NestModule
