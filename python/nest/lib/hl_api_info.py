"""Status access in the older function style, verbosity, and the processes of a distributed run."""

from __future__ import annotations

import enum
import inspect
import logging
from typing import Any

from .. import _kernel
from .hl_api_helper import deprecation_warning, to_json

__all__ = [
    "ConnectionRules",
    "GetLocalVPs",
    "GetStatus",
    "NumProcesses",
    "Rank",
    "SetStatus",
    "SyncProcesses",
    "VerbosityLevel",
    "get_verbosity",
    "help",
    "message",
    "set_verbosity",
]


class VerbosityLevel(enum.IntEnum):
    """Verbosity levels of NEST, from most to least chatty."""

    ALL = 0
    DEBUG = 5
    STATUS = 7
    INFO = 10
    PROGRESS = 15
    DEPRECATED = 18
    WARNING = 20
    ERROR = 30
    FATAL = 40
    QUIET = 100


_LOGGING_LEVELS = {
    VerbosityLevel.ALL: logging.NOTSET,
    VerbosityLevel.DEBUG: logging.DEBUG,
    VerbosityLevel.STATUS: logging.INFO,
    VerbosityLevel.INFO: logging.INFO,
    VerbosityLevel.PROGRESS: logging.INFO,
    VerbosityLevel.DEPRECATED: logging.WARNING,
    VerbosityLevel.WARNING: logging.WARNING,
    VerbosityLevel.ERROR: logging.ERROR,
    VerbosityLevel.FATAL: logging.CRITICAL,
    VerbosityLevel.QUIET: logging.CRITICAL + 10,
}

_verbosity = VerbosityLevel.INFO


def set_verbosity(level: str | int) -> None:
    """Set how much the ``nest`` logger reports.

    Parameters
    ----------
    level : str or int
        A :class:`VerbosityLevel`, its value, or a NEST name such as
        ``"M_WARNING"``.
    """
    global _verbosity
    if isinstance(level, str):
        name = level.removeprefix("M_")
        try:
            new = VerbosityLevel[name.upper()]
        except KeyError:
            raise ValueError(f"unknown verbosity level {level!r}") from None
    else:
        new = VerbosityLevel(int(level))
    _verbosity = new
    logging.getLogger("nest").setLevel(_LOGGING_LEVELS[new])


def get_verbosity() -> VerbosityLevel:
    """Return the current verbosity level."""
    return _verbosity


def message(
    message: str,
    severity: int = VerbosityLevel.INFO,
    *,
    function: str | None = None,
    filename: str | None = None,
    lineno: int | None = None,
) -> None:
    """Issue a message through NEST's logging, as NEST 3.10's ``nest.message``.

    The message goes to the ``nest`` logger if `severity` is at least the
    current verbosity (see ``nest.verbosity``), at the matching
    :mod:`logging` level.

    Parameters
    ----------
    message : str
        The text.
    severity : VerbosityLevel or int, optional
        How important it is; ``VerbosityLevel.INFO`` by default.
    function, filename, lineno : optional
        Where it comes from; the caller's function, file and line by
        default (shown in the log record's ``funcName``, ``pathname`` and
        ``lineno``).
    """
    severity = VerbosityLevel(int(severity))
    if severity < _verbosity:
        return
    logger = logging.getLogger("nest")
    level = _LOGGING_LEVELS[severity]
    if not logger.isEnabledFor(level):
        return
    caller = inspect.currentframe().f_back
    record = logger.makeRecord(
        logger.name,
        level,
        filename or caller.f_code.co_filename,
        lineno or caller.f_lineno,
        str(message),
        None,
        None,
        func=function or caller.f_code.co_name,
    )
    logger.handle(record)


def Rank() -> int:
    """Return the rank of this process in a distributed simulation.

    Returns
    -------
    int
        0 to ``NumProcesses() - 1``; 0 when the simulation runs in one
        process.

    Note
    ----
    As in NEST, do not use ``Rank()`` to call functions of ``nest`` on a
    subset of the processes only: every process must build and simulate the
    same network.
    """
    from .hl_api_simulation import GetKernelStatus

    return int(GetKernelStatus("mpi_rank"))


def NumProcesses() -> int:
    """Return the number of processes the simulation is distributed over.

    Returns
    -------
    int
        1 unless the script was started with an MPI launcher, e.g.
        ``mpirun -np 2 python script.py``.
    """
    from .hl_api_simulation import GetKernelStatus

    return int(GetKernelStatus("num_processes"))


