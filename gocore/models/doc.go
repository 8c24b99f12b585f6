// Package models holds the neuron models. Each model file reads top to
// bottom as: doc comment with the parameter table, Params (absolute values,
// NEST key names in comments), defaults, validation, State, internal
// propagators computed in Prepare, Update, input handlers, recordables.
//
// Numerics follow NEST 3.10: the same exact-integration propagators, the
// same order of operations inside a step, the same time grid.
package models
