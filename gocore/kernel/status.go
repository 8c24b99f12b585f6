package kernel

import (
	"math"
	"os"
	"slices"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/simtime"
)

// readOnlyKernelKeys are reported by Status but cannot be set.
var readOnlyKernelKeys = map[string]bool{
	"network_size": true, "num_connections": true,
	"ms_per_tic": true, "num_processes": true, "time_simulated": true,
	"node_models": true, "synapse_models": true, "tics_per_step": true, "mpi_rank": true,
	"T_max": true, "T_min": true, "connection_rules": true, "local_spike_counter": true,
	"max_num_syn_models": true, "max_update_time": true, "min_update_time": true,
	"modules": true, "off_grid_spiking": true, "prepared": true, "recording_backends": true,
	"recv_buffer_size_secondary_events": true, "send_buffer_size_secondary_events": true,
	"rng_types": true, "spike_buffer_resize_log": true, "stimulation_backends": true,
	"to_do": true, "time_communicate_prepare": true, "time_communicate_prepare_cpu": true,
	"time_construction_connect": true, "time_construction_connect_cpu": true,
	"time_construction_create": true, "time_construction_create_cpu": true,
	"time_simulate": true, "time_simulate_cpu": true, "growth_curves": true,
}

// maxTicsPerStep bounds the resolution (see SetStatus).
const maxTicsPerStep = 1 << 31

// rngTypes are the random generator names NEST 3.10 offers for rng_type.
// gonest draws from its own generator whichever is chosen.
var rngTypes = []string{"Philox_32", "Philox_64", "Threefry_32", "Threefry_64", "mt19937", "mt19937_64"}

// connectionRules are the conn_spec rules Connect accepts.
var connectionRules = []string{"all_to_all", "fixed_indegree", "fixed_outdegree", "fixed_total_number", "one_to_one",
	"pairwise_bernoulli", "pairwise_poisson", "symmetric_pairwise_bernoulli"}

// compatDefaults holds NEST 3.10's defaults of the kernel properties that
// tune NEST's own communication buffers, waveform relaxation, e-prop and
// structural plasticity: SetKernelStatus accepts them (type-checked) and
// GetKernelStatus reports them. Most change nothing in gonest; the wfr_*
// keys and the eprop_* keys (eprop_bsshslm_2020.go) are read where they
// matter.
func compatDefaults() dict.Dict {
	return dict.Dict{
		"adaptive_target_buffers":               true,
		"buffer_size_spike_data":                int64(2),
		"buffer_size_target_data":               int64(2),
		"eprop_learning_window":                 1000.0,
		"eprop_reset_neurons_on_update":         true,
		"eprop_update_interval":                 1000.0,
		"growth_factor_buffer_spike_data":       1.5,
		"growth_factor_buffer_target_data":      1.5,
		"max_buffer_size_target_data":           int64(16777216),
		"rng_type":                              "mt19937_64",
		"spike_buffer_grow_extra":               0.5,
		"spike_buffer_shrink_limit":             0.2,
		"spike_buffer_shrink_spare":             0.1,
		"structural_plasticity_update_interval": 10000.0,
		"update_time_limit":                     math.Inf(1),
		"use_compressed_spikes":                 true,
		"use_wfr":                               true,
		"wfr_comm_interval":                     1.0,
		"wfr_interpolation_order":               int64(3),
		"wfr_max_iterations":                    int64(15),
		"wfr_tol":                               0.0001,
	}
}

