package node

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/simtime"
)

// registered returns a default archive read by one connection of delay
// 1 ms.
func registered() *Archive {
	a := DefaultArchive()
	a.RegisterConnection(-1, 1, simtime.DefaultBase())
	return &a
}

// history returns the spike times of a in (t1, t2].
func history(a *Archive, t1, t2 float64) []float64 {
	var out []float64
	a.History(t1, t2, func(t float64) { out = append(out, t) })
	return out
}

func TestArchiveKeepsNoHistoryWithoutReaders(t *testing.T) {
	a := DefaultArchive()
	a.Spike(5)
	if a.Len() != 0 || a.KMinus(10) != 0 {
		t.Errorf("unread archive holds %d spikes, K- %g", a.Len(), a.KMinus(10))
	}
	d := dict.Dict{}
	a.Status(d)
	if d["t_spike"] != 5.0 {
		t.Errorf("t_spike = %v, want 5", d["t_spike"])
	}
	// Only spikes after the first reader registers are kept, and K-
	// starts from 0 again.
	a.Register()
	a.Spike(8)
	if got := history(&a, 0, 10); !reflect.DeepEqual(got, []float64{8}) {
		t.Errorf("history = %v, want [8]", got)
	}
	if got, want := a.KMinus(10), math.Exp(-2.0/20); got != want {
		t.Errorf("K-(10) = %.17g, want %.17g", got, want)
	}
}

func TestArchiveKMinus(t *testing.T) {
	a := registered()
	a.TauMinus = 15
	for _, s := range []float64{10, 12, 12} {
		a.Spike(s)
	}
	// NEST multiplies by 1/tau_minus; a repeated time adds 1 at once.
	inv := 1 / 15.0
	k10 := 1.0
	k12 := k10*math.Exp((10-12)*inv) + 1 + 1
	cases := []struct{ t, want float64 }{
		{9, 0},
		{10, 0},        // a spike at t itself is not before t
		{10 + 5e-7, 0}, // nor one within stdp_eps
		{11, k10 * math.Exp((10-11)*inv)},
		{12, k10 * math.Exp((10-12)*inv)},
		{20, k12 * math.Exp((12-20)*inv)},
	}
	for _, c := range cases {
		if got := a.KMinus(c.t); got != c.want {
			t.Errorf("K-(%g) = %.17g, want %.17g", c.t, got, c.want)
		}
	}
}

func TestArchiveHistoryInterval(t *testing.T) {
	a := registered()
	for _, s := range []float64{10, 15, 15, 20} {
		a.Spike(s)
	}
	cases := []struct {
		t1, t2 float64
		want   []float64
	}{
		{0, 10, []float64{10}},
		{10, 15, []float64{15, 15}},
		{10 - 5e-7, 20, []float64{15, 15, 20}}, // within stdp_eps of 10 counts as 10
		{10, 20 - 5e-7, []float64{15, 15, 20}},
		{20, 30, nil},
		{0, 9, nil},
	}
	for _, c := range cases {
		if got := history(a, c.t1, c.t2); !reflect.DeepEqual(got, c.want) {
			t.Errorf("History(%g, %g) = %v, want %v", c.t1, c.t2, got, c.want)
		}
	}
}

// TestArchiveStoresNESTTimes: NEST's archive holds tics * ms_per_tic,
// which for 116.1 ms is 116.10000000000001, not the double nearest 116.1.
func TestArchiveStoresNESTTimes(t *testing.T) {
	a := registered()
	a.Spike(116.1)
	tics, msPerTic := 116100.0, 1/1000.0 // variables: constant arithmetic would be exact
	nest := tics * msPerTic
	if nest == 116.1 {
		t.Fatal("test premise: 116100 tics * 0.001 should differ from 116.1")
	}
	if got := history(a, 116, 117); len(got) != 1 || got[0] != nest {
		t.Errorf("history = %v, want [%.17g]", got, nest)
	}
	d := dict.Dict{}
	a.Status(d)
	if d["t_spike"] != 116.1 {
		t.Errorf("t_spike = %v, want 116.1 as reported", d["t_spike"])
	}
}

