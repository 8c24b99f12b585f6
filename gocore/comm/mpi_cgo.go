//go:build cgo && (linux || darwin)

package comm

/*
#cgo linux LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

// Open MPI's ABI: every handle (communicator, datatype, operation) is a
// pointer, the address of an exported predefined object.
typedef void *gn_h;

static struct {
	void *lib;
	int (*init_thread)(int *, char ***, int, int *);
	int (*initialized)(int *);
	int (*finalized)(int *);
	int (*finalize)(void);
	int (*comm_rank)(gn_h, int *);
	int (*comm_size)(gn_h, int *);
	int (*alltoall)(const void *, int, gn_h, void *, int, gn_h, gn_h);
	int (*allreduce)(const void *, void *, int, gn_h, gn_h, gn_h);
	int (*allgather)(const void *, int, gn_h, void *, int, gn_h, gn_h);
	int (*barrier)(gn_h);
	int (*abort_)(gn_h, int);
	int (*version)(char *, int *);
	int (*procname)(char *, int *);
	gn_h world, byte, int64, op_min, op_max, op_sum;
} gn_mpi;

static char gn_mpi_err[512];

static void *gn_sym(const char *name) {
	void *p = dlsym(gn_mpi.lib, name);
	if (p == NULL && gn_mpi_err[0] == 0) {
		strncpy(gn_mpi_err, name, sizeof gn_mpi_err - 1);
	}
	return p;
}

// gn_mpi_load opens the library at path and finds the functions and
// handles; it returns NULL or a message.
static const char *gn_mpi_load(const char *path) {
	gn_mpi_err[0] = 0;
	// RTLD_GLOBAL: Open MPI's components are plugins that need libmpi's
	// symbols.
	gn_mpi.lib = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
	if (gn_mpi.lib == NULL) {
		const char *e = dlerror();
		strncpy(gn_mpi_err, e ? e : "dlopen failed", sizeof gn_mpi_err - 1);
		return gn_mpi_err;
	}
	if (dlsym(gn_mpi.lib, "ompi_mpi_comm_world") == NULL) {
		strncpy(gn_mpi_err, "not Open MPI (no symbol ompi_mpi_comm_world)", sizeof gn_mpi_err - 1);
		return gn_mpi_err;
	}
	gn_mpi.init_thread = gn_sym("MPI_Init_thread");
	gn_mpi.initialized = gn_sym("MPI_Initialized");
	gn_mpi.finalized = gn_sym("MPI_Finalized");
	gn_mpi.finalize = gn_sym("MPI_Finalize");
	gn_mpi.comm_rank = gn_sym("MPI_Comm_rank");
	gn_mpi.comm_size = gn_sym("MPI_Comm_size");
	gn_mpi.alltoall = gn_sym("MPI_Alltoall");
	gn_mpi.allreduce = gn_sym("MPI_Allreduce");
	gn_mpi.allgather = gn_sym("MPI_Allgather");
	gn_mpi.barrier = gn_sym("MPI_Barrier");
	gn_mpi.abort_ = gn_sym("MPI_Abort");
	gn_mpi.version = gn_sym("MPI_Get_library_version");
	gn_mpi.procname = gn_sym("MPI_Get_processor_name");
	gn_mpi.world = gn_sym("ompi_mpi_comm_world");
	gn_mpi.byte = gn_sym("ompi_mpi_byte");
	gn_mpi.int64 = gn_sym("ompi_mpi_int64_t");
	gn_mpi.op_min = gn_sym("ompi_mpi_op_min");
	gn_mpi.op_max = gn_sym("ompi_mpi_op_max");
	gn_mpi.op_sum = gn_sym("ompi_mpi_op_sum");
	if (gn_mpi_err[0] != 0) {
		char name[256];
		strncpy(name, gn_mpi_err, sizeof name - 1);
		name[sizeof name - 1] = 0;
		snprintf(gn_mpi_err, sizeof gn_mpi_err, "symbol %s missing", name);
		return gn_mpi_err;
	}
	return NULL;
}

// MPI_THREAD_SERIALIZED in Open MPI's numbering.
#define GN_THREAD_SERIALIZED 2

static int gn_mpi_init(int *owns, int *provided) {
	int flag = 0, rc = gn_mpi.initialized(&flag);
	if (rc != 0) return rc;
	*owns = !flag;
	*provided = GN_THREAD_SERIALIZED;
	if (flag) return 0;
	return gn_mpi.init_thread(NULL, NULL, GN_THREAD_SERIALIZED, provided);
}

static int gn_mpi_rank(int *r) { return gn_mpi.comm_rank(gn_mpi.world, r); }
static int gn_mpi_size(int *s) { return gn_mpi.comm_size(gn_mpi.world, s); }
static int gn_mpi_alltoall(const void *s, void *r, int n) {
	return gn_mpi.alltoall(s, n, gn_mpi.byte, r, n, gn_mpi.byte, gn_mpi.world);
}
static int gn_mpi_allgather(const void *s, void *r, int n) {
	return gn_mpi.allgather(s, n, gn_mpi.byte, r, n, gn_mpi.byte, gn_mpi.world);
}
static int gn_mpi_allreduce(int64_t *v, int n, int op) {
	gn_h o = op == 0 ? gn_mpi.op_min : op == 1 ? gn_mpi.op_max : gn_mpi.op_sum;
	// MPI_IN_PLACE is ((void *) 1) in Open MPI.
	return gn_mpi.allreduce((void *)1, v, n, gn_mpi.int64, o, gn_mpi.world);
}
static int gn_mpi_barrier(void) { return gn_mpi.barrier(gn_mpi.world); }
static void gn_mpi_abort(int code) { gn_mpi.abort_(gn_mpi.world, code); }
static int gn_mpi_finalize(void) {
	int done = 0;
	gn_mpi.finalized(&done);
	if (done) return 0;
	return gn_mpi.finalize();
}
static void gn_mpi_version(char *buf, int *len) { gn_mpi.version(buf, len); }
static void gn_mpi_procname(char *buf, int *len) { gn_mpi.procname(buf, len); }
*/
import "C"

