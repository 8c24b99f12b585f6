"""Random parameters: ``nest.random.uniform(...)`` and friends.

Each function returns a :class:`nest.Parameter`. Use it as ``weight`` or
``delay`` in a ``syn_spec`` (the core draws one value per connection) or as
a node parameter in ``Create``/``set`` (drawn in Python, one value per
node; the values differ from NEST's, see
:mod:`nest.lib.hl_api_parameters`)::

    nest.Connect(pre, post, syn_spec={"weight": nest.random.normal(mean=1.0, std=0.1)})
    neurons = nest.Create("iaf_psc_alpha", 100, params={"V_m": nest.random.uniform(-70.0, -55.0)})

Parameters combine with numbers and with each other by arithmetic and
comparisons, and through ``nest.math`` and ``nest.logic``; each use draws
anew::

    nest.Connect(pre, post, syn_spec={"weight": -5.0 * nest.random.normal(20.0, 0.5)})
"""

from __future__ import annotations

from ..lib.hl_api_parameters import Parameter

__all__ = [
    "exponential",
    "lognormal",
    "normal",
    "uniform",
    "uniform_int",
]


def uniform(min: float = 0.0, max: float = 1.0) -> Parameter:
    """Uniform distribution on [min, max).

    Parameters
    ----------
    min, max : float, optional
        Interval bounds, ``min < max`` (defaults 0 and 1).

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty
        If ``min >= max``.
    """
    return Parameter("uniform", {"min": min, "max": max})


def uniform_int(max: int) -> Parameter:
    """Uniform distribution on the integers 0, 1, ..., max - 1.

    Parameters
    ----------
    max : int
        Number of values, at least 1.

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty
        If ``max < 1``.
    NESTErrors.TypeMismatch
        If `max` is not a whole number.
    """
    return Parameter("uniform_int", {"max": max})


def normal(mean: float = 0.0, std: float = 1.0) -> Parameter:
    """Normal (Gaussian) distribution.

    Parameters
    ----------
    mean : float, optional
        Mean (default 0).
    std : float, optional
        Standard deviation, > 0 (default 1).

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty
        If ``std <= 0``.
    """
    return Parameter("normal", {"mean": mean, "std": std})


def lognormal(mean: float = 0.0, std: float = 1.0) -> Parameter:
    """Log-normal distribution: ``exp(X)`` with X normal.

    Parameters
    ----------
    mean : float, optional
        Mean of the underlying normal distribution (default 0).
    std : float, optional
        Standard deviation of the underlying normal distribution, > 0
        (default 1).

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty
        If ``std <= 0``.
    """
    return Parameter("lognormal", {"mean": mean, "std": std})


def exponential(beta: float = 1.0) -> Parameter:
    """Exponential distribution with scale `beta` (mean `beta`).

    Parameters
    ----------
    beta : float, optional
        Scale, > 0 (default 1).

    Returns
    -------
    Parameter

    Raises
    ------
    NESTErrors.BadProperty
        If ``beta <= 0`` (NEST accepts any beta; gonest's connection
        draws need a positive one).
    """
    return Parameter("exponential", {"beta": beta})
