// zlib (Debian's zlib1g-dev) inflates HTTP bodies sent with Content-Encoding gzip or deflate.
#include <zlib.h>
