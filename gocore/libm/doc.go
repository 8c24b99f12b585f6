// Package libm reproduces, bit for bit, the exp and pow of the GNU C
// library (glibc 2.28 and later, the implementations of Szabolcs Nagy,
// as built for x86-64 processors with FMA and AVX2), which NEST's models
// and the GSL integrator inside NEST call.
//
// glibc's results are within about 0.51 ulp of the exact value, not
// correctly rounded: for roughly one argument in a thousand they are the
// other neighbour of the exact value. An adaptive integration feeds such
// an ulp back into its step sizes and state, so a simulator that rounds
// correctly (package crmath) slowly leaves NEST's trajectory in chaotic
// regimes such as bursting; following glibc's operations keeps it on it.
//
// The algorithms: exp reduces x = k ln2/128 + r, takes 2^(k/128) from a
// table as a double plus a relative tail and e^r - 1 from a degree-5
// polynomial; pow computes log x as k ln2 + log c + log1p(z/c - 1) in
// double-double precision with a 128-entry table of c, then the
// exponential of y log x with the same table as exp. Every operation here
// is the one the x86-64 FMA build of glibc performs, fused multiply-adds
// where its compiler fused them. The tables are computed from their
// definition (with big.Float) at start-up, the polynomial coefficients
// are glibc's.
//
// glibc selects this build at run time on processors with FMA and AVX2;
// on others it runs an unfused build whose results differ in rare cases.
// The NEST reference data of this project were recorded on such a
// processor.
package libm
