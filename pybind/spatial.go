package pybind

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/gonest/gonest/gocore/dict"
	"github.com/gonest/gonest/gocore/kernel"
	"github.com/gonest/gonest/gocore/nesterr"
)

// CreateLayer creates the nodes of model with positions (Create(model,
// positions=...)) and returns the id of the first one. specJSON is a JSON
// object with "shape" (grid) or "positions" (free), "extent", "center"
// and "edge_wrap"; paramsJSON is as for Create.
func CreateLayer(model, specJSON, paramsJSON string) (first int, err error) {
	defer guard(&err)
	if err := busy(); err != nil {
		return 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	spec, err := decodeDict(specJSON)
	if err != nil {
		return 0, wrap(err)
	}
	if err := positionsAt(spec); err != nil {
		return 0, wrap(err)
	}
	var params []dict.Dict
	if len(paramsJSON) > 0 && paramsJSON[0] == '[' {
		params, err = decodeDicts(paramsJSON)
	} else {
		var d dict.Dict
		d, err = decodeDict(paramsJSON)
		if d != nil {
			params = []dict.Dict{d}
		}
	}
	if err != nil {
		return 0, wrap(err)
	}
	first, err = kern.CreateLayer(model, spec, params)
	return first, wrap(err)
}

// spatialArgs are the arguments of SpatialQuery.
type spatialArgs struct {
	IDs       []int       `json:"ids"`
	Strict    bool        `json:"strict"`
	To        [][]float64 `json:"to"`
	From      []int       `json:"from"`
	Anchor    []float64   `json:"anchor"`
	Point     []float64   `json:"point"`
	Mask      any         `json:"mask"`
	Distances bool        `json:"distances"`
}

// SpatialQuery answers the questions of nest.spatial about positions,
// as JSON. argsJSON is a JSON object; op is one of
//
//	"status"        {"ids"}: the collection's spatial dictionary, or null
//	"positions"     {"ids", "strict"}: one position per node
//	"displacement"  {"to", "from"}: displacements from the nodes of from to
//	                the positions of to (one of them may have one entry)
//	"conn_distance" {"from", "ids"}: distance of each connection from[i] -> ids[i]
//	"select"        {"ids", "anchor", "mask"}: ids inside the mask
//	"inside"        {"point", "mask"}: whether the point is in the mask
func SpatialQuery(op, argsJSON string) (out string, err error) {
	defer guard(&err)
	mu.Lock()
	defer mu.Unlock()
	var a spatialArgs
	if err := json.Unmarshal([]byte(argsJSON), &a); err != nil {
		return "", wrap(nesterr.New(nesterr.ErrTypeMismatch, "spatial query arguments: %v", err))
	}
	var v any
	switch op {
	case "status":
		v, err = kern.LayerStatus(a.IDs)
	case "positions":
		var rows [][]float64
		rows, err = kern.Positions(a.IDs, a.Strict)
		v = kernel.AnyRows(rows)
	case "displacement":
		var rows [][]float64
		rows, err = kern.Displacements(a.To, a.From)
		v = kernel.AnyRows(rows)
	case "conn_distance":
		v, err = kern.ConnDistances(a.From, a.IDs)
	case "select":
		v, err = kern.SelectNodesByMask(a.IDs, a.Anchor, a.Mask)
	case "inside":
		v, err = kernel.InsideMask(a.Mask, a.Point)
	default:
		err = nesterr.New(nesterr.ErrInternal, "unknown spatial query '%s'", op)
	}
	if err != nil {
		return "", wrap(err)
	}
	out, err = encode(v)
	return out, wrap(err)
}

// positionsAt replaces positions given as the address of n rows of dim
// float64 coordinates, {"addr", "n", "dim"} (the caller's memory, read
// now and not kept), by their columns, which the kernel takes as they
// are: large free layers cross without a JSON number per coordinate.
func positionsAt(spec dict.Dict) error {
	m, ok := spec["positions"].(map[string]any)
	if !ok {
		return nil
	}
	addr, _ := m["addr"].(float64)
	n, _ := m["n"].(float64)
	dim, _ := m["dim"].(float64)
	if addr <= 0 || n < 1 || n != math.Trunc(n) || dim != math.Trunc(dim) {
		return nesterr.New(nesterr.ErrBadProperty, "positions: expected {addr, n, dim} of a float64 array, got %v.", m)
	}
	if dim != 2 && dim != 3 {
		return nesterr.New(nesterr.ErrBadProperty, "Positions must have 2 or 3 coordinates, got %g.", dim)
	}
	rows, d := int(n), int(dim)
	if err := kern.CheckMemory(float64(rows*d)*16, fmt.Sprintf("Reading %d positions", rows)); err != nil {
		return err
	}
	flat := float64sAt(uintptr(addr), rows*d)
	cols := make([][]float64, d)
	for c := range cols {
		cols[c] = make([]float64, rows)
		for i := range rows {
			cols[c][i] = flat[i*d+c]
		}
	}
	spec["positions"] = cols
	return nil
}
