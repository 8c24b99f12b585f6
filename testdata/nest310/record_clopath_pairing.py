"""Record NEST 3.10's results of the clopath_synapse_spike_pairing.py example.

Run with NEST 3.10's Python (never gonest's)::

    /tmp/nest310/bin/python testdata/nest310/record_clopath_pairing.py

For each of the example's ten pairings (presynaptic parrot spikes and
postsynaptic drive of an aeif_psc_delta_clopath with the example's
parameters, a clopath_synapse copy reporting to a weight_recorder) writes
to synapses/clopath_spike_pairing/result.json the connection's final
weight and x_bar and the weight_recorder's events (times, weights).
spec.json holds the parameters gonest's test rebuilds it from.
"""

from __future__ import annotations

import json
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent / "synapses" / "clopath_spike_pairing"

NRN = {"V_m": -70.6, "E_L": -70.6, "C_m": 281.0, "theta_minus": -70.6, "theta_plus": -45.3, "A_LTD": 14.0e-5,
       "A_LTP": 8.0e-5, "tau_u_bar_minus": 10.0, "tau_u_bar_plus": 7.0, "delay_u_bars": 4.0, "a": 4.0,
       "b": 0.0805, "V_reset": -70.6 + 21.0, "V_clamp": 33.0, "t_clamp": 2.0, "t_ref": 0.0}
PRE = [[20.0, 120.0, 220.0, 320.0, 420.0], [20.0, 70.0, 120.0, 170.0, 220.0], [20.0, 53.3, 86.7, 120.0, 153.3],
       [20.0, 45.0, 70.0, 95.0, 120.0], [20.0, 40.0, 60.0, 80.0, 100.0],
       [120.0, 220.0, 320.0, 420.0, 520.0, 620.0], [70.0, 120.0, 170.0, 220.0, 270.0, 320.0],
       [53.3, 86.6, 120.0, 153.3, 186.6, 220.0], [45.0, 70.0, 95.0, 120.0, 145.0, 170.0],
       [40.0, 60.0, 80.0, 100.0, 120.0, 140.0]]
POST = [[10.0, 110.0, 210.0, 310.0, 410.0], [10.0, 60.0, 110.0, 160.0, 210.0], [10.0, 43.3, 76.7, 110.0, 143.3],
        [10.0, 35.0, 60.0, 85.0, 110.0], [10.0, 30.0, 50.0, 70.0, 90.0],
        [130.0, 230.0, 330.0, 430.0, 530.0, 630.0], [80.0, 130.0, 180.0, 230.0, 280.0, 330.0],
        [63.3, 96.6, 130.0, 163.3, 196.6, 230.0], [55.0, 80.0, 105.0, 130.0, 155.0, 180.0],
        [50.0, 70.0, 90.0, 110.0, 130.0, 150.0]]
SPEC = {"neuron_params": NRN, "pre": PRE, "post": POST, "init_w": 0.5, "drive_weight": 80.0, "resolution": 0.1}


def main() -> None:
    runs = []
    for pre, post in zip(PRE, POST):
        nest.ResetKernel()
        nest.set(resolution=SPEC["resolution"], print_time=False)
        nrn = nest.Create("aeif_psc_delta_clopath", params=NRN)
        prrt = nest.Create("parrot_neuron")
        sg_pre = nest.Create("spike_generator", params={"spike_times": pre})
        nest.Connect(sg_pre, prrt, syn_spec={"delay": SPEC["resolution"]})
        sg_post = nest.Create("spike_generator", params={"spike_times": post})
        nest.Connect(sg_post, nrn, syn_spec={"delay": SPEC["resolution"], "weight": SPEC["drive_weight"]})
        wr = nest.Create("weight_recorder")
        nest.CopyModel("clopath_synapse", "clopath_synapse_rec", {"weight_recorder": wr})
        nest.Connect(prrt, nrn, syn_spec={"synapse_model": "clopath_synapse_rec", "weight": SPEC["init_w"],
                                          "delay": SPEC["resolution"]})
        nest.Simulate(10.0 + max(pre[-1], post[-1]))
        c = nest.GetConnections(prrt, nrn).get()
        ev = wr.get("events")
        runs.append({"weight": c["weight"], "x_bar": c["x_bar"], "wr_times": ev["times"].tolist(),
                     "wr_weights": ev["weights"].tolist()})
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "spec.json").write_text(json.dumps(SPEC, indent=1) + "\n")
    (HERE / "result.json").write_text(json.dumps({"nest_version": nest.__version__, "runs": runs}, indent=1) + "\n")
    print([r["weight"] for r in runs])


if __name__ == "__main__":
    main()
