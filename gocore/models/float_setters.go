package models

import "github.com/gonest/gonest/gocore/node"

// Direct setters of float state entries (node.FloatSetter) for the models
// whose SetStatus of that one entry cannot fail: a membrane potential
// kept relative to E_L, or a state variable that SetStatus copies without
// a rule. TestFloatSettersMatchSetStatus checks every one against
// SetStatus.

// relativeMembraneSetter sets V_m of a model that keeps it relative to
// E_L, as readMembrane does when V_m is given and E_L is not.
func relativeMembraneSetter[T node.Node](key string, fields func(T) (vRel *float64, el float64)) func(node.Node, float64) {
	if key != "V_m" {
		return nil
	}
	return func(n node.Node, v float64) {
		vRel, el := fields(n.(T))
		*vRel = v - el
	}
}

// stateFieldSetter sets state field key of a model whose SetStatus is
// setFieldStatus: the state fields are read without rules.
func stateFieldSetter[T node.Node, S any, SP fieldSet[S]](key string, state func(T) *S) func(node.Node, float64) {
	var zero S
	at := -1
	for i, f := range SP(&zero).fields() {
		if f.key == key {
			at = i
		}
	}
	if at < 0 {
		return nil
	}
	return func(n node.Node, v float64) {
		*SP(state(n.(T))).fields()[at].dst = v
	}
}

// FloatSetter implements node.FloatSetter.
func (n *IafPscAlpha) FloatSetter(key string) func(node.Node, float64) {
	return relativeMembraneSetter(key, func(m *IafPscAlpha) (*float64, float64) { return &m.S.VRel, m.P.EL })
}

// FloatSetter implements node.FloatSetter.
func (n *IafPscExp) FloatSetter(key string) func(node.Node, float64) {
	return relativeMembraneSetter(key, func(m *IafPscExp) (*float64, float64) { return &m.S.VRel, m.P.EL })
}

// FloatSetter implements node.FloatSetter.
func (n *IafPscDelta) FloatSetter(key string) func(node.Node, float64) {
	return relativeMembraneSetter(key, func(m *IafPscDelta) (*float64, float64) { return &m.S.VRel, m.P.EL })
}

// FloatSetter implements node.FloatSetter.
func (n *IafCondExp) FloatSetter(key string) func(node.Node, float64) {
	return stateFieldSetter(key, func(m *IafCondExp) *iafCondExpState { return &m.S })
}

// FloatSetter implements node.FloatSetter.
func (n *IafCondExpSfaRr) FloatSetter(key string) func(node.Node, float64) {
	return stateFieldSetter(key, func(m *IafCondExpSfaRr) *iafCondExpSfaRrState { return &m.S })
}

// FloatSetter implements node.FloatSetter.
func (n *IafCondAlpha) FloatSetter(key string) func(node.Node, float64) {
	return stateFieldSetter(key, func(m *IafCondAlpha) *condDualState { return &m.S })
}

// FloatSetter implements node.FloatSetter.
func (n *IafCondBeta) FloatSetter(key string) func(node.Node, float64) {
	return stateFieldSetter(key, func(m *IafCondBeta) *condDualState { return &m.S })
}
