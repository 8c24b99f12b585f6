"""Arrow C Data Interface on the Python side of the boundary, without pyarrow.

The core exports columns (recorder events, connection columns, node
values) by filling an ``ArrowArray`` and an ``ArrowSchema`` struct that the
caller allocated (see ``record.Table.Export`` in gocore). This module
allocates those structs with :mod:`ctypes`, so reading a column needs
neither pyarrow nor pandas, and wraps each imported array in a
:class:`Column`:

- ``numpy.asarray(column)`` is a zero-copy view of the column's values
  buffer (through ``__array_interface__``); the view holds a reference to
  the column, so the buffers live as long as any view does;
- ``column.__arrow_c_array__()`` and ``__arrow_c_schema__()`` implement the
  Arrow PyCapsule protocol, so ``pyarrow.array(column)``, polars and
  duckdb take the same buffers without a copy.

Ownership and release
---------------------
A :class:`Column` owns its two structs and is the only party that calls
their release callbacks, exactly once, when the last reference to it goes
(``__del__``). The core's release callback frees the exported buffer (for
recordings: unmaps the export's private copy-on-write mapping, see
``record.MappedAllocator``). A capsule handed to a consumer holds a *new*
ArrowArray struct that shares the column's buffers and whose own release
callback only drops the consumer's reference to the column; a consumer that
moves the struct out of the capsule takes over that duty, and a capsule
that nobody consumed releases it in its destructor. So the buffers are
freed when the last NumPy view, pyarrow array and capsule are gone,
whichever goes last, and never twice.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["Column", "import_column"]


class ArrowSchema(ctypes.Structure):
    """struct ArrowSchema of the Arrow C Data Interface."""

    _fields_ = (
        ("format", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("metadata", ctypes.c_char_p),
        ("flags", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    )


class ArrowArray(ctypes.Structure):
    """struct ArrowArray of the Arrow C Data Interface."""

    _fields_ = (
        ("length", ctypes.c_int64),
        ("null_count", ctypes.c_int64),
        ("offset", ctypes.c_int64),
        ("n_buffers", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("buffers", ctypes.POINTER(ctypes.c_void_p)),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    )


# Release callbacks: void (*release)(struct ArrowArray*) and the schema's.
_RELEASE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)

# Arrow format strings of the primitive columns the core exports, and the
# NumPy type each is viewed as.
_FORMATS = {
    b"l": np.dtype(np.int64),
    b"L": np.dtype(np.uint64),
    b"i": np.dtype(np.int32),
    b"g": np.dtype(np.float64),
    b"f": np.dtype(np.float32),
    b"C": np.dtype(np.uint8),
}


def _call_release(addr: int, struct_addr: int) -> None:
    if addr:
        _RELEASE(addr)(struct_addr)


class Column:
    """One primitive Arrow array imported from the core.

    Create it with :func:`import_column`. It is immutable from the Arrow
    side; the NumPy views it gives are writable when the exporter's memory
    is (the core's exports are private copy-on-write mappings, so writes
    change nothing but the view's own pages).
    """

    __slots__ = ("__array_interface__", "__weakref__", "_array", "_dtype", "_format", "_schema")

    def __init__(self, export: Callable[[int, int], Any], writable: bool = False) -> None:
        self._array = ArrowArray()
        self._schema = ArrowSchema()
        export(ctypes.addressof(self._array), ctypes.addressof(self._schema))
        fmt = self._schema.format
        dtype = _FORMATS.get(fmt)
        if dtype is None or self._array.n_children or self._array.n_buffers != 2:
            self._release()
            raise TypeError(f"cannot view an Arrow array of format {fmt!r} as a NumPy array")
        if self._array.null_count != 0 and self._array.buffers[0]:
            self._release()
            raise ValueError("the exported Arrow array has null values, which NumPy cannot view")
        self._format = bytes(fmt)
        self._dtype = dtype
        data = self._array.buffers[1] or 0
        if self._array.length == 0 or not data:
            data = 0
        else:
            data += self._array.offset * dtype.itemsize
        self.__array_interface__ = {
            "shape": (int(self._array.length),),
            "typestr": dtype.str,
            "data": (data, not writable),
            "version": 3,
        }

    def __len__(self) -> int:
        return int(self._array.length)

    @property
    def address(self) -> int:
        """Address of the first value (0 for an empty column)."""
        return int(self.__array_interface__["data"][0])

    def to_numpy(self) -> np.ndarray:
        """Return a zero-copy NumPy view (a fresh empty array if there are no values)."""
        if self.address == 0:
            empty = np.zeros(0, dtype=self._dtype)
            empty.flags.writeable = not self.__array_interface__["data"][1]
            return empty
        return np.asarray(self)

    def _release(self) -> None:
        _call_release(self._array.release or 0, ctypes.addressof(self._array))
        _call_release(self._schema.release or 0, ctypes.addressof(self._schema))

    def __del__(self) -> None:
        # Only the structs this column filled (release set) are released.
        try:
            self._release()
        except AttributeError:  # __init__ failed before the structs existed
            pass

    # -- Arrow PyCapsule protocol ------------------------------------------

    def __arrow_c_schema__(self) -> Any:
        """Return a capsule ``"arrow_schema"`` describing the column's type."""
        return _schema_capsule(self._format)

    def __arrow_c_array__(self, requested_schema: Any = None) -> tuple[Any, Any]:
        """Return capsules ``("arrow_schema", "arrow_array")`` over the column's buffers.

        The array capsule shares the buffers (no copy) and keeps this
        column alive until the consumer releases it. A `requested_schema`
        other than the column's own type is not supported and ignored, as
        the protocol allows.
        """
        return _schema_capsule(self._format), _array_capsule(self)


def import_column(export: Callable[[int, int], Any], writable: bool = False) -> Column:
    """Import the array that ``export(array_addr, schema_addr)`` writes.

    Parameters
    ----------
    export : callable
        Fills the zeroed ArrowArray and ArrowSchema structs at the two
        addresses it is given (a core export with its other arguments
        bound). If it raises, nothing was exported and nothing leaks.
    writable : bool, optional
        Whether NumPy views may write into the buffers: only when the
        exporter gave this array memory of its own (the core's private
        copy-on-write exports); otherwise the views are read-only.

    Returns
    -------
    Column
        The owner of the imported array; ``numpy.asarray`` of it is a
        zero-copy view.

    Raises
    ------
    TypeError
        If the array is not of a primitive numeric type.
    """
    return Column(export, writable)


# --------------------------------------------------------------------------
# Capsules

_api = ctypes.pythonapi
_api.PyCapsule_New.restype = ctypes.py_object
_api.PyCapsule_New.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = (ctypes.c_void_p, ctypes.c_char_p)
_api.PyMem_RawCalloc.restype = ctypes.c_void_p
_api.PyMem_RawCalloc.argtypes = (ctypes.c_size_t, ctypes.c_size_t)
_api.PyMem_RawFree.restype = None
_api.PyMem_RawFree.argtypes = (ctypes.c_void_p,)

# The capsule names must outlive every capsule: module constants.
_SCHEMA_NAME = b"arrow_schema"
_ARRAY_NAME = b"arrow_array"

# Columns a consumer's array struct still refers to, by the struct's
# private_data token; the struct's release callback removes the entry.
_lent: dict[int, tuple[Column, Any]] = {}
_lent_lock = threading.Lock()
_next_token = iter(range(1, 1 << 62))

# Format strings handed out in schema structs, kept alive for the process
# (there are only a few distinct ones).
_format_text: dict[bytes, ctypes.Array] = {}


def _format_pointer(fmt: bytes) -> int:
    buf = _format_text.get(fmt)
    if buf is None:
        buf = _format_text[fmt] = ctypes.create_string_buffer(fmt)
    return ctypes.addressof(buf)


@_RELEASE
def _release_lent_schema(addr: int) -> None:
    ArrowSchema.from_address(addr).release = None


@_RELEASE
def _release_lent_array(addr: int) -> None:
    struct = ArrowArray.from_address(addr)
    with _lent_lock:
        _lent.pop(int(struct.private_data or 0), None)
    struct.release = None


def _release_capsule(name: bytes, struct_type: type) -> Any:
    @ctypes.CFUNCTYPE(None, ctypes.c_void_p)
    def destructor(capsule: int) -> None:
        ptr = _api.PyCapsule_GetPointer(capsule, name)
        if ptr:
            struct = struct_type.from_address(ptr)
            # Not consumed (a consumer moves the struct out and sets
            # release to NULL): release it here.
            _call_release(struct.release or 0, ptr)
            _api.PyMem_RawFree(ptr)

    return destructor


_schema_destructor = _release_capsule(_SCHEMA_NAME, ArrowSchema)
_array_destructor = _release_capsule(_ARRAY_NAME, ArrowArray)


def _new_struct(struct_type: type) -> tuple[int, Any]:
    ptr = _api.PyMem_RawCalloc(1, ctypes.sizeof(struct_type))
    if not ptr:
        raise MemoryError("cannot allocate an Arrow C struct")
    return ptr, struct_type.from_address(ptr)


def _schema_capsule(fmt: bytes) -> Any:
    ptr, schema = _new_struct(ArrowSchema)
    schema.format = _format_pointer(fmt)
    schema.flags = 2  # ARROW_FLAG_NULLABLE, as pyarrow's own primitive fields
    schema.release = ctypes.cast(_release_lent_schema, ctypes.c_void_p).value
    return _api.PyCapsule_New(ptr, _SCHEMA_NAME, ctypes.cast(_schema_destructor, ctypes.c_void_p).value)


def _array_capsule(column: Column) -> Any:
    src = column._array
    ptr, arr = _new_struct(ArrowArray)
    # The buffers pointer array belongs to the core's export, which lives
    # as long as `column`, and `column` lives until this struct is released.
    buffers = (ctypes.c_void_p * 2)(src.buffers[0], src.buffers[1])
    token = next(_next_token)
    with _lent_lock:
        _lent[token] = (column, buffers)
    arr.length, arr.null_count, arr.offset = src.length, src.null_count, src.offset
    arr.n_buffers, arr.n_children = 2, 0
    arr.buffers = ctypes.cast(buffers, ctypes.POINTER(ctypes.c_void_p))
    arr.private_data = token
    arr.release = ctypes.cast(_release_lent_array, ctypes.c_void_p).value
    return _api.PyCapsule_New(ptr, _ARRAY_NAME, ctypes.cast(_array_destructor, ctypes.c_void_p).value)


def lent_count() -> int:
    """Return how many array structs handed to consumers are not yet released (for leak tests)."""
    with _lent_lock:
        return len(_lent)
