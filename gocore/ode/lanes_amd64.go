package ode

import "golang.org/x/sys/cpu"

// lanes4OK says whether the processor runs estimate4 and form4.
var lanes4OK = cpu.X86.HasAVX2

// laneTableau holds the coefficients lanes_amd64.s reads, at byte
// offsets 8*index: the error weights (0..4), A2 (5), then the rows B3..B6
// (6..19) and the solution's weights (20..24).
var laneTableau = [...]float64{
	rkfE1, rkfE3, rkfE4, rkfE5, rkfE6,
	rkfA2,
	rkfB31, rkfB32,
	rkfB41, rkfB42, rkfB43,
	rkfB51, rkfB52, rkfB53, rkfB54,
	rkfB61, rkfB62, rkfB63, rkfB64, rkfB65,
	rkfC1, rkfC3, rkfC4, rkfC5, rkfC6,
}

// estimate4 and form4 are lanes_amd64.s.
//
//go:noescape
func estimate4(lanes *[4]*Lane)

//go:noescape
func form4(lanes *[4]*Lane, stage int)
