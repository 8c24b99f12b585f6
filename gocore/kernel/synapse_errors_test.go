package kernel

import (
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// synErrorCase is a call NEST 3.10 refuses, with the exception it raises
// (checked by hand against NEST 3.10.0; see record_synapses.py's
// README section). Nothing may change: the number of connections and the
// model's defaults stay as they were.
type synErrorCase struct {
	what     string
	model    string
	defaults dict.Dict // SetDefaults(model, defaults) if set
	connect  dict.Dict // else Connect(parrot 1, parrot 2, syn_spec)
	setConn  dict.Dict // else SetConnections on a connection made with the model
	want     *nesterr.Category
}

var synErrorCases = []synErrorCase{
	{"hom_w weight per connection", "static_synapse_hom_w", nil, dict.Dict{"weight": 2.0}, nil, nesterr.ErrNotImplemented},
	{"hom_w unknown key", "static_synapse_hom_w", nil, dict.Dict{"U": 0.2}, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"hom_w set weight", "static_synapse_hom_w", nil, nil, dict.Dict{"weight": 3.0}, nesterr.ErrUnaccessedDictionaryEntry},
	{"hom_w defaults unknown", "static_synapse_hom_w", dict.Dict{"foo": 1.0}, nil, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"tsodyks_hom weight per connection", "tsodyks_synapse_hom", nil, dict.Dict{"weight": 2.0}, nil, nesterr.ErrNotImplemented},
	{"tsodyks_hom U per connection", "tsodyks_synapse_hom", nil, dict.Dict{"U": 0.2}, nil, nesterr.ErrNotImplemented},
	{"tsodyks_hom U range", "tsodyks_synapse_hom", dict.Dict{"U": 1.5}, nil, nil, nesterr.ErrBadProperty},
	{"tsodyks_hom tau_psc", "tsodyks_synapse_hom", dict.Dict{"tau_psc": 0.0}, nil, nil, nesterr.ErrBadProperty},
	{"tsodyks_hom x + y", "tsodyks_synapse_hom", nil, dict.Dict{"x": 0.8, "y": 0.5}, nil, nesterr.ErrBadProperty},
	{"tsodyks_hom set weight", "tsodyks_synapse_hom", nil, nil, dict.Dict{"weight": 3.0}, nesterr.ErrUnaccessedDictionaryEntry},
	{"tsodyks_hom set U", "tsodyks_synapse_hom", nil, nil, dict.Dict{"U": 0.3}, nesterr.ErrUnaccessedDictionaryEntry},
	{"tsodyks_hom unknown", "tsodyks_synapse_hom", nil, dict.Dict{"foo": 0.2}, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"stdp_hom tau_plus per connection", "stdp_synapse_hom", nil, dict.Dict{"tau_plus": 3.0}, nil, nesterr.ErrNotImplemented},
	{"stdp_hom set Wmax", "stdp_synapse_hom", nil, nil, dict.Dict{"Wmax": 3.0}, nesterr.ErrUnaccessedDictionaryEntry},
	{"quantal U", "quantal_stp_synapse", dict.Dict{"U": 2.0}, nil, nil, nesterr.ErrBadProperty},
	{"quantal tau_fac", "quantal_stp_synapse", dict.Dict{"tau_fac": -1.0}, nil, nil, nesterr.ErrBadProperty},
	{"quantal u per connection", "quantal_stp_synapse", nil, dict.Dict{"u": -0.5}, nil, nesterr.ErrBadProperty},
	{"quantal tau_rec on connection", "quantal_stp_synapse", nil, nil, dict.Dict{"tau_rec": 0.0}, nesterr.ErrBadProperty},
	{"bernoulli p > 1", "bernoulli_synapse", nil, dict.Dict{"p_transmit": 1.5}, nil, nesterr.ErrBadProperty},
	{"bernoulli p < 0", "bernoulli_synapse", dict.Dict{"p_transmit": -0.1}, nil, nil, nesterr.ErrBadProperty},
	{"bernoulli unknown", "bernoulli_synapse", nil, dict.Dict{"U": 0.5}, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"cont_delay below a step", "cont_delay_synapse", dict.Dict{"delay": 0.05}, nil, nil, nesterr.ErrBadDelay},
	{"cont_delay connection below a step", "cont_delay_synapse", nil, nil, dict.Dict{"delay": 0.05}, nesterr.ErrBadDelay},
	{"nn_symm weight sign on connection", "stdp_nn_symm_synapse", nil, nil, dict.Dict{"weight": -5.0}, nesterr.ErrBadProperty},
	{"nn_symm Wmax sign in defaults", "stdp_nn_symm_synapse", dict.Dict{"Wmax": -5.0}, nil, nil, nesterr.ErrBadProperty},
	{"nn_symm weight sign with parameters", "stdp_nn_symm_synapse", nil, dict.Dict{"weight": -1.0, "tau_plus": 5.0}, nil, nesterr.ErrBadProperty},
	{"nn_symm has no Kplus", "stdp_nn_symm_synapse", nil, dict.Dict{"Kplus": 0.0}, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"nn_restr has no Kplus", "stdp_nn_restr_synapse", nil, nil, dict.Dict{"Kplus": 1.0}, nesterr.ErrUnaccessedDictionaryEntry},
	{"nn_pre_centered Kplus", "stdp_nn_pre_centered_synapse", nil, dict.Dict{"Kplus": -1.0}, nil, nesterr.ErrBadProperty},
	{"triplet Kplus", "stdp_triplet_synapse", nil, dict.Dict{"Kplus": -1.0}, nil, nesterr.ErrBadProperty},
	{"triplet Kplus_triplet", "stdp_triplet_synapse", nil, nil, dict.Dict{"Kplus_triplet": -1.0}, nesterr.ErrBadProperty},
	{"triplet weight sign", "stdp_triplet_synapse", nil, dict.Dict{"weight": -1.0, "Kplus": 0.0}, nil, nesterr.ErrBadProperty},
	{"vogels weight sign", "vogels_sprekeler_synapse", nil, nil, dict.Dict{"weight": -5.0}, nesterr.ErrBadProperty},
	{"vogels Kplus", "vogels_sprekeler_synapse", nil, dict.Dict{"Kplus": -0.5}, nil, nesterr.ErrBadProperty},
	{"vogels has no tau_plus", "vogels_sprekeler_synapse", nil, dict.Dict{"tau_plus": 5.0}, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"jonke tau_plus per connection", "jonke_synapse", nil, dict.Dict{"tau_plus": 5.0}, nil, nesterr.ErrNotImplemented},
	{"jonke Kplus", "jonke_synapse", nil, nil, dict.Dict{"Kplus": -5.0}, nesterr.ErrBadProperty},
	{"jonke set Wmax on connection", "jonke_synapse", nil, nil, dict.Dict{"Wmax": 5.0}, nesterr.ErrUnaccessedDictionaryEntry},
	{"facetshw lookup table size", "stdp_facetshw_synapse_hom", dict.Dict{"lookuptable_0": []any{1.0, 2.0}}, nil, nil, nesterr.ErrBadProperty},
	{"facetshw lookup table entry", "stdp_facetshw_synapse_hom", dict.Dict{"lookuptable_1": []any{0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 10.0, 11.0, 12.0, 16.0}}, nil, nil, nesterr.ErrBadProperty},
	{"facetshw configbit", "stdp_facetshw_synapse_hom", dict.Dict{"configbit_0": []any{0.0, 1.0}}, nil, nil, nesterr.ErrBadProperty},
	{"facetshw reset pattern", "stdp_facetshw_synapse_hom", dict.Dict{"reset_pattern": []any{1.0}}, nil, nil, nesterr.ErrBadProperty},
	{"facetshw Wmax per connection", "stdp_facetshw_synapse_hom", nil, dict.Dict{"Wmax": 5.0}, nil, nesterr.ErrNotImplemented},
	{"dopamine without volume transmitter", "stdp_dopamine_synapse", nil, dict.Dict{"weight": 1.0}, nil, nesterr.ErrBadProperty},
	{"dopamine volume transmitter not one", "stdp_dopamine_synapse", dict.Dict{"volume_transmitter": 1.0}, nil, nil, nesterr.ErrBadProperty},
	{"dopamine volume transmitter list", "stdp_dopamine_synapse", dict.Dict{"volume_transmitter": []any{1.0, 2.0}}, nil, nil, nesterr.ErrBadProperty},
	{"static has no volume transmitter", "static_synapse", dict.Dict{"volume_transmitter": 1.0}, nil, nil, nesterr.ErrUnaccessedDictionaryEntry},
	{"cont_delay internal key", "cont_delay_synapse", dict.Dict{"delay_offset": 0.05}, nil, nil, nesterr.ErrUnaccessedDictionaryEntry},
}

func TestSynapseModelErrors(t *testing.T) {
	for _, c := range synErrorCases {
		t.Run(c.what, func(t *testing.T) {
			k := newKernel()
			mustCreate(t, k, "parrot_neuron", 2)
			if c.setConn != nil {
				mustConnect(t, k, []int{1}, []int{2}, nil, dict.Dict{"synapse_model": c.model})
			}
			before, _ := k.Defaults(c.model)
			conns := k.NumConnections()
			statusBefore, _ := k.GetConnections(nil, nil, "")
			var err error
			switch {
			case c.defaults != nil:
				err = k.SetDefaults(c.model, c.defaults)
			case c.connect != nil:
				err = k.Connect([]int{1}, []int{2}, nil, withModel(c.connect, c.model))
			default:
				err = k.SetConnections(nil, nil, "", nil, []dict.Dict{c.setConn})
			}
			wantCategory(t, err, c.want)
			t.Logf("%v", err)
			after, _ := k.Defaults(c.model)
			if !equalDicts(before, after) {
				t.Errorf("defaults changed: %v -> %v", before, after)
			}
			if k.NumConnections() != conns {
				t.Errorf("%d connections, was %d", k.NumConnections(), conns)
			}
			statusAfter, _ := k.GetConnections(nil, nil, "")
			if statusAfter.Len() == 1 && (statusAfter.Weight[0] != statusBefore.Weight[0] || statusAfter.Delay[0] != statusBefore.Delay[0] ||
				!equalDicts(statusAfter.State[0], statusBefore.State[0])) {
				t.Errorf("connection changed")
			}
		})
	}
}

func equalDicts(a, b dict.Dict) bool { return reflect.DeepEqual(a, b) }
