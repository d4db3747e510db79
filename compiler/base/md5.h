/*
 * md5.h - MD5 (RFC 1321) as hex, self-contained.
 *
 * Not for security: SQLAlchemy shortens a convention name longer than 63
 * characters with the last four hex digits of its MD5, and migc must
 * pick the very same name (naming_conv.c).  Bit-exact with md5sum.
 */
#ifndef MIGC_MD5_H
#define MIGC_MD5_H

#include <stddef.h>

/* One-shot digest of `data` as 32 lower-case hex digits plus a NUL. */
void md5_hex(const void *data, size_t len, char out[33]);

#endif
