package nesterr

// ErrInterrupted reports a Create or Connect stopped by Kernel.Interrupt
// (Ctrl-C in Python, which raises KeyboardInterrupt for it) before it
// changed anything. It is not one of NEST's exceptions: NEST cannot be
// interrupted there.
var ErrInterrupted = newCategory("Interrupted")
