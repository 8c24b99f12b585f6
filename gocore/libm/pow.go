package libm

import (
	"math"
	"math/big"
)

// powGeneric is Pow in Go.
func powGeneric(x, y float64) float64 {
	var bias uint64
	ix, iy := math.Float64bits(x), math.Float64bits(y)
	topx, topy := uint32(ix>>52), uint32(iy>>52)
	if topx-1 >= 0x7ff-1 || (topy&0x7ff)-0x3be >= 0x43e-0x3be {
		// x subnormal, zero, negative, infinite or NaN, or |y| < 2^-65,
		// |y| >= 2^63 or NaN.
		if zeroInfNaN(iy) {
			switch {
			case 2*iy == 0:
				return 1
			case ix == math.Float64bits(1):
				return 1
			case 2*ix > 2*infBits || 2*iy > 2*infBits:
				return x + y
			case 2*ix == 2*math.Float64bits(1):
				return 1
			case (2*ix < 2*math.Float64bits(1)) == (iy>>63 == 0):
				return 0 // |x| < 1 and y = inf, or |x| > 1 and y = -inf
			}
			return y * y
		}
		if zeroInfNaN(ix) {
			x2 := x * x
			if ix>>63 != 0 && checkInt(iy) == 1 {
				x2 = -x2
			}
			if iy>>63 != 0 {
				return 1 / x2
			}
			return x2
		}
		// x and y are finite and not zero.
		if ix>>63 != 0 {
			switch checkInt(iy) {
			case 0:
				return math.NaN()
			case 1:
				bias = signBias
			}
			ix &= 1<<63 - 1
			topx &= 0x7ff
		}
		if (topy&0x7ff)-0x3be >= 0x43e-0x3be {
			if ix == math.Float64bits(1) {
				return 1
			}
			if topy&0x7ff < 0x3be {
				if ix > math.Float64bits(1) {
					return 1 + y
				}
				return 1 - y
			}
			if (ix > math.Float64bits(1)) == (topy < 0x800) {
				return math.Inf(1)
			}
			return 0
		}
		if topx == 0 {
			// Subnormal x: normalize, the exponent going negative.
			ix = math.Float64bits(x*0x1p52) & (1<<63 - 1)
			ix -= 52 << 52
		}
	}
	hi, lo := logInline(ix)
	ehi := y * hi
	elo := math.FMA(y, lo, math.FMA(hi, y, -ehi))
	return expInline(ehi, elo, bias)
}

const (
	infBits  = 0x7ff0000000000000
	signBias = 0x800 << expTableBits
)

func zeroInfNaN(i uint64) bool { return 2*i-1 >= 2*infBits-1 }

// checkInt tells whether the finite, non-zero iy is no integer (0), an
// odd (1) or an even (2) one.
func checkInt(iy uint64) int {
	e := int(iy >> 52 & 0x7ff)
	switch {
	case e < 0x3ff:
		return 0
	case e > 0x3ff+52:
		return 2
	case iy&(1<<(0x3ff+52-e)-1) != 0:
		return 0
	case iy&(1<<(0x3ff+52-e)) != 0:
		return 1
	}
	return 2
}

// expInline is exp(x + xtail) with pow's sign bias, glibc's exp_inline.
func expInline(x, xtail float64, bias uint64) float64 {
	abstop := uint32(math.Float64bits(x)>>52) & 0x7ff
	special := false
	if abstop-topTiny >= topLarge-topTiny {
		if int32(abstop-topTiny) < 0 {
			one := 1 + x
			if bias != 0 {
				return -one
			}
			return one
		}
		if abstop >= topHuge {
			r := math.Inf(1)
			if math.Float64bits(x)>>63 != 0 {
				r = 0
			}
			if bias != 0 {
				return -r
			}
			return r
		}
		special = true
	}
	return expCore(x, xtail, bias, special, true)
}

