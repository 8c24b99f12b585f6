"""Record the precise-spiking (off-grid) reference scenarios with NEST 3.10.

Scenarios live in testdata/nest310/ps/<name>/spec.json, in the format of
record.py (see ../README.md); this script records them with record.py's
own code, so the files written are the same kind. It also records
ps/chains/: small networks of precise devices and parrots that do not fit
the one-model format (see ps/README.md).

    /tmp/nest310/bin/python testdata/nest310/record_ps.py [patterns...]
"""

import fnmatch
import json
import sys
from pathlib import Path

import nest
import record

HERE = Path(__file__).resolve().parent
PS = HERE / "ps"


def spikes_csv(path: Path, sr) -> int:
    ev = sr.get("events")
    with open(path, "w") as f:
        f.write("sender,time_ms\n")
        for s, t in zip(ev["senders"], ev["times"]):
            f.write(f"{int(s)},{record.fmt(t)}\n")
    return len(ev["times"])


def chain_parrot() -> None:
    """spike_generator (precise) -> parrot_neuron_ps -> spike_recorder, two
    delays, at resolution 0.1, plus the kernel's off_grid_spiking."""
    out = PS / "chains" / "parrot_neuron_ps"
    out.mkdir(parents=True, exist_ok=True)
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    before = nest.GetKernelStatus("off_grid_spiking")
    sg = nest.Create("spike_generator", params={"precise_times": True,
                     "spike_times": [1.0, 2.0123, 2.0123, 5.55555, 7.3, 7.3001, 10.05]})
    parrots = nest.Create("parrot_neuron_ps", 2)
    after = nest.GetKernelStatus("off_grid_spiking")
    sr = nest.Create("spike_recorder")
    nest.Connect(sg, parrots[0], syn_spec={"delay": 1.0})
    nest.Connect(sg, parrots[1], syn_spec={"delay": 2.3})
    nest.Connect(parrots, sr)
    nest.Simulate(15.0)
    n = spikes_csv(out / "spikes.csv", sr)
    (out / "final.json").write_text(json.dumps({"off_grid_before": before, "off_grid_after": after,
                                                "t_spike": parrots[0].get("t_spike")}, indent=1) + "\n")
    print(f"chains/parrot_neuron_ps: {n} spikes")


def chain_neurons() -> None:
    """Precise neurons driving precise neurons: an iaf_psc_delta_ps and an
    iaf_psc_alpha_ps, each driven by its own dc_generator to fire off the
    grid, project (delays 1.3 and 0.7 ms) onto an iaf_psc_exp_ps and a
    parrot_neuron_ps; h = 0.1, two threads' worth of nodes on one."""
    out = PS / "chains" / "neurons"
    out.mkdir(parents=True, exist_ok=True)
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    a = nest.Create("iaf_psc_delta_ps", params={"I_e": 400.0})
    b = nest.Create("iaf_psc_alpha_ps", params={"I_e": 420.0, "tau_syn_ex": 0.8})
    c = nest.Create("iaf_psc_exp_ps", params={"I_e": 372.0})
    p = nest.Create("parrot_neuron_ps")
    nest.Connect(a, c, syn_spec={"weight": 500.0, "delay": 1.3})
    nest.Connect(b, c, syn_spec={"weight": -350.0, "delay": 0.7})
    nest.Connect(a, p, syn_spec={"delay": 1.3})
    nest.Connect(b, b, syn_spec={"weight": 60.0, "delay": 0.7})
    sr = nest.Create("spike_recorder")
    nest.Connect(a + b + c + p, sr)
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
    nest.Connect(mm, c)
    nest.Simulate(200.0)
    n = spikes_csv(out / "spikes.csv", sr)
    ev = mm.get("events")
    with open(out / "vm.csv", "w") as f:
        f.write("sender,time_ms,V_m\n")
        for s, t, v in zip(ev["senders"], ev["times"], ev["V_m"]):
            f.write(f"{int(s)},{record.fmt(t)},{record.fmt(v)}\n")
    print(f"chains/neurons: {n} spikes")


