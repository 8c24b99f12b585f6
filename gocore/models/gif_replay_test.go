package models

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
	"github.com/gonest/gonest/gocore/simtime"
)

// The replay tests compare spiking gif runs with NEST's exactly, given
// NEST's spikes: testdata/nest310/record_replay_gif.py records a spiking
// run of each model (replay/<name>/), and the test runs gonest's model
// with NEST's spike steps imposed on the escape decision (the uniform
// number is 0 in a step where NEST fired, just below 1 elsewhere), or, for
// gif_pop_psc_exp, NEST's spike counts imposed on the draw. Every
// recordable then has to follow NEST's within the spec's tolerance, and
// the model has to be ready to fire (not refractory, positive hazard)
// in every step in which NEST fired.

// replaySpec is the part of a replay spec.json the tests read.
type replaySpec struct {
	Model      string         `json:"model"`
	Resolution float64        `json:"resolution"`
	Params     map[string]any `json:"params"`
	Simulate   []float64      `json:"simulate"`
	Tolerance  struct {
		Abs float64 `json:"abs"`
		Rel float64 `json:"rel"`
	} `json:"tolerance"`
}

// readCSV returns the header and the rows of a record.py CSV as floats.
func readCSV(t *testing.T, path string) ([]string, [][]float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]float64, len(recs)-1)
	for i, rec := range recs[1:] {
		rows[i] = make([]float64, len(rec))
		for j, x := range rec {
			if rows[i][j], err = strconv.ParseFloat(x, 64); err != nil {
				t.Fatalf("%s row %d: %v", path, i+2, err)
			}
		}
	}
	return recs[0], rows
}

// steeredSource is a random source whose draws the test sets: Float64
// gives 0 when fire is set, 1 - 2^-53 otherwise. draws counts the calls.
type steeredSource struct {
	fire  bool
	draws int
}

func (s *steeredSource) Uint64() uint64 {
	s.draws++
	if s.fire {
		return 0
	}
	return math.MaxUint64
}

// stepSpikeCounter counts spikes (with multiplicity) per step.
type stepSpikeCounter struct {
	node.Emitter
	perStep map[int64]int
}

func (c *stepSpikeCounter) EmitSpike(_ int, step int64, _ float64) { c.perStep[step]++ }
func (c *stepSpikeCounter) EmitSpikes(_ int, step int64, _ float64, m int) {
	c.perStep[step] += m
}

// replayGif runs replay/<name> on the node mk makes and compares it with
// NEST's recording. setReplay, if not nil, installs the imposed spike
// counts (gif_pop_psc_exp); otherwise the escape decision is steered.
func replayGif(t *testing.T, name string, mk func() node.Node, setReplay func(n node.Node, count func(step int64) int64)) {
	dir := filepath.Join("..", "..", "testdata", "nest310", "replay", name)
	raw, err := os.ReadFile(filepath.Join(dir, "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sp replaySpec
	if err := json.Unmarshal(raw, &sp); err != nil {
		t.Fatal(err)
	}
	base, err := simtime.NewBase(1000, sp.Resolution)
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(dir, "multimeter.csv"))
	_, spikes := readCSV(t, filepath.Join(dir, "spikes.csv"))
	nestCounts := map[int64]int{} // spikes per step (stamp - 1)
	for _, r := range spikes {
		nestCounts[base.MsToSteps(r[1])-1]++
	}

	n := mk()
	params := dict.Dict{}
	for k, v := range sp.Params {
		params[k] = v
	}
	if err := n.SetStatus(dict.NewReader(params), testEnv()); err != nil {
		t.Fatal(err)
	}
	src := &steeredSource{}
	env := &node.Env{Base: base, RingLen: 2, MinDelay: 1, RNG: rand.New(src)}
	var step int64
	if setReplay != nil {
		setReplay(n, func(int64) int64 { return int64(nestCounts[step]) })
	}
	em := &stepSpikeCounter{perStep: map[int64]int{}}
	ctx := &node.Context{RingLen: env.RingLen, Emit: em}
	rec := n.(node.Recordable)
	names := rec.Recordables()
	col := make([]int, len(header))
	for j := 2; j < len(header); j++ {
		col[j] = -1
		for i, q := range names {
			if q == header[j] {
				col[j] = i
			}
		}
		if col[j] < 0 {
			t.Fatalf("no recordable %s", header[j])
		}
	}
	got := make([][]float64, 0, len(rows))
	for _, ms := range sp.Simulate {
		n.Prepare(env)
		for end := step + base.MsToSteps(ms); step < end; step++ {
			src.fire = nestCounts[step] > 0
			before := src.draws
			n.Update(ctx, step, 0, 1)
			if setReplay == nil && src.fire && src.draws == before {
				t.Fatalf("step %d: NEST fired, gonest was not ready to (refractory or zero hazard)", step)
			}
			row := make([]float64, len(header))
			for j := 2; j < len(header); j++ {
				row[j] = rec.RecordableValue(col[j])
			}
			got = append(got, row)
		}
	}
	for s, c := range nestCounts {
		if em.perStep[s] != c {
			t.Errorf("step %d: gonest sent %d spikes, NEST %d", s, em.perStep[s], c)
		}
	}
	if len(em.perStep) != len(nestCounts) {
		t.Errorf("gonest spiked in %d steps, NEST in %d", len(em.perStep), len(nestCounts))
	}
	for j := 2; j < len(header); j++ {
		scale := 0.0
		for _, r := range rows {
			scale = math.Max(scale, math.Abs(r[j]))
		}
		tol := sp.Tolerance.Abs + sp.Tolerance.Rel*scale
		worst, exact := 0.0, 0
		for _, r := range rows {
			s := base.MsToSteps(r[1]) - 1
			d := math.Abs(got[s][j] - r[j])
			if got[s][j] == r[j] {
				exact++
			}
			if !(d <= tol) {
				t.Fatalf("%s at t = %g ms: gonest %.17g, NEST %.17g", header[j], r[1], got[s][j], r[j])
			}
			worst = math.Max(worst, d)
		}
		t.Logf("%s: max |deviation| %.3g, %d of %d samples bit-identical (%d NEST spikes)", header[j], worst, exact, len(rows), len(spikes))
	}
}

func TestGifPscExpReplaysNESTSpikingRun(t *testing.T) {
	replayGif(t, "gif_psc_exp", func() node.Node { return NewGifPscExp() }, nil)
}

func TestGifPscExpMultisynapseReplaysNESTSpikingRun(t *testing.T) {
	replayGif(t, "gif_psc_exp_multisynapse", func() node.Node { return NewGifPscExpMultisynapse() }, nil)
}

func TestGifCondExpReplaysNESTSpikingRun(t *testing.T) {
	replayGif(t, "gif_cond_exp", func() node.Node { return NewGifCondExp() }, nil)
}

func TestGifCondExpMultisynapseReplaysNESTSpikingRun(t *testing.T) {
	replayGif(t, "gif_cond_exp_multisynapse", func() node.Node { return NewGifCondExpMultisynapse() }, nil)
}

func TestGifPopPscExpReplaysNESTSpikingRun(t *testing.T) {
	for _, name := range []string{"gif_pop_psc_exp", "gif_pop_psc_exp_poisson"} {
		t.Run(name, func(t *testing.T) {
			replayGif(t, name, func() node.Node { return NewGifPopPscExp() }, func(n node.Node, count func(int64) int64) {
				n.(*GifPopPscExp).replay = func(float64) int64 { return count(0) }
			})
		})
	}
}