// logInline returns log(x) as hi + lo (lo about 15 bits beyond hi) for
// the bits ix of a positive normal x: x = 2^k z, z in [off, 2 off), and
// log x = k ln2 + log c + log1p(z/c - 1) with c from powTab.
func logInline(ix uint64) (float64, float64) {
	tmp := ix - powOff
	i := (tmp >> (52 - powTableBits)) % powN
	k := int64(tmp) >> 52
	iz := ix - tmp&(0xfff<<52)
	z := math.Float64frombits(iz)
	kd := float64(k)
	e := &powTab[i]

	r := math.FMA(z, e.invc, -1)
	t1 := math.FMA(kd, ln2hi, e.logc)
	t2 := r + t1
	lo1 := math.FMA(kd, ln2lo, e.logctail)
	lo2 := t1 - t2 + r

	ar := r * powA[0]
	ar2 := r * ar
	ar3 := r * ar2
	hi := t2 + ar2
	lo3 := math.FMA(ar, r, -ar2)
	lo4 := t2 - hi + ar2
	q := math.FMA(ar2, math.FMA(math.FMA(r, powA[6], powA[5]), ar2, math.FMA(r, powA[4], powA[3])), math.FMA(r, powA[2], powA[1]))
	lo := math.FMA(ar3, q, lo1+lo2+lo3+lo4)
	y := hi + lo
	return y, hi - y + lo
}

// glibc's constants for pow's logarithm: the table size, the offset of
// the reduced range, ln2 in two parts (the first with trailing zeros, so
// that k*ln2hi is exact) and the coefficients of log1p(r) - r beyond r.
const (
	powTableBits = 7
	powN         = 1 << powTableBits
	powOff       = 0x3fe6955500000000

	ln2hi = 0x1.62e42fefa3800p-1
	ln2lo = 0x1.ef35793c76730p-45
)

// powConsts are ln2hi, ln2lo and powA in the order pow_amd64.s reads
// them.
var powConsts = [9]float64{ln2hi, ln2lo, powA[0], powA[1], powA[2], powA[3], powA[4], powA[5], powA[6]}

var powA = [7]float64{
	-0x1.0000000000000p-1, -0x1.5555555555560p-1, 0x1.0000000000006p-1, 0x1.999999959554ep-1,
	-0x1.555555529a47ap-1, -0x1.2495b9b4845e9p+0, 0x1.0002b8b263fc3p+0,
}

// powEntry is one subinterval of the reduced range: 1/c, and log c as
// logc (a multiple of 2^-43) plus logctail.
type powEntry struct{ invc, logc, logctail float64 }

var powTab [powN]powEntry

// The table follows glibc's definition: subinterval i holds the z whose
// bits are powOff + i*2^45 up to the next; c is near its center, with
// 1/c a multiple of 1/N (center < 1) or 1/(2N) (center >= 1) so that
// z/c - 1 is exact, and 1/c = 1 in the two subintervals around 1.
func init() {
	const prec = 256
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	for i := range powN {
		lo := math.Float64frombits(powOff + uint64(i)<<(52-powTableBits))
		hi := math.Float64frombits(powOff + uint64(i+1)<<(52-powTableBits))
		center := (lo + hi) / 2
		var invc float64
		if center < 1 {
			invc = math.Round(powN/center) / powN
		} else {
			invc = math.Round(2*powN/center) / powN / 2
		}
		logc := bigLog(newF().SetFloat64(invc), prec)
		logc.Neg(logc)
		scaled, _ := newF().SetMantExp(logc, 43).Float64()
		rounded := math.Round(scaled) * 0x1p-43
		tail, _ := newF().Sub(logc, newF().SetFloat64(rounded)).Float64()
		powTab[i] = powEntry{invc: invc, logc: rounded, logctail: tail}
	}
}

// bigLog is ln v for v near 1, from ln v = 2 atanh((v-1)/(v+1)).
func bigLog(v *big.Float, prec uint) *big.Float {
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	one := newF().SetInt64(1)
	u := newF().Quo(newF().Sub(v, one), newF().Add(v, one))
	u2 := newF().Mul(u, u)
	sum, term := newF(), newF().Set(u)
	for k := int64(1); k < 400; k += 2 {
		t := newF().Quo(term, newF().SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -int(prec) {
			break
		}
		term.Mul(term, u2)
	}
	return sum.Mul(sum, newF().SetInt64(2))
}
