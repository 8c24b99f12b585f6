"""Shared fixtures for the PyNEST-layer tests.

The tests import ``nest`` as users do; ``scripts/test.sh`` runs them against
the installed package, and a development run uses ``PYTHONPATH=python``
after ``python tools/build_ext.py --inplace``.
"""

from __future__ import annotations

import os

import pytest

# Plot tests draw off-screen; must be chosen before pyplot is imported.
os.environ.setdefault("MPLBACKEND", "Agg")

import nest


@pytest.fixture
def kernel():
    """A freshly reset kernel (the tests own the process-wide kernel)."""
    nest.ResetKernel()
    yield nest
    nest.ResetKernel()