SG_TIMES = [0.1, 0.3, 0.30000000000000004, 1.05, 1.0500000001, 2.2999999999, 4.123456789, 7.0]


def chain_spike_generator() -> None:
    """spike_generator with precise_times or allow_offgrid_times -> two
    spike_recorders (time_in_steps and ms), at resolutions 0.1 and 0.05."""
    out = PS / "chains" / "spike_generator"
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for res in [0.1, 0.05]:
        for opt in ["precise_times", "allow_offgrid_times"]:
            nest.ResetKernel()
            nest.verbosity = nest.VerbosityLevel.ERROR
            nest.resolution = res
            sg = nest.Create("spike_generator", params={opt: True, "spike_times": SG_TIMES})
            steps = nest.Create("spike_recorder", params={"time_in_steps": True})
            ms = nest.Create("spike_recorder")
            nest.Connect(sg, steps)
            nest.Connect(sg, ms)
            nest.Simulate(10.0)
            cases.append({"resolution": res, "option": opt,
                          "spike_times": [float(x) for x in sg.get("spike_times")],
                          "steps": [int(x) for x in steps.get("events")["times"]],
                          "offsets": [float(x) for x in steps.get("events")["offsets"]],
                          "times": [float(x) for x in ms.get("events")["times"]],
                          "off_grid_spiking": nest.GetKernelStatus("off_grid_spiking")})
    (out / "cases.json").write_text(json.dumps({"spike_times": SG_TIMES, "cases": cases}, indent=1) + "\n")
    print(f"chains/spike_generator: {len(cases)} cases")


def stats_poisson() -> None:
    """poisson_generator_ps (rate 200/s, dead_time 2 ms) -> 100 parrot_neuron_ps
    over 1000 ms at resolution 0.1: spike count, mean and SD of the
    intervals, fraction of spikes off the grid, over 10 seeds."""
    import numpy as np
    out = PS / "stats"
    out.mkdir(parents=True, exist_ok=True)
    runs = []
    for seed in range(1, 11):
        nest.ResetKernel()
        nest.verbosity = nest.VerbosityLevel.ERROR
        nest.rng_seed = seed
        pg = nest.Create("poisson_generator_ps", params={"rate": 200.0, "dead_time": 2.0})
        parrots = nest.Create("parrot_neuron_ps", 100)
        sr = nest.Create("spike_recorder")
        nest.Connect(pg, parrots)
        nest.Connect(parrots, sr)
        nest.Simulate(1000.0)
        ev = sr.get("events")
        isis = []
        for s in set(ev["senders"]):
            t = np.sort(ev["times"][ev["senders"] == s])
            isis.extend(np.diff(t))
        isis = np.array(isis)
        runs.append({"count": int(len(ev["times"])), "isi_mean": float(isis.mean()), "isi_sd": float(isis.std()),
                     "isi_min": float(isis.min())})
    (out / "poisson_generator_ps.json").write_text(json.dumps({"rate": 200.0, "dead_time": 2.0, "targets": 100,
                                                             "T": 1000.0, "runs": runs}, indent=1) + "\n")
    print("stats/poisson_generator_ps:", runs[0])


def main(argv: list[str]) -> int:
    if not nest.__version__.startswith("3.10"):
        print(f"record_ps.py needs NEST 3.10, this is {nest.__version__}", file=sys.stderr)
        return 1
    for spec in sorted(PS.glob("*/spec.json")):
        if argv and not any(fnmatch.fnmatch(spec.parent.name, p) for p in argv):
            continue
        record.record(spec)
    if not argv or any(fnmatch.fnmatch("chains", p) for p in argv):
        chain_parrot()
        chain_spike_generator()
        chain_neurons()
    if not argv or any(fnmatch.fnmatch("stats", p) for p in argv):
        stats_poisson()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
