// giflib: animated GIF encoding and decoding.
#include <gif_lib.h>
