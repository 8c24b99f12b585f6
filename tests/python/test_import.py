"""What `import nest` does and does not do."""

import subprocess
import sys
import textwrap

import nest


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=True
    )


def test_import_prints_nothing_and_skips_heavy_modules():
    result = _run(
        """
        import sys
        import nest
        heavy = [m for m in ("pyarrow", "matplotlib", "pandas") if m in sys.modules]
        print(",".join(heavy) or "none", end="")
        """
    )
    assert result.stdout == "none"
    assert result.stderr == ""


def test_plot_helpers_are_attributes_without_import():
    result = _run(
        """
        import nest
        print(callable(nest.voltage_trace.from_device), callable(nest.raster_plot.from_device), end="")
        """
    )
    assert result.stdout == "True True"


def test_public_names():
    for name in (
        "ResetKernel",
        "Simulate",
        "Create",
        "Connect",
        "GetKernelStatus",
        "SetKernelStatus",
        "set",
        "get",
        "GetDefaults",
        "SetDefaults",
        "Models",
        "GetStatus",
        "SetStatus",
        "NodeCollection",
        "NESTError",
        "NESTErrors",
    ):
        assert hasattr(nest, name), name
    assert nest.kernel.NESTError is nest.NESTError
    assert set(nest.__all__) <= set(dir(nest))


def test_module_logger_is_silent_by_default():
    import logging

    logger = logging.getLogger("nest")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
