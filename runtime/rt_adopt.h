/*
 * rt_adopt.h - `<prog> adopt FORMAT`: the state adopt.c builds (the other
 * tool's rows as entries, every spelling `migc import` may have given each
 * version, the set of revisions to record) and adopt_read.c's readers of
 * the other tool's table.
 *
 * Private to the runtime (never installed); rt.h has the context.
 */
#ifndef RT_RT_ADOPT_H
#define RT_RT_ADOPT_H

#include <stdint.h>

#include "rt.h"

struct rt_adopt_tool {
	const char *name;
	const char *table;	/* as to_regclass reads it (search_path) */
	/* its rows in the tool's order: version, flag, type, script, checksum */
	const char *query;
	int numeric;		/* a version of digits only is a number: "000003" is 3 */
	int with_ancestors;	/* a row stands for its version and its ancestors */
};

enum rt_adopt_kind {
	RT_ADOPT_MARK,		/* this version is applied */
	RT_ADOPT_BASELINE,	/* Flyway: this version and all below it */
	RT_ADOPT_UNMARK,	/* Flyway: undone later */
	RT_ADOPT_REPEATABLE	/* Flyway: a repeatable script applied */
};

struct rt_adopt_entry {
	char *version;
	enum rt_adopt_kind kind;
	char *checksum;		/* Flyway repeatable: its last checksum, or NULL */
	uint32_t first, n;	/* its spellings in the adopt state */
	long idx;		/* the revision, -1 unknown */
};

struct rt_adopt {
	const struct rt_adopt_tool *tool;
	struct rt_adopt_entry *e;
	uint32_t n_e;
	char **spell;		/* the versions as import may have spelled them */
	char **hash;		/* their hashed ids, same order */
	uint32_t n_spell, cap_spell;
	unsigned char *want;
	long *via;		/* want[i]: the entry that mapped to i, -1 an ancestor */
};

/* The tool adopt FORMAT names, or NULL. */
const struct rt_adopt_tool *rt_adopt_tool(const char *format);
/* 1 when the table `name` exists, 0 when not, -1 after an error. */
int rt_adopt_relation_exists(struct rt_ctx *ctx, const char *name);
/* The tool's rows as st->e; RT_EXIT_INCONSISTENT for a dirty or failed
 * migration (explained), RT_EXIT_DB after a database error. */
int rt_adopt_read_rows(struct rt_ctx *ctx, struct rt_adopt *st);
/* Each entry's spellings in st->spell and their hashed ids in st->hash,
 * computed by the server.  Returns 0 or -1. */
int rt_adopt_spell_and_hash(struct rt_ctx *ctx, struct rt_adopt *st);
/* Frees what st holds (not st). */
void rt_adopt_free(struct rt_adopt *st);

#endif
