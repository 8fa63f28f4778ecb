// Open MPI's C API (Debian's libopenmpi-dev), found through pkg-config (ompi-c). Swift does not
// call it directly: MPI_COMM_WORLD and the datatypes are macros Swift cannot import, so the
// CMPIShim target wraps the calls Empower makes in plain functions.
#include <mpi.h>
