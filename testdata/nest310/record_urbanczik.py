"""Record NEST 3.10 reference data for gonest's urbanczik_synapse.

Run with NEST 3.10's Python (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/record_urbanczik.py

The scenario (synapses/urbanczik_synapse/spec.json) makes the rule
deterministic: the soma of the pp_cond_exp_mc_urbanczik target is held far
below threshold (I_e -1e5 pA, V_m starting at -230 mV), so that it never
spikes, while the dendrite is driven by spikes and currents; the dendritic
history then holds -phi(V*) h h(V*) in every step. Nodes: 1 the target,
2, 3 spike_generators of pre_times[0], pre_times[1] feeding parrots 4, 5,
6 a spike_generator of drive_times onto dendritic_exc (static,
drive_weight), 7 a dc_generator onto dendritic_curr. Parrot 4 reaches the
target through urbanczik_synapse on dendritic_exc (conns[0]), parrot 5
through one on dendritic_inh with a negative weight (conns[1]). After
each Simulate call result.json holds both connections' status (numeric
entries) as steps[call][conn].
"""

from __future__ import annotations

import json
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent / "synapses" / "urbanczik_synapse"

SPEC = {
    "resolution": 0.1,
    "target_params": {"soma": {"I_e": -1.0e5, "V_m": -230.0}, "dendritic": {"tau_syn_in": 5.0, "g_L": 25.0},
                      "phi_max": 0.05, "theta": -60.0, "g_ps": 0.0},
    "pre_times": [[5.0 + 7.3 * k for k in range(40)], [3.0 + 11.1 * k for k in range(25)]],
    "drive_times": [2.0 + 4.7 * k for k in range(60)],
    "drive_weight": 150.0,
    "dc": {"amplitude": 250.0, "start": 50.0, "stop": 180.0},
    "conns": [
        {"synapse_model": "urbanczik_synapse", "weight": 2.0, "delay": 1.0, "receptor_type": 3,
         "eta": 0.002, "tau_Delta": 40.0, "Wmax": 10.0, "Wmin": 0.0},
        {"synapse_model": "urbanczik_synapse", "weight": -3.0, "delay": 2.5, "receptor_type": 4,
         "eta": 0.004, "Wmax": -0.5, "Wmin": -20.0},
    ],
    "simulate": [73.3, 86.7, 120.0],
}


def plain(v):
    return v.tolist() if hasattr(v, "tolist") else v


def main() -> None:
    nest.ResetKernel()
    nest.set(resolution=SPEC["resolution"], print_time=False)
    nrn = nest.Create("pp_cond_exp_mc_urbanczik", params=SPEC["target_params"])
    sgs = nest.Create("spike_generator", 2, params=[{"spike_times": t} for t in SPEC["pre_times"]])
    parrots = nest.Create("parrot_neuron", 2)
    drive = nest.Create("spike_generator", params={"spike_times": SPEC["drive_times"]})
    dc = nest.Create("dc_generator", params=SPEC["dc"])
    nest.Connect(sgs, parrots, "one_to_one")
    nest.Connect(drive, nrn, syn_spec={"weight": SPEC["drive_weight"], "receptor_type": 3})
    nest.Connect(dc, nrn, syn_spec={"receptor_type": 6})
    sr = nest.Create("spike_recorder")
    nest.Connect(nrn, sr)
    for i, c in enumerate(SPEC["conns"]):
        nest.Connect(parrots[i], nrn, syn_spec=c)
    steps = []
    for t in SPEC["simulate"]:
        nest.Simulate(t)
        row = []
        for i in range(2):
            st = nest.GetConnections(parrots[i], nrn).get()
            row.append({k: plain(v) for k, v in st.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
                        and k not in ("source", "target", "port", "synapse_id", "target_thread", "sizeof")})
        steps.append(row)
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "spec.json").write_text(json.dumps(SPEC, indent=1) + "\n")
    result = {"nest_version": nest.__version__, "steps": steps, "spikes": plain(sr.get("events")["times"])}
    (HERE / "result.json").write_text(json.dumps(result, indent=1) + "\n")
    for row in steps:
        print([r["weight"] for r in row])
    print("target spikes:", len(result["spikes"]))


if __name__ == "__main__":
    main()
