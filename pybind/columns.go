package pybind

// The columnar path for bulk values. Node ids cross as a range (first,
// step, n) or as the address of n int64 values in the caller's memory (a
// NumPy or Arrow int64 buffer); per-node values leave Go as Arrow columns
// (see GetNodeColumns and ExportNodeColumn) and enter it as typed buffers
// named in a small JSON spec (see SetNodeColumns). JSON carries only what
// is irregular: values of mixed or composite type, string dictionaries,
// the specs themselves.
//
// Ownership: addresses given to Go are read during the call only; the
// caller keeps the memory alive (and unchanged) until the call returns,
// and Go keeps no pointer into it. Columns leave Go as exports of a
// record.Table in the kernel's C memory, owned by the consumer after the
// export (see record.Table.Export); ReleaseNodeColumns drops the table,
// exports stay valid until released.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"unsafe"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/record"
)

// the columns of the last GetNodeColumns
var nodeQuery *record.Table

// addrPointer turns an address received from Python into a pointer; the
// memory is the caller's (not Go's) and alive during the call.
func addrPointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}

// int64sAt views n int64 values at addr (caller's memory, read during the
// call only).
func int64sAt(addr uintptr, n int) []int64 {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*int64)(addrPointer(addr)), n)
}

func float64sAt(addr uintptr, n int) []float64 {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*float64)(addrPointer(addr)), n)
}

// nodeIDs returns the ids of a range (idsAddr 0: first, first+step, ...,
// n values) or the n int64 values at idsAddr.
func nodeIDs(first, step, n int, idsAddr uintptr) ([]int, error) {
	if n < 0 {
		return nil, nesterr.New(nesterr.ErrBadParameter, "a negative number of node ids (%d)", n)
	}
	if n > 1<<20 {
		if err := kern.CheckMemory(float64(n)*16, fmt.Sprintf("Reading %d node ids", n)); err != nil {
			return nil, err
		}
	}
	ids := make([]int, n)
	if idsAddr == 0 {
		for i := range ids {
			ids[i] = first + i*step
		}
		return ids, nil
	}
	for i, id := range int64sAt(idsAddr, n) {
		ids[i] = int(id)
	}
	return ids, nil
}

// absentValue marks a node that lacks a key.
type absentValue struct{}

// columnKind classifies the values of one key over the nodes: 'f' all
// float64, 'i' all integers, 'b' all booleans, 's' all strings, 0 mixed,
// missing somewhere or composite (then the values travel as JSON).
func columnKind(vals []any) byte {
	b := newColumnBuilder(len(vals), 0)
	for _, v := range vals {
		b.add(v)
	}
	if b.kind == 'u' {
		return 0
	}
	return b.kind
}

