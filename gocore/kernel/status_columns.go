package kernel

import (
	"cmp"
	"slices"

	"github.com/gonest/gonest/gocore/node"
)

// Bulk reads of node status (get() of a collection): the status of every
// node goes into one column per key, never into a dictionary per node
// when its model writes its entries typed (node.TypedStatus); other
// models' dictionaries are taken apart key by key. The kernel's entries
// are written to the same columns, so they need no dictionary either.

// NoValue marks, in a StatusColumn of kind 0, a node that lacks the key.
type NoValue struct{}

// StatusColumn holds the values of one status key over the nodes of a
// bulk read. While every node has the key with values of one type, they
// stay typed: Kind 'f' (F holds them), 'i' (integers in I), 'b' (I holds
// 0 or 1), 's' (I holds codes into Names) or 'l' (lists of strings in
// L, shared with the nodes). Otherwise, Kind is 0 and Vals
// holds one value per node, NoValue{} where a node lacks the key. Kind
// 'u' is a key no node has.
type StatusColumn struct {
	Kind  byte
	F     []float64
	I     []int64
	Names []string
	L     [][]string
	Vals  []any

	n    int // values so far
	size int // nodes of the read: the capacity of the typed values
	code map[string]int64
}

// newStatusColumn returns the column of a key first met at node index
// from of size nodes: the nodes before lack it.
func newStatusColumn(size, from int) *StatusColumn {
	c := &StatusColumn{Kind: 'u', size: size}
	if from > 0 {
		c.Kind, c.n = 0, from
		c.Vals = make([]any, from, size)
		for j := range c.Vals {
			c.Vals[j] = NoValue{}
		}
	}
	return c
}

// Len returns the number of values in the column.
func (c *StatusColumn) Len() int { return c.n }

// valueKind is the column kind of one value, 0 for anything else.
func valueKind(v any) byte {
	switch v.(type) {
	case float64:
		return 'f'
	case int, int64:
		return 'i'
	case bool:
		return 'b'
	case string:
		return 's'
	case []string:
		return 'l'
	}
	return 0
}

// start gives an undecided column the kind k, with room for all values.
func (c *StatusColumn) start(k byte) {
	c.Kind = k
	switch k {
	case 'f':
		c.F = make([]float64, 0, c.size)
	case 'i', 'b', 's':
		c.I = make([]int64, 0, c.size)
	case 'l':
		c.L = make([][]string, 0, c.size)
	case 0:
		c.Vals = make([]any, 0, c.size)
	}
}

// addFloat appends the float v of the next node.
func (c *StatusColumn) addFloat(v float64) {
	if c.Kind == 'u' {
		c.start('f')
	}
	if c.Kind != 'f' {
		c.add(v)
		return
	}
	c.F = append(c.F, v)
	c.n++
}

// addInt appends the integer v of the next node.
func (c *StatusColumn) addInt(v int64) {
	if c.Kind == 'u' {
		c.start('i')
	}
	if c.Kind != 'i' {
		c.add(v)
		return
	}
	c.I = append(c.I, v)
	c.n++
}

// addBool appends the boolean v of the next node.
func (c *StatusColumn) addBool(v bool) {
	if c.Kind == 'u' {
		c.start('b')
	}
	if c.Kind != 'b' {
		c.add(v)
		return
	}
	x := int64(0)
	if v {
		x = 1
	}
	c.I = append(c.I, x)
	c.n++
}

// stringCode returns the code of s among the column's names, adding it.
func (c *StatusColumn) stringCode(s string) int64 {
	// Most string columns hold one or two names (model, element_type):
	// a look at the last one spares the map.
	if last := len(c.Names) - 1; last >= 0 && c.Names[last] == s {
		return int64(last)
	}
	id, ok := c.code[s]
	if !ok {
		if c.code == nil {
			c.code = map[string]int64{}
		}
		id = int64(len(c.Names))
		c.code[s] = id
		c.Names = append(c.Names, s)
	}
	return id
}

// addString appends the string v of the next node.
func (c *StatusColumn) addString(v string) {
	if c.Kind == 'u' {
		c.start('s')
	}
	if c.Kind != 's' {
		c.add(v)
		return
	}
	c.I = append(c.I, c.stringCode(v))
	c.n++
}

