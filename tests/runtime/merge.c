/*
 * merge.c - hand-written fixture plan for the runtime's end-to-end test:
 * a small merge graph that applies cleanly.
 *
 *   aa11bb22cc33 (root) -> bb22cc33dd44 \
 *                       -> bc33dd44ee55  -> dd44ee55ff66 (merge, head)
 *
 * The two middle ids share the prefix "b" (ambiguous on purpose); the root
 * sleeps briefly so that two migrators started together really contend for
 * the lock.
 */
#include <stddef.h>

#include "migrt.h"

#define N(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static const struct migrt_stmt a_up[] = {
	{ "CREATE TABLE \"accounts\" (\n"
	  "    \"id\" serial PRIMARY KEY,\n"
	  "    \"name\" text NOT NULL\n"
	  ")", 6, NULL, 0 },
	{ "SELECT pg_sleep(0.3)", 10, NULL, 0 },
};
static const struct migrt_stmt a_down[] = {
	{ "DROP TABLE \"accounts\"", 14, NULL, 0 },
};

static const struct migrt_stmt b_up[] = {
	{ "ALTER TABLE \"accounts\" ADD COLUMN \"email\" varchar(255)", 6, NULL, 0 },
};
static const struct migrt_stmt b_down[] = {
	{ "ALTER TABLE \"accounts\" DROP COLUMN \"email\"", 6, NULL, 0 },
};

static const struct migrt_stmt c_up[] = {
	{ "CREATE TABLE \"audit\" (\"id\" serial PRIMARY KEY, \"what\" text)", 6, NULL, 0 },
	{ "COMMENT ON TABLE \"audit\" IS 'who did what'", 7, NULL, 0 },
};
static const struct migrt_stmt c_down[] = {
	{ "DROP TABLE \"audit\"", 11, NULL, 0 },
};

static const uint32_t pa[] = { 0 }, pm[] = { 1, 2 };

static const struct migrt_revision revisions[] = {
	{ "aa11bb22cc33", "create accounts",
	  "versions/aa11bb22cc33_create_accounts.mig", 1, NULL, 0,
	  "aaaa000000000000000000000000000000000000000000000000000000000000",
	  a_up, N(a_up), a_down, N(a_down), 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "bb22cc33dd44", "add email",
	  "versions/bb22cc33dd44_add_email.mig", 1, pa, 1,
	  "bbbb000000000000000000000000000000000000000000000000000000000000",
	  b_up, N(b_up), b_down, N(b_down), MIGRT_REV_DOWNGRADE_DERIVED, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "bc33dd44ee55", "add audit",
	  "versions/bc33dd44ee55_add_audit.mig", 1, pa, 1,
	  "bccc000000000000000000000000000000000000000000000000000000000000",
	  c_up, N(c_up), c_down, N(c_down), MIGRT_REV_INEXACT_DOWNGRADE, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "dd44ee55ff66", "merge email and audit",
	  "versions/dd44ee55ff66_merge_email_and_audit.mig", 1, pm, 2,
	  "dddd000000000000000000000000000000000000000000000000000000000000",
	  NULL, 0, NULL, 0, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
};

static const uint32_t heads[] = { 3 };

const struct migrt_plan migrt_project_plan = {
	MIGRT_MAGIC, MIGRT_ABI, "0.1.0", "merge",
	"\"merge_versions\"", "merge_versions", "\"public\"",
	"feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface",
	revisions, N(revisions), heads, N(heads),
	NULL, 0, 0, 0,
};
