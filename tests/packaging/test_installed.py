"""When scripts/test.sh runs pytest (it sets GONEST_REQUIRE_INSTALLED=1),
`nest` must be the installed package, not the work tree's python/nest."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(os.environ.get("GONEST_REQUIRE_INSTALLED") != "1",
                    reason="only under scripts/test.sh (GONEST_REQUIRE_INSTALLED=1)")
def test_nest_is_the_installed_package():
    import nest
    import nest._gonest.pybind as core

    for mod in (nest, core):
        path = Path(mod.__file__).resolve()
        assert ROOT not in path.parents, f"{mod.__name__} imported from the work tree: {path}"
    assert core.RecordingBytes() >= 0
