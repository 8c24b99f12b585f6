"""A stand-in for ``nest._gonest.pybind`` that records what PyNEST sends.

It knows two node models and one synapse (plus copies made with
CopyModel), keeps node statuses and all_to_all / one_to_one connections in
Python lists and answers with the same JSON shapes and "<Name>: <message>"
errors as the Go adapter. Tests install it with ``nest._kernel.use_backend``
to check the Python layer on its own: which payloads it builds, how it
reads answers, how it reacts to errors and interrupts.
"""

from __future__ import annotations

import copy
import json

import numpy as np

NEURON_DEFAULTS = {
    "model": "fake_neuron",
    "element_type": "neuron",
    "V_m": -70.0,
    "C_m": 250.0,
    "spike_times": [],
}
RECORDER_DEFAULTS = {
    "model": "fake_recorder",
    "element_type": "recorder",
    "record_from": ["V_m"],
    "n_events": 0,
    "interval": 1.0,
    "start": 0.0,
    "stop": "inf",
}


class FakeCore:
    """Python imitation of the pybind functions (see module docstring)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.nodes: list[dict] = []
        self.kernel = {
            "resolution": 0.1,
            "biological_time": 0.0,
            "network_size": 0,
            "print_time": False,
            "rng_seed": 143202461,
            "mpi_rank": 0,
            "num_processes": 1,
            "total_num_virtual_procs": 1,
        }
        self.copies: dict[str, tuple[str, dict]] = {}  # new model -> (original, changed defaults)
        self.synapse_copies: list[str] = []
        self.connections: list[dict] = []
        self.events: dict[int, dict[str, np.ndarray]] = {}
        self.wait_script: list = []  # values/exceptions SimulateWait returns/raises in turn
        self.interrupted = False

    # kernel -----------------------------------------------------------
    def ResetKernel(self):
        self.calls.append(("ResetKernel",))
        self.__init__()

    def GetKernelStatus(self):
        self.calls.append(("GetKernelStatus",))
        return json.dumps(dict(self.kernel, network_size=len(self.nodes)))

    def SetKernelStatus(self, params_json):
        self.calls.append(("SetKernelStatus", json.loads(params_json)))
        params = json.loads(params_json)
        unknown = sorted(set(params) - set(self.kernel))
        if unknown:
            raise RuntimeError(f"UnaccessedDictionaryEntry: the kernel has no parameter(s) {unknown}")
        self.kernel.update(params)

    def Models(self):
        nodes = ["fake_neuron", "fake_recorder"] + [m for m in self.copies if m not in self.synapse_copies]
        return json.dumps({"nodes": sorted(nodes), "synapses": sorted(["static_synapse"] + self.synapse_copies)})

    def CopyModel(self, old, new, params_json):
        params = json.loads(params_json) if params_json else {}
        self.calls.append(("CopyModel", old, new, params))
        if new in json.loads(self.Models())["nodes"] + json.loads(self.Models())["synapses"]:
            raise RuntimeError(f"KernelException: A model called '{new}' already exists.")
        if old == "static_synapse" or old in self.synapse_copies:
            self.synapse_copies.append(new)
            self.copies[new] = (old, params)
            return
        self._apply(self._defaults(old), params)  # raises for unknown models and keys
        self.copies[new] = (old, params)

    def GetDefaults(self, model):
        self.calls.append(("GetDefaults", model))
        return json.dumps(self._defaults(model))

    def _defaults(self, model):
        if model in self.copies and model not in self.synapse_copies:
            old, params = self.copies[model]
            defaults = self._defaults(old)
            defaults.update(params, model=model)
            return defaults
        if model == "fake_neuron":
            return copy.deepcopy(NEURON_DEFAULTS)
        if model == "fake_recorder":
            return copy.deepcopy(RECORDER_DEFAULTS)
        raise RuntimeError(f"UnknownModelName: {model} is not a known model name.")

    # nodes ------------------------------------------------------------
    def Create(self, model, n, params_json):
        self.calls.append(("Create", model, n, json.loads(params_json) if params_json else None))
        defaults = self._defaults(model)
        params = json.loads(params_json) if params_json else {}
        per_node = params if isinstance(params, list) else [params] * n
        new = []
        for i, p in enumerate(per_node):
            status = copy.deepcopy(defaults)
            self._apply(status, p)
            status["global_id"] = len(self.nodes) + i + 1
            new.append(status)
        self.nodes.extend(new)
        return new[0]["global_id"]

    @staticmethod
    def _apply(status, params):
        unknown = sorted(set(params) - set(status))
        if unknown:
            raise RuntimeError(f"UnaccessedDictionaryEntry: {status['model']} does not have {unknown}")
        status.update(params)

    def NumNodes(self):
        return len(self.nodes)

    def GetStatus(self, ids_json):
        self.calls.append(("GetStatus", json.loads(ids_json)))
        return json.dumps([self.nodes[i - 1] for i in json.loads(ids_json)])

    def GetStatusKeys(self, ids_json, keys_json):
        ids, keys = json.loads(ids_json), json.loads(keys_json) + ["element_type"]
        self.calls.append(("GetStatusKeys", ids, keys))
        return json.dumps([{k: v for k, v in self.nodes[i - 1].items() if k in keys} for i in ids])

    def SetStatus(self, ids_json, params_json):
        ids, params = json.loads(ids_json), json.loads(params_json)
        self.calls.append(("SetStatus", ids, params))
        per_node = params if len(params) == len(ids) else params * len(ids)
        staged = [copy.deepcopy(self.nodes[i - 1]) for i in ids]
        for status, p in zip(staged, per_node, strict=True):
            self._apply(status, p)
        for i, status in zip(ids, staged, strict=True):
            self.nodes[i - 1] = status

    # connections --------------------------------------------------------
    def Connect(self, pre_json, post_json, conn_json, syn_json):
        self.calls.append(
            (
                "Connect",
                json.loads(pre_json),
                json.loads(post_json),
                json.loads(conn_json),
                json.loads(syn_json) if syn_json else None,
            )
        )
        pre, post, conn = json.loads(pre_json), json.loads(post_json), json.loads(conn_json)
        syn = json.loads(syn_json) if syn_json else {}
        if conn["rule"] == "all_to_all":
            pairs = [(s, t) for t in post for s in pre]
        elif conn["rule"] == "one_to_one":
            pairs = list(zip(pre, post, strict=True))
        else:
            raise RuntimeError("BadProperty: unknown connection rule")
        if not conn.get("allow_autapses", True):
            pairs = [(s, t) for s, t in pairs if s != t]
        model = syn.get("synapse_model", "static_synapse")
        if model not in json.loads(self.Models())["synapses"]:
            raise RuntimeError(f"UnknownSynapseType: Synapse model '{model}' does not exist.")
        for k, (s, t) in enumerate(pairs):
            value = {key: syn.get(key, 1.0) for key in ("weight", "delay")}
            value = {key: (v[k] if isinstance(v, list) else v) for key, v in value.items()}
            self.connections.append({"source": s, "target": t, "synapse_model": model, "receptor": 0, **value})

    def NumConnections(self):
        return len(self.connections)

    def GetConnections(self, sources_json, targets_json, synapse_model):
        sources, targets = json.loads(sources_json), json.loads(targets_json)
        self.calls.append(("GetConnections", sources, targets, synapse_model))
        if synapse_model and synapse_model not in json.loads(self.Models())["synapses"]:
            raise RuntimeError(f"UnknownSynapseType: Synapse model '{synapse_model}' does not exist.")
        rows = [
            c
            for c in self.connections
            if (sources is None or c["source"] in sources)
            and (targets is None or c["target"] in targets)
            and (not synapse_model or c["synapse_model"] == synapse_model)
        ]
        rows.sort(key=lambda c: (c["source"], c["target"], c["synapse_model"]))
        keys = ("source", "target", "synapse_model", "weight", "delay", "receptor")
        return json.dumps({k: [c[k] for c in rows] for k in keys})

    # simulation -----------------------------------------------------------
    def SimulateStart(self, t):
        self.calls.append(("SimulateStart", t))

    def SimulateWait(self, timeout_ms):
        self.calls.append(("SimulateWait", timeout_ms))
        if not self.wait_script:
            return True
        step = self.wait_script.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step

    def SimulateInterrupt(self, goRun=False):
        self.calls.append(("SimulateInterrupt",))
        self.interrupted = True

    # recordings ------------------------------------------------------------
    def EventColumns(self, node_id):
        return json.dumps(list(self.events.get(node_id, {"senders": None, "times": None})))

    def ExportEvents(self, node_id, column, array_addr, schema_addr):
        import pyarrow as pa

        values = self.events[node_id][column]
        pa.array(values)._export_to_c(array_addr, schema_addr)

    def RecordingBytes(self):
        return 0
