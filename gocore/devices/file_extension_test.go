package devices

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// TestASCIIFileExtension: file_extension (default "dat") names the ascii
// files; a memory recorder has no such key.
func TestASCIIFileExtension(t *testing.T) {
	dir := t.TempDir()
	env := envAt(t, 0.1)
	io := &node.IOConfig{DataPath: dir, NumNodes: 3, NumVPs: 1}
	r := NewSpikeRecorder()
	r.InitRecording(memory.NewGoAllocator(), io, 2, "spike_recorder")
	err := set(t, r, env, dict.Dict{"file_extension": "nest"})
	if !errors.Is(err, nesterr.ErrUnaccessedDictionaryEntry) {
		t.Errorf("file_extension on a memory recorder: %v, want UnaccessedDictionaryEntry", err)
	}
	if err := set(t, r, env, dict.Dict{"record_to": "ascii"}); err != nil {
		t.Fatal(err)
	}
	if got := r.Status()["file_extension"]; got != "dat" {
		t.Errorf("default file_extension = %v, want dat", got)
	}
	if err := set(t, r, env, dict.Dict{"file_extension": "nest"}); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "spike_recorder-2-0.nest")}
	if got := r.Status()["filenames"]; !reflect.DeepEqual(got, want) {
		t.Errorf("filenames = %v, want %v", got, want)
	}
}