// GetNodeColumns reads the status of the nodes (a range or an int64
// buffer, see nodeIDs) and keeps, for each key in keysJSON (a JSON list;
// "null" for every key any node has), the values of all nodes as one column
// for ExportNodeColumn. It returns JSON {"n": nodes, "columns": [{"key",
// "kind": "f"|"i"|"b"|"s", "names": [strings, for "s": the column holds
// int64 codes into them]}...], "values": {key: [one JSON value per node,
// null where a node lacks the key]}, "same": {key: the value every node
// has}}. A key no node has is in none of them.
// The columns replace those of the previous call; exports stay valid.
func GetNodeColumns(first, step, n int, idsAddr uintptr, keysJSON string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	ids, err := nodeIDs(first, step, n, idsAddr)
	if err != nil {
		return "", wrap(err)
	}
	var keys []string
	all := keysJSON == "" || keysJSON == "null"
	if !all {
		if err := json.Unmarshal([]byte(keysJSON), &keys); err != nil {
			return "", wrap(nesterr.New(nesterr.ErrTypeMismatch, "expected a list of keys: %v", err))
		}
	}
	// One builder per key, filled node by node; each node's status is
	// dropped at once, so the heap holds only what is asked. A builder
	// keeps numbers, booleans and strings typed until a node gives the
	// key another type (or lacks it); then it holds one value per node.
	byKey := map[string]*columnBuilder{}
	var builders []*columnBuilder // in the order of keys
	for _, k := range keys {
		if byKey[k] == nil {
			byKey[k] = newColumnBuilder(len(ids), 0)
		}
		builders = append(builders, byKey[k])
	}
	// The kernel's entries of each node go straight into their builders
	// (no status dictionary holds them); they come in the same order node
	// after node, so slots remember the builder of each position.
	type slot struct {
		key string
		b   *columnBuilder // nil: a key not asked
	}
	var (
		slots []slot
		i, at int
	)
	put := func(key string, v any) {
		var b *columnBuilder
		if at < len(slots) && slots[at].key == key {
			b = slots[at].b
		} else {
			b = byKey[key]
			if b == nil && all {
				b = newColumnBuilder(len(ids), i)
				byKey[key] = b
				keys = append(keys, key)
				builders = append(builders, b)
			}
			if at < len(slots) {
				slots[at] = slot{key, b}
			} else {
				slots = append(slots, slot{key, b})
			}
		}
		at++
		if b != nil && b.n <= i {
			b.add(v)
		}
	}
	for i = range ids {
		at = 0
		st, err := kern.NodeStatusSplit(ids[i], put)
		if err != nil {
			return "", wrap(err)
		}
		// The keys met so far are looked up in the status (no walk over
		// the map); with every key asked, the status's other keys start
		// new builders.
		found := 0
		for j, k := range keys {
			b := builders[j]
			if b.n > i {
				// Put by the kernel (its value replaces the node's own),
				// or a key asked twice.
				if _, own := st[k]; own && all {
					found++
				}
				continue
			}
			v, ok := st[k]
			if ok {
				found++
			} else {
				v = absentValue{}
			}
			b.add(v)
		}
		if all && found < len(st) {
			for k, v := range st {
				if byKey[k] == nil {
					b := newColumnBuilder(len(ids), i)
					b.add(v)
					byKey[k] = b
					keys = append(keys, k)
					builders = append(builders, b)
				}
			}
		}
	}
	if all {
		sort.Strings(keys)
	}
	var (
		colKeys  []string
		colKinds []record.Kind
		typed    []*columnBuilder
		meta     []any
	)
	values, same := dict.Dict{}, dict.Dict{}
	seen := map[string]bool{}
	for _, key := range keys {
		if seen[key] {
			continue
		}
		seen[key] = true
		b := byKey[key]
		if b.kind == 'u' {
			continue // no node: no value
		}
		if b.kind != 0 {
			colKeys = append(colKeys, key)
			typed = append(typed, b)
			if b.kind == 'f' {
				colKinds = append(colKinds, record.Float64)
			} else {
				colKinds = append(colKinds, record.Int64)
			}
			continue
		}
		vals := b.vals
		present := false
		for _, v := range vals {
			if _, absent := v.(absentValue); !absent {
				present = true
				break
			}
		}
		if !present {
			continue
		}
		if allEqual(vals) {
			// One value shared by every node (recordables, empty
			// synaptic_elements): it crosses once.
			same[key] = vals[0]
			continue
		}
		for j, v := range vals {
			if _, absent := v.(absentValue); absent {
				vals[j] = nil
			}
		}
		values[key] = vals
	}
	tab := record.NewTable(alloc, colKeys, colKinds)
	tab.Reserve(len(ids))
	for c, b := range typed {
		entry := dict.Dict{"key": colKeys[c], "kind": string(b.kind)}
		if b.kind == 'f' {
			for _, x := range b.f {
				tab.AppendFloat64(c, x)
			}
		} else {
			for _, x := range b.iv {
				tab.AppendInt64(c, x)
			}
		}
		if b.kind == 's' {
			entry["names"] = b.names
		}
		meta = append(meta, entry)
	}
	if nodeQuery != nil {
		nodeQuery.Release()
	}
	nodeQuery = tab
	if meta == nil {
		meta = []any{}
	}
	out, err = encode(dict.Dict{"n": len(ids), "columns": meta, "values": values, "same": same})
	return out, wrap(err)
}

