// The ReLU derivative pass of a linear layer's backward step (with its bias gradient), compiled for several
// instruction sets with the best chosen at load time (as in Adam.c).
#include "CKernels.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__)
#define EMPOWER_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMPOWER_CLONES
#endif

EMPOWER_CLONES
void empower_relu_mask(const float *restrict gradient, const float *restrict output, float *restrict masked,
                       size_t rows, size_t columns, float *restrict column_sums) {
    for (size_t r = 0; r < rows; r++) {
        const float *restrict g = gradient + r * columns;
        const float *restrict y = output + r * columns;
        float *restrict out = masked + r * columns;
        for (size_t j = 0; j < columns; j++) out[j] = y[j] > 0.0f ? g[j] : 0.0f;
        if (column_sums) {
            for (size_t j = 0; j < columns; j++) column_sums[j] += out[j];
        }
    }
}