def SyncProcesses() -> None:
    """Wait until all processes of a distributed simulation get here."""
    _kernel.sync_processes()


def GetLocalVPs() -> range:
    """Return the virtual processes of this rank (NEST's round-robin assignment)."""
    from .hl_api_simulation import GetKernelStatus

    n_vp, rank, size = GetKernelStatus(["total_num_virtual_procs", "mpi_rank", "num_processes"])
    return range(int(rank), int(n_vp), int(size))


def GetStatus(nodes: Any, keys: str | list[str] | None = None, output: str = "") -> Any:
    """Return the status of nodes in the NEST 3.9 format (deprecated).

    Parameters
    ----------
    nodes : NodeCollection
        The nodes.
    keys : str or list of str, optional
        A key or keys; all parameters if omitted.
    output : {"", "json"}, optional
        Return JSON text instead.

    Returns
    -------
    tuple
        One entry per node: a value (one key), a tuple of values (list of
        keys) or a status dict (no key).
    """
    deprecation_warning("GetStatus", "GetStatus() is deprecated; use nodes.get(...) instead.")
    if len(nodes) == 0:
        return "[]" if output == "json" else ()
    if keys:
        result = nodes.get(keys)
        if isinstance(keys, str):
            result = (result,) if len(nodes) == 1 else tuple(result)
        elif len(nodes) == 1:
            result = (tuple(result.values()),)
        else:
            result = tuple(zip(*result.values(), strict=True))
    else:
        result = nodes.get()
        if len(nodes) == 1:
            result = (result,)
        else:
            result = tuple({k: v[j] for k, v in result.items()} for j in range(len(nodes)))
    return to_json(result) if output == "json" else result


def SetStatus(nodes: Any, params: dict | list | str, val: Any = None) -> None:
    """Set the status of nodes (deprecated; use ``nodes.set``).

    Parameters
    ----------
    nodes : NodeCollection
        The nodes.
    params : dict, list of dict or str
        Parameters, or the name of one parameter if `val` is given.
    val : object, optional
        Value of the parameter named by `params`.
    """
    deprecation_warning("SetStatus", "SetStatus() is deprecated; use nodes.set(...) instead.")
    nodes.set(params if val is None else {params: val})


def ConnectionRules() -> tuple[str, ...]:
    """Return the available connection rules, sorted by name.

    Deprecated in NEST 3.10 in favour of ``nest.connection_rules``.

    Returns
    -------
    tuple of str
        The rule names ``conn_spec`` accepts.
    """
    deprecation_warning("ConnectionRules", "ConnectionRules() is deprecated; use nest.connection_rules instead.")
    return tuple(sorted(_kernel.get_kernel_status()["connection_rules"]))


def _model_help(name: str) -> str:
    """A text on model `name` built from its defaults (gonest has no
    separate help files: the parameters and their defaults are the help)."""
    defaults = _kernel.get_defaults(name)
    lines = [name, "=" * len(name), ""]
    kind = defaults.get("element_type", "")
    if kind:
        lines += [f"Element type: {kind}", ""]
    recordables = defaults.get("recordables")
    if recordables:
        lines += ["Recordables: " + ", ".join(str(r) for r in recordables), ""]
    lines += ["Parameters and their defaults", "-----------------------------", ""]
    for key in sorted(defaults):
        if key in ("recordables", "element_type"):
            continue
        lines.append(f"{key:<32} {defaults[key]!r}")
    return "\n".join(lines) + "\n"


def help(obj: str | None = None, return_text: bool = False) -> str | None:
    """Show help on a model, or on how to get help.

    Parameters
    ----------
    obj : str, optional
        Name of a node or synapse model. Without it, the package's
        introduction is shown.
    return_text : bool, optional
        Return the text instead of printing it.

    Returns
    -------
    str or None
        The text, if `return_text` is true.
    """
    import nest

    if obj is None:
        text = (nest.__doc__ or "") + (
            "\n* To get help on a model, use ``nest.help('iaf_psc_alpha')``.\n"
            "* To get help on functions in the ``nest`` package, use Python's\n"
            "  ``help()`` function or IPython's ``?``, e.g. ``help(nest.Create)``.\n"
        )
    else:
        try:
            text = _model_help(str(obj))
        except Exception:  # noqa: BLE001 - any lookup failure means "no such help"
            text = (
                f"Sorry, there is no help for model '{obj}'.\n"
                "Use the Python help() function to obtain help on PyNEST functions.\n"
            )
    if return_text:
        return text
    print(text)
    return None