// readCompat checks the compatibility properties in r against the types of
// their defaults and returns the new values.
func readCompat(r *dict.Reader, cur dict.Dict) (dict.Dict, error) {
	next := cur.Clone()
	for key, old := range cur {
		switch v := old.(type) {
		case bool:
			if _, err := r.Bool(key, &v); err != nil {
				return nil, err
			}
			next[key] = v
		case int64:
			if _, err := r.Int(key, &v); err != nil {
				return nil, err
			}
			next[key] = v
		case float64:
			if _, err := r.Float(key, &v); err != nil {
				return nil, err
			}
			next[key] = v
		case string:
			if _, err := r.String(key, &v); err != nil {
				return nil, err
			}
			next[key] = v
		}
	}
	if t := next["rng_type"].(string); !slices.Contains(rngTypes, t) {
		return nil, nesterr.New(nesterr.ErrBadProperty, "/rng_type is not a known RNG type; known types are: %s.", strings.Join(rngTypes, ", "))
	}
	if n := next["wfr_interpolation_order"].(int64); n != 0 && n != 1 && n != 3 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Interpolation order must be 0, 1, or 3.")
	}
	if tol := next["wfr_tol"].(float64); tol < 0 {
		return nil, nesterr.New(nesterr.ErrKernelException, "Tolerance must be zero or positive (wfr_tol = %g).", tol)
	}
	if n := next["wfr_max_iterations"].(int64); n <= 0 {
		return nil, nesterr.New(nesterr.ErrKernelException, "Maximal number of iterations for the waveform relaxation must be positive "+
			"(wfr_max_iterations = %d). To disable waveform relaxation set use_wfr instead.", n)
	}
	return next, nil
}

// userDelaySteps rounds user min/max delays in ms to steps as NEST does:
// min_delay down, max_delay up.
func userDelaySteps(b simtime.Base, minMs, maxMs float64) (int64, int64, error) {
	minD := b.MsToSteps(minMs)
	if b.StepsToMs(minD) > minMs {
		minD--
	}
	maxD := b.MsToSteps(maxMs)
	if minD < 1 {
		return 0, 0, nesterr.New(nesterr.ErrBadDelay, "min_delay must be greater than or equal to resolution (min_delay = %g ms).", b.StepsToMs(minD))
	}
	if maxD < minD {
		return 0, 0, nesterr.New(nesterr.ErrBadDelay, "min_delay must be smaller than or equal to max_delay (min_delay = %g ms).", b.StepsToMs(minD))
	}
	return minD, maxD, nil
}

// Status returns the kernel properties under NEST's names.
func (k *Kernel) Status() dict.Dict {
	minD, maxD := k.delayExtrema()
	nodeModels, synModels := k.Models()
	tMax := k.tMaxMs()
	var spikes int64
	for _, t := range k.threads {
		spikes += t.nSpikes
	}
	d := dict.Dict{
		"T_max":                             tMax,
		"T_min":                             -tMax,
		"connection_rules":                  slices.Clone(connectionRules),
		"local_spike_counter":               spikes,
		"max_num_syn_models":                maxSynapseModels,
		"max_update_time":                   k.timers.maxUpdate,
		"min_update_time":                   k.timers.minUpdate,
		"modules":                           []string{},
		"off_grid_spiking":                  false,
		"prepared":                          false,
		"recording_backends":                []string{"ascii", "memory", "screen"},
		"recv_buffer_size_secondary_events": 0,
		"send_buffer_size_secondary_events": 0,
		"rng_types":                         slices.Clone(rngTypes),
		"spike_buffer_resize_log": dict.Dict{
			"times": []float64{}, "new_buffer_size": []float64{}, "global_max_spikes_sent": []float64{},
		},
		"stimulation_backends":          []string{},
		"to_do":                         k.progress.total.Load() - k.progress.done.Load(),
		"time_communicate_prepare":      k.perThread(k.timers.prepare),
		"time_communicate_prepare_cpu":  k.perThread(k.timers.prepareCPU),
		"time_construction_connect":     k.timers.connect,
		"time_construction_connect_cpu": k.timers.connectCPU,
		"time_construction_create":      k.timers.create,
		"time_construction_create_cpu":  k.timers.createCPU,
		"time_simulate":                 k.timers.simulate,
		"time_simulate_cpu":             k.timers.simulateCPU,
	}
	for key, v := range k.compat {
		d[key] = v
	}
	core := dict.Dict{
		"node_models":                    nodeModels,
		"synapse_models":                 synModels,
		"resolution":                     k.base.Resolution,
		"tics_per_ms":                    k.base.TicsPerMs,
		"ms_per_tic":                     k.base.MsPerTic,
		"tics_per_step":                  k.base.TicsPerStep,
		"biological_time":                k.base.StepsToMs(k.clock + int64(k.fromStep)),
		"rng_seed":                       k.rngSeed,
		"local_num_threads":              k.numThreads,
		"total_num_virtual_procs":        k.numThreads * k.NumProcesses(),
		"num_processes":                  k.NumProcesses(),
		"mpi_rank":                       k.Rank(),
		"print_time":                     k.printTime,
		"network_size":                   len(k.nodes),
		"num_connections":                k.NumConnections(),
		"min_delay":                      k.base.StepsToMs(minD),
		"max_delay":                      k.base.StepsToMs(maxD),
		"dict_miss_is_error":             k.dictMissIsError,
		"data_path":                      k.io.DataPath,
		"data_prefix":                    k.io.DataPrefix,
		"overwrite_files":                k.io.Overwrite,
		"keep_source_table":              k.keepSourceTable,
		"off_grid_spiking":               k.offGridSpiking,
		"memory_limit":                   k.memoryLimit,
		"growth_curves":                  slices.Clone(growthCurveNames),
		"structural_plasticity_synapses": k.spStatus(),
	}
	for key, v := range core {
		d[key] = v
	}
	return d
}

