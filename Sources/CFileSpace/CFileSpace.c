#define _GNU_SOURCE
#include "CFileSpace.h"
#include <errno.h>
#include <fcntl.h>

int vigil_reserve_file_space(int fd, long long offset, long long length) {
#if defined(__linux__)
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
#else
    (void)fd;
    (void)offset;
    (void)length;
    errno = EOPNOTSUPP;
    return -1;
#endif
}
