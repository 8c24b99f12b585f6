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

	"iaf_psc_delta":     func() node.Node { return models.NewIafPscDelta() },
	"iaf_psc_exp":       func() node.Node { return models.NewIafPscExp() },
	"iaf_psc_alpha":     func() node.Node { return models.NewIafPscAlpha() },
	"parrot_neuron":     func() node.Node { return models.NewParrotNeuron() },
	"spike_generator":   func() node.Node { return devices.NewSpikeGenerator() },
	"poisson_generator": func() node.Node { return devices.NewPoissonGenerator() },
	"iaf_cond_exp":      func() node.Node { return models.NewIafCondExp() },
	"iaf_cond_alpha":    func() node.Node { return models.NewIafCondAlpha() },
	"aeif_cond_exp":     func() node.Node { return models.NewAeifCondExp() },

	"step_current_generator":       func() node.Node { return devices.NewStepCurrentGenerator() },
	"ac_generator":                 func() node.Node { return devices.NewACGenerator() },
	"noise_generator":              func() node.Node { return devices.NewNoiseGenerator() },
	"pulsepacket_generator":        func() node.Node { return devices.NewPulsePacketGenerator() },
	"sinusoidal_poisson_generator": func() node.Node { return devices.NewSinusoidalPoissonGenerator() },
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
