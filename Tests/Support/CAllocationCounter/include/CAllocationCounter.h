#ifndef EMPOWER_ALLOCATION_COUNTER_H
#define EMPOWER_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Starts counting heap allocations made by the calling thread (malloc, calloc, realloc,
/// posix_memalign, aligned_alloc, memalign, valloc). Other threads are never counted.
void empower_allocation_counting_begin(void);

/// Stops counting on the calling thread and returns how many allocations it saw.
uint64_t empower_allocation_counting_end(void);

#endif
