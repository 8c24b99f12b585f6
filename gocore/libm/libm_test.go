package libm

import (
	"bufio"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gonest/gonest/gocore/crmath"
)

// glibcCases reads the reference results of glibc (see the file's header).
func glibcCases(t *testing.T) (exp, pow [][]float64) {
	t.Helper()
	f, err := os.Open("testdata/glibc_2.36_x86-64_fma.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		vals := make([]float64, len(fields)-1)
		for i, s := range fields[1:] {
			u, err := strconv.ParseUint(s, 16, 64)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			vals[i] = math.Float64frombits(u)
		}
		switch fields[0] {
		case "exp":
			exp = append(exp, vals)
		case "pow":
			pow = append(pow, vals)
		}
	}
	return exp, pow
}

func TestExpMatchesGlibc(t *testing.T) {
	cases, _ := glibcCases(t)
	notCR := 0
	for _, c := range cases {
		x, want := c[0], c[1]
		if got := Exp(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("Exp(%x) = %x, glibc %x", x, got, want)
		}
		if x > -708 && x < 709 && crmath.Exp(x) != want {
			notCR++
		}
	}
	// The file holds the cases where glibc is not correctly rounded:
	// those are what this package is for.
	if len(cases) < 2000 || notCR < 100 {
		t.Errorf("%d cases, %d of them not correctly rounded by glibc: the test data look wrong", len(cases), notCR)
	}
}

func TestPowMatchesGlibc(t *testing.T) {
	_, cases := glibcCases(t)
	notCR := 0
	for _, c := range cases {
		x, y, want := c[0], c[1], c[2]
		if got := Pow(x, y); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("Pow(%x, %x) = %x, glibc %x", x, y, got, want)
		}
		n := int(math.Round(1 / y))
		if crmath.RootPow(x, n) != want {
			notCR++
		}
	}
	if len(cases) < 2000 || notCR < 100 {
		t.Errorf("%d cases, %d of them not correctly rounded by glibc: the test data look wrong", len(cases), notCR)
	}
}

func TestSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {math.Copysign(0, -1), 1}, {inf, inf}, {-inf, 0}, {1000, inf}, {-1000, 0},
		{1e-300, 1}, {709.78, math.Exp(709.78)}, {-740, math.Exp(-740)}, {1, math.E},
	} {
		if got := Exp(c.x); got != c.want && math.Abs(got-c.want) > 1e-15*c.want {
			t.Errorf("Exp(%g) = %g, want %g", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Exp(nan)) {
		t.Error("Exp(NaN) is not NaN")
	}
	for _, c := range []struct{ x, y, want float64 }{
		{2, 0, 1}, {nan, 0, 1}, {1, nan, 1}, {2, 10, 1024}, {-2, 3, -8}, {-2, 2, 4}, {0, -1, inf},
		{math.Copysign(0, -1), -1, -inf}, {0.5, inf, 0}, {2, -inf, 0}, {4, 0.5, 2}, {2, 1e-70, 1},
		{2, 1e70, inf}, {0.5, 1e70, 0}, {1e-310, 0.5, math.Sqrt(1e-310)}, {inf, -1, 0},
	} {
		if got := Pow(c.x, c.y); got != c.want && math.Abs(got-c.want) > 1e-15*math.Abs(c.want) {
			t.Errorf("Pow(%g, %g) = %g, want %g", c.x, c.y, got, c.want)
		}
	}
	if !math.IsNaN(Pow(-2, 0.5)) || !math.IsNaN(Pow(nan, 1)) || !math.IsNaN(Pow(2, nan)) {
		t.Error("Pow of a negative base to a fraction, or of NaN, is not NaN")
	}
}

func TestTables(t *testing.T) {
	// Entry 0 of exp's table is 2^0 without tail; every scale is within
	// half an ulp plus its tail of 2^(k/128).
	if expTab[0] != 0 || expTab[1] != math.Float64bits(1) {
		t.Errorf("expTab[0:2] = %x %x", expTab[0], expTab[1])
	}
	for k := range expN {
		h := math.Float64frombits(expTab[2*k+1] + uint64(k)<<45)
		if want := math.Exp2(float64(k) / expN); math.Abs(h-want) > 2e-16*want {
			t.Errorf("entry %d: %x, 2^(k/N) = %x", k, h, want)
		}
	}
	// Around 1 the logarithm's table has c = 1, log c = 0.
	if e := powTab[75]; e.invc != 1 || e.logc != 0 || e.logctail != 0 {
		t.Errorf("powTab[75] = %+v", e)
	}
	for i, e := range powTab {
		if got := e.logc + e.logctail; math.Abs(got+math.Log(e.invc)) > 1e-15 {
			t.Errorf("entry %d: log c %g, want %g", i, got, -math.Log(e.invc))
		}
	}
}

// bigLn is ln x to 200 bits: x = 2^e m, ln m from bigLog.
func bigLn(x float64) *big.Float {
	frac, e := math.Frexp(x)
	l := bigLog(new(big.Float).SetPrec(256).SetFloat64(frac), 256)
	ln2 := bigLog(new(big.Float).SetPrec(256).SetInt64(2), 256)
	return l.Add(l, ln2.Mul(ln2, new(big.Float).SetPrec(256).SetInt64(int64(e))))
}

func TestLogIsCorrectlyRounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 4000 {
		var x float64
		switch i % 4 {
		case 0:
			x = 0.5 + 30*rng.Float64()
		case 1:
			x = 0.99 + 0.02*rng.Float64()
		case 2:
			x = math.Exp(1400*rng.Float64() - 700)
		default:
			x = math.Float64frombits(rng.Uint64() &^ (1 << 63))
		}
		if !(x > 0) || math.IsInf(x, 0) || x < 0x1p-1022 {
			continue
		}
		got := Log(x)
		exact := bigLn(x)
		for _, other := range []float64{math.Nextafter(got, math.Inf(1)), math.Nextafter(got, math.Inf(-1))} {
			dGot := new(big.Float).Sub(exact, new(big.Float).SetFloat64(got))
			dOther := new(big.Float).Sub(exact, new(big.Float).SetFloat64(other))
			if dGot.Abs(dGot).Cmp(dOther.Abs(dOther)) > 0 {
				t.Fatalf("Log(%x) = %x, %x is nearer", x, got, other)
			}
		}
	}
	// glibc's log(3) (and this one) is the nearer neighbour; math.Log's
	// is not.
	if got := Log(3); got != 0x1.193ea7aad030bp+0 {
		t.Errorf("Log(3) = %x, want glibc's 0x1.193ea7aad030bp+0", got)
	}
	for _, c := range []struct{ x, want float64 }{{1, 0}, {0, math.Inf(-1)}, {math.Inf(1), math.Inf(1)}, {math.E, 1}} {
		if got := Log(c.x); got != c.want {
			t.Errorf("Log(%g) = %g, want %g", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Log(-1)) || !math.IsNaN(Log(math.NaN())) {
		t.Error("Log of a negative number or NaN is not NaN")
	}
}

// TestExpEqualsGeneric checks that Exp (on amd64 the assembly path) gives
// the bits of the Go implementation, expGeneric, which the glibc cases
// above pin: 2^22 arguments uniform in [-750, 750], 2^22 with random
// bits (every exponent, NaNs and infinities included), 2^20 in the
// range of the aeif models' exponent (-50, 5) and the boundaries of the
// main path.
func TestExpEqualsGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 18))
	check := func(x float64) {
		if got, want := Exp(x), expGeneric(x); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("Exp(%x) = %x, expGeneric %x", x, got, want)
		}
	}
	for range 1 << 22 {
		check(1500*rng.Float64() - 750)
		check(math.Float64frombits(rng.Uint64()))
	}
	for range 1 << 20 {
		check(55*rng.Float64() - 50)
	}
	for _, top := range []uint64{topTiny, topLarge, topHuge} {
		for _, sign := range []uint64{0, 1 << 63} {
			b := sign | top<<52
			for _, d := range []uint64{0, 1, 2} {
				check(math.Float64frombits(b + d))
				check(math.Float64frombits(b - d))
			}
		}
	}
}

// TestPowEqualsGeneric checks that Pow (on amd64 the assembly path)
// gives the bits of the Go implementation, powGeneric: 2^21 pairs with
// x uniform in (0, 4) and the exponents of the step-size control (1/5,
// 1/6), 2^21 with x and y of random bits, 2^21 with x of random bits and
// y uniform in [-800, 800] (results that overflow, underflow or are
// subnormal included).
func TestPowEqualsGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 18))
	check := func(x, y float64) {
		if got, want := Pow(x, y), powGeneric(x, y); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("Pow(%x, %x) = %x, powGeneric %x", x, y, got, want)
		}
	}
	for range 1 << 21 {
		x := 4 * rng.Float64()
		check(x, 1.0/5)
		check(x, 1.0/6)
		check(math.Float64frombits(rng.Uint64()), math.Float64frombits(rng.Uint64()))
		check(math.Float64frombits(rng.Uint64()>>1), 1600*rng.Float64()-800)
	}
}

// BenchmarkExp measures Exp and expGeneric on arguments in the range of
// the aeif models' spike current.
func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range xs {
		xs[i] = 20*rng.Float64() - 15
	}
	for _, f := range []struct {
		name string
		exp  func(float64) float64
	}{{"Exp", Exp}, {"expGeneric", expGeneric}} {
		b.Run(f.name, func(b *testing.B) {
			s := 0.0
			for i := 0; b.Loop(); i++ {
				s += f.exp(xs[i&1023])
			}
			sink = s
		})
	}
}

var sink float64
