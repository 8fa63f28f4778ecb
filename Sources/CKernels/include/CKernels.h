#ifndef EMPOWER_CKERNELS_H
#define EMPOWER_CKERNELS_H
#include <stddef.h>

/// One Adam step over `count` parameters, in place, then zeroes the gradients:
///   g' = g * scale
///   m  = beta1 * m + (1 - beta1) * g'
///   v  = beta2 * v + (1 - beta2) * g'^2
///   p -= step_size * m / (sqrt(v) * inverse_root_correction + epsilon)
/// The arrays must not overlap.
void empower_adam_update(float *parameters, float *gradients, float *first_moments, float *second_moments,
                         size_t count, float scale, float beta1, float beta2, float step_size,
                         float inverse_root_correction, float epsilon);

/// C = alpha * A B + beta * C for row-major A [m, k], B [k, n], C [m, n] with a narrow n
/// (an output layer), with kernels specialized for 1, 2, 4 and 8 columns.
/// Exists because OpenBLAS 0.3.21 allocates heap memory on every call for such shapes.
void empower_sgemm_narrow(size_t m, size_t n, size_t k, float alpha, const float *a, const float *b,
                          float beta, float *c);

/// C = alpha * A B + beta * C for row-major A [m, k], B [k, n], C [m, n] with few rows (a
/// batch-1 or one-row-per-environment forward pass): rows go in blocks of up to 4 and columns
/// in blocks of 64 held in registers, so B is read once per 4 rows. Every element is the sum
/// over p = 0, 1, ..., k - 1 in order, so a row's result does not depend on m or on the BLAS.
void empower_sgemm_small_rows(size_t m, size_t n, size_t k, float alpha, const float *a, const float *b,
                              float beta, float *c);

/// target = (1 - tau) * target + tau * source, element-wise (Polyak averaging).
void empower_polyak_update(float *target, const float *source, size_t count, float tau);

/// masked = output > 0 ? gradient : 0 for a [rows, columns] matrix; when `column_sums` is not
/// NULL, it also accumulates masked's column sums into it (a ReLU layer's bias gradient).
void empower_relu_mask(const float *gradient, const float *output, float *masked, size_t rows, size_t columns,
                       float *column_sums);

#endif
