package ode

import "golang.org/x/sys/cpu"

// estimate4OK says whether the processor runs estimate4.
var estimate4OK = cpu.X86.HasAVX2

// estimate4 is lanes_amd64.s.
//
//go:noescape
func estimate4(lanes *[4]*Lane)
