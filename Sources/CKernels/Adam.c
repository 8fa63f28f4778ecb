// The Adam update in C: the compiler turns the square root and division into packed
// instructions, which Swift's SIMD types do not do on the baseline x86-64 target. The
// function is compiled for several instruction sets and the best one is chosen when the
// program loads (GNU function multi-versioning), so the binary still runs on any x86-64.
#include "CKernels.h"
#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__)
#define EMPOWER_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EMPOWER_CLONES
#endif

EMPOWER_CLONES
void empower_adam_update(float *restrict parameters, float *restrict gradients, float *restrict first_moments,
                         float *restrict second_moments, size_t count, float scale, float beta1, float beta2,
                         float step_size, float inverse_root_correction, float epsilon) {
    const float keep1 = 1.0f - beta1;
    const float keep2 = 1.0f - beta2;
    for (size_t i = 0; i < count; i++) {
        const float g = gradients[i] * scale;
        const float m = beta1 * first_moments[i] + keep1 * g;
        const float v = beta2 * second_moments[i] + keep2 * g * g;
        first_moments[i] = m;
        second_moments[i] = v;
        parameters[i] -= step_size * m / (sqrtf(v) * inverse_root_correction + epsilon);
        gradients[i] = 0.0f;
    }
}

EMPOWER_CLONES
void empower_polyak_update(float *restrict target, const float *restrict source, size_t count, float tau) {
    const float keep = 1.0f - tau;
    for (size_t i = 0; i < count; i++) target[i] = keep * target[i] + tau * source[i];
}
