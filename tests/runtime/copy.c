/*
 * copy.c - hand-written fixture plan for tests/e2e/45-integrity.t: revisions
 * whose statements are COPY ... TO STDOUT / FROM STDIN, which migc refuses
 * at compile time, so only a hand-written plan can bring them to the
 * runtime.  The runtime must end each with an error naming the revision,
 * roll back, release its lock and exit, never spin waiting for COPY data.
 * Revision 1 creates and fills t; 2 (COPY TO STDOUT after a CREATE TABLE
 * that must be rolled back), 3 (COPY FROM STDIN) and 4 (COPY TO STDOUT,
 * no_transaction) each branch off 1.  Data only, like generated code.
 */
#include <stddef.h>

#include "migrt.h"

#define N(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static const struct migrt_stmt r1_up[] = {
	{ "CREATE TABLE \"t\" (\"id\" bigint PRIMARY KEY)", 5, NULL, 0 },
	{ "INSERT INTO \"t\" SELECT generate_series(1, 100000)", 6, NULL, 0 },
};
static const struct migrt_stmt r1_down[] = {
	{ "DROP TABLE \"t\"", 9, NULL, 0 },
};

static const struct migrt_stmt r2_up[] = {
	{ "CREATE TABLE \"u\" (\"id\" bigint)", 5, NULL, 0 },
	{ "copy t to stdout", 6, NULL, 0 },
};
static const struct migrt_stmt r3_up[] = {
	{ "copy t from stdin", 5, NULL, 0 },
};
static const struct migrt_stmt r4_up[] = {
	{ "copy t to stdout", 6, NULL, 0 },
};
static const struct migrt_stmt none[] = { { "SELECT 1", 1, NULL, 0 } };

static const uint32_t p1[] = { 0 };

static const struct migrt_revision revisions[] = {
	{ "1a0000000001", "table t", "versions/1a0000000001_t.mig", 1, NULL, 0,
	  "1111111111111111111111111111111111111111111111111111111111111111",
	  r1_up, N(r1_up), r1_down, N(r1_down), 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "2b0000000002", "copy out", "versions/2b0000000002_out.mig", 1, p1, 1,
	  "2222222222222222222222222222222222222222222222222222222222222222",
	  r2_up, N(r2_up), none, 0, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "3c0000000003", "copy in", "versions/3c0000000003_in.mig", 1, p1, 1,
	  "3333333333333333333333333333333333333333333333333333333333333333",
	  r3_up, N(r3_up), none, 0, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "4d0000000004", "copy out outside a transaction",
	  "versions/4d0000000004_nontx.mig", 1, p1, 1,
	  "4444444444444444444444444444444444444444444444444444444444444444",
	  r4_up, N(r4_up), none, 0, MIGRT_REV_NO_TRANSACTION, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
};

static const uint32_t heads[] = { 1, 2, 3 };

const struct migrt_plan migrt_project_plan = {
	MIGRT_MAGIC, MIGRT_ABI, "0.1.0", "copy",
	"\"public\".\"copy_versions\"", "public.copy_versions", "\"public\"",
	"c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff",
	revisions, N(revisions), heads, N(heads),
	NULL, 0, 0, 0,
};
