// The MPI calls Empower makes, as plain C functions over MPI_COMM_WORLD. Each returns
// MPI_SUCCESS (0) or an MPI error code (errors return, they do not abort: MPI_ERRORS_RETURN).
#ifndef EMPOWER_MPI_H
#define EMPOWER_MPI_H

#include <stddef.h>
#include <stdint.h>

int empower_mpi_init(void);
int empower_mpi_finalize(void);
int empower_mpi_rank(int *rank);
int empower_mpi_size(int *size);
/// Starts a barrier; empower_mpi_test_barrier(&done) says when every rank has reached it, so a
/// waiting rank can sleep between tests instead of spinning in MPI_Barrier.
int empower_mpi_start_barrier(void);
int empower_mpi_test_barrier(int *done);
/// Element-wise sums across ranks, in place (every rank receives the same result).
int empower_mpi_sum_doubles(double *values, int count);
int empower_mpi_sum_floats(float *values, int count);
int empower_mpi_broadcast(void *bytes, int count, int root);
/// Sums `values` (size x blockCount floats) over the ranks; rank r receives block r of the sum.
int empower_mpi_reduce_scatter_floats(const float *values, float *block, int blockCount);
/// Every rank's block, in rank order, into `values` (size x blockCount floats) on every rank.
int empower_mpi_allgather_floats(const float *block, float *values, int blockCount);
/// Every rank's `count` in rank order into `counts` (size entries) at `root`.
int empower_mpi_gather_counts(long long count, long long *counts, int root);
/// Point-to-point bytes between two ranks (at most INT_MAX per call).
int empower_mpi_send(const void *bytes, int count, int destination);
int empower_mpi_receive(void *bytes, int count, int source);
void empower_mpi_abort(int code);
/// The message of an MPI error code, written into `buffer` (NUL-terminated).
void empower_mpi_error_string(int code, char *buffer, int capacity);

#endif
