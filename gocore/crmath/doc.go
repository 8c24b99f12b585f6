// Package crmath provides the few elementary functions whose last bit
// decides whether an adaptive integration follows NEST's path: Exp and
// RootPow, correctly rounded (the double nearest to the exact value) but
// for hard cases so close to a midpoint between two doubles that they
// practically never occur.
//
// NEST's models call the C library; glibc's exp and pow are correctly
// rounded for all but about one argument in a thousand, while Go's
// math.Exp and math.Pow are off by an ulp for about one argument in
// seven and one in two. An ulp in the step-size factor or in an
// exponential current changes the integration's path; here such
// differences shrink to glibc's own rare misroundings.
//
// Both refine a double approximation with double-double arithmetic
// (pairs hi+lo carrying about 106 bits, built on math.FMA) and round
// once at the end.
package crmath
