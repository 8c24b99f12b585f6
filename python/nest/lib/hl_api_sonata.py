"""``nest.SonataNetwork``: building networks from SONATA files.

NEST reads a SONATA network's HDF5 edge files in its C++ kernel, so its
SonataNetwork works only in builds made with HDF5; build_info reports
``have_hdf5``. The NEST 3.10 the project compares with (the PyPI
``nest-simulator`` wheel) has no HDF5: there the constructor raises
ModuleNotFoundError, and pynest/examples/sonata_example/sonata_network.py
stops at its first call. gonest reports ``have_hdf5`` False as well and
behaves the same way, so scripts that test for SONATA support take the
same branch on both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SonataNetwork"]


class SonataNetwork:
    """A network described by SONATA configuration files (NEST's
    SonataNetwork); unavailable, as in a NEST built without HDF5.

    Parameters
    ----------
    config : str or path
        The SONATA network configuration file.
    sim_config : str or path, optional
        The SONATA simulation configuration file.

    Raises
    ------
    ModuleNotFoundError
        Always: building from SONATA files needs HDF5 support in the kernel.
    """

    def __init__(self, config: Any, sim_config: Any = None) -> None:
        raise ModuleNotFoundError("'SonataNetwork' unavailable because NEST was compiled without 'HDF5' support")
