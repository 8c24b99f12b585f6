package nesterr

// ErrLayerExpected is NEST's LayerExpected: a spatial operation was given
// nodes without positions.
var ErrLayerExpected = newCategory("LayerExpected")

// ErrBadParameterValue is NEST's BadParameterValue.
var ErrBadParameterValue = newCategory("BadParameterValue")

// ErrUndefinedName is NEST's UndefinedName: an unknown name, e.g. of a
// mask type.
var ErrUndefinedName = newCategory("UndefinedName")
