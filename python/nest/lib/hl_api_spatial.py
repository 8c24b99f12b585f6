"""Functions for spatially structured networks (NEST 3.10's spatial API).

Positions live in the core (see gocore/spatial): a layer is the block of
nodes made by one ``Create(model, positions=...)`` call, and any
NodeCollection of nodes of one layer is spatial (``nodes.spatial`` is its
dictionary). The functions here ask the core for positions,
displacements and mask selections and build NEST's return values from
them; plotting uses matplotlib as NEST's functions do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _kernel
from .hl_api_exceptions import NESTErrors
from .hl_api_types import NodeCollection

__all__ = [
    "CreateMask",
    "Displacement",
    "Distance",
    "DumpLayerConnections",
    "DumpLayerNodes",
    "FindCenterElement",
    "FindNearestElement",
    "GetPosition",
    "GetSourceNodes",
    "GetSourcePositions",
    "GetTargetNodes",
    "GetTargetPositions",
    "Mask",
    "PlotLayer",
    "PlotProbabilityParameter",
    "PlotSources",
    "PlotTargets",
    "SelectNodesByMask",
]


class Mask:
    """A spatial mask, made by :func:`CreateMask` and combined with ``|``, ``&`` and ``-``.

    Masks select the nodes of a layer around a position: in ``conn_spec``
    of ``Connect`` (``"mask"``), in :func:`SelectNodesByMask`, and in the
    plotting functions.
    """

    __slots__ = ("_spec",)

    def __init__(self, spec: dict) -> None:
        if not isinstance(spec, dict):
            raise TypeError("Masks must be created with nest.CreateMask().")
        self._spec = spec

    def _combine(self, op: str, other: Any, symbol: str) -> Mask:
        if not isinstance(other, Mask):
            raise NotImplementedError(f"Both operands of {symbol} must be masks.")
        for m in (self, other):
            if "grid" in m._spec:
                raise NESTErrors.KernelException("Grid masks can not be combined.")
        return Mask({"op": op, "args": [self._spec, other._spec]})

    def __or__(self, other: Any) -> Mask:
        return self._combine("or", other, "|")

    def __and__(self, other: Any) -> Mask:
        return self._combine("and", other, "&")

    def __sub__(self, other: Any) -> Mask:
        return self._combine("minus", other, "-")

    def Inside(self, point: Sequence[float]) -> bool:
        """Return True if `point` (relative to the mask's origin) is inside the mask."""
        return bool(_kernel.spatial_query("inside", point=[float(x) for x in point], mask=self._spec))

    def get(self) -> dict:
        """Return the mask's specification."""
        return dict(self._spec)

    def __repr__(self) -> str:
        return f"<nest.Mask {self._spec}>"


def mask_spec(mask: Any) -> dict:
    """Return the core's form of a mask given as a Mask or a specification dict."""
    if isinstance(mask, Mask):
        return mask._spec
    if isinstance(mask, dict):
        return {k: (mask_spec(v) if isinstance(v, Mask) else v) for k, v in mask.items()}
    raise TypeError(f"mask must be a nest Mask or a dictionary, got {type(mask).__name__}")


def CreateMask(masktype: str, specs: dict, anchor: Sequence[float] | None = None) -> Mask:
    """Create a spatial mask.

    Parameters
    ----------
    masktype : str
        ``"circular"``, ``"rectangular"``, ``"elliptical"``, ``"doughnut"``
        (2D), ``"spherical"``, ``"box"``, ``"ellipsoidal"`` (3D) or
        ``"grid"`` (grid layers, in grid steps).
    specs : dict
        The mask's settings (``radius``, ``lower_left``/``upper_right``,
        ``major_axis``/``minor_axis``, ``inner_radius``/``outer_radius``,
        ``shape``, ``anchor``, ``azimuth_angle``, ``polar_angle``, ...).
    anchor : sequence of float, optional
        Shift of the mask (whole grid steps for grid masks).

    Returns
    -------
    Mask

    Raises
    ------
    NESTErrors.BadProperty
        If the type is unknown or a setting is invalid.
    """
    spec: dict[str, Any] = {masktype: dict(specs)}
    if anchor is not None:
        spec["anchor"] = [float(a) for a in anchor]
    # Validate now, as NEST does when it creates the mask.
    if masktype != "grid":
        _kernel.spatial_query("inside", point=[0.0] * _mask_dim(spec), mask=spec)
    return Mask(spec)


def _mask_dim(spec: dict) -> int:
    three = {"spherical", "box", "ellipsoidal"}
    return 3 if any(k in three for k in spec) else 2


def _nodes(nodes: Any, what: str) -> NodeCollection:
    if not isinstance(nodes, NodeCollection):
        raise TypeError(f"{what} must be a NodeCollection")
    nodes._check_valid()
    return nodes


def _positions(nodes: NodeCollection, strict: bool = True) -> list[list[float]]:
    return _kernel.spatial_query("positions", ids=nodes.tolist(), strict=strict)


def _layer_geometry(nodes: NodeCollection) -> tuple[np.ndarray, bool]:
    status = nodes.spatial
    if status is None:
        raise NESTErrors.LayerExpected("The nodes have no spatial positions.")
    return np.asarray(status["extent"], dtype=float), bool(status["edge_wrap"])


def GetPosition(nodes: NodeCollection) -> list:
    """Return the positions of spatially distributed nodes.

    Parameters
    ----------
    nodes : NodeCollection

    Returns
    -------
    list
        The position ``[x, y(, z)]`` of a single node, or a list of them.

    Raises
    ------
    NESTErrors.LayerExpected
        If a node has no position.
    """
    nodes = _nodes(nodes, "nodes")
    pos = _positions(nodes, strict=len(nodes) != 1)
    return pos[0] if len(nodes) == 1 else pos


def _as_points(arg: Any) -> list[list[float]]:
    if isinstance(arg, np.ndarray):
        arg = [arg] if arg.ndim == 1 else list(arg)
    points = [[float(x) for x in p] for p in arg]
    return points


def _displacements(from_arg: Any, to_arg: Any) -> list[list[float]]:
    to_arg = _nodes(to_arg, "to_arg")
    if isinstance(from_arg, NodeCollection):
        from_arg._check_valid()
        if len(from_arg) > 1 and len(to_arg) > 1 and len(from_arg) != len(to_arg):
            raise ValueError("to_arg and from_arg must have same size unless one have size 1.")
        # NEST measures from the positions of to_arg to the nodes of from_arg.
        return _kernel.spatial_query("displacement", to=_positions(to_arg), **{"from": from_arg.tolist()})
    points = _as_points(from_arg)
    if len(points) > 1 and len(to_arg) > 1 and len(points) != len(to_arg):
        raise ValueError("to_arg and from_arg must have same size unless one have size 1.")
    return _kernel.spatial_query("displacement", to=points, **{"from": to_arg.tolist()})


def Displacement(from_arg: Any, to_arg: NodeCollection) -> list:
    """Return the displacements between nodes or positions and nodes.

    Periodic boundaries are taken into account (the shortest displacement
    over the edges).

    Parameters
    ----------
    from_arg : NodeCollection or list of positions or numpy.ndarray
    to_arg : NodeCollection
        If one argument has a single entry, it is paired with every entry
        of the other.

    Returns
    -------
    list of list of float
        As NEST: ``position(from) - position(to)`` for two collections,
        ``position(to) - point`` for positions.
    """
    return _displacements(from_arg, to_arg)


def Distance(from_arg: Any, to_arg: NodeCollection) -> list:
    """Return the distances between nodes or positions and nodes (periodic boundaries honoured).

    Parameters
    ----------
    from_arg : NodeCollection or list of positions or numpy.ndarray
    to_arg : NodeCollection

    Returns
    -------
    list of float
    """
    return [float(np.sqrt(sum(x * x for x in d))) for d in _displacements(from_arg, to_arg)]


def FindNearestElement(layer: NodeCollection, locations: Any, find_all: bool = False) -> Any:
    """Return the node(s) of `layer` nearest to one or several locations.

    Parameters
    ----------
    layer : NodeCollection
    locations : position or list of positions
    find_all : bool, optional
        Return all nodes at the smallest distance (as a list) instead of one.

    Returns
    -------
    NodeCollection or list
        One result per location; a single result if one location is given.
    """
    layer = _nodes(layer, "layer")
    if len(layer) == 0:
        raise ValueError("layer cannot be empty")
    if not isinstance(locations, (list, tuple, np.ndarray)):
        raise TypeError("locations must be coordinate array or list of coordinate arrays")
    if not isinstance(locations[0], (list, tuple, np.ndarray)):
        locations = [locations]
    result = []
    for loc in locations:
        d = np.asarray(Distance(np.asarray(loc, dtype=float), layer))
        if not find_all:
            result.append(layer[int(np.argmin(d))])
            continue
        best = d.min()
        result.append([layer[int(i)] for i in np.flatnonzero(np.abs(d - best) <= 1e-14 * best)])
    return result[0] if len(result) == 1 else result


def FindCenterElement(layer: NodeCollection) -> NodeCollection:
    """Return the node of `layer` nearest to its center (the first of several).

    Returns
    -------
    NodeCollection
        One node.
    """
    layer = _nodes(layer, "layer")
    status = layer.spatial
    if status is None:
        raise NESTErrors.LayerExpected("The nodes have no spatial positions.")
    return FindNearestElement(layer, list(status["center"]))


def SelectNodesByMask(layer: NodeCollection, anchor: Sequence[float], mask_obj: Mask) -> NodeCollection:
    """Return the nodes of `layer` inside `mask_obj` placed at `anchor`.

    Returns
    -------
    NodeCollection
        Sorted by id.
    """
    layer = _nodes(layer, "layer")
    ids = _kernel.spatial_query(
        "select", ids=layer.tolist(), anchor=[float(a) for a in anchor], mask=mask_spec(mask_obj)
    )
    return NodeCollection(ids)


def _rank_file(name: str) -> str:
    from .hl_api_info import NumProcesses, Rank

    n = NumProcesses()
    if n == 1:
        return name
    digits = len(str(n - 1))
    stem, dot, ext = name.partition(".")
    return f"{stem}-{Rank():0{digits}d}{dot}{ext}"


def _fmt(x: float) -> str:
    return f"{x:g}"


def DumpLayerNodes(layer: NodeCollection, outname: str | os.PathLike) -> None:
    """Write one line ``id x y(z)`` per node of `layer` to the file `outname`."""
    layer = _nodes(layer, "layer")
    pos = _positions(layer)
    with open(_rank_file(os.fspath(outname)), "w") as f:
        f.writelines(f"{node_id} " + " ".join(_fmt(x) for x in p) + "\n" for node_id, p in zip(layer.tolist(), pos, strict=True))


def DumpLayerConnections(
    source_layer: NodeCollection, target_layer: NodeCollection, synapse_model: str, outname: str | os.PathLike
) -> None:
    """Write the connections from `source_layer` to `target_layer` to the file `outname`.

    One line per connection: source id, target id, weight, delay and the
    displacement from source to target (periodic boundaries honoured).
    """
    from .hl_api_connections import GetConnections

    source_layer = _nodes(source_layer, "source_layer")
    target_layer = _nodes(target_layer, "target_layer")
    conns = GetConnections(source_layer, target_layer, synapse_model=synapse_model)
    lines = []
    if len(conns):
        st = conns.get(["source", "target", "weight", "delay"])
        src = np.atleast_1d(st["source"])
        tgt = np.atleast_1d(st["target"])
        w, d = np.atleast_1d(st["weight"]), np.atleast_1d(st["delay"])
        first = source_layer.tolist()
        src_pos = dict(zip(first, _positions(source_layer), strict=True))
        points = [src_pos[int(s)] for s in src]
        disp = _kernel.spatial_query("displacement", to=points, **{"from": [int(t) for t in tgt]})
        for i in range(len(src)):
            lines.append(
                f"{int(src[i])} {int(tgt[i])} {_fmt(w[i])} {_fmt(d[i])} " + " ".join(_fmt(x) for x in disp[i]) + "\n"
            )
    with open(_rank_file(os.fspath(outname)), "w") as f:
        f.writelines(lines)


def _connections(sources: NodeCollection, targets: NodeCollection, syn_model: str | None) -> tuple[Any, Any]:
    from .hl_api_connections import GetConnections

    conns = GetConnections(sources, targets, synapse_model=syn_model)
    if len(conns) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    st = conns.get(["source", "target"])
    return np.atleast_1d(st["source"]).astype(np.int64), np.atleast_1d(st["target"]).astype(np.int64)


def GetTargetNodes(sources: NodeCollection, tgt_layer: NodeCollection, syn_model: str | None = None) -> tuple:
    """Return, for every node of `sources`, its targets in `tgt_layer` (a NodeCollection each)."""
    sources = _nodes(sources, "sources")
    tgt_layer = _nodes(tgt_layer, "tgt_layer")
    src, tgt = _connections(sources, tgt_layer, syn_model)
    return tuple(NodeCollection(np.unique(tgt[src == s]).tolist()) for s in sources.tolist())


def GetSourceNodes(src_layer: NodeCollection, targets: NodeCollection, syn_model: str | None = None) -> tuple:
    """Return, for every node of `targets`, its sources in `src_layer` (a NodeCollection each)."""
    src_layer = _nodes(src_layer, "src_layer")
    targets = _nodes(targets, "targets")
    src, tgt = _connections(src_layer, targets, syn_model)
    return tuple(NodeCollection(np.unique(src[tgt == t]).tolist()) for t in targets.tolist())


def GetTargetPositions(sources: NodeCollection, tgt_layer: NodeCollection, syn_model: str | None = None) -> list:
    """Return, for every node of `sources`, the positions of its targets in `tgt_layer` (one per connection)."""
    sources = _nodes(sources, "sources")
    tgt_layer = _nodes(tgt_layer, "tgt_layer")
    pos = dict(zip(tgt_layer.tolist(), _positions(tgt_layer), strict=True))
    src, tgt = _connections(sources, tgt_layer, syn_model)
    return [[pos[int(t)] for t in tgt[src == s]] for s in sources.tolist()]


def GetSourcePositions(src_layer: NodeCollection, targets: NodeCollection, syn_model: str | None = None) -> list:
    """Return, for every node of `targets`, the positions of its sources in `src_layer` (one per connection)."""
    src_layer = _nodes(src_layer, "src_layer")
    targets = _nodes(targets, "targets")
    pos = dict(zip(src_layer.tolist(), _positions(src_layer), strict=True))
    src, tgt = _connections(src_layer, targets, syn_model)
    return [[pos[int(s)] for s in src[tgt == t]] for t in targets.tolist()]


# --------------------------------------------------------------------------
# Plotting


def _draw_extent(ax: Any, center: Sequence[float], extent: Sequence[float]) -> None:
    """Frame the layer's box and zoom the axes to it."""
    x0, x1 = center[0] - extent[0] / 2, center[0] + extent[0] / 2
    y0, y1 = center[1] - extent[1] / 2, center[1] + extent[1] / 2
    ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="k", lw=1.0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", "box")


def PlotLayer(layer: NodeCollection, fig: Any = None, nodecolor: Any = "b", nodesize: float = 20) -> Any:
    """Plot the nodes of a 2D or 3D `layer` at their positions.

    Parameters
    ----------
    layer : NodeCollection
    fig : matplotlib.figure.Figure, optional
        Figure to draw into (a new one by default).
    nodecolor : matplotlib color, optional
    nodesize : float, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    layer = _nodes(layer, "layer")
    status = layer.spatial
    if status is None:
        raise NESTErrors.LayerExpected("PlotLayer needs nodes with positions.")
    pos = np.asarray(_positions(layer), dtype=float)
    if fig is None:
        fig = plt.figure()
    if pos.shape[1] == 2:
        ax = fig.gca() if fig.axes else fig.add_subplot(111)
        ax.scatter(pos[:, 0], pos[:, 1], s=nodesize, facecolor=nodecolor, edgecolor="none")
        _draw_extent(ax, status["center"], status["extent"])
    else:
        ax = fig.add_subplot(111, projection="3d")
        ax.scatter(pos[:, 0], pos[:, 1], pos[:, 2], s=nodesize, c=nodecolor)
    plt.draw_if_interactive()
    return fig


def _periodic_images(point: np.ndarray, extent: Sequence[float]) -> list[np.ndarray]:
    return [point + np.array([i * extent[0], j * extent[1]]) for i in (-1, 0, 1) for j in (-1, 0, 1) if i or j]


def _mask_patches(mask: dict, periodic: bool, extent: Sequence[float], at: np.ndarray, color: Any) -> list:
    """matplotlib patches outlining a 2D mask placed at `at`."""
    import matplotlib.patches as mpatches
    import matplotlib.transforms as mtransforms

    style = {"fc": color, "ec": "black", "alpha": 0.2, "lw": 2}
    offset = np.asarray(mask.get("anchor", [0.0, 0.0]), dtype=float)
    places = [at + offset] + (_periodic_images(at + offset, extent) if periodic else [])
    patches = []
    for p in places:
        if "circular" in mask:
            m = mask["circular"]
            patches.append(mpatches.Circle(p + np.asarray(m.get("anchor", [0, 0])), m["radius"], **style))
        elif "doughnut" in mask:
            m = mask["doughnut"]
            c = p + np.asarray(m.get("anchor", [0, 0]))
            width = m["outer_radius"] - m["inner_radius"]
            patches.append(mpatches.Wedge(c, m["outer_radius"], 0, 360, width=width, **style))
        elif "rectangular" in mask:
            m = mask["rectangular"]
            ll, ur = np.asarray(m["lower_left"], dtype=float), np.asarray(m["upper_right"], dtype=float)
            rect = mpatches.Rectangle(p + ll, *(ur - ll), **style)
            angle = m.get("azimuth_angle", 0.0)
            if angle:
                c = p + (ll + ur) / 2
                rect.set_transform(mtransforms.Affine2D().rotate_deg_around(c[0], c[1], angle))
                rect._nest_rotated = True  # the axes' data transform is added when drawn
            patches.append(rect)
        elif "elliptical" in mask:
            m = mask["elliptical"]
            c = p + np.asarray(m.get("anchor", [0, 0]), dtype=float)
            patches.append(
                mpatches.Ellipse(c, m["major_axis"], m["minor_axis"], angle=m.get("azimuth_angle", 0.0), **style)
            )
        else:
            raise ValueError("Mask type cannot be plotted with this version of PyNEST.")
    return patches


def _add_patches(ax: Any, patches: list) -> None:
    for patch in patches:
        if getattr(patch, "_nest_rotated", False):
            patch.set_transform(patch.get_transform() + ax.transData)
        ax.add_patch(patch)


def _probability_image(ax: Any, center_node: NodeCollection, parameter: Any, extent: Sequence[float],
                       center: Sequence[float], cmap: str) -> None:
    x0, x1 = center[0] - extent[0] / 2, center[0] + extent[0] / 2
    y0, y1 = center[1] - extent[1] / 2, center[1] + extent[1] / 2
    xs, ys = np.linspace(x0, x1, 100), np.linspace(y0, y1, 100)
    grid = [[x, y] for y in ys[::-1] for x in xs]
    values = np.asarray(parameter.apply(center_node, grid), dtype=float).reshape(100, 100)
    ax.imshow(values, extent=(x0, x1, y0, y1), cmap=cmap, vmin=0.0, alpha=0.8, origin="upper")


def _plot_partners(
    driver: NodeCollection,
    layer: NodeCollection,
    partners: list,
    fig: Any,
    mask: Any,
    probability_parameter: Any,
    driver_style: tuple[Any, float],
    partner_style: tuple[Any, float],
    mask_color: Any,
    cmap: str,
) -> Any:
    import matplotlib.pyplot as plt

    status = layer.spatial
    if status is None:
        raise NESTErrors.LayerExpected("The layer has no positions.")
    pts = np.asarray(partners, dtype=float).reshape(-1, len(status["extent"]))
    here = np.asarray(GetPosition(driver), dtype=float)
    if fig is None:
        fig = plt.figure()
    if len(status["extent"]) == 3:
        ax = fig.add_subplot(111, projection="3d")
        ax.scatter(pts[:, 0], pts[:, 1], pts[:, 2], s=partner_style[1], c=partner_style[0])
        ax.scatter([here[0]], [here[1]], [here[2]], s=driver_style[1], c=driver_style[0])
        return fig
    ax = fig.gca() if fig.axes else fig.add_subplot(111)
    if probability_parameter is not None:
        _probability_image(ax, driver, probability_parameter, status["extent"], status["center"], cmap)
    ax.scatter(pts[:, 0], pts[:, 1], s=partner_style[1], facecolor=partner_style[0], edgecolor="none", zorder=2)
    ax.scatter([here[0]], [here[1]], s=driver_style[1], facecolor=driver_style[0], edgecolor="none", zorder=3)
    if mask is not None:
        spec = mask_spec(mask)
        _add_patches(ax, _mask_patches(spec, bool(status["edge_wrap"]), status["extent"], here, mask_color))
    _draw_extent(ax, status["center"], status["extent"])
    plt.draw_if_interactive()
    return fig


def PlotTargets(
    src_nrn: NodeCollection,
    tgt_layer: NodeCollection,
    syn_type: str | None = None,
    fig: Any = None,
    mask: Any = None,
    probability_parameter: Any = None,
    src_color: Any = "red",
    src_size: float = 50,
    tgt_color: Any = "blue",
    tgt_size: float = 20,
    mask_color: Any = "yellow",
    probability_cmap: str = "Greens",
) -> Any:
    """Plot the targets of one source node `src_nrn` in `tgt_layer`.

    With `mask` (a mask specification) its outline is drawn around the
    source; with `probability_parameter` the connection probability is
    shown as an image below the targets (2D layers).

    Returns
    -------
    matplotlib.figure.Figure
    """
    src_nrn = _nodes(src_nrn, "src_nrn")
    if len(src_nrn) != 1:
        raise ValueError("src_nrn must be a single element.")
    partners = GetTargetPositions(src_nrn, tgt_layer, syn_type)[0]
    return _plot_partners(src_nrn, tgt_layer, partners, fig, mask, probability_parameter,
                          (src_color, src_size), (tgt_color, tgt_size), mask_color, probability_cmap)


def PlotSources(
    src_layer: NodeCollection,
    tgt_nrn: NodeCollection,
    syn_type: str | None = None,
    fig: Any = None,
    mask: Any = None,
    probability_parameter: Any = None,
    tgt_color: Any = "red",
    tgt_size: float = 50,
    src_color: Any = "blue",
    src_size: float = 20,
    mask_color: Any = "yellow",
    probability_cmap: str = "Greens",
) -> Any:
    """Plot the sources in `src_layer` of one target node `tgt_nrn` (see :func:`PlotTargets`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    tgt_nrn = _nodes(tgt_nrn, "tgt_nrn")
    if len(tgt_nrn) != 1:
        raise ValueError("tgt_nrn must be a single element.")
    partners = GetSourcePositions(src_layer, tgt_nrn, syn_type)[0]
    return _plot_partners(tgt_nrn, src_layer, partners, fig, mask, probability_parameter,
                          (tgt_color, tgt_size), (src_color, src_size), mask_color, probability_cmap)


def PlotProbabilityParameter(
    source: NodeCollection,
    parameter: Any = None,
    mask: Any = None,
    edges: Sequence[float] = (-0.5, 0.5, -0.5, 0.5),
    shape: Sequence[int] = (100, 100),
    ax: Any = None,
    prob_cmap: str = "Greens",
    mask_color: Any = "yellow",
) -> None:
    """Show the connection probability `parameter` (and/or a mask) around one `source` node.

    Parameters
    ----------
    source : NodeCollection
        One spatially distributed node.
    parameter : Parameter, optional
        A distance-dependent parameter, evaluated on a `shape` grid over
        `edges` (``[x_min, x_max, y_min, y_max]``).
    mask : dict or Mask, optional
    ax : matplotlib.axes.Axes, optional
    """
    import matplotlib.pyplot as plt

    if parameter is None and mask is None:
        raise ValueError("At least one of parameter or mask must be specified")
    source = _nodes(source, "source")
    if ax is None:
        _, ax = plt.subplots()
    x0, x1, y0, y1 = (float(e) for e in edges)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    if parameter is not None:
        # one column of the image per x, rows bottom (y0) to top (y1)
        values = np.zeros((int(shape[1]), int(shape[0])))
        ys = np.linspace(y0, y1, int(shape[1]))
        for i, x in enumerate(np.linspace(x0, x1, int(shape[0]))):
            values[:, i] = parameter.apply(source, [[x, y] for y in ys])
        img = ax.imshow(
            np.clip(values, 0.0, 1.0), extent=(x0, x1, y0, y1), origin="lower", cmap=prob_cmap, vmin=0.0, vmax=1.0
        )
        plt.colorbar(img, ax=ax, fraction=0.046, pad=0.04)
    if mask is not None:
        status = source.spatial
        periodic = bool(status["edge_wrap"]) if status else False
        extent = status["extent"] if status else [x1 - x0, y1 - y0]
        here = np.asarray(GetPosition(source), dtype=float)
        patches = _mask_patches(mask_spec(mask), periodic, extent, here, mask_color)
        for patch in patches:
            patch.set_zorder(0.5)
        _add_patches(ax, patches)
