/*
 * adopt_read.c - what adopt reads of another migration tool: its version
 * table's rows (alembic, golang-migrate, goose, flyway, dbmate, sqitch) as
 * entries, and every way `migc import` may have spelled each version with
 * the hashed id of each spelling.
 *
 * Guarantees: only reads (the other tool's table, sqitch's tags, and
 * sha256() computed by the server: the first 12 hex digits of
 * SHA-256("FORMAT:VERSION")); a dirty golang-migrate version or a failed
 * Flyway migration is refused here, explained, before anything is
 * decided; a Flyway repeatable keeps only the checksum of its last run;
 * goose's rolled-back versions and Flyway's schema row are skipped.
 * adopt.c decides and writes.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_adopt.h"
#include "rt_cmds.h"
#include "rt_db.h"

static const struct rt_adopt_tool tools[] = {
	{ "alembic", "alembic_version",
	  "SELECT version_num::text, NULL, NULL, NULL, NULL FROM alembic_version ORDER BY 1", 0, 1 },
	{ "golang-migrate", "schema_migrations",
	  "SELECT version::text, dirty::text, NULL, NULL, NULL FROM schema_migrations", 1, 1 },
	{ "goose", "goose_db_version",
	  "SELECT DISTINCT ON (version_id) version_id::text, is_applied::text, NULL, NULL, NULL "
	  "FROM goose_db_version WHERE version_id <> 0 ORDER BY version_id, id DESC", 1, 0 },
	{ "flyway", "flyway_schema_history",
	  "SELECT version::text, success::text, type::text, script::text, checksum::text "
	  "FROM flyway_schema_history ORDER BY installed_rank", 1, 0 },
	{ "dbmate", "schema_migrations",
	  "SELECT version::text, NULL, NULL, NULL, NULL FROM schema_migrations ORDER BY 1", 1, 0 },
	{ "sqitch", "sqitch.changes",
	  "SELECT change::text, NULL, NULL, NULL, NULL FROM sqitch.changes "
	  "ORDER BY committed_at, change_id", 0, 0 },
};

const struct rt_adopt_tool *rt_adopt_tool(const char *format)
{
	size_t i;

	for (i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (strcmp(tools[i].name, format) == 0)
			return &tools[i];
	return NULL;
}

static void add_spelling(struct rt_adopt *st, char *s)
{
	if (st->n_spell == st->cap_spell) {
		char **n = rt_xcalloc(st->cap_spell * 2 + 8, sizeof *n);

		if (st->spell)
			memcpy(n, st->spell, st->n_spell * sizeof *n);
		free(st->spell);
		st->spell = n;
		st->cap_spell = st->cap_spell * 2 + 8;
	}
	st->spell[st->n_spell++] = s;
}

static void add_entry(struct rt_adopt *st, const char *version, enum rt_adopt_kind kind)
{
	struct rt_adopt_entry *e = &st->e[st->n_e++];

	e->version = rt_xstrdup(version);
	e->kind = kind;
	e->idx = -1;
}

/* 1 when the table `name` exists, 0 when not, -1 after an error. */
int rt_adopt_relation_exists(struct rt_ctx *ctx, const char *name)
{
	const char *params[1] = { name };
	PGresult *res = rt_db_query(ctx, "cannot look up the other tool's table",
				       "SELECT to_regclass($1) IS NOT NULL", 1, params);
	int yes;

	if (!res)
		return -1;
	yes = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return yes;
}

/* The tool's rows as entries; RT_EXIT_INCONSISTENT for a dirty or failed
 * migration (explained), RT_EXIT_DB after a database error. */
int rt_adopt_read_rows(struct rt_ctx *ctx, struct rt_adopt *st)
{
	const struct rt_adopt_tool *t = st->tool;
	char *what = rt_xprintf("cannot read %s's table \"%s\"", t->name, t->table);
	PGresult *res = rt_db_query(ctx, what, t->query, 0, NULL);
	int k, n;

	free(what);
	if (!res)
		return RT_EXIT_DB;
	n = PQntuples(res);
	st->e = rt_xcalloc((size_t)n + 1, sizeof *st->e);
	for (k = 0; k < n; k++) {
		const char *v = PQgetvalue(res, k, 0), *flag = PQgetvalue(res, k, 1);
		const char *type = PQgetvalue(res, k, 2), *script = PQgetvalue(res, k, 3);

		if (strcmp(t->name, "golang-migrate") == 0 && strcmp(flag, "true") == 0) {
			rt_error(ctx, "golang-migrate's table \"schema_migrations\" says version %s "
				    "is dirty: it failed part way and the database is in an unknown state", v);
			rt_errf(ctx, "  fix the database by hand and run `migrate force VERSION` "
				   "(golang-migrate's own repair) first; nothing was changed\n");
			PQclear(res);
			return RT_EXIT_INCONSISTENT;
		}
		if (strcmp(t->name, "goose") == 0 && strcmp(flag, "true") != 0)
			continue;	/* its latest row says it was rolled back */
		if (strcmp(t->name, "flyway") == 0) {
			if (strcmp(type, "SCHEMA") == 0)
				continue;	/* Flyway created the schema: no migration */
			if (strcmp(flag, "true") != 0) {
				rt_error(ctx, "flyway's table \"flyway_schema_history\" records a failed "
					    "migration (%s%s)", PQgetisnull(res, k, 0) ? "" : "version ",
					    PQgetisnull(res, k, 0) ? script : v);
				rt_errf(ctx, "  clean up the database and run `flyway repair` first; "
					   "nothing was changed\n");
				PQclear(res);
				return RT_EXIT_INCONSISTENT;
			}
			if (PQgetisnull(res, k, 0)) {
				const char *base = strrchr(script, '/');
				char *name = rt_xstrdup(base ? base + 1 : script);
				size_t len = strlen(name);

				uint32_t j;

				if (len > 4 && strcmp(name + len - 4, ".sql") == 0)
					name[len - 4] = '\0';
				/* its last run is the one that counts */
				for (j = 0; j < st->n_e; j++)
					if (st->e[j].kind == RT_ADOPT_REPEATABLE &&
					    strcmp(st->e[j].version, name) == 0)
						break;
				if (j == st->n_e)
					add_entry(st, name, RT_ADOPT_REPEATABLE);
				free(st->e[j].checksum);
				st->e[j].checksum = PQgetisnull(res, k, 4) ? NULL :
						    rt_xstrdup(PQgetvalue(res, k, 4));
				free(name);
				continue;
			}
			add_entry(st, v, strncmp(type, "UNDO", 4) == 0 ? RT_ADOPT_UNMARK :
					 strcmp(type, "BASELINE") == 0 ? RT_ADOPT_BASELINE : RT_ADOPT_MARK);
			continue;
		}
		add_entry(st, v, RT_ADOPT_MARK);
	}
	PQclear(res);
	return RT_EXIT_OK;
}

