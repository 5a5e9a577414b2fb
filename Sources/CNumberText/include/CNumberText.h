#ifndef VIGIL_CNUMBERTEXT_H
#define VIGIL_CNUMBERTEXT_H

#include <stddef.h>

/// printf's "%f" (style 'f') or "%g" (style 'g') text of `value` into `buffer`; returns the
/// length printf would have written, as snprintf does.
int vigil_format_double(char *buffer, size_t capacity, char style, double value);

#endif
