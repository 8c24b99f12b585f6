package libm

import (
	"math"
	"math/big"
)

// expGeneric is Exp in Go: the main path in expCore, the rest in
// expOutside.
func expGeneric(x float64) float64 {
	abstop := uint32(math.Float64bits(x)>>52) & 0x7ff
	if abstop-topTiny >= topLarge-topTiny {
		return expOutside(x, abstop)
	}
	return expCore(x, 0, 0, false, false)
}

// expOutside is Exp for |x| < 2^-54 or |x| >= 512 (abstop is the
// exponent of x).
func expOutside(x float64, abstop uint32) float64 {
	if int32(abstop-topTiny) < 0 {
		// |x| < 2^-54: e^x rounds to 1 (but keeps NaN-free rounding).
		return 1 + x
	}
	if abstop >= topHuge {
		ix := math.Float64bits(x)
		switch {
		case ix == math.Float64bits(math.Inf(-1)):
			return 0
		case abstop >= 0x7ff:
			return 1 + x
		case ix>>63 != 0:
			return 0
		default:
			return math.Inf(1)
		}
	}
	// 512 <= |x| < 1024: the result may overflow or be subnormal.
	return expCore(x, 0, 0, true, false)
}

// Exponents (top 12 bits) that bound the main path: 2^-54, 512 and 1024.
const (
	topTiny  = 0x3c9
	topLarge = 0x408
	topHuge  = 0x409
)

// expCore is e^(x + xtail) with the sign bias of pow (0, or signBias
// for a negative result): x = k ln2/N + r, 2^(k/N) = scale*(1 + tail).
// special: the result may overflow or be subnormal; forPow: handle
// that as pow does (see expSpecial).
func expCore(x, xtail float64, bias uint64, special, forPow bool) float64 {
	kd := math.FMA(x, invLn2N, shift)
	ki := math.Float64bits(kd)
	kd -= shift
	r := math.FMA(kd, negLn2loN, math.FMA(kd, negLn2hiN, x))
	if xtail != 0 {
		r = xtail + r
	}
	idx := 2 * (ki % expN)
	top := (ki + bias) << (52 - expTableBits)
	tail := math.Float64frombits(expTab[idx])
	sbits := expTab[idx+1] + top
	r2 := r * r
	tmp := math.FMA(r2*r2, math.FMA(r, expC5, expC4), math.FMA(math.FMA(r, expC3, expC2), r2, r+tail))
	if special {
		return expSpecial(tmp, sbits, ki, forPow)
	}
	scale := math.Float64frombits(sbits)
	return math.FMA(scale, tmp, scale)
}

// expSpecial computes scale*(1 + tmp) where scale, given as bits whose
// exponent may have overflowed, is too large or too small for a double,
// as glibc does (rounding once more before a subnormal result). exp and
// pow differ in the last case: pow's result may be negative and keeps
// its sign when it rounds to zero, exp's zero is +0.
func expSpecial(tmp float64, sbits, ki uint64, forPow bool) float64 {
	if ki&0x80000000 == 0 {
		// k > 0: scale's exponent is 1009 too large.
		scale := math.Float64frombits(sbits - 1009<<52)
		return math.FMA(scale, tmp, scale) * 0x1p1009
	}
	// k < 0: scale carries 2^1022 more.
	scale := math.Float64frombits(sbits + 1022<<52)
	st := float64(scale * tmp)
	y := scale + st
	small := y < 1 // exp's y is positive
	if forPow {
		small = math.Abs(y) < 1
	}
	if small {
		one := 1.0
		if forPow && y < 0 {
			one = -1
		}
		lo := scale - y + st
		hi := one + y
		lo = one - hi + y + lo
		y = (lo + hi) - one
		if y == 0 {
			y = 0
			if forPow {
				y = math.Float64frombits(sbits & (1 << 63))
			}
		}
	}
	return 0x1p-1022 * y
}

// glibc's constants for exp: N = 128 table entries, N/ln2, ln2/N in two
// parts, the rounding shift 1.5*2^52 and the polynomial of e^r - 1 - r.
const (
	expTableBits = 7
	expN         = 1 << expTableBits

	invLn2N   = 0x1.71547652b82fep0 * expN
	negLn2hiN = -0x1.62e42fefa0000p-8
	negLn2loN = -0x1.cf79abc9e3b3ap-47
	shift     = 0x1.8p52
	expC2     = 0x1.ffffffffffdbdp-2
	expC3     = 0x1.555555555543cp-3
	expC4     = 0x1.55555cf172b91p-5
	expC5     = 0x1.1111167a4d017p-7
)

// expConsts are the constants of the main path in the order
// exp_amd64.s reads them.
var expConsts = [8]float64{invLn2N, shift, negLn2hiN, negLn2loN, expC2, expC4, expC5, expC3}

// expTab holds, for k = 0..N-1, the bits of tail_k and of H_k - k*2^45
// (bits), where H_k is the double nearest 2^(k/N) and tail_k the double
// nearest 2^(k/N)/H_k - 1: adding k*2^45 with the exponent bits of the
// reduction gives scale.
var expTab [2 * expN]uint64

func init() {
	const prec = 256
	newF := func() *big.Float { return new(big.Float).SetPrec(prec) }
	root := newF().SetInt64(2)
	for range expTableBits {
		root.Sqrt(root)
	}
	p := newF().SetInt64(1)
	one := newF().SetInt64(1)
	for k := range expN {
		h, _ := p.Float64()
		rel := newF().Quo(p, newF().SetFloat64(h))
		rel.Sub(rel, one)
		tail, _ := rel.Float64()
		expTab[2*k] = math.Float64bits(tail)
		expTab[2*k+1] = math.Float64bits(h) - uint64(k)<<(52-expTableBits)
		p.Mul(p, root)
	}
}
