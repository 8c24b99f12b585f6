package synapses

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// The weight optimizers of NEST's e-prop synapses (NEST's
// weight_optimizer), shared by eprop_synapse, eprop_synapse_hpc and the
// *_bsshslm_2020 variants. An optimizer has two parts:
//
//   - EpropOptimizer, one per synapse model (NEST's
//     WeightOptimizerCommonProperties): the type and its parameters, set
//     with SetDefaults under the key "optimizer";
//   - EpropOptimizerState, one per connection (NEST's WeightOptimizer):
//     the gradient summed over the current batch and, for Adam, the
//     moment estimates.
//
// The target neuron sums the gradient of a connection and hands it to
// EpropOptimizerState.OptimizedWeight with the index of the current
// update; each batch_size indices the summed gradient, divided by
// batch_size, changes the weight, which is then clipped to [Wmin, Wmax].
//
// gradient_descent:  w <- w - eta g
//
// adam (as TensorFlow's, with epsilon fixed rather than its bias-corrected
// value): m <- beta_1 m + (1 - beta_1) g, v <- beta_2 v + (1 - beta_2) g^2,
// w <- w - eta sqrt(1 - beta_2^t)/(1 - beta_1^t) m/(sqrt(v) + epsilon),
// once for every optimization step passed since the previous one (the
// gradient is zero for all but the first).
//
// Model-level keys (GetDefaults(model)["optimizer"]):
//
//	optimizer           "gradient_descent"  type name as reported; set it with "type"
//	batch_size          1                    > 0
//	eta                 1e-4                 learning rate, >= 0
//	Wmin, Wmax          -100.0, 100.0 pA     weight bounds, Wmin <= Wmax
//	optimize_each_step  true                 optimize at every step (true) or once per spike
//	beta_1, beta_2      0.9, 0.999           adam only, in [0, 1)
//	epsilon             1e-7                 adam only, >= 0
//
// Per-connection keys (GetStatus(conn)["optimizer"]): m and v for adam,
// none for gradient descent.

// Optimizer type names.
const (
	OptimizerGradientDescent = "gradient_descent"
	OptimizerAdam            = "adam"
)

// EpropOptimizer is the model-level part of an e-prop weight optimizer.
type EpropOptimizer struct {
	Type             string
	BatchSize        int64
	Eta              float64
	Wmin, Wmax       float64 // pA
	OptimizeEachStep bool
	// Adam only.
	Beta1, Beta2, Epsilon float64

	// etaFirstChange is the first learning rate set after the optimizer
	// was made and etaChanges the number of changes: connections that
	// never optimized start with etaFirstChange, so that a rate set
	// before learning starts is the one used.
	etaFirstChange float64
	etaChanges     int64
}

// NewEpropOptimizer returns the optimizer of type typ (gradient_descent
// or adam) with NEST's defaults.
func NewEpropOptimizer(typ string) EpropOptimizer {
	return EpropOptimizer{Type: typ, BatchSize: 1, Eta: 1e-4, etaFirstChange: 1e-4, Wmin: -100, Wmax: 100,
		OptimizeEachStep: true, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}
}

// Status returns the dictionary GetDefaults reports under "optimizer".
func (o *EpropOptimizer) Status() dict.Dict {
	d := dict.Dict{"optimizer": o.Type, "batch_size": o.BatchSize, "eta": o.Eta, "Wmin": o.Wmin, "Wmax": o.Wmax,
		"optimize_each_step": o.OptimizeEachStep}
	if o.Type == OptimizerAdam {
		d["beta_1"], d["beta_2"], d["epsilon"] = o.Beta1, o.Beta2, o.Epsilon
	}
	return d
}

// OptimizerDict returns the value of the "optimizer" entry of a status
// dictionary as a dictionary (nil, false when absent), or a TypeMismatch.
func OptimizerDict(r *dict.Reader) (dict.Dict, bool, error) {
	raw, ok := r.Raw("optimizer")
	if !ok {
		return nil, false, nil
	}
	switch v := raw.(type) {
	case dict.Dict:
		return v, true, nil
	case map[string]any:
		return dict.Dict(v), true, nil
	}
	return nil, false, nesterr.New(nesterr.ErrTypeMismatch, "Expected a dictionary for \"optimizer\", got %s.", dict.Describe(raw))
}

