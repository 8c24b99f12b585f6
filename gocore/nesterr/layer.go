package nesterr

// ErrLayerExpected is NEST's LayerExpected: a spatial operation was given
// nodes without positions.
var ErrLayerExpected = newCategory("LayerExpected")

// ErrBadParameterValue is NEST's BadParameterValue.
var ErrBadParameterValue = newCategory("BadParameterValue")
