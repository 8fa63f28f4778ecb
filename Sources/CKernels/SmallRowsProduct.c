// Matrix products with few rows (acting: one observation per environment), without heap
// allocation and without depending on which OpenBLAS kernel was chosen (see CKernels.h).
#include "CKernels.h"
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__)
#define EMPOWER_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define EMPOWER_CLONES
#endif

// Sixteen floats; loads and stores go through memcpy because the rows are not aligned.
typedef float lanes16 __attribute__((vector_size(64)));

static inline lanes16 load16(const float *p) { lanes16 v; memcpy(&v, p, sizeof v); return v; }
static inline void store16(float *p, lanes16 v) { memcpy(p, &v, sizeof v); }

// Rows [row, row + R) of C, columns [column, column + 64): R x 4 accumulators of 16 lanes stay
// in registers while the k rows of B stream past once. Every element of C is the sum over p in
// order 0, 1, ..., k - 1 of A[i, p] * B[p, j], whatever R is.
#define EMPOWER_BLOCK(R)                                                                               \
    static inline void block_##R(size_t k, size_t n, float alpha, const float *restrict a,            \
                                 const float *restrict b, float beta, float *restrict c) {            \
        lanes16 acc[R][4];                                                                             \
        for (int r = 0; r < R; r++) for (int q = 0; q < 4; q++) acc[r][q] = (lanes16){0};             \
        for (size_t p = 0; p < k; p++) {                                                               \
            const float *source = b + p * n;                                                           \
            lanes16 b0 = load16(source), b1 = load16(source + 16), b2 = load16(source + 32), b3 = load16(source + 48); \
            for (int r = 0; r < R; r++) {                                                              \
                float scale = a[(size_t)r * k + p];                                                    \
                acc[r][0] += scale * b0; acc[r][1] += scale * b1;                                      \
                acc[r][2] += scale * b2; acc[r][3] += scale * b3;                                      \
            }                                                                                          \
        }                                                                                              \
        for (int r = 0; r < R; r++) for (int q = 0; q < 4; q++) {                                      \
            float *out = c + (size_t)r * n + 16 * q;                                                   \
            lanes16 value = alpha * acc[r][q];                                                         \
            if (beta != 0.0f) value += beta * load16(out);                                             \
            store16(out, value);                                                                       \
        }                                                                                              \
    }
EMPOWER_BLOCK(1)
EMPOWER_BLOCK(2)
EMPOWER_BLOCK(3)
EMPOWER_BLOCK(4)

EMPOWER_CLONES
void empower_sgemm_small_rows(size_t m, size_t n, size_t k, float alpha, const float *restrict a, const float *restrict b,
                              float beta, float *restrict c) {
    size_t wide = n - n % 64;
    for (size_t row = 0; row < m; row += 4) {
        size_t rows = m - row < 4 ? m - row : 4;
        const float *a_rows = a + row * k;
        float *c_rows = c + row * n;
        for (size_t column = 0; column < wide; column += 64) {
            switch (rows) {
            case 1: block_1(k, n, alpha, a_rows, b + column, beta, c_rows + column); break;
            case 2: block_2(k, n, alpha, a_rows, b + column, beta, c_rows + column); break;
            case 3: block_3(k, n, alpha, a_rows, b + column, beta, c_rows + column); break;
            default: block_4(k, n, alpha, a_rows, b + column, beta, c_rows + column); break;
            }
        }
        // Columns past the last multiple of 64, one at a time, in the same order over p.
        for (size_t r = 0; r < rows; r++) {
            for (size_t j = wide; j < n; j++) {
                float total = 0;
                for (size_t p = 0; p < k; p++) total += a_rows[r * k + p] * b[p * n + j];
                float *out = c_rows + r * n + j;
                *out = alpha * total + (beta == 0.0f ? 0.0f : beta * *out);
            }
        }
    }
}
