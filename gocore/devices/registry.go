package devices

import (
	"fmt"

	"github.com/gonest/gonest/gocore/node"
)

// registry maps each device model's NEST name to the constructor of its
// default instance. Every model file adds itself from an init function,
// so that adding a model touches no shared list.
var registry = map[string]func() node.Node{}

// register adds a model; a name registered twice is a programming error.
func register(name string, mk func() node.Node) {
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("devices: %s registered twice", name))
	}
	registry[name] = mk
}

// Constructors returns the registered models by name (a copy the caller
// may change).
func Constructors() map[string]func() node.Node {
	out := make(map[string]func() node.Node, len(registry))
	for name, mk := range registry {
		out[name] = mk
	}
	return out
}
