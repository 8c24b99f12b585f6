// Package spatial holds the geometry of spatially structured networks, as
// NEST 3.10's nest.spatial defines it: layers of nodes with positions in
// two or three dimensions (on a grid or free), periodic boundaries, masks
// that select the nodes around a position, and a cell index so that mask
// queries visit only the cells the mask's bounding box touches.
//
// A layer is a contiguous block of node ids made by one Create call. Its
// positions are stored as one column per dimension. Displacements follow
// NEST: the vector from one position to another, wrapped to the nearest
// periodic image in every dimension when the layer has edge_wrap.
package spatial
