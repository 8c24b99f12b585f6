package spatial

import (
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/nesterr"
)

// Mask selects positions relative to an anchor (the position of the node
// whose partners it selects). Inside takes a position already made
// relative to that anchor (unused coordinates zero); it takes an array, not
// a slice, so that calls through the interface do not allocate.
type Mask interface {
	Dim() int
	Inside(p [3]float64) bool
	// BBox returns the lower left and upper right corners of a box that
	// holds every position inside the mask.
	BBox() (lo, hi [3]float64)
}

// boxMask is NEST's rectangular (2D) or box (3D) mask, optionally rotated
// by an azimuth angle (about z) and a polar angle (about y), in degrees.
type boxMask struct {
	dim                          int
	ll, ur, cntr                 [3]float64
	azCos, azSin, polCos, polSin float64
	rotated                      bool
	minV, maxV                   [3]float64
}

// rotEps widens a rotated box, as NEST does, so that points on its edges
// stay inside after rounding.
const rotEps = 1e-12

func newBoxMask(dim int, ll, ur [3]float64, azimuth, polar float64) (*boxMask, error) {
	for d := 0; d < dim; d++ {
		if !(ll[d] < ur[d]) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Upper right must be strictly to the right and above lower left (lower_left %v, upper_right %v).", ll[:dim], ur[:dim])
		}
	}
	if dim == 2 && polar != 0 {
		return nil, nesterr.New(nesterr.ErrBadProperty, "polar_angle not defined in 2D.")
	}
	m := &boxMask{dim: dim, ll: ll, ur: ur}
	m.azCos, m.azSin = math.Cos(azimuth*math.Pi/180), math.Sin(azimuth*math.Pi/180)
	m.polCos, m.polSin = math.Cos(polar*math.Pi/180), math.Sin(polar*math.Pi/180)
	for d := 0; d < dim; d++ {
		m.cntr[d] = (ur[d] + ll[d]) * 0.5
	}
	m.rotated = azimuth != 0 || polar != 0
	if !m.rotated {
		m.minV, m.maxV = ll, ur
		return m, nil
	}
	// The bounding box of the rotated corners.
	for d := 0; d < dim; d++ {
		m.minV[d], m.maxV[d] = math.Inf(1), math.Inf(-1)
	}
	n := 1 << dim
	for c := 0; c < n; c++ {
		var p [3]float64
		for d := 0; d < dim; d++ {
			if c&(1<<d) != 0 {
				p[d] = ur[d]
			} else {
				p[d] = ll[d]
			}
		}
		q := m.rotate(p)
		for d := 0; d < dim; d++ {
			m.minV[d] = math.Min(m.minV[d], q[d])
			m.maxV[d] = math.Max(m.maxV[d], q[d])
		}
	}
	return m, nil
}

// rotate turns p about the box's center by the mask's angles: azimuth
// about z, then polar about y.
func (m *boxMask) rotate(p [3]float64) [3]float64 {
	x, y, z := p[0]-m.cntr[0], p[1]-m.cntr[1], p[2]-m.cntr[2]
	x1 := x*m.azCos - y*m.azSin
	y1 := x*m.azSin + y*m.azCos
	return [3]float64{x1*m.polCos - z*m.polSin + m.cntr[0], y1 + m.cntr[1], x1*m.polSin + z*m.polCos + m.cntr[2]}
}

func (m *boxMask) Dim() int { return m.dim }

func (m *boxMask) Inside(p [3]float64) bool {
	if !m.rotated {
		for d := 0; d < m.dim; d++ {
			if p[d] < m.ll[d] || p[d] > m.ur[d] {
				return false
			}
		}
		return true
	}
	var q [3]float64
	if m.dim == 2 {
		q[0] = p[0]*m.azCos - m.cntr[0]*m.azCos + p[1]*m.azSin - m.cntr[1]*m.azSin + m.cntr[0]
		q[1] = -p[0]*m.azSin + m.cntr[0]*m.azSin + p[1]*m.azCos - m.cntr[1]*m.azCos + m.cntr[1]
	} else {
		acpc, aspc := m.azCos*m.polCos, m.azSin*m.polCos
		acps, asps := m.azCos*m.polSin, m.azSin*m.polSin
		q[0] = p[0]*acpc - m.cntr[0]*m.azCos*m.polCos + p[1]*aspc - m.cntr[1]*m.azSin*m.polCos - p[2]*m.polSin + m.cntr[2]*m.polSin + m.cntr[0]
		q[1] = -p[0]*m.azSin + m.cntr[0]*m.azSin + p[1]*m.azCos - m.cntr[1]*m.azCos + m.cntr[1]
		q[2] = p[0]*acps - m.cntr[0]*m.azCos*m.polSin + p[1]*asps - m.cntr[1]*m.azSin*m.polSin + p[2]*m.polCos - m.cntr[2]*m.polCos + m.cntr[2]
	}
	for d := 0; d < m.dim; d++ {
		if q[d] < m.ll[d]-rotEps || q[d] > m.ur[d]+rotEps {
			return false
		}
	}
	return true
}

