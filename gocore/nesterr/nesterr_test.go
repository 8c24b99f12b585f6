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
