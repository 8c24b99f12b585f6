package kernel

import (
	"reflect"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// putLayoutEntries adds to a node model's defaults the four entries NEST
// reports about its memory pools: elementsize (bytes of one node; here
// the size of gonest's node value of the model, so not NEST's figure),
// and per thread instantiations (nodes of the model made on this process
// for that thread; a device copied on every process counts on every
// thread, as NEST makes one per thread), capacity (equal to
// instantiations: gonest keeps no pool of spare nodes) and available
// (always 0, for the same reason).
func (k *Kernel) putLayoutEntries(d dict.Dict, model string, proto node.Node) {
	n := make([]int, max(k.numThreads, 1))
	for i, m := range k.modelOf {
		if m != model || !k.isLocal(i) {
			continue
		}
		if k.replica[i] {
			for t := range n {
				n[t]++
			}
			continue
		}
		n[max(int(k.threadIdx[i]), 0)%len(n)]++
	}
	size := 0
	if t := reflect.TypeOf(proto); t != nil {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		size = int(t.Size())
	}
	d["elementsize"] = size
	d["instantiations"] = n
	d["capacity"] = append([]int(nil), n...)
	d["available"] = make([]int, len(n))
}
