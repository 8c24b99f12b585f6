"""Recorder events: writable, independent, zero-copy arrays; Arrow output; no leaks."""

from __future__ import annotations

import gc
import subprocess
import sys

import nest
import numpy as np
import pytest
from nest import _arrow, _kernel


def recording_network(sim_time=50.0):
    nrns = nest.Create("iaf_psc_alpha", 2, params={"I_e": 400.0})
    mm = nest.Create("multimeter", params={"interval": 0.1, "record_from": ["V_m"]})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, nrns)
    nest.Connect(nrns, sr)
    nest.Simulate(sim_time)
    return nrns, mm, sr


def column_owner(array: np.ndarray) -> _arrow.Column:
    base = array
    while base is not None and not isinstance(base, _arrow.Column):
        base = getattr(base, "base", None)
    assert base is not None, "the array is not a view of an imported Arrow column"
    return base


def test_events_are_writable(kernel):
    _, mm, sr = recording_network()
    events = sr.get("events")
    times = events["times"]
    assert times.size > 0 and times.flags.writeable
    original = times.copy()
    times -= 0.1  # as NEST's users shift spike times in place
    np.testing.assert_array_equal(times, original - 0.1)
    np.testing.assert_array_equal(sr.get("events", "times"), original)
    vm = mm.events["V_m"]
    vm[:] = 0.0
    assert np.all(mm.events["V_m"] != 0.0)


def test_reads_are_independent(kernel):
    _, mm, _ = recording_network()
    first = mm.get("events", "V_m")
    second = mm.get("events", "V_m")
    assert first.ctypes.data != second.ctypes.data
    reference = second.copy()
    first[::7] = np.nan
    first += 5
    np.testing.assert_array_equal(second, reference)
    # Later recording does not reach an array already read, and a write
    # into it does not reach later reads.
    nest.Simulate(10.0)
    third = mm.get("events", "V_m")
    assert third.size > reference.size
    np.testing.assert_array_equal(third[: reference.size], reference)
    np.testing.assert_array_equal(second, reference)


def test_events_are_zero_copy(kernel):
    # 2 x 5000 samples: 80 kB per column, above the 64 kB from which the
    # core maps exports instead of copying them.
    _, mm, sr = recording_network(sim_time=500.0)
    for rec in (mm, sr):
        for name, column in rec.get("events").items():
            assert not column.flags.owndata, name
            owner = column_owner(column)
            assert column.ctypes.data == owner.address, name
            assert column.dtype == (np.int64 if name == "senders" else np.float64)
    for name, column in mm.get("events").items():
        assert column.nbytes >= 64 << 10, name
        assert column.ctypes.data % 4096 == 0, name  # the start of the export's own mapping


def test_written_arrays_release_their_memory(kernel):
    gc.collect()
    before = _kernel.recording_bytes()
    _, mm, sr = recording_network()
    views = [mm.get("events", "V_m"), sr.get("events")["times"]]
    for v in views:
        v *= 2
    nest.ResetKernel()
    assert _kernel.recording_bytes() > before  # the arrays still hold their pages
    del views, v
    gc.collect()
    assert _kernel.recording_bytes() == before


def test_many_reads_do_not_leak(kernel):
    _, mm, _ = recording_network()
    gc.collect()
    baseline = _kernel.recording_bytes()
    for _ in range(200):
        ev = mm.get("events")
        ev["times"] += 1
        del ev
    gc.collect()
    assert _kernel.recording_bytes() == baseline


def test_arrow_output_shares_the_buffers(kernel):
    pa = pytest.importorskip("pyarrow")
    _, mm, sr = recording_network()
    table = mm.get("events", output="arrow")
    assert isinstance(table, pa.Table)
    assert table.column_names == list(mm.get("events"))
    np.testing.assert_array_equal(table["V_m"].to_numpy(), mm.get("events", "V_m"))
    assert sr.get("events", "times", output="arrow").column_names == ["times"]
    # pyarrow takes the column's buffers, no copy.
    col = _kernel.export_arrow_column(mm.global_id, "V_m")
    arr = pa.array(col)
    assert arr.buffers()[1].address == col.address == np.asarray(col).ctypes.data
    both = (mm + sr).get("events", output="arrow")
    assert len(both) == 2 and both[1].column_names == ["senders", "times"]
    with pytest.raises(ValueError):
        mm.get("V_m", output="arrow")


def test_arrow_output_releases(kernel):
    pytest.importorskip("pyarrow")
    _, mm, _ = recording_network()
    gc.collect()
    baseline = _kernel.recording_bytes()
    tables = [mm.get("events", output="arrow") for _ in range(20)]
    assert _arrow.lent_count() >= 20
    del tables
    gc.collect()
    assert _arrow.lent_count() == 0
    assert _kernel.recording_bytes() == baseline


def test_unconsumed_capsules_release(kernel):
    _, mm, _ = recording_network()
    gc.collect()
    baseline = _kernel.recording_bytes()
    col = _kernel.export_arrow_column(mm.global_id, "times")
    schema, array = col.__arrow_c_array__()
    assert _arrow.lent_count() == 1
    del col, schema, array
    gc.collect()
    assert _arrow.lent_count() == 0
    assert _kernel.recording_bytes() == baseline


def test_polars_and_duckdb_read_without_copy(kernel):
    _, mm, _ = recording_network()
    table = mm.get("events", output="arrow")
    polars = pytest.importorskip("polars")
    frame = polars.from_arrow(table)
    np.testing.assert_array_equal(frame["V_m"].to_numpy(), table["V_m"].to_numpy())
    duckdb = pytest.importorskip("duckdb")
    events = table  # duckdb finds the Arrow table by its variable name
    n_rows, vmax = duckdb.sql("SELECT count(*), max(V_m) FROM events").fetchall()[0]
    assert n_rows == events.num_rows and vmax == max(table["V_m"].to_pylist())


def test_reading_events_imports_neither_pyarrow_nor_pandas():
    code = (
        "import sys, nest\n"
        "nest.set_verbosity('M_ERROR')\n"
        "sr = nest.Create('spike_recorder'); n = nest.Create('iaf_psc_alpha', params={'I_e': 500.0})\n"
        "nest.Connect(n, sr); nest.Simulate(50.0)\n"
        "ev = sr.get('events'); ev['times'] -= 1\n"
        "assert ev['times'].size > 0\n"
        "print(sorted(m for m in ('pyarrow', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