func TestArchiveSetIsTransactional(t *testing.T) {
	a := DefaultArchive()
	if _, err := a.Set(dict.NewReader(dict.Dict{"tau_minus": 10.0, "tau_minus_triplet": -1.0})); !errors.Is(err, nesterr.ErrBadProperty) {
		t.Errorf("tau_minus_triplet -1: %v, want BadProperty", err)
	}
	if a.TauMinus != 20 || a.TauMinusTriplet != 110 {
		t.Errorf("rejected Set changed the archive: %+v", a)
	}
	c, err := a.Set(dict.NewReader(dict.Dict{"tau_minus": 10.0}))
	if err != nil || c.TauMinus != 10 {
		t.Errorf("tau_minus 10: %v, %+v", err, c)
	}
}

func TestArchiveReset(t *testing.T) {
	a := registered()
	a.Spike(3)
	a.Reset()
	a.Spike(4)
	if a.Len() != 0 {
		t.Errorf("reset archive (no readers) keeps %d spikes", a.Len())
	}
}

// TestArchivePruningChangesNothing drives two archives the way the
// kernel does, one with the real readers (delays 0.5 and 2 ms) and one
// whose registered delay is so long that it never prunes: every history
// read and every K- must agree, while the pruned history stays short.
func TestArchivePruningChangesNothing(t *testing.T) {
	b := simtime.DefaultBase()
	const (
		minDelay = 5 // steps: the shorter connection's delay and the slice length
		steps    = 200000
	)
	delays := []int64{5, 20}
	pruned, full := DefaultArchive(), DefaultArchive()
	for _, d := range delays {
		pruned.RegisterConnection(-b.StepsToMs(d), b.StepsToMs(d), b)
		full.RegisterConnection(-b.StepsToMs(d), 1e9, b)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	last := make([]float64, len(delays)) // each connection's last presynaptic spike, ms
	var pending []int64                  // presynaptic stamps emitted in the previous slice
	longest := 0
	for origin := int64(0); origin < steps; origin += minDelay {
		// Deliver what was emitted in the previous slice.
		for _, stamp := range pending {
			at := float64(stamp*b.TicsPerStep) * b.MsPerTic
			for i, d := range delays {
				dd := b.StepsToMs(d)
				hp, hf := history(&pruned, last[i]-dd, at-dd), history(&full, last[i]-dd, at-dd)
				if !reflect.DeepEqual(hp, hf) {
					t.Fatalf("stamp %d, delay %d: history %v, unpruned %v", stamp, d, hp, hf)
				}
				if kp, kf := pruned.KMinus(at-dd), full.KMinus(at-dd); kp != kf {
					t.Fatalf("stamp %d, delay %d: K- %.17g, unpruned %.17g", stamp, d, kp, kf)
				}
				last[i] = at
			}
		}
		pending = pending[:0]
		// Update the slice: random pre and post spikes, about 50/s and
		// 100/s, post spikes sometimes twice in a step.
		for s := origin; s < origin+minDelay; s++ {
			if rng.Float64() < 0.005 {
				pending = append(pending, s+1)
			}
			if rng.Float64() < 0.01 {
				for range 1 + rng.IntN(2) {
					pruned.Spike(b.StepsToMs(s + 1))
					full.Spike(b.StepsToMs(s + 1))
				}
			}
		}
		longest = max(longest, pruned.Len())
	}
	t.Logf("pruned history at most %d spikes, unpruned %d", longest, full.Len())
	if full.Len() < 1000 || longest > 50 {
		t.Errorf("pruned history reached %d spikes of %d", longest, full.Len())
	}
}

// TestArchiveKeepsWhatAnIdleReaderHasNotRead: an entry is dropped only
// once every registered connection has read past it.
func TestArchiveKeepsWhatAnIdleReaderHasNotRead(t *testing.T) {
	a := DefaultArchive()
	b := simtime.DefaultBase()
	a.RegisterConnection(-1, 1, b)
	a.RegisterConnection(-1, 1, b) // never reads
	for i := 1; i <= 100; i++ {
		a.Spike(float64(i))
		history(&a, float64(i-1), float64(i)) // the first reader keeps up
	}
	if a.Len() != 100 {
		t.Errorf("history holds %d spikes, want all 100", a.Len())
	}
	// Without the idle reader the history stays within the delays.
	a = DefaultArchive()
	a.RegisterConnection(-1, 1, b)
	for i := 1; i <= 100; i++ {
		a.Spike(float64(i))
		history(&a, float64(i-1), float64(i))
	}
	if a.Len() > 4 {
		t.Errorf("history read by its only reader holds %d spikes", a.Len())
	}
}
