//go:build !amd64

package libm

// Exp returns e^x as glibc's exp does on x86-64 with FMA.
func Exp(x float64) float64 { return expGeneric(x) }

// Pow returns x^y as glibc's pow does on x86-64 with FMA.
func Pow(x, y float64) float64 { return powGeneric(x, y) }
