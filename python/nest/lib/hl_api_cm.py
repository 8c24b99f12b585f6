"""Wrappers of the compartments and receptors of ``cm_default`` neurons.

``cm.compartments`` and ``cm.receptors`` return a :class:`Compartments` or
:class:`Receptors` object, as in NEST 3.10: a tuple of dicts that can be
indexed, extended with ``+`` (giving a new object, nothing is set) and
extended in place with ``+=``, which adds the new entries to the neuron
(through ``add_compartments`` / ``add_receptors``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["CmBase", "Compartments", "Receptors"]


class CmBase:
    """A tuple of compartment or receptor dicts of a NodeCollection.

    Parameters
    ----------
    node_collection : NodeCollection
        The ``cm_default`` neuron(s) the entries belong to.
    elements : tuple or list of dict
        The entries.

    Raises
    ------
    TypeError
        If `node_collection` is not a NodeCollection or `elements` not a
        tuple or list.
    """

    def __init__(self, node_collection: Any, elements: tuple | list) -> None:
        from .hl_api_types import NodeCollection

        if not isinstance(node_collection, NodeCollection):
            raise TypeError(f"node_collection must be a NodeCollection, got {type(node_collection)}")
        if isinstance(elements, list):
            elements = tuple(elements)
        if not isinstance(elements, tuple):
            raise TypeError(f"elements must be a tuple of dicts, got {type(elements)}")
        self._elements = elements
        self._node_collection = node_collection

    def _entries(self, other: Any) -> list:
        name = type(self).__name__
        if isinstance(other, dict):
            return [other]
        if isinstance(other, (tuple, list)):
            if not all(isinstance(d, dict) for d in other):
                raise TypeError(f"{name} can only be added with dicts, lists of dicts, or other {name}")
            return list(other)
        if isinstance(other, type(self)):
            return list(other._elements)
        raise NotImplementedError(
            f"{name} can only be added with dicts, lists of dicts, or other {name}, got {type(other)}"
        )

    def __add__(self, other: Any) -> CmBase:
        return type(self)(self._node_collection, tuple(list(self._elements) + self._entries(other)))

    def __iadd__(self, other: Any) -> None:
        # The entries go to the neuron at once; the attribute assignment
        # that Python makes next receives None, which set() ignores.
        self._node_collection.set({f"add_{type(self).__name__.lower()}": self._entries(other)})

    def __getitem__(self, key: Any) -> Any:
        return self._elements[key]

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self):
        return iter(self._elements)

    def __str__(self) -> str:
        return str(self._elements)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._elements!r})"

    def get_tuple(self) -> tuple:
        """Return the entries as a tuple of dicts."""
        return self._elements


class Compartments(CmBase):
    """The compartments of a ``cm_default`` neuron."""


class Receptors(CmBase):
    """The receptors of a ``cm_default`` neuron."""


def wrap_cm_value(nc: Any, key: str, value: Any) -> Any:
    """Wrap the value of ``get(key)`` as NEST does for cm keys."""
    if key == "compartments":
        return Compartments(nc, _as_tuple(value))
    if key == "receptors":
        return Receptors(nc, _as_tuple(value))
    return value


def _as_tuple(value: Any) -> tuple:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def unwrap_cm_params(params: dict) -> dict:
    """Replace Compartments/Receptors values by their tuples; drop None.

    ``cm.compartments += x`` ends in ``cm.compartments = None`` after the
    entries were added, which must set nothing.
    """
    for key, cls in (("compartments", Compartments), ("receptors", Receptors)):
        if key in params:
            value = params[key]
            if isinstance(value, cls):
                params = {**params, key: value.get_tuple()}
            elif value is None:
                params = {k: v for k, v in params.items() if k != key}
    return params