import (
	"strings"
	"unsafe"
)

// mpiLibraries are the names tried, in order, to open Open MPI's library
// (libmpi.so.40 is the soname of Open MPI 3, 4 and 5; MPICH's names are
// tried so that the message says why it cannot be used).
var mpiLibraries = []string{"libmpi.so.40", "libmpi.so", "libmpi.40.dylib", "libmpi.dylib", "libmpi.so.12", "libmpich.so.12"}

// mpiAvailable tells whether this build can call MPI.
const mpiAvailable = true

func mpiLoad() error {
	var msgs []string
	for _, name := range mpiLibraries {
		cs := C.CString(name)
		msg := C.gn_mpi_load(cs)
		C.free(unsafe.Pointer(cs))
		if msg == nil {
			return nil
		}
		msgs = append(msgs, name+": "+C.GoString(msg))
	}
	return errf("cannot open the MPI library (%s)", strings.Join(msgs, "; "))
}

func mpiInit() (owns bool, err error) {
	var o, provided C.int
	if rc := C.gn_mpi_init(&o, &provided); rc != 0 {
		return false, errf("MPI_Init_thread failed with error code %d", int(rc))
	}
	if provided < 2 {
		return o != 0, errf("the MPI library provides thread level %d, gonest needs MPI_THREAD_SERIALIZED (2)", int(provided))
	}
	return o != 0, nil
}

func mpiRankSize() (rank, size int, err error) {
	var r, s C.int
	if rc := C.gn_mpi_rank(&r); rc != 0 {
		return 0, 0, errf("MPI_Comm_rank failed with error code %d", int(rc))
	}
	if rc := C.gn_mpi_size(&s); rc != 0 {
		return 0, 0, errf("MPI_Comm_size failed with error code %d", int(rc))
	}
	return int(r), int(s), nil
}

func mpiAlltoall(send, recv []byte, block int) error {
	if rc := C.gn_mpi_alltoall(unsafe.Pointer(unsafe.SliceData(send)), unsafe.Pointer(unsafe.SliceData(recv)), C.int(block)); rc != 0 {
		return errf("MPI_Alltoall failed with error code %d", int(rc))
	}
	return nil
}

func mpiAllgather(send, recv []byte) error {
	if rc := C.gn_mpi_allgather(unsafe.Pointer(unsafe.SliceData(send)), unsafe.Pointer(unsafe.SliceData(recv)), C.int(len(send))); rc != 0 {
		return errf("MPI_Allgather failed with error code %d", int(rc))
	}
	return nil
}

func mpiAllreduce(vals []int64, op Op) error {
	if len(vals) == 0 {
		return nil
	}
	if rc := C.gn_mpi_allreduce((*C.int64_t)(unsafe.Pointer(&vals[0])), C.int(len(vals)), C.int(op)); rc != 0 {
		return errf("MPI_Allreduce failed with error code %d", int(rc))
	}
	return nil
}

func mpiBarrier() error {
	if rc := C.gn_mpi_barrier(); rc != 0 {
		return errf("MPI_Barrier failed with error code %d", int(rc))
	}
	return nil
}

func mpiAbort(code int) { C.gn_mpi_abort(C.int(code)) }

func mpiFinalize() error {
	if rc := C.gn_mpi_finalize(); rc != 0 {
		return errf("MPI_Finalize failed with error code %d", int(rc))
	}
	return nil
}

func mpiLibraryVersion() string {
	buf := make([]byte, 8192)
	var n C.int
	C.gn_mpi_version((*C.char)(unsafe.Pointer(&buf[0])), &n)
	return strings.TrimSpace(string(buf[:max(0, min(int(n), len(buf)))]))
}

func mpiProcessorName() string {
	buf := make([]byte, 1024)
	var n C.int
	C.gn_mpi_procname((*C.char)(unsafe.Pointer(&buf[0])), &n)
	return string(buf[:max(0, min(int(n), len(buf)))])
}