// Set returns o changed by the entries of d (the "optimizer" dictionary of
// a SetDefaults call), as NEST's set_status: a new "type" starts from that
// type's defaults and is refused once the model has connections (existing
// connections, a count the caller knows). Keys it does not know are
// ignored, as by NEST. o itself is not changed.
func (o EpropOptimizer) Set(d dict.Dict, connections int) (EpropOptimizer, error) {
	r := dict.NewReader(d)
	var typ string
	if ok, err := r.String("type", &typ); err != nil {
		return o, err
	} else if ok && typ != o.Type {
		if connections > 0 {
			return o, nesterr.New(nesterr.ErrBadParameter, "The optimizer cannot be changed because synapses have been created.")
		}
		if typ != OptimizerGradientDescent && typ != OptimizerAdam {
			return o, nesterr.New(nesterr.ErrBadProperty, "optimizer from [\"gradient_descent\", \"adam\"] required.")
		}
		o = NewEpropOptimizer(typ)
	}
	r.Has("optimizer") // the type name GetDefaults reports is accepted back
	batch := o.BatchSize
	if _, err := r.Int("batch_size", &batch); err != nil {
		return o, err
	}
	if batch <= 0 {
		return o, nesterr.New(nesterr.ErrBadProperty, "Optimization batch_size > 0 required.")
	}
	o.BatchSize = batch
	eta := o.Eta
	if _, err := r.Float("eta", &eta); err != nil {
		return o, err
	}
	if eta < 0 {
		return o, nesterr.New(nesterr.ErrBadProperty, "Learning rate eta ≥ 0 required.")
	}
	if eta != o.Eta {
		if o.etaChanges == 0 {
			o.etaFirstChange = eta
		}
		o.etaChanges++
		o.Eta = eta
	}
	wmin, wmax := o.Wmin, o.Wmax
	if err := readFloats(r, []floatField{{"Wmin", &wmin}, {"Wmax", &wmax}}); err != nil {
		return o, err
	}
	if wmin > wmax {
		return o, nesterr.New(nesterr.ErrBadProperty, "Minimal weight Wmin ≤ maximal weight Wmax required.")
	}
	o.Wmin, o.Wmax = wmin, wmax
	if _, err := r.Bool("optimize_each_step", &o.OptimizeEachStep); err != nil {
		return o, err
	}
	if o.Type == OptimizerAdam {
		if err := readFloats(r, []floatField{{"beta_1", &o.Beta1}, {"beta_2", &o.Beta2}, {"epsilon", &o.Epsilon}}); err != nil {
			return o, err
		}
		if o.Beta1 < 0 || o.Beta1 >= 1 {
			return o, nesterr.New(nesterr.ErrBadProperty, "For Adam optimizer, beta_1 from interval [0,1) required.")
		}
		if o.Beta2 < 0 || o.Beta2 >= 1 {
			return o, nesterr.New(nesterr.ErrBadProperty, "For Adam optimizer, beta_2 from interval [0,1) required.")
		}
		if o.Epsilon < 0 {
			return o, nesterr.New(nesterr.ErrBadProperty, "For Adam optimizer, epsilon ≥ 0 required.")
		}
	}
	// NEST leaves other keys (those of another type, say) unread and
	// says nothing.
	return o, nil
}

// CheckWeight is NEST's check of a connection's weight against the
// optimizer's bounds.
func (o *EpropOptimizer) CheckWeight(weight float64) error {
	if weight < o.Wmin {
		return nesterr.New(nesterr.ErrBadProperty, "Minimal weight Wmin ≤ weight required (weight = %g, Wmin = %g).", weight, o.Wmin)
	}
	if weight > o.Wmax {
		return nesterr.New(nesterr.ErrBadProperty, "weight ≤ maximal weight Wmax required (weight = %g, Wmax = %g).", weight, o.Wmax)
	}
	return nil
}

// EpropOptimizerState is the per-connection part of an optimizer.
type EpropOptimizerState struct {
	sumGradient float64 // over the current batch
	step        int64   // optimization step of the last optimization (starts at 1)
	etaCurrent  float64 // learning rate of the next optimization
	optimized   int64   // number of optimizations so far
	// Adam: moment estimates and the powers of beta_1 and beta_2.
	M, V                   float64
	beta1Power, beta2Power float64
}

// NewEpropOptimizerState returns the state a new connection starts with.
func NewEpropOptimizerState() EpropOptimizerState {
	return EpropOptimizerState{step: 1, etaCurrent: 1e-4, beta1Power: 1, beta2Power: 1}
}

// Status adds a connection's optimizer entries (GetStatus(conn)
// ["optimizer"]).
func (s *EpropOptimizerState) Status(o *EpropOptimizer) dict.Dict {
	d := dict.Dict{}
	if o.Type == OptimizerAdam {
		d["m"], d["v"] = s.M, s.V
	}
	return d
}

// Set reads a connection's optimizer entries from d (m and v of adam;
// as in NEST, other keys are ignored).
func (s *EpropOptimizerState) Set(o *EpropOptimizer, d dict.Dict) error {
	if o.Type == OptimizerAdam {
		return readFloats(dict.NewReader(d), []floatField{{"m", &s.M}, {"v", &s.V}})
	}
	return nil
}

// OptimizedWeight adds gradient to the batch of the connection and, when
// update index idx starts a new batch, returns the optimized weight
// clipped to [Wmin, Wmax]; otherwise weight unchanged.
func (s *EpropOptimizerState) OptimizedWeight(o *EpropOptimizer, idx int64, gradient, weight float64) float64 {
	if o.etaChanges != 0 && s.optimized == 0 {
		s.etaCurrent = o.etaFirstChange
	}
	s.sumGradient += gradient
	if s.step == 0 {
		s.step = idx
	}
	current := 1 + idx/o.BatchSize
	if s.step < current {
		s.sumGradient /= float64(o.BatchSize)
		if o.Type == OptimizerAdam {
			weight = s.adam(o, weight, current)
		} else {
			weight -= s.etaCurrent * s.sumGradient
			s.sumGradient = 0
		}
		weight = min(max(weight, o.Wmin), o.Wmax)
		s.etaCurrent = o.Eta
		s.optimized++
		s.step = current
	}
	return weight
}

func (s *EpropOptimizerState) adam(o *EpropOptimizer, weight float64, current int64) float64 {
	for ; s.step < current; s.step++ {
		s.beta1Power *= o.Beta1
		s.beta2Power *= o.Beta2
		alpha := s.etaCurrent * math.Sqrt(1.0-s.beta2Power) / (1.0 - s.beta1Power)
		s.M = o.Beta1*s.M + (1.0-o.Beta1)*s.sumGradient
		s.V = o.Beta2*s.V + (1.0-o.Beta2)*s.sumGradient*s.sumGradient
		weight -= alpha * s.M / (math.Sqrt(s.V) + o.Epsilon)
		// later steps of the loop are batches without a gradient
		s.sumGradient = 0
	}
	return weight
}
