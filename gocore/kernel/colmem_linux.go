package kernel

import "golang.org/x/sys/unix"

// osMap maps n bytes of zeroed, private memory.
func osMap(n int) ([]byte, bool) {
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	return b, err == nil
}

// osRemap makes mapping b n bytes long, moving it if need be; the bytes
// added are zero.
func osRemap(b []byte, n int) ([]byte, bool) {
	nb, err := unix.Mremap(b, n, unix.MREMAP_MAYMOVE)
	return nb, err == nil
}

func osUnmap(b []byte) { _ = unix.Munmap(b) }
