// OpenBLAS's CBLAS interface. Linked by name ("openblas") through the module map, so a
// generic -lblas that could resolve to the 16x slower reference BLAS is never used.
#include <cblas.h>
