package pybind

import (
	"strings"
	"testing"
)

func panics() (err error) {
	defer guard(&err)
	var m map[string]int
	m["boom"]++ // assignment to a nil map: a runtime panic
	return nil
}

func TestGuardTurnsPanicIntoInternalError(t *testing.T) {
	err := panics()
	if err == nil || !strings.HasPrefix(err.Error(), "InternalError: ") || !strings.Contains(err.Error(), "nil map") {
		t.Fatalf("guarded panic returned %v, want an InternalError naming the panic", err)
	}
}

func TestExportedCallsReportNESTErrorNames(t *testing.T) {
	if err := ResetKernel(); err != nil {
		t.Fatal(err)
	}
	_, err := Create("no_such_model", 1, "")
	if err == nil || !strings.HasPrefix(err.Error(), "UnknownModelName: ") {
		t.Fatalf("Create(no_such_model) error = %v, want UnknownModelName: ...", err)
	}
	if err := SimulateStart(-1); err == nil || !strings.HasPrefix(err.Error(), "BadParameter: ") {
		t.Fatalf("SimulateStart(-1) error = %v, want BadParameter: ...", err)
	}
	if _, err := GetStatus("[1]"); err == nil || !strings.HasPrefix(err.Error(), "UnknownNode: ") {
		t.Fatalf("GetStatus of a missing node error = %v, want UnknownNode: ...", err)
	}
}
