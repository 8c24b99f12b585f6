package libm

// Pow4 sets z[i] = Pow(x[i], y[i]) for i = 0..3; where the processor
// allows, the four powers are computed together (pow4_amd64.s), with
// Pow's bits.
func Pow4(x, y, z *[4]float64) {
	if pow4(x, y, z) {
		return
	}
	for i := range 4 {
		z[i] = Pow(x[i], y[i])
	}
}
