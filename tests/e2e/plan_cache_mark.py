#!/usr/bin/env python3
"""plan_cache_mark.py CACHEFILE - for tests/e2e/94-sql-cache.t: rewrites
"CREATE TABLE" as "CREATE TABLX" inside a migc plan cache file and fixes the
file's checksum, as if the cached plan said so.  Output that shows
"CREATE TABLX" can only have come from the cache (compiler/plan_cache.c
documents the layout: magic, identity length, plan length, plan sum)."""
import struct
import sys

MASK = (1 << 64) - 1


def pc_sum(b):
    h = 1469598103934665603
    i = 0
    while i + 8 <= len(b):
        w = struct.unpack_from("<Q", b, i)[0]
        h = ((h ^ w) * 1099511628211) & MASK
        h ^= h >> 29
        i += 8
    for c in b[i:]:
        h = ((h ^ c) * 1099511628211) & MASK
    return h ^ len(b)


path = sys.argv[1]
b = open(path, "rb").read()
magic, id_len, plan_len, _ = struct.unpack_from("<8sQQQ", b, 0)
hdr = 8 + 24
plan = b[hdr + id_len:].replace(b"CREATE TABLE", b"CREATE TABLX")
assert len(plan) == plan_len
open(path, "wb").write(b[:8] + struct.pack("<QQQ", id_len, plan_len, pc_sum(plan))
                       + b[hdr:hdr + id_len] + plan)
