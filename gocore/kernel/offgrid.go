package kernel

import (
	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/node"
)

// offGridModels are the models of other packages that NEST 3.10 counts
// as off-grid (is_off_grid) although they do not implement
// node.OffGridNode: they send model data in the spike offset.
var offGridModels = map[string]bool{"iaf_tum_2000": true, "iaf_bw_2001": true, "iaf_chxk_2008": true}

// noteOffGrid switches off_grid_spiking on when model makes off-grid
// nodes, as NEST's NodeManager does after creating them. gonest carries
// every spike's offset whatever the flag says (grid models send 0), so
// the flag is reported and settable but changes nothing in delivery.
func (k *Kernel) noteOffGrid(model string, proto node.Node) {
	if og, ok := proto.(node.OffGridNode); (ok && og.OffGrid()) || offGridModels[model] {
		k.offGridSpiking = true
	}
}

// readOffGrid reads off_grid_spiking from a kernel status dictionary.
func readOffGrid(r *dict.Reader, v *bool) error {
	_, err := r.Bool("off_grid_spiking", v)
	return err
}
