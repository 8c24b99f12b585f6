package kernel

import (
	"math"
	"os"
	"strings"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/simtime"
)

// readOnlyKernelKeys are reported by Status but cannot be set.
var readOnlyKernelKeys = map[string]bool{
	"biological_time": true, "network_size": true, "num_connections": true,
	"min_delay": true, "max_delay": true, "ms_per_tic": true,
	"total_num_virtual_procs": true, "num_processes": true, "time_simulated": true,
	"node_models": true, "synapse_models": true, "tics_per_step": true, "mpi_rank": true,
}

// Status returns the kernel properties under NEST's names.
func (k *Kernel) Status() dict.Dict {
	minD, maxD := k.delayExtrema()
	nodeModels, synModels := k.Models()
	return dict.Dict{
		"node_models":             nodeModels,
		"synapse_models":          synModels,
		"resolution":              k.base.Resolution,
		"tics_per_ms":             k.base.TicsPerMs,
		"ms_per_tic":              k.base.MsPerTic,
		"tics_per_step":           k.base.TicsPerStep,
		"biological_time":         k.base.StepsToMs(k.clock + int64(k.fromStep)),
		"rng_seed":                k.rngSeed,
		"local_num_threads":       k.numThreads,
		"total_num_virtual_procs": k.numThreads * k.NumProcesses(),
		"num_processes":           k.NumProcesses(),
		"mpi_rank":                k.Rank(),
		"print_time":              k.printTime,
		"network_size":            len(k.nodes),
		"num_connections":         k.NumConnections(),
		"min_delay":               k.base.StepsToMs(minD),
		"max_delay":               k.base.StepsToMs(maxD),
		"dict_miss_is_error":      true,
		"data_path":               k.io.DataPath,
		"data_prefix":             k.io.DataPrefix,
		"overwrite_files":         k.io.Overwrite,
		"keep_source_table":       true,
		"off_grid_spiking":        k.offGridSpiking,
	}
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
	}
	printTime := k.printTime
	if _, err := r.Bool("print_time", &printTime); err != nil {
		return err
	}
	// Accepted for compatibility; they have no effect here.
	for _, key := range []string{"dict_miss_is_error", "keep_source_table"} {
		var b bool
		if _, err := r.Bool(key, &b); err != nil {
			return err
		}
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
	if err := r.CheckAllUsed("The kernel"); err != nil {
		return err
	}
	k.base = newBase
	if gotSeed {
		// New streams from the new seed, as NEST reseeds at once.
		for _, t := range k.threads {
			t.rng = nil
		}
	}
	k.rngSeed = uint64(seed)
	if int(threads) != k.numThreads {
		k.numThreads = int(threads)
		k.makeThreads()
	}
	io.NumVPs, io.Rank = k.NumProcesses(), k.Rank()
	k.io = io
	k.printTime = printTime
	k.offGridSpiking = offGrid
	return nil
}
