package kernel

import (
	"sort"

	"github.com/gonest/gonest/gocore/devices"
	"github.com/gonest/gonest/gocore/models"
	"github.com/gonest/gonest/gocore/node"
)

// nodeModels maps model names to constructors of their default instance:
// the neuron models and devices that register themselves in their packages.
var nodeModels = func() map[string]func() node.Node {
	all := models.Constructors()
	for name, mk := range devices.Constructors() {
		if _, dup := all[name]; dup {
			panic("kernel: node model " + name + " registered as a neuron and as a device")
		}
		all[name] = mk
	}
	return all
}()

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