// addStrings appends the list v of the next node.
func (c *StatusColumn) addStrings(v []string) {
	if c.Kind == 'u' {
		c.start('l')
	}
	if c.Kind != 'l' {
		c.add(v)
		return
	}
	c.L = append(c.L, v)
	c.n++
}

// add appends the value v (of any type, NoValue{} for none) of the next
// node.
func (c *StatusColumn) add(v any) {
	k := valueKind(v)
	if c.Kind == 'u' {
		c.start(k)
	}
	if c.Kind != 0 && k != c.Kind {
		c.untype()
	}
	switch c.Kind {
	case 'f':
		c.addFloat(v.(float64))
	case 'i':
		switch x := v.(type) {
		case int:
			c.addInt(int64(x))
		case int64:
			c.addInt(x)
		}
	case 'b':
		c.addBool(v.(bool))
	case 's':
		c.addString(v.(string))
	case 'l':
		c.addStrings(v.([]string))
	default:
		c.Vals = append(c.Vals, v)
		c.n++
	}
}

// replace gives the last node (the column has its value) the value v
// instead.
func (c *StatusColumn) replace(v any) {
	last := c.n - 1
	if k := valueKind(v); k != 0 && k == c.Kind {
		switch x := v.(type) {
		case float64:
			c.F[last] = x
		case int:
			c.I[last] = int64(x)
		case int64:
			c.I[last] = x
		case bool:
			c.I[last] = 0
			if x {
				c.I[last] = 1
			}
		case string:
			c.I[last] = c.stringCode(x)
		case []string:
			c.L[last] = x
		}
		return
	}
	c.untype()
	c.Vals[last] = v
}

// untype turns the typed values so far into one value per node.
func (c *StatusColumn) untype() {
	if c.Kind == 0 {
		return
	}
	vals := make([]any, 0, max(c.size, c.n+1))
	switch c.Kind {
	case 'f':
		for _, x := range c.F {
			vals = append(vals, x)
		}
	case 'i':
		for _, x := range c.I {
			vals = append(vals, x)
		}
	case 'b':
		for _, x := range c.I {
			vals = append(vals, x != 0)
		}
	case 's':
		for _, x := range c.I {
			vals = append(vals, c.Names[x])
		}
	case 'l':
		for _, x := range c.L {
			vals = append(vals, x)
		}
	}
	c.Kind, c.Vals, c.F, c.I, c.Names, c.L, c.code = 0, vals, nil, nil, nil, nil, nil
}

// columnSink is the node.StatusSink of a bulk read: it puts each entry of
// the node at row into the column of its key. An entry's column is found
// by its position among the node's entries (nodes of one model write
// theirs in one order), by its key when the position held another.
type columnSink struct {
	all   bool // every key any node has, not only those asked
	byKey map[string]*StatusColumn
	keys  []string // in the order asked, or first met (all)
	cols  []*StatusColumn
	size  int

	row     int
	kernel  bool // writing the kernel's entries: they replace the node's own
	slots   []statusSlot
	at      int
	rec     []string // the node's own recordables
	hasStim bool     // the node's own status has stimulus_source

	// the last own recordables met and their order by name
	recFrom, recSorted []string
}

// statusSlot is the column (nil: a key not asked) of the entry at one
// position of a node's status.
type statusSlot struct {
	key string
	col *StatusColumn
}

func newColumnSink(size int, keys []string) *columnSink {
	s := &columnSink{all: keys == nil, byKey: map[string]*StatusColumn{}, size: size}
	for _, key := range keys {
		if s.byKey[key] == nil {
			c := newStatusColumn(size, 0)
			s.byKey[key] = c
			s.keys = append(s.keys, key)
			s.cols = append(s.cols, c)
		}
	}
	return s
}

// column returns the column of the next entry, key, and whether this
// node's value goes there (the column exists and, for the node's own
// entries, has none from it yet).
func (s *columnSink) column(key string) (*StatusColumn, bool) {
	var c *StatusColumn
	if s.at < len(s.slots) && s.slots[s.at].key == key {
		c = s.slots[s.at].col
	} else {
		c = s.byKey[key]
		if c == nil && s.all {
			c = newStatusColumn(s.size, s.row)
			s.byKey[key] = c
			s.keys = append(s.keys, key)
			s.cols = append(s.cols, c)
		}
		if s.at < len(s.slots) {
			s.slots[s.at] = statusSlot{key, c}
		} else {
			s.slots = append(s.slots, statusSlot{key, c})
		}
	}
	s.at++
	if c == nil {
		return nil, false
	}
	if c.n > s.row {
		if s.kernel {
			return c, false // replaced by the caller
		}
		return nil, false // a key given twice: the first value stays
	}
	return c, true
}

