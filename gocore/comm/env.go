package comm

import (
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gonest/gonest/gocore/nesterr"
)

// Environment variables read by FromEnv and ConfigFromEnv.
const (
	EnvRank        = "GONEST_RANK"        // rank of this process
	EnvSize        = "GONEST_SIZE"        // number of processes
	EnvCoordinator = "GONEST_COORDINATOR" // host:port of rank 0, default DefaultCoordinator
	EnvTimeout     = "GONEST_TIMEOUT"     // seconds, default 60

	envOMPIRank = "OMPI_COMM_WORLD_RANK" // set by Open MPI's mpirun
	envOMPISize = "OMPI_COMM_WORLD_SIZE"
	envPMIRank  = "PMI_RANK" // set by MPICH's mpiexec (Hydra)
	envPMISize  = "PMI_SIZE"
)

// FromEnv returns the communicator the environment asks for: Join with the
// Config of ConfigFromEnv when rank and size are set, Local otherwise.
func FromEnv() (Comm, error) {
	cfg, ok, err := ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	if !ok {
		return Local(), nil
	}
	return Join(cfg)
}

// ConfigFromEnv reads the place of this process from the environment.
// Rank and size come from GONEST_RANK and GONEST_SIZE; when neither is set,
// from OMPI_COMM_WORLD_RANK and OMPI_COMM_WORLD_SIZE (Open MPI's mpirun),
// else from PMI_RANK and PMI_SIZE (MPICH's mpiexec). ok is false when none
// of them is set. The coordinator is GONEST_COORDINATOR or
// DefaultCoordinator, the timeout GONEST_TIMEOUT in seconds or
// DefaultTimeout. Malformed values are errors of category BadParameter.
func ConfigFromEnv() (cfg Config, ok bool, err error) {
	pairs := [][2]string{{EnvRank, EnvSize}, {envOMPIRank, envOMPISize}, {envPMIRank, envPMISize}}
	var rankVar, sizeVar string
	for _, p := range pairs {
		_, hasRank := os.LookupEnv(p[0])
		_, hasSize := os.LookupEnv(p[1])
		if hasRank || hasSize {
			rankVar, sizeVar = p[0], p[1]
			break
		}
	}
	if rankVar == "" {
		return Config{}, false, nil
	}
	if cfg.Rank, err = envInt(rankVar, sizeVar); err != nil {
		return Config{}, false, err
	}
	if cfg.Size, err = envInt(sizeVar, rankVar); err != nil {
		return Config{}, false, err
	}
	cfg.Coordinator = DefaultCoordinator
	if v := strings.TrimSpace(os.Getenv(EnvCoordinator)); v != "" {
		cfg.Coordinator = v
	}
	cfg.Timeout = DefaultTimeout
	if v, set := os.LookupEnv(EnvTimeout); set {
		sec, perr := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if perr != nil || !(sec >= 1e-9) || sec > math.MaxInt64/float64(time.Second) {
			return Config{}, false, nesterr.New(nesterr.ErrBadParameter,
				"comm: %s must be a positive number of seconds, got %q.", EnvTimeout, v)
		}
		cfg.Timeout = time.Duration(sec * float64(time.Second))
	}
	if cfg, err = cfg.normalize(); err != nil {
		return Config{}, false, nesterr.New(nesterr.ErrBadParameter,
			"comm: environment %s=%s, %s=%s: %s", rankVar, os.Getenv(rankVar), sizeVar, os.Getenv(sizeVar), nesterr.Message(err))
	}
	return cfg, true, nil
}

// envInt parses the integer variable name, which must be set because its
// partner is.
func envInt(name, partner string) (int, error) {
	v, set := os.LookupEnv(name)
	if !set {
		return 0, nesterr.New(nesterr.ErrBadParameter,
			"comm: %s is set but %s is not; set both.", partner, name)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, nesterr.New(nesterr.ErrBadParameter,
			"comm: %s must be an integer, got %q.", name, v)
	}
	return n, nil
}
