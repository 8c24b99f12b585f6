//go:build !amd64

package models

import "github.com/gonest/gonest/gocore/ode"

// aeifCondVec is empty off amd64 (aeif_cond_vec_amd64.go).
type aeifCondVec struct{}

// vectorFits reports false: there is no vector evaluation.
func (n *aeifSyn) vectorFits() bool { return false }

// vectorParams is never called (vectorFits).
func (g *aeifGroup) vectorParams(int) {}

// eval is never called (vectorFits).
func (v *aeifCondVec) eval(_, _ *[ode.MaxLanes]*[ode.LaneDim]float64) {}

// setElement is never called (vectorFits).
func (v *aeifCondVec) setElement(int, *AeifSynParams) {}

// setInput is never called (vectorFits).
func (v *aeifCondVec) setInput(int, *aeifSynState) {}
