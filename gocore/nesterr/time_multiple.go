package nesterr

// Categories of NEST's time-grid checks on device parameters (the
// correlation detectors' delta_tau and tau_max).
var (
	ErrStepMultipleRequired = newCategory("StepMultipleRequired")
	ErrTimeMultipleRequired = newCategory("TimeMultipleRequired")
)
