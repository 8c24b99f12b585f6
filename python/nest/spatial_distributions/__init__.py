"""Distance-dependent functions of parameters: ``nest.spatial_distributions``.

Each returns a parameter computed from its argument(s), usually
``nest.spatial.distance``, e.g. as a connection probability::

    p = nest.spatial_distributions.gaussian(nest.spatial.distance, std=0.25)
"""

from __future__ import annotations

from typing import Any

from ..lib.hl_api_parameters import CreateParameter, Parameter

__all__ = ["exponential", "gabor", "gamma", "gaussian", "gaussian2D"]


def exponential(x: Any, beta: float = 1.0) -> Parameter:
    """``exp(-x / beta)``."""
    return CreateParameter("exp_distribution", {"x": x, "beta": beta})


def gaussian(x: Any, mean: float = 0.0, std: float = 1.0) -> Parameter:
    """``exp(-(x - mean)**2 / (2 std**2))``."""
    return CreateParameter("gaussian", {"x": x, "mean": mean, "std": std})


def gaussian2D(
    x: Any,
    y: Any,
    mean_x: float = 0.0,
    mean_y: float = 0.0,
    std_x: float = 1.0,
    std_y: float = 1.0,
    rho: float = 0.0,
) -> Parameter:
    """The bivariate Gaussian ``exp(-(dx^2/sx^2 + dy^2/sy^2 - 2 rho dx dy/(sx sy)) / (2 (1 - rho^2)))``."""
    return CreateParameter(
        "gaussian2d",
        {"x": x, "y": y, "mean_x": mean_x, "mean_y": mean_y, "std_x": std_x, "std_y": std_y, "rho": rho},
    )


def gamma(x: Any, kappa: float = 1.0, theta: float = 1.0) -> Parameter:
    """The gamma density ``x**(kappa-1) exp(-x/theta) / (theta**kappa Gamma(kappa))``."""
    return CreateParameter("gamma", {"x": x, "kappa": kappa, "theta": theta})


def gabor(
    x: Any, y: Any, theta: float = 0.0, gamma: float = 1.0, std: float = 1.0, lam: float = 1.0, psi: float = 0.0
) -> Parameter:
    """A rectified Gabor function of the displacements `x` and `y`.

    With ``x' = x cos(theta) + y sin(theta)`` and ``y' = -x sin(theta) + y
    cos(theta)`` (theta in degrees) its value is ``exp(-(gamma^2 x'^2 +
    y'^2) / (2 std^2)) * max(cos(2 pi y' / lam + psi), 0)`` (psi in degrees).
    """
    return CreateParameter(
        "gabor", {"x": x, "y": y, "theta": theta, "gamma": gamma, "std": std, "lam": lam, "psi": psi}
    )
