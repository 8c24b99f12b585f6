//go:build !linux

package record

import "errors"

func newMappedAllocator() (OutstandingAllocator, error) {
	return nil, errors.New("record: private mappings of recordings need Linux (memfd)")
}