func (m *boxMask) BBox() (lo, hi [3]float64) { return m.minV, m.maxV }

// ballMask is NEST's circular (2D) or spherical (3D) mask.
type ballMask struct {
	dim    int
	center [3]float64
	radius float64
}

func (m *ballMask) Dim() int { return m.dim }

func (m *ballMask) Inside(p [3]float64) bool {
	sum := 0.0
	for d := 0; d < m.dim; d++ {
		di := math.Abs(p[d] - m.center[d])
		if di > m.radius {
			return false
		}
		sum += di
	}
	if sum <= m.radius {
		return true
	}
	s := 0.0
	for d := 0; d < m.dim; d++ {
		x := p[d] - m.center[d]
		s += x * x
	}
	return math.Sqrt(s) <= m.radius
}

func (m *ballMask) BBox() (lo, hi [3]float64) {
	for d := 0; d < m.dim; d++ {
		lo[d], hi[d] = m.center[d]-m.radius, m.center[d]+m.radius
	}
	return lo, hi
}

// ellipseMask is NEST's elliptical (2D) or ellipsoidal (3D) mask.
type ellipseMask struct {
	dim                          int
	center                       [3]float64
	xScale, yScale, zScale       float64
	azCos, azSin, polCos, polSin float64
	lo, hi                       [3]float64
}

func (m *ellipseMask) Dim() int { return m.dim }

func (m *ellipseMask) Inside(p [3]float64) bool {
	dx, dy := p[0]-m.center[0], p[1]-m.center[1]
	if m.dim == 2 {
		x := dx*m.azCos + dy*m.azSin
		y := dx*m.azSin - dy*m.azCos
		return math.Pow(x, 2)*m.xScale+math.Pow(y, 2)*m.yScale <= 1
	}
	dz := p[2] - m.center[2]
	x := (dx*m.azCos+dy*m.azSin)*m.polCos - dz*m.polSin
	y := dx*m.azSin - dy*m.azCos
	z := (dx*m.azCos+dy*m.azSin)*m.polSin + dz*m.polCos
	return math.Pow(x, 2)*m.xScale+math.Pow(y, 2)*m.yScale+math.Pow(z, 2)*m.zScale <= 1
}

func (m *ellipseMask) BBox() (lo, hi [3]float64) { return m.lo, m.hi }

// setMask combines two masks: intersection, union or difference.
type setMask struct {
	op   byte // '&', '|', '-'
	a, b Mask
}

func (m *setMask) Dim() int { return m.a.Dim() }

func (m *setMask) Inside(p [3]float64) bool {
	switch m.op {
	case '&':
		return m.a.Inside(p) && m.b.Inside(p)
	case '|':
		return m.a.Inside(p) || m.b.Inside(p)
	}
	return m.a.Inside(p) && !m.b.Inside(p)
}

func (m *setMask) BBox() (lo, hi [3]float64) {
	lo, hi = m.a.BBox()
	if m.op == '-' {
		return lo, hi
	}
	lo2, hi2 := m.b.BBox()
	for d := 0; d < m.Dim(); d++ {
		if m.op == '&' {
			lo[d], hi[d] = math.Max(lo[d], lo2[d]), math.Min(hi[d], hi2[d])
		} else {
			lo[d], hi[d] = math.Min(lo[d], lo2[d]), math.Max(hi[d], hi2[d])
		}
	}
	return lo, hi
}

// anchoredMask shifts a mask by an anchor.
type anchoredMask struct {
	m      Mask
	anchor [3]float64
}

func (m *anchoredMask) Dim() int { return m.m.Dim() }

func (m *anchoredMask) Inside(p [3]float64) bool {
	for d := 0; d < 3; d++ {
		p[d] -= m.anchor[d]
	}
	return m.m.Inside(p)
}

func (m *anchoredMask) BBox() (lo, hi [3]float64) {
	lo, hi = m.m.BBox()
	for d := 0; d < m.Dim(); d++ {
		lo[d] += m.anchor[d]
		hi[d] += m.anchor[d]
	}
	return lo, hi
}

// converseMask mirrors a mask through the origin.
type converseMask struct{ m Mask }