// ReadNodeFloats writes the value of status entry key of each node (a
// range or an int64 buffer, see nodeIDs) into the n float64 values at
// outAddr (caller's memory, written during the call only) and returns 1,
// when every node has key as a float read without its full status (see
// kernel.NodeFloatColumn); it returns 0 otherwise, the buffer then holding
// nothing meaningful, and the caller takes GetNodeColumns.
func ReadNodeFloats(first, step, n int, idsAddr uintptr, key string, outAddr uintptr) (filled int, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	ids, err := nodeIDs(first, step, n, idsAddr)
	if err != nil {
		return 0, wrap(err)
	}
	if n > 0 && outAddr == 0 {
		return 0, wrap(nesterr.New(nesterr.ErrBadParameter, "no buffer for the values of '%s'", key))
	}
	got, err := kern.NodeFloatColumn(ids, key, float64sAt(outAddr, n))
	if err != nil || !got {
		return 0, wrap(err)
	}
	return 1, nil
}

// allEqual reports whether every node has the key with one and the same
// value.
func allEqual(vals []any) bool {
	if len(vals) == 0 {
		return false
	}
	if first, ok := vals[0].([]string); ok {
		// recordables, record_from: compared without reflection
		for _, v := range vals {
			if s, ok := v.([]string); !ok || !slices.Equal(s, first) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if _, absent := v.(absentValue); absent || !reflect.DeepEqual(v, vals[0]) {
			return false
		}
	}
	return true
}

// columnBuilder gathers the values of one key over the nodes: typed while
// every node has the key with values of one kind (see columnKind), else
// (kind 0) as one value per node in vals, absentValue where a node lacks
// the key.
type columnBuilder struct {
	kind  byte
	n     int // values added
	f     []float64
	iv    []int64 // integers, booleans (0, 1), string codes
	names []string
	code  map[string]int64
	vals  []any
}

// newColumnBuilder returns the builder of a key first met at node index
// from (of size nodes): the nodes before lack it.
func newColumnBuilder(size, from int) *columnBuilder {
	b := &columnBuilder{}
	if from > 0 {
		b.vals = make([]any, from, size)
		for j := range b.vals {
			b.vals[j] = absentValue{}
		}
		b.n = from
		b.kind = 0
		return b
	}
	b.kind = 'u' // undecided until the first value
	return b
}

// valueKind is the column kind of one value, 0 for anything else.
func valueKind(v any) byte {
	switch v.(type) {
	case float64:
		return 'f'
	case int, int64:
		return 'i'
	case bool:
		return 'b'
	case string:
		return 's'
	}
	return 0
}

// add appends the value of the next node.
func (b *columnBuilder) add(v any) {
	k := valueKind(v)
	if b.kind == 'u' {
		b.kind = k
	}
	if b.kind != 0 && k != b.kind {
		b.untype()
	}
	b.n++
	switch b.kind {
	case 0:
		b.vals = append(b.vals, v)
	case 'f':
		b.f = append(b.f, v.(float64))
	case 'i':
		switch x := v.(type) {
		case int:
			b.iv = append(b.iv, int64(x))
		case int64:
			b.iv = append(b.iv, x)
		}
	case 'b':
		x := int64(0)
		if v.(bool) {
			x = 1
		}
		b.iv = append(b.iv, x)
	case 's':
		x := v.(string)
		id, ok := b.code[x]
		if !ok {
			if b.code == nil {
				b.code = map[string]int64{}
			}
			id = int64(len(b.names))
			b.code[x] = id
			b.names = append(b.names, x)
		}
		b.iv = append(b.iv, id)
	}
}

// untype turns the typed values so far into one value per node.
func (b *columnBuilder) untype() {
	vals := make([]any, 0, max(b.n, 1)*2)
	switch b.kind {
	case 'f':
		for _, x := range b.f {
			vals = append(vals, x)
		}
	case 'i':
		for _, x := range b.iv {
			vals = append(vals, x)
		}
	case 'b':
		for _, x := range b.iv {
			vals = append(vals, x != 0)
		}
	case 's':
		for _, x := range b.iv {
			vals = append(vals, b.names[x])
		}
	}
	b.kind, b.vals, b.f, b.iv, b.names, b.code = 0, vals, nil, nil, nil, nil
}

// ExportNodeColumn exports column key of the last GetNodeColumns through
// the Arrow C Data Interface into caller-allocated structs, as ExportEvents
// does.
func ExportNodeColumn(key string, arrayAddr, schemaAddr uintptr) (err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	if nodeQuery == nil {
		return wrap(nesterr.New(nesterr.ErrKernelException, "no node columns were read"))
	}
	col := nodeQuery.Index(key)
	if col < 0 {
		return wrap(nesterr.New(nesterr.ErrKeyError, "no node column '%s'", key))
	}
	return wrap(nodeQuery.Export(col, arrayAddr, schemaAddr))
}

// ReleaseNodeColumns frees the columns of the last GetNodeColumns; arrays
// already exported from them stay valid until released.
func ReleaseNodeColumns() {
	mu.Lock()
	defer mu.Unlock()
	if nodeQuery != nil {
		nodeQuery.Release()
		nodeQuery = nil
	}
}

// columnSpec names one typed buffer of per-element values in the caller's
// memory: Kind "f" (float64), "i" (int64) or "b" (int64 0/1, booleans), N
// values at Addr.
type columnSpec struct {
	Key  string  `json:"key"`
	Kind string  `json:"kind"`
	Addr uintptr `json:"addr"`
	N    int     `json:"n"`
}

// value returns element i of the column as the value a decoded JSON
// dictionary would hold: numbers as float64 (as encoding/json decodes
// them, so models read a column exactly as they read JSON), booleans as
// bool.
func (c *columnSpec) value(i int) any {
	switch c.Kind {
	case "f":
		return float64sAt(c.Addr, c.N)[i]
	case "b":
		return int64sAt(c.Addr, c.N)[i] != 0
	}
	return float64(int64sAt(c.Addr, c.N)[i])
}

func (c *columnSpec) check(n int, what string) error {
	if c.Kind != "f" && c.Kind != "i" && c.Kind != "b" {
		return nesterr.New(nesterr.ErrTypeMismatch, "column '%s' has unknown kind '%s'", c.Key, c.Kind)
	}
	if c.N != n {
		return nesterr.New(nesterr.ErrBadParameter, "'%s' has %d values for %d %s", c.Key, c.N, n, what)
	}
	if c.N > 0 && c.Addr == 0 {
		return nesterr.New(nesterr.ErrBadParameter, "column '%s' has no buffer", c.Key)
	}
	return nil
}

// decodeColumns decodes a JSON list of column specs, each with n values.
func decodeColumns(js string, n int, what string) ([]columnSpec, error) {
	if js == "" || js == "null" {
		return nil, nil
	}
	var cols []columnSpec
	if err := json.Unmarshal([]byte(js), &cols); err != nil {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "expected a list of columns: %v", err)
	}
	for i := range cols {
		if err := cols[i].check(n, what); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

// SetNodeColumns sets node parameters from columns: the nodes (a range or
// an int64 buffer, see nodeIDs) get the entries of commonJSON (a JSON
// object, or "") and, from each column of columnsJSON (a JSON list of
// {"key", "kind": "f"|"i"|"b", "addr", "n"}, n the number of nodes), the
// value at their position. Either every node changes or none does.
func SetNodeColumns(first, step, n int, idsAddr uintptr, commonJSON, columnsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	ids, err := nodeIDs(first, step, n, idsAddr)
	if err != nil {
		return wrap(err)
	}
	common, err := decodeDict(commonJSON)
	if err != nil {
		return wrap(err)
	}
	cols, err := decodeColumns(columnsJSON, len(ids), "node(s)")
	if err != nil {
		return wrap(err)
	}
	if len(cols) == 0 {
		if common == nil {
			common = dict.Dict{}
		}
		return wrap(kern.SetNodeStatus(ids, []dict.Dict{common}))
	}
	if len(common) == 0 && len(cols) == 1 && cols[0].Kind != "b" {
		// One number per node for one key: the models' direct setters,
		// where they have one (V_m, ...).
		vals := float64sAt(cols[0].Addr, cols[0].N)
		if cols[0].Kind == "i" {
			vals = make([]float64, cols[0].N)
			for i, v := range int64sAt(cols[0].Addr, cols[0].N) {
				vals[i] = float64(v)
			}
		}
		if done, err := kern.SetNodeFloats(ids, cols[0].Key, vals); done || err != nil {
			return wrap(err)
		}
	}
	keys := make([]string, len(cols))
	for c := range cols {
		keys[c] = cols[c].Key
	}
	return wrap(kern.SetNodeColumns(ids, common, keys, func(c, i int) any { return cols[c].value(i) }))
}

// ConnectColumns is Connect with the node ids as ranges or int64 buffers
// (see nodeIDs) and per-connection values of the synapse specification
// (weight, delay, receptor_type, plastic parameters) as columns
// (columnsJSON, see SetNodeColumns; each with one value per connection)
// instead of JSON lists.
func ConnectColumns(preFirst, preStep, preN int, preAddr uintptr, postFirst, postStep, postN int, postAddr uintptr,
	connSpecJSON, synSpecJSON, columnsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, post, conn, syn, err := decodeConnectColumns(preFirst, preStep, preN, preAddr, postFirst, postStep, postN, postAddr,
		connSpecJSON, synSpecJSON, columnsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.Connect(pre, post, conn, syn))
}

// Keys of ConnectScalar's synapse specification, as bits of its given
// argument.
const (
	scalarSynSpec      = 1 << iota // a synapse specification (possibly empty) was given
	scalarSynapseModel             // synapse_model
	scalarWeight                   // weight
	scalarDelay                    // delay
	scalarReceptorType             // receptor_type
)

// ConnectScalar is Connect for the common small call: the node ids as in
// ConnectColumns, the rule by name alone (connSpec {"rule": rule}) and a
// synapse specification of at most synapse_model, weight, delay and
// receptor_type, each a number (or the model's name), those given marked
// in given (scalarSynSpec, ...; without scalarSynSpec there is none).
// The kernel gets the dictionaries decoded JSON would give it, so the
// call checks and fails as ConnectColumns does, without the JSON.
func ConnectScalar(preFirst, preStep, preN int, preAddr uintptr, postFirst, postStep, postN int, postAddr uintptr,
	rule, synapseModel string, given int, weight, delay, receptorType float64) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, err := nodeIDs(preFirst, preStep, preN, preAddr)
	if err != nil {
		return wrap(err)
	}
	post, err := nodeIDs(postFirst, postStep, postN, postAddr)
	if err != nil {
		return wrap(err)
	}
	var syn dict.Dict
	if given&scalarSynSpec != 0 {
		syn = make(dict.Dict, 4)
		for _, e := range []struct {
			bit   int
			key   string
			value any
		}{{scalarSynapseModel, "synapse_model", synapseModel}, {scalarWeight, "weight", weight},
			{scalarDelay, "delay", delay}, {scalarReceptorType, "receptor_type", receptorType}} {
			if given&e.bit != 0 {
				syn[e.key] = e.value
			}
		}
	}
	return wrap(kern.Connect(pre, post, dict.Dict{"rule": rule}, syn))
}

// ConnectColumnsStart is ConnectColumns run in the background, as
// ConnectStart runs Connect: the arguments (and the caller's columns) are
// read before it returns; SimulateWait reports the end, and an interrupt
// during the checking pass stops it before any connection is made.
func ConnectColumnsStart(preFirst, preStep, preN int, preAddr uintptr, postFirst, postStep, postN int, postAddr uintptr,
	connSpecJSON, synSpecJSON, columnsJSON string) (err error) {
	defer guard(&err)
	pre, post, conn, syn, err := decodeConnectColumns(preFirst, preStep, preN, preAddr, postFirst, postStep, postN, postAddr,
		connSpecJSON, synSpecJSON, columnsJSON)
	if err != nil {
		return wrap(err)
	}
	return startSized("Connect", connectWork(pre, post, conn), func() error {
		return wrap(kern.Connect(pre, post, conn, syn))
	})
}

// decodeConnectColumns reads ConnectColumns' arguments: the node id sets,
// the specifications and the per-connection columns, copied out of the
// caller's memory.
func decodeConnectColumns(preFirst, preStep, preN int, preAddr uintptr, postFirst, postStep, postN int, postAddr uintptr,
	connSpecJSON, synSpecJSON, columnsJSON string) (pre, post []int, conn, syn dict.Dict, err error) {
	if pre, err = nodeIDs(preFirst, preStep, preN, preAddr); err != nil {
		return
	}
	if post, err = nodeIDs(postFirst, postStep, postN, postAddr); err != nil {
		return
	}
	if conn, err = decodeDict(connSpecJSON); err != nil {
		return
	}
	if syn, err = decodeDict(synSpecJSON); err != nil {
		return
	}
	var cols []columnSpec
	if columnsJSON != "" && columnsJSON != "null" {
		if err = json.Unmarshal([]byte(columnsJSON), &cols); err != nil {
			err = nesterr.New(nesterr.ErrTypeMismatch, "expected a list of columns: %v", err)
			return
		}
	}
	if len(cols) > 0 && syn == nil {
		syn = dict.Dict{}
	}
	for i := range cols {
		c := &cols[i]
		if err = c.check(c.N, "connections"); err != nil {
			return
		}
		if c.Kind != "b" && (c.Key == "weight" || c.Key == "delay" || c.Key == "receptor_type") {
			// The kernel reads these as float64 lists: no value boxed.
			list := make([]float64, c.N)
			if c.Kind == "f" {
				copy(list, float64sAt(c.Addr, c.N))
			} else {
				for j, v := range int64sAt(c.Addr, c.N) {
					list[j] = float64(v)
				}
			}
			syn[c.Key] = list
			continue
		}
		// Other keys are read as decoded JSON would give them.
		list := make([]any, c.N)
		switch c.Kind {
		case "f":
			for j, v := range float64sAt(c.Addr, c.N) {
				list[j] = v
			}
		default:
			for j, v := range int64sAt(c.Addr, c.N) {
				if c.Kind == "b" {
					list[j] = v != 0
				} else {
					list[j] = float64(v) // as JSON numbers decode
				}
			}
		}
		syn[c.Key] = list
	}
	return pre, post, conn, syn, nil
}

// SetConnectionColumns is SetConnections with the positions as n int64
// values at positionsAddr (positionsAddr 0: all connections of the
// selection) and the new values as commonJSON (a JSON object for all, or
// "") plus columns (columnsJSON, see SetNodeColumns, one value per
// position). Either all change or none does.
func SetConnectionColumns(sourcesJSON, targetsJSON, synapseModel string, n int, positionsAddr uintptr,
	commonJSON, columnsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	sources, targets, err := decodeFilters(sourcesJSON, targetsJSON)
	if err != nil {
		return wrap(err)
	}
	var positions []int
	if positionsAddr != 0 {
		positions = make([]int, n)
		for i, p := range int64sAt(positionsAddr, n) {
			positions[i] = int(p)
		}
	}
	common, err := decodeDict(commonJSON)
	if err != nil {
		return wrap(err)
	}
	if common == nil {
		common = dict.Dict{}
	}
	cols, err := decodeColumns(columnsJSON, n, "connection(s)")
	if err != nil {
		return wrap(err)
	}
	params := []dict.Dict{common}
	if len(cols) > 0 {
		params = make([]dict.Dict, n)
		for i := range params {
			d := make(dict.Dict, len(common)+len(cols))
			for k, v := range common {
				d[k] = v
			}
			for c := range cols {
				d[cols[c].Key] = cols[c].value(i)
			}
			params[i] = d
		}
	}
	return wrap(kern.SetConnections(sources, targets, synapseModel, positions, params))
}

// CreateColumns is Create with per-node values as columns: every node gets
// the entries of commonJSON (a JSON object, or "") and, from each column of
// columnsJSON (see SetNodeColumns, n values each), its own value.
func CreateColumns(model string, n int, commonJSON, columnsJSON string) (first int, err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	common, err := decodeDict(commonJSON)
	if err != nil {
		return 0, wrap(err)
	}
	cols, err := decodeColumns(columnsJSON, n, "node(s)")
	if err != nil {
		return 0, wrap(err)
	}
	var params []dict.Dict
	if len(cols) == 0 {
		if common != nil {
			params = []dict.Dict{common}
		}
	} else {
		params = make([]dict.Dict, n)
		for i := range params {
			d := make(dict.Dict, len(common)+len(cols))
			for k, v := range common {
				d[k] = v
			}
			for c := range cols {
				d[cols[c].Key] = cols[c].value(i)
			}
			params[i] = d
		}
	}
	first, err = kern.Create(model, n, params)
	return first, wrap(err)
}
