#include "CNumberText.h"
#include <stdio.h>

// A fixed-argument wrapper: Swift cannot call variadic C functions, and its own route
// (withVaList) boxes every argument and looks up its CVarArg conformance at run time,
// about 1,300 instructions per number.
int vigil_format_double(char *buffer, size_t capacity, char style, double value) {
    return style == 'g' ? snprintf(buffer, capacity, "%g", value) : snprintf(buffer, capacity, "%f", value);
}