/* sqitch: the tags its registry knows, for a reworked change's earlier
 * revision (its version is NAME@TAG).  Returns 0 or -1. */
static int sqitch_tags(struct rt_ctx *ctx, char ***tags, int *n)
{
	PGresult *res;
	int k, yes = rt_adopt_relation_exists(ctx, "sqitch.tags");

	*tags = NULL;
	*n = 0;
	if (yes <= 0)
		return yes;
	res = rt_db_query(ctx, "cannot read sqitch's table \"sqitch.tags\"",
			     "SELECT DISTINCT ltrim(tag, '@') FROM sqitch.tags ORDER BY 1", 0, NULL);
	if (!res)
		return -1;
	*n = PQntuples(res);
	*tags = rt_xcalloc((size_t)*n + 1, sizeof **tags);
	for (k = 0; k < *n; k++)
		(*tags)[k] = rt_xstrdup(PQgetvalue(res, k, 0));
	PQclear(res);
	return 0;
}

/* Every way `migc import` may have spelled each entry's version, and the
 * hashed id of each, computed by the server (sha256(), PostgreSQL 11).
 * Returns 0 or -1. */
int rt_adopt_spell_and_hash(struct rt_ctx *ctx, struct rt_adopt *st)
{
	char **tags = NULL;
	int n_tags = 0, k;
	uint32_t i;
	char *arr;
	const char *params[2];
	PGresult *res;

	if (strcmp(st->tool->name, "sqitch") == 0 && sqitch_tags(ctx, &tags, &n_tags) < 0)
		return -1;
	for (i = 0; i < st->n_e; i++) {
		struct rt_adopt_entry *e = &st->e[i];

		e->first = st->n_spell;
		add_spelling(st, rt_xstrdup(e->version));
		if (strcmp(st->tool->name, "flyway") == 0 && strchr(e->version, '.')) {
			char *u = rt_xstrdup(e->version), *p;

			for (p = u; *p; p++)
				if (*p == '.')
					*p = '_';
			add_spelling(st, u);
		}
		if (e->checksum)	/* `migc import flyway`'s version of a repeatable */
			add_spelling(st, rt_xprintf("%s:%s", e->version, e->checksum));
		for (k = 0; k < n_tags; k++)
			add_spelling(st, rt_xprintf("%s@%s", e->version, tags[k]));
		e->n = st->n_spell - e->first;
	}
	for (k = 0; k < n_tags; k++)
		free(tags[k]);
	free(tags);

	arr = rt_text_array((const char *const *)st->spell, st->n_spell);
	params[0] = st->tool->name;
	params[1] = arr;
	res = rt_db_query(ctx, "cannot compute the imported revision ids",
			     "SELECT left(encode(sha256(convert_to($1 || ':' || x, 'UTF8')), 'hex'), 12) "
			     "FROM unnest($2::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n",
			     2, params);
	free(arr);
	if (!res)
		return -1;
	st->hash = rt_xcalloc(st->n_spell + 1, sizeof *st->hash);
	for (i = 0; i < st->n_spell && (int)i < PQntuples(res); i++)
		st->hash[i] = rt_xstrdup(PQgetvalue(res, (int)i, 0));
	PQclear(res);
	return 0;
}

void rt_adopt_free(struct rt_adopt *st)
{
	uint32_t i;

	for (i = 0; i < st->n_e; i++) {
		free(st->e[i].version);
		free(st->e[i].checksum);
	}
	for (i = 0; i < st->n_spell; i++) {
		free(st->spell[i]);
		if (st->hash)
			free(st->hash[i]);
	}
	free(st->e);
	free(st->spell);
	free(st->hash);
	free(st->want);
	free(st->via);
}