func (m converseMask) Dim() int { return m.m.Dim() }

func (m converseMask) Inside(p [3]float64) bool {
	for d := 0; d < 3; d++ {
		p[d] = -p[d]
	}
	return m.m.Inside(p)
}

func (m converseMask) BBox() (lo, hi [3]float64) {
	l, h := m.m.BBox()
	for d := 0; d < m.Dim(); d++ {
		lo[d], hi[d] = -h[d], -l[d]
	}
	return lo, hi
}

// GridMask is NEST's grid mask: a block of Shape grid cells whose upper
// left cell is -Anchor relative to the node. It is a Mask only once made
// concrete for a grid layer (see Concrete).
type GridMask struct {
	Dim_   int
	Shape  [3]int
	Anchor [3]int
}

func (m *GridMask) Dim() int                  { return m.Dim_ }
func (m *GridMask) Inside(p [3]float64) bool  { return false }
func (m *GridMask) BBox() (lo, hi [3]float64) { return lo, hi }

// Concrete returns the box that mask m covers on layer l: m itself unless
// it is a grid mask, which needs a grid layer.
func Concrete(m Mask, l *Layer) (Mask, error) {
	g, ok := m.(*GridMask)
	if !ok {
		return m, nil
	}
	if !l.IsGrid() {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Grid masks can only be used with grid layers.")
	}
	var ll, ur [3]float64
	for d := 0; d < g.Dim_; d++ {
		step := l.Extent[d] / float64(l.Shape[d])
		upperLeft := -g.Anchor[d]
		lowerRight := g.Shape[d] - g.Anchor[d]
		ll[d] = step*float64(upperLeft) - step*0.5
		ur[d] = step*float64(lowerRight) - step*0.5
	}
	ll[1], ur[1] = -ur[1], -ll[1]
	return newBoxMask(g.Dim_, ll, ur, 0, 0)
}

// CheckOversized refuses a mask wider than a periodic layer.
func CheckOversized(m Mask, l *Layer) error {
	if !l.Periodic {
		return nil
	}
	over := false
	if g, ok := m.(*GridMask); ok {
		for d := 0; d < g.Dim_; d++ {
			over = over || g.Shape[d] > l.Shape[d]
		}
	} else {
		lo, hi := m.BBox()
		for d := 0; d < l.Dim; d++ {
			over = over || hi[d]-lo[d] > l.Extent[d]
		}
	}
	if over {
		return nesterr.New(nesterr.ErrBadProperty, "Mask size must not exceed layer size; set allow_oversized_mask to override.")
	}
	return nil
}

// ReadMask reads a mask in the form the Python layer sends: one of
//
//	{"circular": {"radius": r, "anchor": [x, y]}}          also "spherical"
//	{"rectangular": {"lower_left": [...], "upper_right": [...], "azimuth_angle": a}}  also "box" (+ "polar_angle")
//	{"elliptical": {"major_axis": a, "minor_axis": b, "anchor": [...], "azimuth_angle": a}}  also "ellipsoidal" (+ "polar_axis", "polar_angle")
//	{"doughnut": {"inner_radius": r1, "outer_radius": r2, "anchor": [x, y]}}
//	{"grid": {"shape": [nx, ny]}, "anchor": [i, j]}
//	{"op": "and"|"or"|"minus", "args": [mask, mask]}
//
// optionally with "anchor" beside the mask type (a shift of the mask).
func ReadMask(v any) (Mask, error) {
	d, ok := v.(map[string]any)
	if !ok {
		if dd, ok2 := v.(dict.Dict); ok2 {
			d, ok = map[string]any(dd), true
		}
	}
	if !ok {
		return nil, nesterr.New(nesterr.ErrBadProperty, "A mask must be a dictionary, got %s.", dict.Describe(v))
	}
	if op, has := d["op"]; has {
		args, _ := d["args"].([]any)
		if len(args) != 2 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Mask operation needs two masks.")
		}
		a, err := ReadMask(args[0])
		if err != nil {
			return nil, err
		}
		b, err := ReadMask(args[1])
		if err != nil {
			return nil, err
		}
		if _, g := a.(*GridMask); g {
			return nil, nesterr.New(nesterr.ErrKernelException, "Grid masks can not be combined.")
		}
		if _, g := b.(*GridMask); g {
			return nil, nesterr.New(nesterr.ErrKernelException, "Grid masks can not be combined.")
		}
		if a.Dim() != b.Dim() {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Masks must have same number of dimensions.")
		}
		codes := map[string]byte{"and": '&', "or": '|', "minus": '-'}
		c, ok := codes[op.(string)]
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Unknown mask operation %v.", op)
		}
		return &setMask{op: c, a: a, b: b}, nil
	}
	var (
		mask   Mask
		anchor any
		err    error
	)
	for key, val := range d {
		if key == "anchor" {
			anchor = val
			continue
		}
		if mask != nil {
			return nil, nesterr.New(nesterr.ErrBadProperty, "A mask dictionary names one mask type, got %v.", dict.Dict(d).Keys())
		}
		sub, ok := val.(map[string]any)
		if !ok {
			if dd, ok2 := val.(dict.Dict); ok2 {
				sub, ok = map[string]any(dd), true
			}
		}
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "The parameters of mask '%s' must be a dictionary.", key)
		}
		if mask, err = readShape(key, dict.NewReader(dict.Dict(sub))); err != nil {
			return nil, err
		}
	}
	if mask == nil {
		return nil, nesterr.New(nesterr.ErrBadProperty, "A mask dictionary needs a mask type.")
	}
	if anchor == nil {
		return mask, nil
	}
	vals, err := floats("anchor", anchor)
	if err != nil {
		return nil, err
	}
	if g, ok := mask.(*GridMask); ok {
		if len(vals) != g.Dim_ {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Anchor must be %d-dimensional for this grid mask.", g.Dim_)
		}
		for i, x := range vals {
			if x != math.Trunc(x) {
				return nil, nesterr.New(nesterr.ErrBadProperty, "The anchor of a grid mask must be whole grid steps, got %v.", vals)
			}
			g.Anchor[i] = int(x)
		}
		return g, nil
	}
	if len(vals) != mask.Dim() {
		return nil, nesterr.New(nesterr.ErrBadProperty, "Anchor must be 2- or 3-dimensional, matching the mask (%d).", mask.Dim())
	}
	am := &anchoredMask{m: mask}
	copy(am.anchor[:], vals)
	return am, nil
}

