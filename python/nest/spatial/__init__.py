"""Positions and spatial parameters: ``nest.spatial``.

``grid`` and ``free`` describe where the nodes of ``Create(model, n,
positions=...)`` sit; ``distance`` (with ``.x``, ``.y``, ``.z``),
``source_pos`` and ``target_pos`` are parameters that read the positions
of the two nodes of a connection (for ``p``, ``indegree``, ``weight``,
``delay`` of ``Connect`` between layers)::

    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[10, 10]))
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli",
                                "p": nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.2),
                                "mask": {"circular": {"radius": 0.4}}})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..lib.hl_api_parameters import CreateParameter, Parameter

__all__ = [
    "distance",
    "free",
    "grid",
    "pos",
    "source_pos",
    "target_pos",
]


class _DistanceParameter(Parameter):
    """The distance between the two nodes of a connection; ``.x``, ``.y``, ``.z`` along one axis."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("distance", {})

    @property
    def x(self) -> Parameter:
        """Distance along x (absolute value of the displacement)."""
        return CreateParameter("distance", {"dimension": 1})

    @property
    def y(self) -> Parameter:
        """Distance along y."""
        return CreateParameter("distance", {"dimension": 2})

    @property
    def z(self) -> Parameter:
        """Distance along z."""
        return CreateParameter("distance", {"dimension": 3})

    @staticmethod
    def n(dimension: int) -> Parameter:
        """Distance along dimension `dimension` (1, 2 or 3; 0 for the full distance)."""
        return CreateParameter("distance", {"dimension": dimension})


distance = _DistanceParameter()


class _Endpoint:
    """Coordinates of one end of a connection: ``.x``, ``.y``, ``.z`` and ``n(dimension)``."""

    def __init__(self, endpoint: int) -> None:
        self._endpoint = endpoint

    def n(self, dimension: int) -> Parameter:
        """Coordinate `dimension` (0, 1 or 2)."""
        return CreateParameter("position", {"dimension": dimension, "synaptic_endpoint": self._endpoint})

    @property
    def x(self) -> Parameter:
        return self.n(0)

    @property
    def y(self) -> Parameter:
        return self.n(1)

    @property
    def z(self) -> Parameter:
        return self.n(2)


source_pos = _Endpoint(1)
"""Position of the source node of a connection."""
target_pos = _Endpoint(2)
"""Position of the target node of a connection."""
pos = _Endpoint(0)
"""Position of a node (NEST allows it only for node parameters; gonest does not evaluate it)."""


class grid:
    """Positions on a regular grid.

    Parameters
    ----------
    shape : sequence of int
        Number of columns and rows (and layers in 3D).
    center : sequence of float, optional
        Center of the layer (default: the origin).
    extent : sequence of float, optional
        Size of the layer (default: 1 in every dimension).
    edge_wrap : bool, optional
        Periodic boundaries.
    """

    def __init__(
        self,
        shape: Sequence[int],
        center: Sequence[float] | None = None,
        extent: Sequence[float] | None = None,
        edge_wrap: bool = False,
    ) -> None:
        self.shape = shape
        self.center = center
        self.extent = extent
        self.edge_wrap = edge_wrap


class free:
    """Positions given explicitly or drawn from parameters.

    Parameters
    ----------
    pos : list of positions, list of Parameters (one per dimension) or Parameter
        Explicit positions, or parameters drawn once per node and
        dimension (the values are drawn in Python, reproducibly for a given
        ``rng_seed``, but they are not NEST's).
    extent : sequence of float, optional
        Size of the layer; by default the points' bounding box rounded up.
    edge_wrap : bool, optional
        Periodic boundaries.
    num_dimensions : int, optional
        Number of dimensions when `pos` is a single Parameter and no
        extent is given.
    """

    def __init__(
        self,
        pos: Any,
        extent: Sequence[float] | None = None,
        edge_wrap: bool = False,
        num_dimensions: int | None = None,
    ) -> None:
        if extent and num_dimensions:
            raise TypeError("extent and number of dimensions cannot be specified at the same time")
        if isinstance(pos, (list, tuple, np.ndarray)):
            if num_dimensions:
                raise TypeError("number of dimensions cannot be specified when using an array of positions")
            if len(pos) and all(isinstance(p, Parameter) for p in pos):
                if len(pos) not in (2, 3):
                    raise ValueError("Number of dimensions must be 2 or 3")
                self.pos: Any = list(pos)
            else:
                self.pos = pos
        elif isinstance(pos, Parameter):
            if extent:
                num_dimensions = len(extent)
            if not num_dimensions:
                raise TypeError(
                    "could not infer number of dimensions. Set num_dimensions or extent when using Parameter as pos"
                )
            if num_dimensions not in (2, 3):
                raise ValueError("Number of dimensions must be 2 or 3")
            self.pos = [pos] * num_dimensions
        else:
            raise TypeError("pos must be either an array of positions, or a Parameter")
        self.extent = extent
        self.edge_wrap = edge_wrap
