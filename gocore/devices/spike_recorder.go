package devices

import (
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

func init() { register("spike_recorder", func() node.Node { return NewSpikeRecorder() }) }

// SpikeRecorder is NEST's spike_recorder: it is connected *from* the
// neurons whose spikes it stores. Events: senders and times. A time is the
// spike's grid time (the end of the step in which the threshold was
// crossed) minus the offset the spike carries, as in NEST's memory backend.
// For most models the offset is 0; iaf_tum_2000 reuses it for its u*x, so
// NEST 3.10 reports its spikes that much before the grid time, and so do we.
// With time_in_steps the events hold times as the grid stamp in steps and
// the offset in a column offsets instead.
// Parameters: origin, start, stop, label, record_to, precision,
// time_in_steps.
type SpikeRecorder struct {
	recorderCommon
}

// NewSpikeRecorder returns a spike_recorder with NEST's defaults.
func NewSpikeRecorder() *SpikeRecorder {
	return &SpikeRecorder{recorderCommon{W: DefaultWindow(), RecordTo: "memory", Precision: 3}}
}

// Model implements node.Node.
func (s *SpikeRecorder) Model() string { return "spike_recorder" }

// ElementType implements node.Node.
func (s *SpikeRecorder) ElementType() node.ElementType { return node.Recorder }

// Clone implements node.Node.
func (s *SpikeRecorder) Clone() node.Node {
	return &SpikeRecorder{s.settings()}
}

// InitRecording gives the recorder its event table in alloc's memory, its
// node id and model name, and the kernel's file configuration.
func (s *SpikeRecorder) InitRecording(alloc memory.Allocator, io *node.IOConfig, id int, model string) {
	s.initCommon(alloc, io, id, model)
	s.newTable(nil)
}

// OpenOutput opens the output file before a run (record_to "ascii").
func (s *SpikeRecorder) OpenOutput() error { return s.openOutput(nil) }

// Status implements node.Node.
func (s *SpikeRecorder) Status() dict.Dict {
	d := dict.Dict{}
	s.status(d)
	return d
}

// SetStatus implements node.Node.
func (s *SpikeRecorder) SetStatus(r *dict.Reader, env *node.Env) error {
	commit, err := s.setCommon(r, env)
	if err != nil {
		return err
	}
	commit()
	s.syncTable(nil)
	return nil
}

// Prepare implements node.Node.
func (s *SpikeRecorder) Prepare(env *node.Env) { s.prepare(env.Base) }

// Update implements node.Node; spikes arrive through HandleSpike.
func (s *SpikeRecorder) Update(*node.Context, int64, int, int) {}

// CheckSpikeReceptor implements node.SpikeReceiver.
func (s *SpikeRecorder) CheckSpikeReceptor(_ string, rport int) error {
	if rport != 0 {
		return nesterr.New(nesterr.ErrUnknownReceptorType, "Receptor type %d is not available in spike_recorder.", rport)
	}
	return nil
}

// HandleSpike implements node.SpikeReceiver.
func (s *SpikeRecorder) HandleSpike(e *node.SpikeEvent) {
	if s.table == nil || !s.active(e.Stamp) {
		return
	}
	for range max(e.Multiplicity, 1) {
		s.write(int64(e.Sender), e.Stamp, e.Offset, nil)
	}
}