// Float implements node.StatusSink.
func (s *columnSink) Float(key string, v float64) {
	if c, next := s.column(key); next {
		c.addFloat(v)
	} else if c != nil {
		c.replace(v)
	}
}

// Int implements node.StatusSink.
func (s *columnSink) Int(key string, v int) {
	if c, next := s.column(key); next {
		c.addInt(int64(v))
	} else if c != nil {
		c.replace(v)
	}
}

// Bool implements node.StatusSink.
func (s *columnSink) Bool(key string, v bool) {
	if c, next := s.column(key); next {
		c.addBool(v)
	} else if c != nil {
		c.replace(v)
	}
}

// String implements node.StatusSink.
func (s *columnSink) String(key string, v string) {
	if key == "stimulus_source" && !s.kernel {
		s.hasStim = true
	}
	if c, next := s.column(key); next {
		c.addString(v)
	} else if c != nil {
		c.replace(v)
	}
}

// Strings implements node.StatusSink. The column keeps v until the read
// ends, while no node changes.
func (s *columnSink) Strings(key string, v []string) {
	if key == "recordables" && !s.kernel {
		s.rec = v
	}
	if c, next := s.column(key); next {
		c.addStrings(v)
	} else if c != nil && c.Kind == 'l' {
		c.L[c.n-1] = v // the kernel's recordables, in name order
	} else if c != nil {
		c.replace(v)
	}
}

// Value implements node.StatusSink. The column keeps v until the read
// ends, while no node changes.
func (s *columnSink) Value(key string, v any) {
	if !s.kernel {
		switch key {
		case "recordables":
			s.rec, _ = v.([]string)
		case "stimulus_source":
			s.hasStim = true
		}
	}
	if c, next := s.column(key); next {
		c.add(v)
	} else if c != nil {
		c.replace(v)
	}
}

// ownRecordables returns the node's own recordables in name order (nil:
// it has none, or a nil list, which stays its value); nodes with the same
// list share one sorted copy.
func (s *columnSink) ownRecordables() []string {
	if s.rec == nil {
		return nil
	}
	if s.recSorted == nil || !slices.Equal(s.rec, s.recFrom) {
		s.recFrom = s.rec // unchanged until the read ends
		s.recSorted = slices.Clone(s.rec)
		slices.Sort(s.recSorted)
	}
	return s.recSorted
}

// NodeStatusColumns reads the status of the nodes ids into columns: one
// per key of keys (nil: every key any of the nodes has), in that order
// (for nil, in name order). It returns the keys and their columns; a
// column holds the value of every node (NoValue{} where a node lacks the
// key; kind 'u' if none has it). Lists and dictionaries in the columns
// may be the nodes' own: they are to be read before any node changes.
// Unknown ids give UnknownNode.
func (k *Kernel) NodeStatusColumns(ids []int, keys []string) ([]string, []*StatusColumn, error) {
	s := newColumnSink(len(ids), keys)
	for row, id := range ids {
		n, err := k.node(id)
		if err != nil {
			return nil, nil, err
		}
		s.row, s.at, s.kernel, s.rec, s.hasStim = row, 0, false, nil, false
		switch t, typed := n.(node.TypedStatus); {
		case !k.isLocal(id - 1):
			s.kernel = true
			k.remoteEntries(id, n, s)
		default:
			if typed {
				t.StatusTo(s)
			} else {
				for key, v := range n.Status() {
					s.Value(key, v)
				}
			}
			s.kernel = true
			k.nodeEntries(id, n, s.ownRecordables(), s.hasStim, s)
		}
		for _, c := range s.cols {
			if c.n <= row {
				c.add(NoValue{})
			}
		}
	}
	if s.all {
		order := make([]int, len(s.keys))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(s.keys[a], s.keys[b]) })
		keys, cols := make([]string, len(order)), make([]*StatusColumn, len(order))
		for i, j := range order {
			keys[i], cols[i] = s.keys[j], s.cols[j]
		}
		return keys, cols, nil
	}
	return s.keys, s.cols, nil
}
