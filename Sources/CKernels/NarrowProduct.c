// Matrix products with few output columns, without heap allocation (see CKernels.h).
#include "CKernels.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__)
#define EMPOWER_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMPOWER_CLONES
#endif

// One output column: a dot product per row with 8 independent partial sums.
static inline void narrow_single_column(size_t m, size_t k, float alpha, const float *restrict a,
                                        const float *restrict b, float beta, float *restrict c) {
    for (size_t i = 0; i < m; i++) {
        const float *row = a + i * k;
        float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t p = 0;
        for (; p + 8 <= k; p += 8) {
            for (size_t lane = 0; lane < 8; lane++) partial[lane] += row[p + lane] * b[p + lane];
        }
        float total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                      ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; p < k; p++) total += row[p] * b[p];
        c[i] = alpha * total + (beta == 0.0f ? 0.0f : beta * c[i]);
    }
}

// N columns, N known at compile time: each row of C accumulates rows of B scaled by A's
// entries, so the inner loop runs over contiguous memory and vectorizes.
#define EMPOWER_NARROW_FIXED(N)                                                                      \
    static inline void narrow_##N(size_t m, size_t k, float alpha, const float *restrict a,         \
                                  const float *restrict b, float beta, float *restrict c) {         \
        for (size_t i = 0; i < m; i++) {                                                             \
            float accumulator[N] = {0};                                                              \
            const float *row = a + i * k;                                                            \
            for (size_t p = 0; p < k; p++) {                                                         \
                const float scale = row[p];                                                          \
                const float *source = b + p * N;                                                     \
                for (size_t j = 0; j < N; j++) accumulator[j] += scale * source[j];                  \
            }                                                                                        \
            float *out = c + i * N;                                                                  \
            for (size_t j = 0; j < N; j++) out[j] = alpha * accumulator[j] + (beta == 0.0f ? 0.0f : beta * out[j]); \
        }                                                                                            \
    }
EMPOWER_NARROW_FIXED(2)
EMPOWER_NARROW_FIXED(4)
EMPOWER_NARROW_FIXED(8)

EMPOWER_CLONES
void empower_sgemm_narrow(size_t m, size_t n, size_t k, float alpha, const float *restrict a, const float *restrict b,
                          float beta, float *restrict c) {
    switch (n) {
    case 1: narrow_single_column(m, k, alpha, a, b, beta, c); return;
    case 2: narrow_2(m, k, alpha, a, b, beta, c); return;
    case 4: narrow_4(m, k, alpha, a, b, beta, c); return;
    case 8: narrow_8(m, k, alpha, a, b, beta, c); return;
    default: break;
    }
    // Any other width up to 15: row-by-row accumulation into a 16-wide buffer.
    for (size_t i = 0; i < m; i++) {
        float accumulator[16] = {0};
        const float *row = a + i * k;
        for (size_t p = 0; p < k; p++) {
            const float scale = row[p];
            const float *source = b + p * n;
            for (size_t j = 0; j < n; j++) accumulator[j] += scale * source[j];
        }
        float *out = c + i * n;
        for (size_t j = 0; j < n; j++) out[j] = alpha * accumulator[j] + (beta == 0.0f ? 0.0f : beta * out[j]);
    }
}
