#include "empower_mpi.h"

#include <mpi.h>
#include <string.h>

static MPI_Request barrier_request = MPI_REQUEST_NULL;

int empower_mpi_init(void) {
    int provided = 0;
    int status = MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
    if (status != MPI_SUCCESS) return status;
    return MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

int empower_mpi_finalize(void) { return MPI_Finalize(); }
int empower_mpi_rank(int *rank) { return MPI_Comm_rank(MPI_COMM_WORLD, rank); }
int empower_mpi_size(int *size) { return MPI_Comm_size(MPI_COMM_WORLD, size); }

int empower_mpi_start_barrier(void) { return MPI_Ibarrier(MPI_COMM_WORLD, &barrier_request); }

int empower_mpi_test_barrier(int *done) {
    if (barrier_request == MPI_REQUEST_NULL) {
        *done = 1;
        return MPI_SUCCESS;
    }
    return MPI_Test(&barrier_request, done, MPI_STATUS_IGNORE);
}

int empower_mpi_sum_doubles(double *values, int count) {
    return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

int empower_mpi_sum_floats(float *values, int count) {
    return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}

int empower_mpi_broadcast(void *bytes, int count, int root) {
    return MPI_Bcast(bytes, count, MPI_BYTE, root, MPI_COMM_WORLD);
}

void empower_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

void empower_mpi_error_string(int code, char *buffer, int capacity) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (capacity <= 0) return;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) length = 0;
    if (length >= capacity) length = capacity - 1;
    memcpy(buffer, text, (size_t)length);
    buffer[length] = 0;
}

int empower_mpi_reduce_scatter_floats(const float *values, float *block, int blockCount) {
    return MPI_Reduce_scatter_block(values, block, blockCount, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
}

int empower_mpi_allgather_floats(const float *block, float *values, int blockCount) {
    return MPI_Allgather(block, blockCount, MPI_FLOAT, values, blockCount, MPI_FLOAT, MPI_COMM_WORLD);
}

int empower_mpi_gather_counts(long long count, long long *counts, int root) {
    return MPI_Gather(&count, 1, MPI_LONG_LONG, counts, 1, MPI_LONG_LONG, root, MPI_COMM_WORLD);
}

int empower_mpi_send(const void *bytes, int count, int destination) {
    return MPI_Send(bytes, count, MPI_BYTE, destination, 17, MPI_COMM_WORLD);
}

int empower_mpi_receive(void *bytes, int count, int source) {
    return MPI_Recv(bytes, count, MPI_BYTE, source, 17, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}
