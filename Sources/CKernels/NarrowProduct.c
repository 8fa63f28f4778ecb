// Matrix products with few output columns, without heap allocation (see CKernels.h).
#include "CKernels.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__)
#define EMPOWER_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMPOWER_CLONES
#endif

EMPOWER_CLONES
void empower_sgemm_narrow(size_t m, size_t n, size_t k, float alpha, const float *restrict a, const float *restrict b,
                          float beta, float *restrict c) {
    for (size_t i = 0; i < m; i++) {
        const float *row = a + i * k;
        for (size_t j = 0; j < n; j++) {
            float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            size_t p = 0;
            if (n == 1) {
                for (; p + 8 <= k; p += 8) {
                    for (size_t lane = 0; lane < 8; lane++) partial[lane] += row[p + lane] * b[p + lane];
                }
            } else {
                for (; p + 8 <= k; p += 8) {
                    for (size_t lane = 0; lane < 8; lane++) partial[lane] += row[p + lane] * b[(p + lane) * n + j];
                }
            }
            float total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                          ((partial[4] + partial[5]) + (partial[6] + partial[7]));
            for (; p < k; p++) total += row[p] * b[p * n + j];
            const float previous = beta == 0.0f ? 0.0f : beta * c[i * n + j];
            c[i * n + j] = alpha * total + previous;
        }
    }
}
