package node

// OffGridNode is implemented by models that emit spikes off the time grid
// (NEST's is_off_grid): creating one switches the kernel's
// off_grid_spiking on. Their spikes carry in SpikeEvent.Offset how far,
// in ms, they lie before the end of the step they are stamped with.
type OffGridNode interface {
	OffGrid() bool
}
