package nesterr

import (
	"errors"
	"fmt"
	"testing"
)

func TestNewCarriesCategoryAndMessage(t *testing.T) {
	err := New(ErrBadProperty, "Capacitance must be strictly positive, got C_m = %g.", -1.0)
	if !errors.Is(err, ErrBadProperty) {
		t.Fatalf("errors.Is(%v, ErrBadProperty) = false", err)
	}
	if errors.Is(err, ErrBadDelay) {
		t.Fatalf("error %v matches the wrong category", err)
	}
	if got, want := err.Error(), "BadProperty: Capacitance must be strictly positive, got C_m = -1."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("node 3: %w", err)
	if got := CategoryOf(wrapped); got != "BadProperty" {
		t.Errorf("CategoryOf(wrapped) = %q", got)
	}
	if got := Message(err); got != "Capacitance must be strictly positive, got C_m = -1." {
		t.Errorf("Message() = %q", got)
	}
	if got := CategoryOf(errors.New("plain")); got != "InternalError" {
		t.Errorf("CategoryOf(plain) = %q", got)
	}
}

func TestIllegalConnectionOpensAsNEST(t *testing.T) {
	err := New(ErrIllegalConnection, "node %d is a recorder.", 3)
	want := "IllegalConnection: Creation of connection is not possible because:\nnode 3 is a recorder."
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	// Made again from its own message, the lead is not repeated.
	again := New(ErrIllegalConnection, "%s", Message(err))
	if again.Error() != want {
		t.Errorf("re-made error = %q, want %q", again.Error(), want)
	}
}
