/*
 * fuzz_plan.h - a small hand-made migrator plan for the runtime's fuzz
 * targets (fuzz_migrator_args.c, fuzz_version_rows.c): five revisions
 * with a branch and a merge, two ids sharing a prefix (an ambiguous
 * prefix), one no_transaction revision, one revision with an old (v1)
 * checksum.  No statements: the targets never run SQL.
 */
#ifndef MIGC_FUZZ_PLAN_H
#define MIGC_FUZZ_PLAN_H

#include <stdint.h>

#include "migrt.h"

#define FUZZ_SUM(c) "v2:" c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
#define FUZZ_SUM1(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static const uint32_t fuzz_p0[] = { 0 };
static const uint32_t fuzz_p1[] = { 1 };
static const uint32_t fuzz_p23[] = { 2, 3 };
static const struct migrt_revision fuzz_revs[] = {
	{ .id = "0000000000a1", .message = "first", .path = "versions/a1.mig", .line = 1,
	  .checksum = FUZZ_SUM("1") },
	{ .id = "0000000000b2", .message = "", .path = "versions/b2.mig", .line = 1,
	  .parents = fuzz_p0, .n_parents = 1, .checksum = FUZZ_SUM("2"),
	  .checksum_v1 = FUZZ_SUM1("b") },
	{ .id = "0000000000c3", .message = "left", .path = "versions/c3.mig", .line = 1,
	  .parents = fuzz_p1, .n_parents = 1, .checksum = FUZZ_SUM("3") },
	{ .id = "0000000000c4", .message = "right", .path = "versions/c4.mig", .line = 1,
	  .parents = fuzz_p1, .n_parents = 1, .checksum = FUZZ_SUM("4"),
	  .flags = MIGRT_REV_NO_TRANSACTION },
	{ .id = "0000000000e5", .message = "merge", .path = "versions/e5.mig", .line = 1,
	  .parents = fuzz_p23, .n_parents = 2, .checksum = FUZZ_SUM("5") },
};
static const uint32_t fuzz_heads[] = { 4 };
static const char *const fuzz_schemas[] = { "public" };
static const struct migrt_plan fuzz_plan = {
	.magic = MIGRT_MAGIC, .abi = MIGRT_ABI, .migc_version = "fuzz",
	.project = "fuzz", .version_table = "\"migc_version\"",
	.version_table_display = "migc_version", .default_schema = "\"public\"",
	.digest = FUZZ_SUM1("d"), .revisions = fuzz_revs, .n_revisions = 5,
	.heads = fuzz_heads, .n_heads = 1, .schemas = fuzz_schemas, .n_schemas = 1,
	.n_base_schemas = 1,
};

#endif
