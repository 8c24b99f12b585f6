"""The boundary between PyNEST semantics and the Go simulation core.

This is the only module that imports the generated extension
(``nest._gonest.pybind``). Everything that crosses the boundary is a
primitive, a JSON string or a buffer address:

- dictionaries and lists go to Go as JSON (NumPy scalars and arrays,
  tuples, ranges and node collections are converted on the way);
- JSON from Go is decoded into plain Python values;
- an error from Go arrives as ``RuntimeError("<Name>: <message>")`` and
  leaves this module as ``nest.NESTErrors.<Name>(message)``;
- recorder events leave Go as Arrow C Data Interface structs in C memory
  and reach the caller as read-only NumPy views of those buffers, without
  a copy (see :func:`export_column`).

JSON has no infinities: as the core does in its status dictionaries,
non-finite floats cross as the strings ``"inf"``, ``"-inf"`` and ``"nan"``,
in both directions (so a string value spelled exactly like that reads back
as a float).

The extension is imported on first use, so ``import nest`` stays cheap and
the pure-Python parts work (and can be tested with a stand-in backend, see
:func:`use_backend`) before the core is built.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .lib.hl_api_exceptions import NESTErrors, error_from_text

__all__ = [
    "backend",
    "connect",
    "copy_model",
    "create",
    "disconnect",
    "disconnect_connections",
    "event_columns",
    "export_column",
    "from_json",
    "generation",
    "get_connections",
    "get_defaults",
    "get_kernel_status",
    "get_status",
    "models",
    "num_connections",
    "num_nodes",
    "recording_bytes",
    "reset_kernel",
    "set_defaults",
    "set_kernel_status",
    "set_status",
    "simulate",
    "sync_processes",
    "to_json",
    "use_backend",
]

_log = logging.getLogger(__name__)

# How long one wait for a running simulation may block, in ms. Short enough
# that Ctrl-C is handled promptly, long enough that polling costs nothing.
_WAIT_SLICE_MS = 50

_backend: Any = None

# Counts the calls that may have changed the connections or their state
# (see :func:`generation`).
_generation = 0


def generation() -> int:
    """Return a number that changes whenever the connections may have changed.

    Every call through this module that can add, remove or alter
    connections or their state (Connect, Simulate, ResetKernel,
    SetKernelStatus, a change of backend) changes it; nothing else does.
    A :class:`~nest.SynapseCollection` compares it with the number it saw
    when it last read the connections from the core, which costs nothing,
    where reading ``biological_time`` and ``num_connections`` from the
    kernel status would cost a core call on every ``get``.
    """
    return _generation


def _changed() -> None:
    global _generation
    _generation += 1


def backend() -> Any:
    """Return the generated extension module, importing it on first use.

    Returns
    -------
    module
        ``nest._gonest.pybind`` (or the object installed with
        :func:`use_backend`).

    Raises
    ------
    ImportError
        If the extension has not been built.
    NESTError
        If this process is one of several (see ``Distribute`` in the
        extension) and cannot join the others.
    """
    global _backend
    if _backend is None:
        try:
            from ._gonest import pybind  # the one import of the extension
        except ImportError as exc:
            raise ImportError(
                "The gonest simulation core (nest._gonest.pybind) is not available. "
                "Install the package with 'pip install .', or build the extension in place "
                "with 'python tools/build_ext.py --inplace'."
            ) from exc
        # Before anything else: a process started as one of several
        # (GONEST_RANK/GONEST_SIZE/GONEST_COORDINATOR, or mpirun's
        # variables) joins its peers here; alone it stays rank 0 of 1.
        distribute = getattr(pybind, "Distribute", None)
        if distribute is not None:
            try:
                distribute()
            except RuntimeError as exc:
                raise error_from_text(str(exc)) from None
        _backend = pybind
    return _backend


def use_backend(obj: Any) -> Any:
    """Replace the backend, e.g. by a stand-in for tests.

    Parameters
    ----------
    obj : object or None
        An object with the functions of ``nest._gonest.pybind``; ``None``
        restores the generated extension on next use.

    Returns
    -------
    object
        The previously installed backend (``None`` if none was loaded).
    """
    global _backend
    previous, _backend = _backend, obj
    _changed()
    return previous


def _call(name: str, *args: Any) -> Any:
    """Call backend function `name`, turning core errors into NEST errors."""
    func = getattr(backend(), name)
    try:
        return func(*args)
    except RuntimeError as exc:
        raise error_from_text(str(exc)) from None


# --------------------------------------------------------------------------
# JSON in both directions


def _json_default(obj: Any) -> Any:
    """Convert the non-JSON types that PyNEST users pass as values."""
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, range):
        return list(obj)
    tolist = getattr(obj, "tolist", None)
    if callable(tolist):  # NodeCollection and array-likes
        return tolist()
    from .lib.hl_api_parameters import Parameter  # only on this error path

    if isinstance(obj, Parameter):
        raise TypeError(
            f"{obj!r} cannot be passed here: nest.random parameters are supported only as syn_spec 'weight', "
            "'delay' or 'receptor_type' in Connect, and as node parameters in Create, set and SetStatus."
        )
    raise TypeError(f"a value of type '{type(obj).__name__}' cannot be passed to the NEST kernel")


_NONFINITE_TEXT = {float("inf"): "inf", float("-inf"): "-inf"}
_TEXT_NONFINITE = {"inf": float("inf"), "-inf": float("-inf"), "nan": float("nan")}


def _nonfinite_text(x: float) -> str:
    return "nan" if math.isnan(x) else _NONFINITE_TEXT[x]


_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _encodable(obj: Any) -> Any:
    """Replace non-finite floats (also inside arrays) by their string form.

    Raises OverflowError for an int outside the range of a C long, as NEST
    does when it converts one.
    """
    if isinstance(obj, int) and not isinstance(obj, bool):
        if not _LONG_MIN <= obj <= _LONG_MAX:
            raise OverflowError(f"Python int {obj} too large to convert to C long")
        return obj
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else _nonfinite_text(obj)
    if isinstance(obj, dict):
        return {k: _encodable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_encodable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f" and not np.isfinite(obj).all():
            return [_encodable(v) for v in obj.tolist()]
        return obj
    if isinstance(obj, np.floating):
        return _encodable(float(obj))
    return obj


def _decoded(obj: Any) -> Any:
    if isinstance(obj, str):
        return _TEXT_NONFINITE.get(obj, obj)
    if isinstance(obj, dict):
        return {k: _decoded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decoded(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    """Encode `obj` as JSON for the core.

    Parameters
    ----------
    obj : object
        Dictionaries, lists, tuples, numbers, strings, booleans, None, NumPy
        scalars and arrays, ranges and node collections, nested freely.

    Returns
    -------
    str
        The JSON text.

    Raises
    ------
    TypeError
        If a value has a type that cannot be represented.
    """
    return json.dumps(_encodable(obj), default=_json_default, allow_nan=False, separators=(",", ":"))


def from_json(text: str) -> Any:
    """Decode JSON text from the core; ``"inf"``, ``"-inf"``, ``"nan"`` become floats."""
    if not text:
        return None
    return _decoded(json.loads(text))


def _ids_json(ids: Iterable[int]) -> str:
    if isinstance(ids, np.ndarray):
        return to_json(ids.astype(np.int64, copy=False).tolist())
    return to_json([int(i) for i in ids])


# --------------------------------------------------------------------------
# Kernel


def reset_kernel() -> None:
    """Bring the kernel back to its freshly started state."""
    _changed()
    _call("ResetKernel")


def get_kernel_status() -> dict:
    """Return all kernel properties as a dictionary."""
    return from_json(_call("GetKernelStatus")) or {}


def set_kernel_status(params: dict) -> None:
    """Set kernel properties; nothing changes if one is rejected."""
    _changed()
    _call("SetKernelStatus", to_json(params))


def models() -> dict:
    """Return ``{"nodes": [...], "synapses": [...]}``."""
    result = from_json(_call("Models")) or {}
    return {"nodes": list(result.get("nodes") or []), "synapses": list(result.get("synapses") or [])}


def get_defaults(model: str) -> dict:
    """Return the default status dictionary of a node or synapse model."""
    return from_json(_call("GetDefaults", str(model))) or {}


def set_defaults(model: str, params: dict) -> None:
    """Change the defaults of a model."""
    _call("SetDefaults", str(model), to_json(params))


def create(model: str, n: int, params: dict | list | None) -> int:
    """Create `n` nodes and return the id of the first.

    Parameters
    ----------
    model : str
        Model name.
    n : int
        Number of nodes, at least 1.
    params : dict, list of dict or None
        Parameters for all nodes (dict) or one dict per node (list).

    Returns
    -------
    int
        Id of the first node; the others follow contiguously.
    """
    params_json = "" if params is None else to_json(params)
    return int(_call("Create", str(model), int(n), params_json))


def num_nodes() -> int:
    """Return the number of nodes created since the last reset."""
    return int(_call("NumNodes"))


def get_status(ids: Iterable[int], keys: Sequence[str] | None = None) -> list[dict]:
    """Return the status dictionary of each node in `ids`.

    With `keys`, each dictionary holds only those keys (that the node has)
    and ``element_type``, which is much cheaper for large collections.
    """
    if keys is None:
        return from_json(_call("GetStatus", _ids_json(ids))) or []
    return from_json(_call("GetStatusKeys", _ids_json(ids), to_json(list(keys)))) or []


def set_status(ids: Iterable[int], params: list[dict]) -> None:
    """Set node parameters: one dict for all nodes or one per node."""
    _call("SetStatus", _ids_json(ids), to_json(params))


def connect(pre: Iterable[int], post: Iterable[int], conn_spec: dict, syn_spec: dict | None) -> None:
    """Connect `pre` to `post` with the given (already normalised) specs."""
    syn_json = "" if syn_spec is None else to_json(syn_spec)
    _changed()
    _call("Connect", _ids_json(pre), _ids_json(post), to_json(conn_spec), syn_json)


def connect_collocated(pre: Iterable[int], post: Iterable[int], conn_spec: dict, syn_specs: list[dict]) -> None:
    """Connect `pre` to `post` once per pair the rule chooses, with each of `syn_specs`."""
    _changed()
    _call("ConnectCollocated", _ids_json(pre), _ids_json(post), to_json(conn_spec), to_json(syn_specs))


def copy_model(old: str, new: str, params: dict | None) -> None:
    """Make `new` a copy of node or synapse model `old`, its defaults changed by `params`."""
    _call("CopyModel", str(old), str(new), "" if not params else to_json(params))


_CONNECTION_DTYPES = {
    "source": np.int64,
    "target": np.int64,
    "weight": np.float64,
    "delay": np.float64,
    "receptor": np.int64,
}


def get_connections(
    sources: Iterable[int] | None, targets: Iterable[int] | None, synapse_model: str | None
) -> dict[str, Any]:
    """Return the connections from `sources` to `targets` made with `synapse_model`.

    Parameters
    ----------
    sources, targets : iterable of int or None
        Node ids; None for any.
    synapse_model : str or None
        Synapse model name; None for any.

    Returns
    -------
    dict
        Parallel columns, one entry per connection, in the core's order:
        ``"source"``, ``"target"``, ``"receptor"`` (int64 arrays),
        ``"weight"``, ``"delay"`` (float64 arrays) and ``"synapse_model"``
        (list of str).

    Raises
    ------
    NESTErrors.UnknownSynapseType
        If `synapse_model` is not a synapse model.
    """
    sources_json = "null" if sources is None else _ids_json(sources)
    targets_json = "null" if targets is None else _ids_json(targets)
    if not hasattr(backend(), "QueryConnections"):
        return _get_connections_json(sources_json, targets_json, synapse_model)
    # The columns come as Arrow arrays in C memory, without a JSON value per
    # connection; only plastic synapses' state travels as JSON.
    meta = from_json(_call("QueryConnections", sources_json, targets_json, synapse_model or "")) or {}
    columns: dict[str, Any] = {}
    if meta.get("n", 0) == 0:
        columns = {key: np.zeros(0, dtype=dtype) for key, dtype in _CONNECTION_DTYPES.items()}
        columns["synapse_model"] = []
        columns["state"] = []
        return columns
    try:
        for key in _CONNECTION_DTYPES:
            columns[key] = _import_arrow("ExportConnectionColumn", key)
        codes = _import_arrow("ExportConnectionColumn", "synapse_model")
    finally:
        # The core keeps nothing once the columns are ours.
        if hasattr(backend(), "ReleaseConnectionQuery"):
            _call("ReleaseConnectionQuery")
    names = list(meta.get("synapse_models") or [])
    columns["synapse_model"] = [names[c] for c in codes.tolist()]
    state = meta.get("state")
    columns["state"] = [None] * int(meta["n"]) if state is None else list(state)
    return columns


def set_connections(
    sources: Iterable[int] | None,
    targets: Iterable[int] | None,
    synapse_model: str | None,
    positions: list[int],
    params: list[dict],
) -> None:
    """Change the connections at `positions` of the selection that
    :func:`get_connections` with the same filters returns; `params` holds
    one dictionary for all or one per position."""
    sources_json = "null" if sources is None else _ids_json(sources)
    targets_json = "null" if targets is None else _ids_json(targets)
    try:
        _call("SetConnections", sources_json, targets_json, synapse_model or "", to_json(positions), to_json(params))
    finally:
        _changed()


def disconnect(pre: Iterable[int], post: Iterable[int], conn_spec: dict, syn_spec: dict) -> None:
    """Remove connections from `pre` to `post` by the rule of `conn_spec` (NEST's Disconnect)."""
    try:
        _call("Disconnect", _ids_json(pre), _ids_json(post), to_json(conn_spec), to_json(syn_spec))
    finally:
        _changed()


def disconnect_connections(
    sources: Iterable[int] | None, targets: Iterable[int] | None, synapse_model: str | None, positions: list[int]
) -> None:
    """Remove the connections at `positions` of the selection that
    :func:`get_connections` with the same filters returns."""
    sources_json = "null" if sources is None else _ids_json(sources)
    targets_json = "null" if targets is None else _ids_json(targets)
    try:
        _call("DisconnectConnections", sources_json, targets_json, synapse_model or "", to_json(positions))
    finally:
        _changed()


def connection_ports(sources: Iterable[int] | None, targets: Iterable[int] | None, synapse_model: str | None) -> list:
    """Return NEST's ``port`` of each connection :func:`get_connections`
    with the same filters lists, in its order."""
    sources_json = "null" if sources is None else _ids_json(sources)
    targets_json = "null" if targets is None else _ids_json(targets)
    return list(from_json(_call("ConnectionPorts", sources_json, targets_json, synapse_model or "")) or [])


def _get_connections_json(sources_json: str, targets_json: str, synapse_model: str | None) -> dict[str, Any]:
    """get_connections over the JSON call, for cores without Arrow export."""
    text = _call("GetConnections", sources_json, targets_json, synapse_model or "")
    # Plain json.loads: NumPy reads the "inf"/"nan" strings of non-finite
    # weights itself, and walking millions of values in _decoded is slow.
    raw = json.loads(text) if text else {}
    columns: dict[str, Any] = {
        key: np.asarray(raw.get(key) or [], dtype=dtype) for key, dtype in _CONNECTION_DTYPES.items()
    }
    columns["synapse_model"] = list(raw.get("synapse_model") or [])
    # Parameters and state of plastic synapses (None for static ones).
    columns["state"] = [None if st is None else _decoded(st) for st in raw.get("state") or []]
    return columns


def num_connections() -> int:
    """Return the number of connections in the network."""
    return int(_call("NumConnections"))


# --------------------------------------------------------------------------
# Simulation


def _wait_until_done() -> None:
    while not _call("SimulateWait", _WAIT_SLICE_MS):
        pass


def simulate(t: float) -> None:
    """Simulate `t` ms, staying responsive to Ctrl-C.

    The core runs in the background while this thread waits in short
    slices. On KeyboardInterrupt the core is asked to stop at the next
    slice boundary; once it has, the KeyboardInterrupt propagates and the
    kernel stays usable, its biological time where the run stopped.

    Raises
    ------
    NESTError
        If `t` is rejected or the run fails.
    KeyboardInterrupt
        If interrupted; the simulation has then stopped cleanly.
    """
    t = float(t)
    _changed()
    try:
        # SimulateStart is inside the try: a Ctrl-C that arrives right after
        # it returns (before _wait_until_done starts) must stop the run too.
        # If it arrives before the run started, _stop_after_interrupt finds
        # no run: SimulateInterrupt then only leaves a request that the next
        # SimulateStart withdraws, and SimulateWait reports done at once.
        _call("SimulateStart", t)
        _wait_until_done()
    except KeyboardInterrupt:
        _stop_after_interrupt()
        raise
    finally:
        _changed()


def _stop_after_interrupt() -> None:
    """Ask the running simulation to stop and wait until it has."""
    _log.info("Simulate interrupted; stopping at the next slice boundary")
    _call("SimulateInterrupt")
    while True:
        try:
            _wait_until_done()
            return
        except KeyboardInterrupt:
            # Already stopping: a second Ctrl-C must not leave the core running.
            continue
        except NESTErrors.NESTError as exc:
            _log.warning("simulation stopped with an error after the interrupt: %s", exc)
            return


def sync_processes() -> None:
    """Wait until every process of a distributed simulation gets here."""
    if hasattr(backend(), "SyncProcesses"):
        _call("SyncProcesses")


# --------------------------------------------------------------------------
# Recordings


def event_columns(node_id: int) -> list[str]:
    """Return the names of the event columns of recorder `node_id`."""
    return list(from_json(_call("EventColumns", int(node_id))) or [])


def export_column(node_id: int, column: str) -> np.ndarray:
    """Return one event column of a recorder as a zero-copy NumPy array.

    The core fills Arrow C Data Interface structs allocated here; pyarrow
    takes ownership of the exported C buffers, and the returned array is a
    read-only view of them. Its base chain keeps the pyarrow array alive,
    and the buffers are released when the last reference goes.

    Parameters
    ----------
    node_id : int
        Id of the recorder.
    column : str
        Column name, e.g. ``"senders"``, ``"times"`` or ``"V_m"``.

    Returns
    -------
    numpy.ndarray
        Read-only array that does not own its data.
    """
    return _import_arrow("ExportEvents", int(node_id), str(column))


def _import_arrow(export: str, *args: Any) -> np.ndarray:
    """Call the core's Arrow export `export` with `args` and two struct
    addresses, and return the exported column as a zero-copy NumPy view."""
    import pyarrow as pa  # imported on first read only: keeps `import nest` fast
    from pyarrow.cffi import ffi

    c_array = ffi.new("struct ArrowArray*")
    c_schema = ffi.new("struct ArrowSchema*")
    array_addr = int(ffi.cast("uintptr_t", c_array))
    schema_addr = int(ffi.cast("uintptr_t", c_schema))
    _call(export, *args, array_addr, schema_addr)
    # Importing moves ownership of the buffers to pyarrow (the C structs
    # are marked released), so the cffi structs may go with this frame.
    arrow_array = pa.Array._import_from_c(array_addr, schema_addr)
    return arrow_array.to_numpy(zero_copy_only=True)


def recording_bytes() -> int:
    """Return the bytes of C memory held by recordings, exports included."""
    return int(_call("RecordingBytes"))
