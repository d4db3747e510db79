/*
 * chain.c - hand-written fixture plan for the runtime's end-to-end test:
 * a four-revision chain whose third revision fails half-way (its second
 * statement succeeds, its third names a column that does not exist), so
 * `upgrade head` stops there with the first two applied.  Written the way
 * migc's generated C looks: data only.
 */
#include <stddef.h>

#include "migrt.h"

#define N(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static const struct migrt_stmt r1_up[] = {
	{ "CREATE TABLE \"posts\" (\n"
	  "    \"id\" serial PRIMARY KEY,\n"
	  "    \"title\" text NOT NULL\n"
	  ")", 6, NULL, 0 },
};
static const struct migrt_stmt r1_down[] = {
	{ "DROP TABLE \"posts\"", 13, NULL, 0 },
};

static const struct migrt_stmt r2_up[] = {
	{ "ALTER TABLE \"posts\" ADD COLUMN \"body\" text", 6, NULL, 0 },
	{ "INSERT INTO \"posts\" (\"title\", \"body\") VALUES ('hello', 'world')", 7, NULL, 0 },
};
static const struct migrt_stmt r2_down[] = {
	{ "ALTER TABLE \"posts\" DROP COLUMN \"body\"", 11, NULL, 0 },
};

static const struct migrt_stmt r3_up[] = {
	{ "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY)", 6, NULL, 0 },
	{ "ALTER TABLE \"users\" ADD COLUMN \"x\" integer", 7, NULL, 0 },
	{ "UPDATE \"users\"\n   SET \"x\" = \"y\"", 8, NULL, 0 },
};
static const struct migrt_stmt r3_down[] = {
	{ "DROP TABLE \"users\"", 13, NULL, 0 },
};

static const struct migrt_stmt r4_up[] = {
	{ "CREATE TABLE \"tags\" (\"name\" text PRIMARY KEY)", 6, NULL, 0 },
};
static const struct migrt_stmt r4_down[] = {
	{ "DROP TABLE \"tags\"", 10, NULL, 0 },
};

static const uint32_t p1[] = { 0 }, p2[] = { 1 }, p3[] = { 2 };

static const struct migrt_revision revisions[] = {
	{ "1a2b3c4d5e6f", "create posts table",
	  "versions/1a2b3c4d5e6f_create_posts_table.mig", 1, NULL, 0,
	  "1111111111111111111111111111111111111111111111111111111111111111",
	  r1_up, N(r1_up), r1_down, N(r1_down), 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "2b3c4d5e6f7a", "add body to posts",
	  "versions/2b3c4d5e6f7a_add_body_to_posts.mig", 1, p1, 1,
	  "2222222222222222222222222222222222222222222222222222222222222222",
	  r2_up, N(r2_up), r2_down, N(r2_down), MIGRT_REV_DOWNGRADE_DERIVED, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "3c4d5e6f7a8b", "add users",
	  "versions/3c4d5e6f7a8b_add_users.mig", 1, p2, 1,
	  "3333333333333333333333333333333333333333333333333333333333333333",
	  r3_up, N(r3_up), r3_down, N(r3_down), 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
	{ "4d5e6f7a8b9c", "add tags",
	  "versions/4d5e6f7a8b9c_add_tags.mig", 1, p3, 1,
	  "4444444444444444444444444444444444444444444444444444444444444444",
	  r4_up, N(r4_up), r4_down, N(r4_down), 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, 0 },
};

static const uint32_t heads[] = { 3 };

const struct migrt_plan migrt_project_plan = {
	MIGRT_MAGIC, MIGRT_ABI, "0.1.0", "chain",
	"\"public\".\"chain_versions\"", "public.chain_versions", "\"public\"",
	"c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff",
	revisions, N(revisions), heads, N(heads),
	NULL, 0, 0, 0,
};
