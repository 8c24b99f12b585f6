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
	"math"
	"reflect"
	"slices"
	"unsafe"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/kernel"
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

// GetNodeColumns reads the status of the nodes (a range or an int64
// buffer, see nodeIDs) and keeps, for each key in keysJSON (a JSON list;
// "null" for every key any node has), the values of all nodes as one column
// for ExportNodeColumn. It returns JSON {"n": nodes, "columns": [{"key",
// "kind": "f"|"i"|"b"|"s", "names": [strings, for "s": the column holds
// int64 codes into them], "same": true when every node has the same value
// (the column then holds that one value)}...], "values": {key: [one JSON
// value per node, null where a node lacks the key]}, "same": {key: the
// value every node has}}. A key no node has is in none of them.
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
	if keysJSON != "" && keysJSON != "null" {
		if err := json.Unmarshal([]byte(keysJSON), &keys); err != nil {
			return "", wrap(nesterr.New(nesterr.ErrTypeMismatch, "expected a list of keys: %v", err))
		}
		if keys == nil {
			keys = []string{}
		}
	}
	keys, cols, err := kern.NodeStatusColumns(ids, keys)
	if err != nil {
		return "", wrap(err)
	}
	var (
		colKeys  []string
		colKinds []record.Kind
		typed    []*kernel.StatusColumn
		meta     []any
	)
	values, same := dict.Dict{}, dict.Dict{}
	for c, key := range keys {
		col := cols[c]
		switch col.Kind {
		case 'u':
			continue // no node: no value
		case 'f', 'i', 'b', 's':
			colKeys = append(colKeys, key)
			typed = append(typed, col)
			if col.Kind == 'f' {
				colKinds = append(colKinds, record.Float64)
			} else {
				colKinds = append(colKinds, record.Int64)
			}
			continue
		}
		if col.Kind == 'l' {
			// Lists of strings (recordables): most often one list for
			// every node, which crosses once.
			if allEqualLists(col.L) {
				same[key] = col.L[0]
			} else {
				lists := make([]any, len(col.L))
				for j, l := range col.L {
					lists[j] = l
				}
				values[key] = lists
			}
			continue
		}
		vals := col.Vals
		present := false
		for _, v := range vals {
			if _, absent := v.(kernel.NoValue); !absent {
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
			if _, absent := v.(kernel.NoValue); absent {
				vals[j] = nil
			}
		}
		values[key] = vals
	}
	tab := record.NewTable(alloc, colKeys, colKinds)
	tab.Reserve(len(ids))
	for c, col := range typed {
		entry := dict.Dict{"key": colKeys[c], "kind": string(col.Kind)}
		// A value every node has (most parameters of a population)
		// crosses once, and Python makes no object per node for it.
		if col.Kind == 'f' {
			f := col.F
			if len(f) > 1 && sameFloats(f) {
				f, entry["same"] = f[:1], true
			}
			for _, x := range f {
				tab.AppendFloat64(c, x)
			}
		} else {
			iv := col.I
			if len(iv) > 1 && sameInts(iv) {
				iv, entry["same"] = iv[:1], true
			}
			for _, x := range iv {
				tab.AppendInt64(c, x)
			}
		}
		if col.Kind == 's' {
			entry["names"] = col.Names
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

// sameFloats reports whether every value has the bits of the first.
func sameFloats(f []float64) bool {
	first := math.Float64bits(f[0])
	for _, x := range f {
		if math.Float64bits(x) != first {
			return false
		}
	}
	return true
}

// sameInts reports whether every value is the first.
func sameInts(iv []int64) bool {
	for _, x := range iv {
		if x != iv[0] {
			return false
		}
	}
	return true
}

// allEqualLists reports whether every node has the same list.
func allEqualLists(lists [][]string) bool {
	for _, l := range lists {
		if !slices.Equal(l, lists[0]) || (l == nil) != (lists[0] == nil) {
			return false
		}
	}
	return len(lists) > 0
}

// allEqual reports whether every node has the key with one and the same
// value.
func allEqual(vals []any) bool {
	if len(vals) == 0 {
		return false
	}
	switch first := vals[0].(type) {
	case []string:
		// recordables, record_from: compared without reflection
		for _, v := range vals {
			if s, ok := v.([]string); !ok || !slices.Equal(s, first) {
				return false
			}
		}
		return true
	case dict.Dict:
		if len(first) == 0 {
			// synaptic_elements of neurons that grow none
			for _, v := range vals {
				if d, ok := v.(dict.Dict); !ok || len(d) != 0 {
					return false
				}
			}
			return true
		}
	}
	for _, v := range vals {
		if _, absent := v.(kernel.NoValue); absent || !reflect.DeepEqual(v, vals[0]) {
			return false
		}
	}
	return true
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
	// The two dictionaries are made once and refilled under mu: the
	// kernel reads them during the call and keeps nothing of them.
	clear(scalarSpecs.conn)
	scalarSpecs.conn["rule"] = rule
	var syn dict.Dict
	if given&scalarSynSpec != 0 {
		syn = scalarSpecs.syn
		clear(syn)
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
	return wrap(kern.Connect(pre, post, scalarSpecs.conn, syn))
}

// scalarSpecs are ConnectScalar's specifications, guarded by mu.
var scalarSpecs = struct{ conn, syn dict.Dict }{conn: make(dict.Dict, 1), syn: make(dict.Dict, 4)}

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
