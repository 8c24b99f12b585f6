//go:build !amd64

package ode

const lanes4OK = false

func estimate4(lanes *[4]*Lane) { estimate4Go(lanes) }

func form4(lanes *[4]*Lane, stage int) { form4Go(lanes, stage) }
