//go:build !amd64

package libm

// pow4 declines: Pow4 takes the powers one at a time.
func pow4(x, y, z *[4]float64) bool { return false }

const hasAVX2FMA = false
