package kernel

import (
	"math"
	"reflect"
	"slices"

	"github.com/gonest/gonest/gocore/node"
)

// Columnar reads of node status: one key over many nodes without building
// each node's status dictionary.
//
// A status entry that is also a recordable of the node's model (V_m,
// g_ex, w, ...) is read through node.Recordable.RecordableValue, which
// returns the very number Status reports. The kernel resolves the key to a
// recordable index once per model and checks, on the first node of that
// model, that NodeStatus has the key as a float64 with the same bits; a
// key that fails the check, or that is no recordable, makes the read fall
// back to NodeStatus (the caller's general path).

// floatReader reads one float status entry of the nodes of one model.
type floatReader struct {
	model string
	index int // recordable index; -1: the key is not readable this way
}

// NodeFloatColumn writes the value of status entry key of node ids[i]
// into out[i] (len(out) == len(ids)) when every node has it as a
// recordable float (see above) and reports true; it reports false, with
// out in an unspecified state, when some node needs its full status.
// Unknown ids give UnknownNode.
func (k *Kernel) NodeFloatColumn(ids []int, key string, out []float64) (bool, error) {
	var (
		cur    floatReader
		cached []floatReader
	)
	for i, id := range ids {
		n, err := k.node(id)
		if err != nil {
			return false, err
		}
		if !k.isLocal(id - 1) {
			return false, nil // only its process has its state (see remoteEntries)
		}
		model := k.modelOf[id-1]
		if model != cur.model || cur.model == "" {
			found := false
			for _, c := range cached {
				if c.model == model {
					cur, found = c, true
					break
				}
			}
			if !found {
				cur = floatReader{model: model, index: k.recordableIndex(id, n, key)}
				cached = append(cached, cur)
			}
		}
		if cur.index < 0 {
			return false, nil
		}
		out[i] = n.(node.Recordable).RecordableValue(cur.index)
	}
	return true, nil
}

// recordableIndex returns the recordable index of key on node id (of its
// model) when its status reports the key as the same float64, else -1.
func (k *Kernel) recordableIndex(id int, n node.Node, key string) int {
	rec, ok := n.(node.Recordable)
	if !ok {
		return -1
	}
	i := slices.Index(rec.Recordables(), key)
	if i < 0 {
		return -1
	}
	st, err := k.NodeStatus(id)
	if err != nil {
		return -1
	}
	v, ok := st[key].(float64)
	if !ok || math.Float64bits(v) != math.Float64bits(rec.RecordableValue(i)) {
		return -1
	}
	return i
}

// scratchCopies gives the checking pass of a status change a working copy
// of a neuron without allocating one per node: one scratch value per
// model type, overwritten with the node's fields (a shallow copy, as
// Clone's first step). A status change is transactional (SetStatus works
// on copies of parameters and state and commits them at the end), so the
// scratch copy sees the node's values and changes nothing the node
// shares. Only the models with direct float setters (node.FloatSetter:
// plain structs of numbers, whose Clone is this shallow copy) are copied
// so; the others (devices, whose SetStatus may reach shared outputs, and
// neurons with slices or trees that SetStatus may change in place, such
// as cm_default) get a Clone.
type scratchCopies struct {
	typ  []reflect.Type
	copy []reflect.Value // pointers to the scratch values
}

// of returns a working copy of n.
func (s *scratchCopies) of(n node.Node) node.Node {
	if _, flat := n.(node.FloatSetter); !flat || n.ElementType() != node.Neuron {
		return n.Clone()
	}
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return n.Clone()
	}
	t := v.Type()
	i := slices.Index(s.typ, t)
	if i < 0 {
		s.typ = append(s.typ, t)
		s.copy = append(s.copy, reflect.New(t.Elem()))
		i = len(s.typ) - 1
	}
	s.copy[i].Elem().Set(v.Elem())
	return s.copy[i].Interface().(node.Node)
}

// SetNodeFloats sets status entry key of node ids[i] to vals[i]
// (len(vals) == len(ids)) through the models' direct setters (see
// node.FloatSetter) and reports true; it reports false, with nothing
// changed, when the key is one the kernel handles or some node's model
// has no direct setter for it (the caller then takes SetNodeColumns).
// A direct setter cannot fail, so the change is all or nothing.
func (k *Kernel) SetNodeFloats(ids []int, key string, vals []float64) (bool, error) {
	if hasKernelKeys(map[string]any{key: nil}) {
		return false, nil
	}
	type modelSetter struct {
		model string
		set   func(node.Node, float64)
	}
	var cached []modelSetter
	setterOf := func(id int, n node.Node) func(node.Node, float64) {
		model := k.modelOf[id-1]
		for _, c := range cached {
			if c.model == model {
				return c.set
			}
		}
		var set func(node.Node, float64)
		if fs, ok := n.(node.FloatSetter); ok {
			set = fs.FloatSetter(key)
		}
		cached = append(cached, modelSetter{model, set})
		return set
	}
	// First every node is checked, then every node changes.
	for _, id := range ids {
		n, err := k.node(id)
		if err != nil {
			return false, err
		}
		if setterOf(id, n) == nil {
			return false, nil
		}
	}
	var (
		model string
		set   func(node.Node, float64)
	)
	for i, id := range ids {
		n := k.nodes[id-1]
		if m := k.modelOf[id-1]; m != model || set == nil {
			model, set = m, setterOf(id, n)
		}
		set(n, vals[i])
	}
	return true, nil
}
