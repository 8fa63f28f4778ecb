// cairo's image, PNG and SVG surfaces.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
