package models

import (
	"testing"
	"unsafe"
)

// TestIafAlphaVecLayout pins the offsets iaf_psc_alpha_vec_amd64.s reads.
func TestIafAlphaVecLayout(t *testing.T) {
	var v iafAlphaVec
	checkLayout(t, "iafAlphaVec", []fieldOffset{
		{"vRel", unsafe.Offsetof(v.vRel), 0}, {"i0", unsafe.Offsetof(v.i0), 32}, {"dIEx", unsafe.Offsetof(v.dIEx), 64},
		{"iEx", unsafe.Offsetof(v.iEx), 96}, {"dIIn", unsafe.Offsetof(v.dIIn), 128}, {"iIn", unsafe.Offsetof(v.iIn), 160},
		{"ref", unsafe.Offsetof(v.ref), 192}, {"ie", unsafe.Offsetof(v.ie), 224}, {"p30", unsafe.Offsetof(v.p30), 256},
		{"p31ex", unsafe.Offsetof(v.p31ex), 288}, {"p32ex", unsafe.Offsetof(v.p32ex), 320}, {"p31in", unsafe.Offsetof(v.p31in), 352},
		{"p32in", unsafe.Offsetof(v.p32in), 384}, {"expm1", unsafe.Offsetof(v.expm1), 416}, {"minRel", unsafe.Offsetof(v.minRel), 448},
		{"p11ex", unsafe.Offsetof(v.p11ex), 480}, {"p21ex", unsafe.Offsetof(v.p21ex), 512}, {"epscInit", unsafe.Offsetof(v.epscInit), 544},
		{"p11in", unsafe.Offsetof(v.p11in), 576}, {"p21in", unsafe.Offsetof(v.p21in), 608}, {"ipscInit", unsafe.Offsetof(v.ipscInit), 640},
		{"theta", unsafe.Offsetof(v.theta), 672}, {"reset", unsafe.Offsetof(v.reset), 704}, {"refSteps", unsafe.Offsetof(v.refSteps), 736},
		{"rows", unsafe.Offsetof(v.rows), 768}, {"stride", unsafe.Offsetof(v.stride), 800}, {"slot", unsafe.Offsetof(v.slot), 808},
		{"slots", unsafe.Offsetof(v.slots), 816}, {"steps", unsafe.Offsetof(v.steps), 824}, {"spikes", unsafe.Offsetof(v.spikes), 832},
	})
}
