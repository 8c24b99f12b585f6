// Package nesterr defines the error categories of the simulator. Each
// category is named after the NEST exception a PyNEST user would see for the
// same mistake; the Python layer maps the category name back to
// nest.NESTErrors.<Name>.
//
// Errors are created with New (or fmt.Errorf and %w) so that the message
// states the rule that was broken and the value at fault, while errors.Is
// still finds the category.
package nesterr

import (
	"errors"
	"fmt"
	"strings"
)

// Category is an error class named like a NEST exception.
type Category struct{ name string }

// Error returns the category name, e.g. "BadProperty".
func (c *Category) Error() string { return c.name }

// Name returns the NEST exception name of the category.
func (c *Category) Name() string { return c.name }

func newCategory(name string) *Category { return &Category{name: name} }

// The categories used by the core. Their names are the NEST 3.10 exception
// names, which the Python layer raises.
var (
	ErrBadProperty               = newCategory("BadProperty")
	ErrBadParameter              = newCategory("BadParameter")
	ErrBadDelay                  = newCategory("BadDelay")
	ErrUnknownModelName          = newCategory("UnknownModelName")
	ErrUnknownSynapseType        = newCategory("UnknownSynapseType")
	ErrUnknownReceptorType       = newCategory("UnknownReceptorType")
	ErrIncompatibleReceptorType  = newCategory("IncompatibleReceptorType")
	ErrUnknownNode               = newCategory("UnknownNode")
	ErrIllegalConnection         = newCategory("IllegalConnection")
	ErrUnaccessedDictionaryEntry = newCategory("UnaccessedDictionaryEntry")
	ErrKernelException           = newCategory("KernelException")
	ErrTypeMismatch              = newCategory("TypeMismatch")
	ErrKeyError                  = newCategory("KeyError")
	ErrDimensionMismatch         = newCategory("DimensionMismatch")
	ErrIOError                   = newCategory("IOError")
	ErrNewModelNameExists        = newCategory("NewModelNameExists")
	ErrNumericalInstability      = newCategory("NumericalInstability")
	ErrGSLSolverFailure          = newCategory("GSLSolverFailure")
	ErrNotImplemented            = newCategory("NotImplemented")
	ErrInternal                  = newCategory("InternalError")
)

// catError carries a category and a message.
type catError struct {
	cat *Category
	msg string
}

func (e *catError) Error() string { return e.cat.name + ": " + e.msg }
func (e *catError) Unwrap() error { return e.cat }

// New returns an error of category cat whose message is formatted from
// format and args. Its text is "<Category>: <message>". An
// IllegalConnection's message starts as NEST's does ("Creation of
// connection is not possible because:" and a new line), which scripts
// match on.
func New(cat *Category, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if cat == ErrIllegalConnection && !strings.HasPrefix(msg, illegalConnectionLead) {
		msg = illegalConnectionLead + msg
	}
	return &catError{cat: cat, msg: msg}
}

// illegalConnectionLead opens every IllegalConnection message, as in NEST.
const illegalConnectionLead = "Creation of connection is not possible because:\n"

// CategoryOf returns the NEST exception name of err, or "InternalError"
// when err carries no category.
func CategoryOf(err error) string {
	var c *Category
	if errors.As(err, &c) {
		return c.name
	}
	return ErrInternal.name
}

// Message returns the text of err without its leading category name.
func Message(err error) string {
	var ce *catError
	if errors.As(err, &ce) {
		return ce.msg
	}
	return strings.TrimPrefix(err.Error(), CategoryOf(err)+": ")
}
