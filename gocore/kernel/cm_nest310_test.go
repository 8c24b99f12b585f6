package kernel

import "testing"

// TestNEST310CmDefault runs the cm_default scenarios of
// testdata/nest310/cm (record_cm.py there): a passive two-compartment
// neuron driven by current generators, and an active six-compartment tree
// with AMPA, GABA, NMDA and AMPA_NMDA receptors driven by spike
// generators, over 562 and 600 ms. gonest builds the same linear system
// with the same operations in the same order as NEST (cm_tree.go), and
// libm's exp, log and pow are the NEST wheel's, so traces and spike times
// are compared for equality (no tolerance in the specs).
func TestNEST310CmDefault(t *testing.T) { runNEST310Scenarios(t, "cm") }