func floats(key string, v any) ([]float64, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, nesterr.New(nesterr.ErrTypeMismatch, "'%s' must be a list of numbers, got %s.", key, dict.Describe(v))
	}
	out := make([]float64, len(list))
	for i, x := range list {
		f, err := dict.ToFloat(key, x)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func readVec(r *dict.Reader, key string, dim int, required bool) ([3]float64, bool, error) {
	var out [3]float64
	v, ok := r.Raw(key)
	if !ok {
		if required {
			return out, false, nesterr.New(nesterr.ErrBadProperty, "The mask needs '%s'.", key)
		}
		return out, false, nil
	}
	vals, err := floats(key, v)
	if err != nil {
		return out, false, err
	}
	if len(vals) != dim {
		return out, false, nesterr.New(nesterr.ErrBadProperty, "'%s' must have %d entries, got %d.", key, dim, len(vals))
	}
	copy(out[:], vals)
	return out, true, nil
}

func readShape(name string, r *dict.Reader) (Mask, error) {
	num := func(key string, dst *float64, required bool) error {
		ok, err := r.Float(key, dst)
		if err == nil && !ok && required {
			err = nesterr.New(nesterr.ErrBadProperty, "Mask '%s' needs '%s'.", name, key)
		}
		return err
	}
	var m Mask
	switch name {
	case "circular", "spherical":
		dim := 2
		if name == "spherical" {
			dim = 3
		}
		b := &ballMask{dim: dim}
		if err := num("radius", &b.radius, true); err != nil {
			return nil, err
		}
		if !(b.radius > 0) {
			return nil, nesterr.New(nesterr.ErrBadProperty, "radius > 0 required, got %g.", b.radius)
		}
		c, _, err := readVec(r, "anchor", dim, false)
		if err != nil {
			return nil, err
		}
		b.center = c
		m = b
	case "rectangular", "box":
		dim := 2
		if name == "box" {
			dim = 3
		}
		ll, _, err := readVec(r, "lower_left", dim, true)
		if err != nil {
			return nil, err
		}
		ur, _, err := readVec(r, "upper_right", dim, true)
		if err != nil {
			return nil, err
		}
		var az, pol float64
		if err := num("azimuth_angle", &az, false); err != nil {
			return nil, err
		}
		if err := num("polar_angle", &pol, false); err != nil {
			return nil, err
		}
		bm, err := newBoxMask(dim, ll, ur, az, pol)
		if err != nil {
			return nil, err
		}
		m = bm
	case "elliptical", "ellipsoidal":
		dim := 2
		if name == "ellipsoidal" {
			dim = 3
		}
		var major, minor, polarAxis, az, pol float64
		if err := num("major_axis", &major, true); err != nil {
			return nil, err
		}
		if err := num("minor_axis", &minor, true); err != nil {
			return nil, err
		}
		if err := num("polar_axis", &polarAxis, false); err != nil {
			return nil, err
		}
		if err := num("azimuth_angle", &az, false); err != nil {
			return nil, err
		}
		if err := num("polar_angle", &pol, false); err != nil {
			return nil, err
		}
		switch {
		case !(major > 0) || !(minor > 0):
			return nil, nesterr.New(nesterr.ErrBadProperty, "All axis > 0 required.")
		case major < minor:
			return nil, nesterr.New(nesterr.ErrBadProperty, "major_axis greater than minor_axis required.")
		case dim == 2 && (polarAxis != 0 || pol != 0):
			return nil, nesterr.New(nesterr.ErrBadProperty, "polar_axis and polar_angle are not defined in 2D.")
		case dim == 3 && !(polarAxis > 0):
			return nil, nesterr.New(nesterr.ErrBadProperty, "All axis > 0 required.")
		}
		c, _, err := readVec(r, "anchor", dim, false)
		if err != nil {
			return nil, err
		}
		e := &ellipseMask{dim: dim, center: c, xScale: 4 / (major * major), yScale: 4 / (minor * minor)}
		if polarAxis > 0 {
			e.zScale = 4 / (polarAxis * polarAxis)
		}
		e.azCos, e.azSin = math.Cos(az*math.Pi/180), math.Sin(az*math.Pi/180)
		e.polCos, e.polSin = math.Cos(pol*math.Pi/180), math.Sin(pol*math.Pi/180)
		radii := [3]float64{major / 2, minor / 2, polarAxis / 2}
		if az != 0 || pol != 0 {
			g := math.Max(major, polarAxis) / 2
			radii = [3]float64{g, g, g}
		}
		for d := 0; d < dim; d++ {
			e.lo[d], e.hi[d] = c[d]-radii[d], c[d]+radii[d]
		}
		m = e
	case "doughnut":
		var inner, outer float64
		if err := num("inner_radius", &inner, true); err != nil {
			return nil, err
		}
		if err := num("outer_radius", &outer, true); err != nil {
			return nil, err
		}
		if inner >= outer {
			return nil, nesterr.New(nesterr.ErrBadProperty, "inner_radius < outer_radius required (inner %g, outer %g).", inner, outer)
		}
		c, _, err := readVec(r, "anchor", 2, false)
		if err != nil {
			return nil, err
		}
		m = &setMask{op: '-', a: &ballMask{dim: 2, center: c, radius: outer}, b: &ballMask{dim: 2, center: c, radius: inner}}
	case "grid":
		v, ok := r.Raw("shape")
		if !ok {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Grid mask needs 'shape'.")
		}
		vals, err := floats("shape", v)
		if err != nil {
			return nil, err
		}
		if len(vals) != 2 && len(vals) != 3 {
			return nil, nesterr.New(nesterr.ErrBadProperty, "Grid mask must be 2- or 3-dimensional.")
		}
		g := &GridMask{Dim_: len(vals)}
		for i, x := range vals {
			g.Shape[i] = int(x)
		}
		m = g
	default:
		return nil, nesterr.New(nesterr.ErrUndefinedName, "The name %s is not defined (mask types: circular, rectangular, elliptical, doughnut, spherical, box, ellipsoidal, grid).", name)
	}
	if err := r.CheckAllUsed("mask " + name); err != nil {
		return nil, err
	}
	return m, nil
}

// Converse returns the mask mirrored through the origin. Balls, upright
// boxes, anchors and set operations are mirrored directly (the same
// arithmetic on negated numbers, so the same answers to the bit); other
// masks are wrapped.
func Converse(m Mask) Mask {
	switch x := m.(type) {
	case *ballMask:
		c := *x
		for d := range c.center {
			c.center[d] = -c.center[d]
		}
		return &c
	case *boxMask:
		if !x.rotated {
			var ll, ur [3]float64
			for d := 0; d < x.dim; d++ {
				ll[d], ur[d] = -x.ur[d], -x.ll[d]
			}
			if b, err := newBoxMask(x.dim, ll, ur, 0, 0); err == nil {
				return b
			}
		}
	case *anchoredMask:
		a := &anchoredMask{m: Converse(x.m)}
		for d := range a.anchor {
			a.anchor[d] = -x.anchor[d]
		}
		return a
	case *setMask:
		return &setMask{op: x.op, a: Converse(x.a), b: Converse(x.b)}
	}
	return converseMask{m}
}
