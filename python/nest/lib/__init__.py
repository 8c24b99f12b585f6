"""High-level PyNEST semantics, kept out of the Go core.

Each ``hl_api_*`` module holds one area of the API (node collections,
connections, simulation control, models, status access, errors). The
public names are gathered into the ``nest`` module by ``nest/__init__.py``.
"""
