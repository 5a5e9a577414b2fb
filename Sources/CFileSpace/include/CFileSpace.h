#ifndef VIGIL_CFILESPACE_H
#define VIGIL_CFILESPACE_H

/// Allocates disk blocks for bytes `offset` to `offset + length` of the file open on `fd`
/// without changing its size (Linux fallocate(2) with FALLOC_FL_KEEP_SIZE). Returns 0, or -1
/// where the file system or platform cannot (errno says why). Swift's Glibc module does not
/// import fallocate, which glibc declares only under _GNU_SOURCE.
int vigil_reserve_file_space(int fd, long long offset, long long length);

#endif
