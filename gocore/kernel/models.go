package kernel

import (
	"sort"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/models"
	"github.com/gonest/gonest/gocore/node"
)

// nodeModels maps model names to constructors of their default instance.
var nodeModels = map[string]func() node.Node{
	"iaf_tum_2000":   func() node.Node { return models.NewIafTum2000() },
	"dc_generator":   func() node.Node { return devices.NewDCGenerator() },
	"multimeter":     func() node.Node { return devices.NewMultimeter() },
	"voltmeter":      func() node.Node { return devices.NewVoltmeter() },
	"spike_recorder": func() node.Node { return devices.NewSpikeRecorder() },
}

// synapseModels lists the synapse models and their default weight and delay.
var synapseModels = map[string]synapseDefaults{
	"static_synapse": {Weight: 1.0, Delay: 1.0},
}

// synapseDefaults are the settable defaults of a synapse model.
type synapseDefaults struct {
	Weight float64 // weight, pA or mV depending on the target
	Delay  float64 // delay, ms
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