// SetStatus sets kernel properties. Every entry is checked before any is
// applied, so a rejected dictionary changes nothing.
func (k *Kernel) SetStatus(d dict.Dict) error {
	r := dict.NewReader(d)
	for _, key := range d.Keys() {
		if readOnlyKernelKeys[key] {
			r.Has(key)
			return nesterr.New(nesterr.ErrKernelException, "The kernel property '%s' is read-only.", key)
		}
	}
	res, tpm := k.base.Resolution, k.base.TicsPerMs
	gotRes, err := r.Float("resolution", &res)
	if err != nil {
		return err
	}
	gotTpm, err := r.Float("tics_per_ms", &tpm)
	if err != nil {
		return err
	}
	newBase := k.base
	if gotRes || gotTpm {
		var why []string
		if len(k.nodes) > 0 {
			why = append(why, "Nodes have already been created")
		}
		if k.simulated {
			why = append(why, "Network has been simulated")
		}
		if k.defaultsModified {
			why = append(why, "Model defaults were modified")
		}
		switch len(why) {
		case 0:
		case 1:
			return nesterr.New(nesterr.ErrKernelException, "%s: time representation cannot be changed.", why[0])
		default:
			msg := "Time representation unchanged. Error conditions:"
			for _, w := range why {
				msg += " " + w + "."
			}
			return nesterr.New(nesterr.ErrKernelException, "%s", msg)
		}
		if gotTpm && !gotRes {
			return nesterr.New(nesterr.ErrKernelException, "Change of tics_per_ms requires simultaneous specification of resolution.")
		}
		// NEST's time is a 64-bit count of tics; a step of more than 2^31
		// tics would leave too few steps to simulate (and overflow the
		// conversions: NEST reads a resolution of 1e300 back as -1.8e308).
		if tics := res * tpm; tics > maxTicsPerStep && !math.IsNaN(tics) {
			return nesterr.New(nesterr.ErrKernelException,
				"Resolution must be at most %d tics (%g ms); got %g ms. Value unchanged.", int64(maxTicsPerStep), maxTicsPerStep/tpm, res)
		}
		if newBase, err = simtime.NewBase(tpm, res); err != nil {
			return err
		}
	}
	var seed int64 = int64(k.rngSeed)
	gotSeed, err := r.Int("rng_seed", &seed)
	if err != nil {
		return err
	}
	if gotSeed && (seed < 1 || seed > math.MaxUint32) {
		return nesterr.New(nesterr.ErrBadProperty, "rng_seed must be in [1, 2^32-1], got %d.", seed)
	}
	threads := int64(k.numThreads)
	gotThreads, err := r.Int("local_num_threads", &threads)
	if err != nil {
		return err
	}
	if gotThreads {
		if threads < 1 {
			return nesterr.New(nesterr.ErrBadProperty, "local_num_threads must be at least 1, got %d.", threads)
		}
		if int(threads) != k.numThreads && len(k.nodes) > 0 {
			return nesterr.New(nesterr.ErrKernelException, "Nodes exist: local_num_threads cannot be changed (from %d to %d).", k.numThreads, threads)
		}
		if threads > 1 && k.sp.enabled {
			return nesterr.New(nesterr.ErrKernelException, "Structural plasticity enabled: multithreading cannot be enabled (local_num_threads %d).", threads)
		}
		if err := k.checkThreads(threads); err != nil {
			return err
		}
	}
	// For one process, total_num_virtual_procs is the thread count; with
	// several it must be a multiple of the process count.
	var vps int64
	if got, err := r.Int("total_num_virtual_procs", &vps); err != nil {
		return err
	} else if got {
		np := int64(k.NumProcesses())
		if vps < 1 || vps%np != 0 {
			return nesterr.New(nesterr.ErrBadProperty, "Number of virtual processes (threads*processes) must be an integer multiple of the number of processes. Value unchanged.")
		}
		if gotThreads && threads != vps/np {
			return nesterr.New(nesterr.ErrBadProperty, "total_num_virtual_procs (%d) and local_num_threads (%d) disagree.", vps, threads)
		}
		threads = vps / np
		if err := k.checkThreads(threads); err != nil {
			return err
		}
		if int(threads) != k.numThreads && len(k.nodes) > 0 {
			return nesterr.New(nesterr.ErrKernelException, "Nodes exist: total_num_virtual_procs cannot be changed (from %d to %d).", k.numThreads*int(np), vps)
		}
	}
	// As in NEST, the clock can be set back to 0 only (and nothing else).
	var bioTime float64
	gotBioTime, err := r.Float("biological_time", &bioTime)
	if err != nil {
		return err
	}
	if gotBioTime && bioTime != 0 {
		return nesterr.New(nesterr.ErrBadProperty, "The simulation time can only be set to 0.0.")
	}
	userDelays, userMinMs, userMaxMs := k.userDelays, k.userMinMs, k.userMaxMs
	gotMin, err := r.Float("min_delay", &userMinMs)
	if err != nil {
		return err
	}
	gotMax, err := r.Float("max_delay", &userMaxMs)
	if err != nil {
		return err
	}
	if gotMin != gotMax {
		return nesterr.New(nesterr.ErrBadProperty, "Both min_delay and max_delay have to be specified")
	}
	if gotMin {
		if k.NumConnections() > 0 {
			return nesterr.New(nesterr.ErrBadProperty, "Connections already exist. Please call ResetKernel first")
		}
		userDelays = true
	}
	var userMinD, userMaxD int64
	if userDelays {
		// Rounded anew on the (possibly new) time grid.
		if userMinD, userMaxD, err = userDelaySteps(newBase, userMinMs, userMaxMs); err != nil {
			return err
		}
		userMinMs, userMaxMs = newBase.StepsToMs(userMinD), newBase.StepsToMs(userMaxD)
	}
	compat, err := readCompat(r, k.compat)
	if err != nil {
		return err
	}
	if err := checkEpropKernel(d, compat); err != nil {
		return err
	}
	// Waveform relaxation's rules, as NEST checks them.
	useWfr := compat["use_wfr"].(bool)
	if _, ok := d["use_wfr"]; ok && len(k.nodes) > 0 {
		return nesterr.New(nesterr.ErrKernelException, "Cannot enable/disable usage of waveform relaxation after nodes have been created.")
	}
	if _, ok := d["wfr_comm_interval"]; ok {
		if !useWfr {
			return nesterr.New(nesterr.ErrKernelException, "Cannot set waveform communication interval when usage of waveform relaxation is disabled.")
		}
		if k.NumConnections() != 0 {
			return nesterr.New(nesterr.ErrKernelException, "Cannot change waveform communication interval after connections have been created. Please call ResetKernel first.")
		}
		if compat["wfr_comm_interval"].(float64) < newBase.Resolution {
			return nesterr.New(nesterr.ErrKernelException,
				"Communication interval of the waveform relaxation must be greater than or equal to the resolution of the simulation.")
		}
	}
	if !useWfr {
		compat["wfr_comm_interval"] = newBase.Resolution
	}
	if limit := compat["update_time_limit"].(float64); !(limit > 0) {
		return nesterr.New(nesterr.ErrKernelException, "update_time_limit > 0 required, got %g.", limit)
	}
	memoryLimit := k.memoryLimit
	if _, err := r.Int("memory_limit", &memoryLimit); err != nil {
		return err
	}
	if memoryLimit < 0 {
		return nesterr.New(nesterr.ErrBadProperty, "memory_limit must be a number of bytes >= 0 (0: no limit of its own), got %d.", memoryLimit)
	}
	printTime := k.printTime
	if _, err := r.Bool("print_time", &printTime); err != nil {
		return err
	}
	// dict_miss_is_error false lets node status changes ignore keys the
	// node does not have (NEST warns; gonest is silent). keep_source_table is stored and read back:
	// gonest keeps its connections by source in any case, so without a
	// separate source table both values behave as NEST's True.
	missIsError := k.dictMissIsError
	if _, err := r.Bool("dict_miss_is_error", &missIsError); err != nil {
		return err
	}
	keepSourceTable := k.keepSourceTable
	if _, err := r.Bool("keep_source_table", &keepSourceTable); err != nil {
		return err
	}
	offGrid := k.offGridSpiking
	if err := readOffGrid(r, &offGrid); err != nil {
		return err
	}
	io := k.io
	if _, err := r.Bool("overwrite_files", &io.Overwrite); err != nil {
		return err
	}
	if _, err := r.String("data_prefix", &io.DataPrefix); err != nil {
		return err
	}
	if strings.Contains(io.DataPrefix, "/") {
		return nesterr.New(nesterr.ErrBadProperty, "data_prefix must not contain path separators, got '%s'.", io.DataPrefix)
	}
	if ok, err := r.String("data_path", &io.DataPath); err != nil {
		return err
	} else if ok && io.DataPath != "" {
		if fi, err := os.Stat(io.DataPath); err != nil || !fi.IsDir() {
			return nesterr.New(nesterr.ErrBadProperty, "Directory '%s' does not exist.", io.DataPath)
		}
	}
	spBuilders, gotSP := k.sp.builders, false
	if v, ok := r.Raw("structural_plasticity_synapses"); ok {
		if spBuilders, err = k.readSPSynapses(v, userDelays); err != nil {
			return err
		}
		gotSP = true
	}
	if err := r.CheckAllUsed("The kernel"); err != nil {
		return err
	}
	if gotSP {
		k.sp.builders = spBuilders
	}
	k.base = newBase
	k.userDelays, k.userMinD, k.userMaxD, k.userMinMs, k.userMaxMs = userDelays, userMinD, userMaxD, userMinMs, userMaxMs
	k.compat = compat
	if gotBioTime && k.clock+int64(k.fromStep) > 0 {
		// NEST warns that this is not fully supported: spikes in transit
		// are dropped.
		k.clock, k.fromStep, k.slice = 0, 0, 0
		for _, t := range k.threads {
			t.spikes = t.spikes[:0]
		}
	}
	if gotSeed {
		// New streams from the new seed, as NEST reseeds at once.
		for _, t := range k.threads {
			t.rng, t.pcg = nil, nil
		}
		k.sp.rng = nil
	}
	k.rngSeed = uint64(seed)
	if int(threads) != k.numThreads {
		k.numThreads = int(threads)
		k.makeThreads()
	}
	io.NumVPs, io.Rank, io.NumProcs = int(threads)*k.NumProcesses(), k.Rank(), k.NumProcesses()
	k.io = io
	k.printTime = printTime
	k.memoryLimit = memoryLimit
	k.keepSourceTable = keepSourceTable
	k.dictMissIsError = missIsError
	k.offGridSpiking = offGrid
	return nil
}
